"""Tables of the decision log, waivers and tokens (SQLAlchemy Core; Alembic owns the DDL).

Times are stored as fixed-width UTC text (`2026-11-26T22:00:00.000000Z`): they sort and compare
as strings on SQLite and PostgreSQL alike, and they round-trip byte for byte, which the hash
chain needs.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, Integer, MetaData, String, Table, Text, text

metadata = MetaData()

WAIVER_GLOB_PREDICATE = ("revoked_at IS NULL AND (system LIKE '%*%' OR system LIKE '%?%' OR system LIKE '%[%')")
"""Unrevoked waivers whose system is a shell glob (`*`, `?`, `[`): the partial index's WHERE and the
query's, written as literal SQL on both so SQLite and PostgreSQL see the same predicate and use the
index (a bound parameter in place of a pattern would not match it). `_` and `%` never occur here."""

audit_log = Table(
    "audit_log", metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("kind", String(32), nullable=False),
    Column("entry_id", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("system", String(300)),
    Column("verdict", String(8)),
    Column("repository", String(500)),
    Column("actor", String(200)),
    Column("payload", Text, nullable=False),
    Column("manifest", Text),
    Column("prev_hash", String(64), nullable=False),
    Column("hash", String(64), nullable=False),
    Index("ix_audit_log_kind_seq", "kind", "seq"),
    Index("ix_audit_log_entry_id", "entry_id"),
    Index("ix_audit_log_system", "system"),
    Index("ix_audit_log_repository", "repository"),
    Index("ix_audit_log_created_at", "created_at"),
)

chain_head = Table(
    "chain_head", metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", BigInteger, nullable=False),
    Column("hash", String(64), nullable=False),
)

waivers = Table(
    "waivers", metadata,
    Column("id", String(64), primary_key=True),
    Column("rules", Text, nullable=False),
    Column("system", String(300), nullable=False, index=True),
    Column("version", String(100)),
    Column("repository", String(500)),
    Column("justification", Text, nullable=False),
    Column("ticket", String(500), nullable=False),
    Column("approver", String(200), nullable=False),
    Column("expires_at", String(32), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("created_by", String(200)),
    Column("revoked_at", String(32)),
    Column("revoked_by", String(200)),
    Column("revoke_reason", Text),
    Index("ix_waivers_active_glob", "expires_at", sqlite_where=text(WAIVER_GLOB_PREDICATE),
          postgresql_where=text(WAIVER_GLOB_PREDICATE)),
)

api_tokens = Table(
    "api_tokens", metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("secret_hash", String(64), nullable=False, unique=True),
    Column("scopes", String(100), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("created_by", String(200)),
    Column("revoked_at", String(32)),
)

checkpoints = Table(
    "checkpoints", metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("hash", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("keyid", String(200), nullable=False),
    Column("envelope", Text, nullable=False),
)

"""Seal existing waiver and token rows into the hash chain; a table of signed checkpoints.

From this revision the gate refuses a waiver or token row that does not match its latest chain
record. Rows written before it have records without their full state, so this migration
appends one `waiver.sealed` / `token.sealed` record per existing row with the row as it is now
(trusted at upgrade time, like the rest of the database).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from service.store import chain, integrity
from service.store.sql import dumps
from service.timestamps import utc_text

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "checkpoints",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("keyid", sa.String(200), nullable=False),
        sa.Column("envelope", sa.Text, nullable=False),
    )
    conn = op.get_bind()
    meta = sa.MetaData()
    audit_log = sa.Table("audit_log", meta, autoload_with=conn)
    head_t = sa.Table("chain_head", meta, autoload_with=conn)
    waivers = sa.Table("waivers", meta, autoload_with=conn)
    tokens = sa.Table("api_tokens", meta, autoload_with=conn)
    query = sa.select(head_t.c.seq, head_t.c.hash).where(head_t.c.id == 1)
    if conn.dialect.name == "postgresql":
        query = query.with_for_update()
    head = conn.execute(query).one()
    seq, prev = int(head.seq), str(head.hash)
    rows: list[tuple[str, str, dict[str, object], str | None]] = []
    for row in conn.execute(sa.select(waivers).order_by(waivers.c.created_at, waivers.c.id)):
        rows.append(("waiver.sealed", row.id, integrity.waiver_state(row), row.system))
    for row in conn.execute(sa.select(tokens).order_by(tokens.c.created_at, tokens.c.id)):
        rows.append(("token.sealed", row.id, integrity.token_state(row), None))
    for kind, entry_id, state, system in rows:
        seq += 1
        record = {"seq": seq, "kind": kind, "entry_id": entry_id, "created_at": utc_text(), "system": system,
                  "verdict": None, "repository": None, "actor": "migration-0002", "payload": dumps(state),
                  "manifest": None, "prev_hash": prev}
        record["hash"] = chain.record_hash(record, prev)
        conn.execute(audit_log.insert().values(**record))
        prev = str(record["hash"])
    if rows:
        conn.execute(sa.update(head_t).where(head_t.c.id == 1).values(seq=seq, hash=prev))


def downgrade() -> None:
    op.drop_table("checkpoints")

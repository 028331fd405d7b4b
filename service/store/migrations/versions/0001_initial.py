"""Decision log with hash chain, chain head, waivers and API tokens.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

GENESIS = "0" * 64


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("entry_id", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("system", sa.String(300)),
        sa.Column("verdict", sa.String(8)),
        sa.Column("repository", sa.String(500)),
        sa.Column("actor", sa.String(200)),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("manifest", sa.Text),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_index("ix_audit_log_kind_seq", "audit_log", ["kind", "seq"])
    op.create_index("ix_audit_log_entry_id", "audit_log", ["entry_id"])
    op.create_index("ix_audit_log_system", "audit_log", ["system"])
    op.create_index("ix_audit_log_repository", "audit_log", ["repository"])
    op.create_index("ix_audit_log_created_at", "audit_log", ["created_at"])
    head = op.create_table(
        "chain_head",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.bulk_insert(head, [{"id": 1, "seq": 0, "hash": GENESIS}])
    op.create_table(
        "waivers",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("rules", sa.Text, nullable=False),
        sa.Column("system", sa.String(300), nullable=False),
        sa.Column("version", sa.String(100)),
        sa.Column("repository", sa.String(500)),
        sa.Column("justification", sa.Text, nullable=False),
        sa.Column("ticket", sa.String(500), nullable=False),
        sa.Column("approver", sa.String(200), nullable=False),
        sa.Column("expires_at", sa.String(32), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("created_by", sa.String(200)),
        sa.Column("revoked_at", sa.String(32)),
        sa.Column("revoked_by", sa.String(200)),
        sa.Column("revoke_reason", sa.Text),
    )
    op.create_index("ix_waivers_system", "waivers", ["system"])
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("secret_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("scopes", sa.String(100), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("created_by", sa.String(200)),
        sa.Column("revoked_at", sa.String(32)),
    )


def downgrade() -> None:
    op.drop_table("api_tokens")
    op.drop_index("ix_waivers_system", "waivers")
    op.drop_table("waivers")
    op.drop_table("chain_head")
    op.drop_table("audit_log")

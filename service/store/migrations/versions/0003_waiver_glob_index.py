"""Index for waiver matching: active waivers whose system is a glob, ordered by expiry.

A request looks up its waivers with two indexed queries instead of loading every active
waiver (0.14 / 1.2 / 10.2 ms for 0 / 100 / 1,000 of them): waivers naming the
system exactly (the existing index on `system`), and waivers whose system holds a glob
character (this partial index). The predicate is an expression over `system` itself, not a
derived column, so a row edited in the database is still found, judged against the hash chain
and refused (service/store/integrity.py); nothing new enters the chain.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from service.store.models import WAIVER_GLOB_PREDICATE

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    predicate = sa.text(WAIVER_GLOB_PREDICATE)
    op.create_index("ix_waivers_active_glob", "waivers", ["expires_at"], sqlite_where=predicate,
                    postgresql_where=predicate)


def downgrade() -> None:
    op.drop_index("ix_waivers_active_glob", table_name="waivers")

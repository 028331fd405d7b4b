"""Storage seam: the decision log (hash chain), waivers and API tokens.

`open_store(settings)` is the one way in; callers hold a `Store` (interface.py) and never
import SQLAlchemy themselves.
"""

from __future__ import annotations

from service.settings import Settings
from service.store.interface import (
    SCOPES,
    DecisionFilter,
    Principal,
    Store,
    StoredDecision,
    StoreError,
    TokenRecord,
    VerifyResult,
    WaiverRecord,
    WaiverRequest,
)


def open_store(settings: Settings, migrate: bool = True) -> Store:
    from service.store.sql import SqlStore

    store = SqlStore(settings.effective_database_url(), lock_timeout=settings.db_lock_timeout_seconds,
                     statement_timeout=settings.db_statement_timeout_seconds)
    if migrate:
        store.migrate()
    return store


__all__ = [
    "SCOPES", "DecisionFilter", "Principal", "Store", "StoreError", "StoredDecision", "TokenRecord",
    "VerifyResult", "WaiverRecord", "WaiverRequest", "open_store",
]

"""Storage seam: the decision log (hash chain), waivers and API tokens.

`open_store(settings)` is the one way in; callers hold a `Store` (interface.py) and never
import SQLAlchemy themselves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from service.settings import Settings
from service.store.interface import (
    SCOPES,
    CheckpointRecord,
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

if TYPE_CHECKING:
    from service.store.sql import SqlStore


def open_store(settings: Settings, migrate: bool = True) -> Store:
    from service.store.sql import SqlStore

    store = SqlStore(settings.effective_database_url(), lock_timeout=settings.db_lock_timeout_seconds,
                     statement_timeout=settings.db_statement_timeout_seconds,
                     cache_seconds=settings.lookup_cache_seconds)
    _configure_signing(store, settings)
    if migrate:
        store.migrate()
    return store


def _configure_signing(store: SqlStore, settings: Settings) -> None:
    """With a signing key, waiver and token records are signed; CLEANGATE_REQUIRE_SIGNED_RECORDS
    makes the gate refuse rows whose records no trusted key signed."""
    from service.attest.signing import signing_key_from, trusted_keys

    signer = signing_key_from(settings)
    keys = trusted_keys(settings, signing=signer) if settings.require_signed_records else []
    if settings.require_signed_records and not keys:
        raise ValueError("CLEANGATE_REQUIRE_SIGNED_RECORDS needs a trusted key: CLEANGATE_SIGNING_KEY_FILE or "
                         "CLEANGATE_VERIFY_KEYS")
    store.configure_signing(signer, keys, settings.require_signed_records)


def display_url(url: str) -> str:
    """The database URL without its password, for messages (the URL grammar is SQLAlchemy's,
    so it is parsed here, behind the seam)."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(unparseable URL)"


__all__ = [
    "SCOPES", "CheckpointRecord", "DecisionFilter", "Principal", "Store", "StoreError", "StoredDecision", "TokenRecord",
    "VerifyResult", "WaiverRecord", "WaiverRequest", "display_url", "open_store",
]

"""Waivers that need attention: expiring soon, or naming a rule the policies no longer have.

A waiver for a deleted or renamed rule silently stops doing anything, and a waiver about to
expire turns a green pipeline red overnight; both are reported by the API, the CLI, the
metrics and the server log from this one function. Which waivers may be granted at all
(`validate_waiver`) is decided here too, before any store writes one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from datetime import UTC, datetime, timedelta
from fnmatch import fnmatchcase
from typing import Any

from service.store.interface import StoreError, WaiverRecord, WaiverRequest
from service.timestamps import utc_text

RULE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
# Waiver text limits live in one place, so the API, the CLI (which calls the store directly) and
# repository waivers files (service/repo_waivers.py) refuse the same waivers.
WAIVER_LIMITS = {"system": 300, "version": 100, "repository": 500, "justification": 5000, "ticket": 500,
                 "approver": 200}
MAX_RULES = 100
MAX_REASON = 2000


def waiver_matches(w: WaiverRecord, system: str, version: str | None, repository: str | None) -> bool:
    """Scope match with shell-style globs (`*`, `?`); a waiver scoped to a version or repository
    never matches a manifest or pipeline that does not state one."""
    if not fnmatchcase(system, w.system):
        return False
    if w.version is not None and (version is None or not fnmatchcase(version, w.version)):
        return False
    return not (w.repository is not None and (repository is None or not fnmatchcase(repository, w.repository)))


def assess(waiver: WaiverRecord, known_rules: AbstractSet[str], warn_days: int,
           now: datetime | None = None) -> dict[str, Any]:
    now = now or datetime.now(UTC)
    expires = waiver.expires_at
    status = "revoked" if waiver.revoked_at else "expired" if expires <= now else "active"
    unknown = [r for r in waiver.rules if r not in known_rules]
    expiring = status == "active" and expires <= now + timedelta(days=warn_days)
    warnings = []
    if expiring:
        warnings.append(f"expires {utc_text(waiver.expires_at)} (within {warn_days} days)")
    if unknown and status == "active":
        warnings.append("names rules the policies do not define: " + ", ".join(unknown))
    return {
        **waiver.public(), "status": status, "days_left": round((expires - now).total_seconds() / 86400, 2),
        "expiring_soon": expiring, "unknown_rules": unknown, "warnings": warnings,
    }


def report(waivers: Iterable[WaiverRecord], known_rules: AbstractSet[str], warn_days: int) -> list[dict[str, Any]]:
    return [assess(w, known_rules, warn_days) for w in waivers]


def validate_waiver(request: WaiverRequest, max_days: int) -> None:
    """Refuse a waiver no approver may grant (StoreError naming the field): every store and form
    checks waivers here, before anything is written."""
    if not request.rules:
        raise StoreError("a waiver needs at least one rule id", "/rules")
    if len(request.rules) > MAX_RULES:
        raise StoreError(f"a waiver names {len(request.rules)} rules; at most {MAX_RULES}", "/rules")
    for i, rule in enumerate(request.rules):
        if not RULE_ID.match(rule):
            raise StoreError(f"rule id {rule!r} is not valid (letters, digits, '.', '_', '-')", f"/rules/{i}")
    for name in ("system", "justification", "ticket", "approver"):
        if not str(getattr(request, name) or "").strip():
            raise StoreError(f"{name} is required and must not be empty", f"/{name}")
    for name, limit in WAIVER_LIMITS.items():
        value = getattr(request, name) or ""
        if "\x00" in value:
            raise StoreError(f"{name} must not contain a NUL character", f"/{name}")
        if len(value) > limit:
            raise StoreError(f"{name} is {len(value)} characters; at most {limit}", f"/{name}")
    expires = request.expires_at
    if expires.tzinfo is None:
        expires = expires.replace(tzinfo=UTC)
    try:
        shown = utc_text(expires)
    except ValueError as exc:
        raise StoreError(f"expires_at {exc}", "/expires_at") from None
    now = datetime.now(UTC)
    if expires <= now:
        raise StoreError(f"expires_at {shown} is in the past; a waiver must expire in the future", "/expires_at")
    if expires > now + timedelta(days=max_days):
        raise StoreError(f"expires_at {shown} is more than {max_days} days away (CLEANGATE_WAIVER_MAX_DAYS)",
                         "/expires_at")


def validate_revoke_reason(reason: str | None) -> None:
    if reason is not None and "\x00" in reason:
        raise StoreError("reason must not contain a NUL character", "/reason")
    if reason is not None and len(reason) > MAX_REASON:
        raise StoreError(f"reason is {len(reason)} characters; at most {MAX_REASON}", "/reason")

"""Waivers that need attention: expiring soon, or naming a rule the policies no longer have.

A waiver for a deleted or renamed rule silently stops doing anything, and a waiver about to
expire turns a green pipeline red overnight; both are reported by the API, the CLI, the
metrics and the server log from this one function.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from service.store.interface import WaiverRecord, parse_utc


def assess(waiver: WaiverRecord, known_rules: set[str], warn_days: int, now: datetime | None = None) -> dict[str, Any]:
    now = now or datetime.now(UTC)
    expires = parse_utc(waiver.expires_at)
    status = "revoked" if waiver.revoked_at else "expired" if expires <= now else "active"
    unknown = [r for r in waiver.rules if r not in known_rules]
    expiring = status == "active" and expires <= now + timedelta(days=warn_days)
    warnings = []
    if expiring:
        warnings.append(f"expires {waiver.expires_at} (within {warn_days} days)")
    if unknown and status == "active":
        warnings.append("names rules the policies do not define: " + ", ".join(unknown))
    return {
        **waiver.public(), "status": status, "days_left": round((expires - now).total_seconds() / 86400, 2),
        "expiring_soon": expiring, "unknown_rules": unknown, "warnings": warnings,
    }


def report(waivers: Iterable[WaiverRecord], known_rules: set[str], warn_days: int) -> list[dict[str, Any]]:
    return [assess(w, known_rules, warn_days) for w in waivers]

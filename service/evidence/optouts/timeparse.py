"""ISO 8601 instants with a time zone, the one time form a record may use (WARC-Date is one too).

A fetch time without a zone is ambiguous by up to a day, which can put a fetch on the wrong side of a
robots.txt change; it is refused rather than guessed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any


def parse_time(value: Any) -> datetime | None:
    """The instant `value` names, in UTC, or None when it is not an ISO 8601 time with a zone."""
    if not isinstance(value, str) or not 10 <= len(value) <= 40:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is UTC:
        return parsed
    if parsed.tzinfo is None:
        return None
    return parsed.astimezone(UTC)

"""UTC moments and their stored text: one rule for every layer.

The store keeps times as fixed-width UTC text so they sort like the times they stand for on
every database; callers hand it datetimes (`as_utc` says which ones it can take) and get
UTC-aware datetimes back. The text is `utc_text` everywhere: in the store (and what its hash
chain seals) and at the edges that show a moment (API, CLI, pages, reports).
"""

from __future__ import annotations

from datetime import UTC, datetime


def as_utc(moment: datetime) -> datetime:
    """The moment in UTC; a naive time is taken as UTC (not server-local).

    Raises ValueError when the moment in UTC falls outside years 1-9999, so an edge (the API, a
    form) can name the field before anything is stored or queried.
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):
        raise ValueError(f"{moment.isoformat()} is outside years 0001-9999 in UTC") from None


def utc_text(moment: datetime | None = None) -> str:
    """Fixed-width UTC text: sorts like the time it stands for on every database.

    The year is zero-padded by hand because `%Y` gives `500`, not `0500`, for early years on
    glibc, and unpadded text sorts wrongly. A naive time is taken as UTC (not server-local).
    Raises ValueError when the moment in UTC falls outside years 1-9999.
    """
    m = as_utc(moment or datetime.now(UTC))
    return f"{m.year:04d}-{m.month:02d}-{m.day:02d}T{m.hour:02d}:{m.minute:02d}:{m.second:02d}.{m.microsecond:06d}Z"


def parse_utc(value: str) -> datetime:
    """Times are stored as ISO 8601 UTC strings with milliseconds (as decisions carry them)."""
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)

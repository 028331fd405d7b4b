"""The ISO 8601 forms the API accepts for dates and times, stated once for the schema and the check.

The OpenAPI document gives the same regular expressions, so a client (and schemathesis) knows
exactly what is accepted: `as_of` is a calendar date `YYYY-MM-DD`; `since`/`until` are a date or a
date and time (`T` or space, seconds and fractions optional, `Z` or a `+hh:mm` offset; without one
the time is UTC). Unix timestamps, which pydantic would otherwise take, are refused (422).
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import TypeAdapter, ValidationError

from sbom.errors import FieldProblem, ManifestError

ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
ISO_DATETIME = (r"^[0-9]{4}-[0-9]{2}-[0-9]{2}"
                r"([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?$")
_DATE = TypeAdapter(date)
_DATETIME = TypeAdapter(datetime)


def _refuse(name: str, text: str, expected: str) -> ManifestError:
    return ManifestError("request parameters are not valid",
                         [FieldProblem(f"/query/{name}", f"got {text[:40]!r}", expected)])


def iso_date(name: str, text: str | None) -> date | None:
    """A real calendar date (the pattern alone lets 2026-02-30 through)."""
    if text is None:
        return None
    try:
        return _DATE.validate_python(text)
    except ValidationError:
        raise _refuse(name, text, "a date YYYY-MM-DD") from None


def iso_datetime(name: str, text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return _DATETIME.validate_python(text)
    except ValidationError:
        raise _refuse(name, text, "an ISO 8601 date or date-time, e.g. 2026-12-01T10:00:00Z") from None

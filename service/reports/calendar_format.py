"""The obligation calendar as Markdown and as iCalendar (RFC 5545).

iCalendar is written with the `icalendar` library (extra `calendar`), so escaping, line folding
and the required properties follow the RFC rather than hand-made text: one all-day VEVENT per
system and date, with a UID that stays the same when the calendar is generated again (a calendar
client then updates the event instead of adding a copy).
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from service.reports.calendar import CalendarDate, CalendarReport, SystemCalendar

PRODID = "-//cleangate//obligation calendar//EN"


def _title(cal: SystemCalendar) -> str:
    return cal.system + (f" {cal.system_version}" if cal.system_version else "")


def _source(entry: CalendarDate) -> str:
    return "; ".join(f"{s.kind}: {s.where}" for s in entry.sources[:4]) + (
        f"; and {len(entry.sources) - 4} more" if len(entry.sources) > 4 else "")


def _heading(entry: CalendarDate) -> str:
    """The legal label when a policy states the date, plus the waivers and summaries due that day."""
    parts = []
    if any(s.kind == "policy" for s in entry.sources):
        label = entry.label or "a date stated by the policies"
        parts.append(label + (f" ({entry.certainty})" if entry.certainty else ""))
    parts += [f"training-content summary refresh due ({s.where})" for s in entry.sources
              if s.kind == "training-summary"]
    parts += [s.where for s in entry.sources if s.kind == "waiver"]
    return "; ".join(parts)


def _system_markdown(cal: SystemCalendar) -> list[str]:
    decision = f" (decision `{cal.decision_id}`)" if cal.decision_id else ""
    lines = ["", f"## {_title(cal)}{decision}", "",
             f"On {cal.start.isoformat()}: **{cal.verdict_now.upper()}**; blocking: "
             f"{', '.join(cal.blocking_now) or 'none'}; warning: {', '.join(cal.warning_now) or 'none'}."]
    if not cal.dates:
        lines += ["", "No upcoming date changes the outcome of any rule for this system."]
    for entry in cal.dates:
        lines += ["", f"### {entry.date.isoformat()}: {_heading(entry)}", ""]
        for c in entry.changes:
            ref = f", {c.reference}" if c.reference else ""
            lines.append(f"- **{c.rule}** {c.change} ({c.before} → {c.after}): {c.title}{ref}")
            lines += [f"  - {m}" for m in c.messages]
        lines.append(f"- source: {_source(entry)}")
    if cal.checked_without_change:
        lines += ["", "Also checked, no change for this system: "
                  + ", ".join(d.isoformat() for d in cal.checked_without_change) + "."]
    return lines


def calendar_markdown(report: CalendarReport) -> str:
    lines = ["# Obligation calendar", "",
             f"Each date was judged with the gate (policy {report.policy}) the day before and on the day; "
             "only dates that change a rule's outcome are obligations. Dates marked uncertain rest on "
             "secondary sources."]
    for cal in report.systems:
        lines += _system_markdown(cal)
    return "\n".join(lines) + "\n"


def _summary(cal: SystemCalendar, entry: CalendarDate) -> str:
    blocking = [c.rule for c in entry.changes if c.after == "block"]
    if blocking:
        return f"{_title(cal)}: {', '.join(blocking)} become(s) blocking"
    return f"{_title(cal)}: {', '.join(c.rule for c in entry.changes)} change(s)"


def _description(entry: CalendarDate) -> str:
    lines = [_heading(entry)]
    for c in entry.changes:
        lines.append(f"{c.rule} {c.change} ({c.before} -> {c.after}): {c.title} {c.reference}".rstrip())
        lines += [f"  {m}" for m in c.messages]
    lines.append(f"Source: {_source(entry)}")
    return "\n".join(lines)


def calendar_ics(report: CalendarReport, now: datetime | None = None) -> bytes:
    from icalendar import Calendar, Event  # the `calendar` extra; imported only when iCalendar is asked for

    stamp = now or datetime.now(UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "cleangate obligation calendar")
    for system in report.systems:
        for entry in system.dates:
            event = Event()
            key = "\0".join([system.system, system.system_version or "", entry.date.isoformat(),
                             ",".join(c.rule for c in entry.changes)])
            event.add("uid", hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32] + "@cleangate")
            event.add("dtstamp", stamp)
            event.add("dtstart", entry.date)
            event.add("dtend", entry.date + timedelta(days=1))
            event.add("summary", _summary(system, entry))
            event.add("description", _description(entry))
            event.add("categories", ["cleangate", "uncertain" if entry.certainty and "uncertain" in entry.certainty
                                     else "obligation"])
            event.add("transp", "TRANSPARENT")
            cal.add_component(event)
    return bytes(cal.to_ical())

"""The obligation calendar: the dates on which a system's verdict changes, and what changes.

The calendar never keeps its own table of what becomes binding when. It collects candidate
dates from where they already live, then asks the gate: every date the policies state (the
`cleangate.config` data and every ISO date literal in the loaded Rego), the expiry of each
waiver that covers the system, and the day each training-content summary outgrows the
`training_summary_max_age_days` setting. For every candidate on or after the start date the
manifest is judged the day before and on the day (`as_of`), with the waivers in force on each
day, and the rules whose outcome moves are the calendar entry. A date where nothing moves for
this system is listed as checked, not as an obligation. So the calendar says what the gate will
say on that day, and cannot drift from the rules.

`LEGAL_DATES` only labels dates for readers: what the date is and how sure the reading of the
law is (as docs/regulations.md tags it). It decides nothing; an unlabelled date that changes a
verdict is still listed, as "from the policies".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, timedelta
from typing import Any, Literal

from pydantic import BaseModel, Field

from sbom.errors import ManifestError
from sbom.loaders import LoadedManifest
from service.decide import Waiver
from service.decision import Decision
from service.evidence import EvidenceInput
from service.gate import INPUT_RULE, Gate
from service.reports.lineage import LatestDecision
from service.store.interface import WaiverRecord
from service.timestamps import utc_text

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
REGO_DATE = re.compile(r'"(\d{4}-\d{2}-\d{2})"')
Level = Literal["block", "warn", "waived", "info", "none"]
RANK: dict[str, int] = {"none": 0, "info": 1, "waived": 2, "warn": 3, "block": 4}

LEGAL_DATES: dict[date, tuple[str, str]] = {
    date(2026, 12, 2): ("Art 111(4): Art 50(2) marking for generative systems placed on the market before "
                        "2 Aug 2026; Art 5(1)(ba)/(bb) prohibitions (Reg. (EU) 2026/1744)",
                        "uncertain: unofficial consolidation and press; the OJ text was not read"),
    date(2027, 2, 2): ("Code of Practice on AI-generated content: interoperable detection (Measure 3.4)",
                       "uncertain: secondary sources only; the Code is voluntary"),
    date(2027, 8, 2): ("Art 111(3): GPAI models placed on the market before 2 Aug 2025 must comply",
                       "verified against the AI Act text"),
    date(2027, 12, 2): ("High-risk rules apply to Annex III systems (Art 113, Reg. (EU) 2026/1744)",
                        "uncertain: unofficial consolidation and press; the OJ text was not read"),
    date(2028, 8, 2): ("High-risk rules apply to Annex I product systems (Art 113, Reg. (EU) 2026/1744)",
                       "uncertain: unofficial consolidation and press; the OJ text was not read"),
}


class DateSource(BaseModel):
    kind: Literal["policy", "waiver", "training-summary"]
    where: str = Field(description="The setting, policy file and line, waiver id or model it comes from.")


class RuleChange(BaseModel):
    rule: str
    title: str
    reference: str
    regulation: str
    url: str | None = None
    before: Level = Field(description="The rule's outcome the day before.")
    after: Level = Field(description="The rule's outcome on the day.")
    change: str = Field(description="In words, e.g. 'becomes blocking'.")
    messages: list[str] = Field(default_factory=list, description="What the findings say on the day (first 3).")


class CalendarDate(BaseModel):
    date: date
    label: str | None = Field(None, description="What the date is in law, where the calendar knows it.")
    certainty: str | None = Field(None, description="How sure the reading of the law is (None: not labelled).")
    sources: list[DateSource]
    changes: list[RuleChange]


class SystemCalendar(BaseModel):
    system: str
    system_version: str | None = None
    decision_id: str | None = Field(None, description="The decision whose manifest was judged (--all).")
    start: date = Field(description="Dates before this day are past and not listed.")
    verdict_now: str = Field(description="The verdict on the start date.")
    blocking_now: list[str] = Field(description="Rules blocking on the start date.")
    warning_now: list[str] = Field(description="Rules warning on the start date.")
    dates: list[CalendarDate] = Field(description="Upcoming dates that change the outcome of a rule, in order.")
    checked_without_change: list[date] = Field(description="Upcoming candidate dates where no rule changes.")


class CalendarReport(BaseModel):
    policy: str = Field(description="Policy bundle revision the dates were judged with.")
    systems: list[SystemCalendar]
    not_covered: list[str] = Field(default_factory=list, description=(
        "Decisions of the log (--all) whose calendar could not be made, with the reason: no stored "
        "manifest, or a stored manifest that no longer loads. Never skipped silently."))


# -- candidate dates -----------------------------------------------------------------------


def _data_dates(node: Any, path: str) -> Iterator[tuple[date, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _data_dates(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for value in node:
            yield from _data_dates(value, path)
    elif isinstance(node, str) and ISO_DATE.match(node):
        try:
            yield date.fromisoformat(node), path
        except ValueError:
            return


def policy_dates(gate: Gate) -> dict[date, list[DateSource]]:
    """Every date the loaded policies state: settings data and date literals in the Rego."""
    out: dict[date, list[DateSource]] = {}
    for day, where in _data_dates(gate.bundle.data, ""):
        out.setdefault(day, []).append(DateSource(kind="policy", where=where))
    for f in gate.bundle.policy_files:
        for number, line in enumerate(f.source.splitlines(), 1):
            for match in REGO_DATE.finditer(line):
                try:
                    day = date.fromisoformat(match.group(1))
                except ValueError:
                    continue
                out.setdefault(day, []).append(DateSource(kind="policy", where=f"{f.path}:{number}"))
    return out


def _max_summary_age(gate: Gate) -> int | None:
    config = gate.bundle.data.get("cleangate")
    ai_act = ((config or {}).get("config") or {}).get("ai_act") if isinstance(config, dict) else None
    value = ai_act.get("training_summary_max_age_days") if isinstance(ai_act, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def summary_dates(gate: Gate, loaded: LoadedManifest) -> dict[date, list[DateSource]]:
    """The first day each training-content summary counts as stale on the six-month calendar."""
    max_age = _max_summary_age(gate)
    out: dict[date, list[DateSource]] = {}
    if max_age is None:
        return out
    for model in loaded.policy_input.models:
        summary = model.documentation.training_summary
        if summary.last_update is not None and summary.training_data_until is None:
            try:
                due = summary.last_update + timedelta(days=max_age + 1)
            except OverflowError:
                continue
            out.setdefault(due, []).append(DateSource(
                kind="training-summary", where=f"{model.name}: summary last updated {summary.last_update}"))
    return out


def expiry_day(waiver: WaiverRecord) -> date:
    """A waiver counts as gone on the whole day it expires (the stricter reading of that day)."""
    return waiver.expires_at.astimezone(UTC).date()


def waiver_dates(waivers: Iterable[WaiverRecord]) -> dict[date, list[DateSource]]:
    out: dict[date, list[DateSource]] = {}
    for w in waivers:
        out.setdefault(expiry_day(w), []).append(DateSource(
            kind="waiver",
            where=f"waiver {w.id} ({', '.join(w.rules)}; ticket {w.ticket}) expires {utc_text(w.expires_at)}"))
    return out


# -- judging at each date -------------------------------------------------------------------


@dataclass
class _RuleState:
    level: Level
    messages: list[str]


def rule_states(decision: Decision) -> dict[str, _RuleState]:
    """Each rule's strongest outcome in a decision (a waived block counts as waived)."""
    out: dict[str, _RuleState] = {}
    for f in decision.findings:
        if f.rule == INPUT_RULE:
            continue
        level: Level = "waived" if f.waived else f.severity
        state = out.setdefault(f.rule, _RuleState("none", []))
        if RANK[level] > RANK[state.level]:
            state.level = level
        if not f.waived:
            state.messages.append(f.message)
    return out


def _words(before: Level, after: Level) -> str:
    if after == "block":
        return "becomes blocking"
    if after == "warn":
        return "becomes a warning" if RANK[before] < RANK["warn"] else "no longer blocks; warns"
    if after == "waived":
        return "is waived"
    if before == "block":
        return "no longer blocks"
    return "no longer warns" if before == "warn" else f"changes from {before} to {after}"


def diff(gate: Gate, before: Decision, after: Decision) -> list[RuleChange]:
    old, new = rule_states(before), rule_states(after)
    changes: list[RuleChange] = []
    for rule in sorted(old.keys() | new.keys()):
        was = old.get(rule, _RuleState("none", []))
        now = new.get(rule, _RuleState("none", []))
        if was.level == now.level:
            continue
        info = gate.bundle.rule(rule)
        changes.append(RuleChange(
            rule=rule, title=info.title if info else rule, reference=info.reference if info else "",
            regulation=info.regulation if info else "", url=info.url if info else None,
            before=was.level, after=now.level, change=_words(was.level, now.level), messages=now.messages[:3]))
    changes.sort(key=lambda c: (-RANK[c.after], c.rule))
    return changes


def _in_force(waivers: list[WaiverRecord], day: date) -> list[Waiver]:
    return [w.as_waiver() for w in waivers if expiry_day(w) > day]


def system_calendar(gate: Gate, loaded: LoadedManifest, digest: str, start: date,
                    waivers: list[WaiverRecord], decision_id: str | None = None,
                    evidence: EvidenceInput | None = None) -> SystemCalendar:
    """Judge the manifest on `start` and around every candidate date from `start` on.

    `evidence` (the files of a multipart upload) is verified once, as POST /v1/evaluate would.
    """
    checked = gate.verify(loaded, None, evidence)

    def judge(day: date) -> Decision:
        return gate.evaluate_loaded(loaded, digest, as_of=day, waivers=_in_force(waivers, day), checked=checked)

    candidates: dict[date, list[DateSource]] = {}
    for found in (policy_dates(gate), summary_dates(gate, loaded), waiver_dates(waivers)):
        for day, sources in found.items():
            candidates.setdefault(day, []).extend(sources)
    now = judge(start)
    dates: list[CalendarDate] = []
    quiet: list[date] = []
    for day in sorted(d for d in candidates if d >= start):
        changes = diff(gate, judge(day - timedelta(days=1)), judge(day))
        if not changes:
            quiet.append(day)
            continue
        label, certainty = LEGAL_DATES.get(day, (None, None))
        dates.append(CalendarDate(date=day, label=label, certainty=certainty, sources=candidates[day],
                                  changes=changes))
    states = rule_states(now)
    doc = loaded.policy_input
    return SystemCalendar(
        system=doc.system.name, system_version=doc.system.version, decision_id=decision_id, start=start,
        verdict_now=now.verdict, blocking_now=sorted(r for r, s in states.items() if s.level == "block"),
        warning_now=sorted(r for r, s in states.items() if s.level == "warn"), dates=dates,
        checked_without_change=quiet)


def no_manifest(item: LatestDecision) -> str:
    """Why a decision of the log has no calendar (CLI --all and GET /v1/reports/calendar say the same)."""
    return f"{item.system} {item.version or ''}: decision {item.decision_id} has no stored manifest; not covered"


def no_longer_loads(item: LatestDecision, exc: ManifestError) -> str:
    return (f"{item.system} {item.version or ''}: decision {item.decision_id}: the stored manifest no longer loads "
            f"({exc}); not covered")

"""Decisions shaped for pages: grouping, the verdict chart, systems, fired rules, rule search.

Plain functions over the stored decision dicts (the API's JSON), so each is tested without a
browser and the templates stay free of logic. Stored decisions are read defensively with
`.get`: a decision recorded by an older gate may lack newer fields.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from service.bundle.metadata import RuleInfo
from service.severity import SEVERITY_RANK
from service.timestamps import utc_text

VERDICTS = ("pass", "warn", "block")
PROBLEM_STATUSES = {"failed", "undetermined", "waived", "error"}


def by_regulation(findings: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Findings grouped by regulation, blocking ones first inside each group, groups in first-seen order."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for finding in findings:
        groups.setdefault(str(finding.get("regulation") or "Other"), []).append(finding)
    return [(name, sorted(items, key=lambda f: SEVERITY_RANK.get(str(f.get("severity")), 3)))
            for name, items in groups.items()]


def rule_hit(decision: dict[str, Any], rule: str) -> bool:
    """Did `rule` fail, stay undetermined, error or get waived in this decision?"""
    if any(f.get("rule") == rule for f in decision.get("findings") or []):
        return True
    return any(r.get("rule") == rule and r.get("status") in PROBLEM_STATUSES for r in decision.get("rules") or [])


def blocking(decision: dict[str, Any]) -> list[dict[str, Any]]:
    """Findings that block this decision now (not waived)."""
    return [f for f in decision.get("findings") or [] if f.get("severity") == "block" and not f.get("waived")]


def blocking_rules(decision: dict[str, Any]) -> list[dict[str, Any]]:
    """The rules that block this decision now, once each, with how many findings they raised."""
    out: dict[str, dict[str, Any]] = {}
    for finding in blocking(decision):
        entry = out.setdefault(str(finding.get("rule")), {**finding, "count": 0})
        entry["count"] += 1
    return list(out.values())


@dataclass
class FiredRule:
    rule: str
    title: str
    status: str
    severity: str
    read: list[str] = field(default_factory=list)
    """Input-document paths the rule's findings and gaps point at: what it read to decide."""


def fired(decision: dict[str, Any]) -> list[FiredRule]:
    """Every rule that did not simply pass or stay out of scope, with the input paths behind it."""
    out: dict[str, FiredRule] = {}
    for outcome in decision.get("rules") or []:
        if outcome.get("status") in PROBLEM_STATUSES:
            out[str(outcome.get("rule"))] = FiredRule(str(outcome.get("rule")), str(outcome.get("title", "")),
                                                      str(outcome.get("status")), str(outcome.get("severity", "")))
    for finding in decision.get("findings") or []:
        item = out.get(str(finding.get("rule")))
        if item is not None and finding.get("input_path") and finding["input_path"] not in item.read:
            item.read.append(str(finding["input_path"]))
    for gap in decision.get("gaps") or []:
        for rule in gap.get("rules") or []:
            item = out.get(str(rule))
            if item is not None and gap.get("fact") and gap["fact"] not in item.read:
                item.read.append(str(gap["fact"]))
    return list(out.values())


@dataclass
class Bar:
    day: str
    counts: dict[str, int]
    x: float
    segments: list[tuple[str, float, float]]
    """(verdict, y, height) from the bottom up."""

    @property
    def label(self) -> str:
        return f"{self.day}: " + ", ".join(f"{self.counts[v]} {v}" for v in VERDICTS)


@dataclass
class Chart:
    bars: list[Bar]
    width: int
    height: int
    bar_width: float
    peak: int


def moment_text(value: Any) -> Any:
    """A moment from the store (a datetime) as the `utc_text` every page shows; anything else as it is."""
    return utc_text(value) if isinstance(value, datetime) else value


def verdict_chart(summaries: list[dict[str, Any]], days: int = 30, width: int = 640, height: int = 140) -> Chart:
    """Counts per verdict per day (UTC, by recording time) for the newest `days` days that have decisions."""
    per_day: dict[str, Counter[str]] = {}
    for row in summaries:
        day = str(moment_text(row.get("recorded_at")) or row.get("created_at") or "")[:10]
        if day and row.get("verdict") in VERDICTS:
            per_day.setdefault(day, Counter())[str(row["verdict"])] += 1
    chosen = sorted(per_day)[-days:]
    peak = max((sum(per_day[d].values()) for d in chosen), default=0)
    slot = width / max(len(chosen), 1)
    bar_width = max(min(slot * 0.7, 40.0), 2.0)
    bars = []
    for index, day in enumerate(chosen):
        counts = {v: per_day[day][v] for v in VERDICTS}
        y, segments = float(height), []
        for verdict in VERDICTS:
            h = height * counts[verdict] / peak if peak else 0.0
            y -= h
            if h:
                segments.append((verdict, round(y, 2), round(h, 2)))
        bars.append(Bar(day, counts, round(index * slot + (slot - bar_width) / 2, 2), segments))
    return Chart(bars, width, height, round(bar_width, 2), peak)


def systems(summaries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per system name: its newest decision and how many decisions were seen."""
    out: dict[str, dict[str, Any]] = {}
    for row in summaries:  # newest first
        name = str(row.get("system") or "")
        entry = out.setdefault(name, {"system": name, "latest": row, "count": 0})
        entry["count"] += 1
    return sorted(out.values(), key=lambda e: e["system"].lower())


def latest_per_scope(summaries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The newest decision for each (system version, repository) pair, newest first."""
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for row in summaries:
        seen.setdefault((str(row.get("system_version") or ""), str(row.get("repository") or "")), row)
    return list(seen.values())


def search_rules(rules: list[RuleInfo], query: str) -> list[RuleInfo]:
    """Rules whose id, title, regulation, article, description or remediation contain every word of `query`."""
    words = query.lower().split()
    if not words:
        return list(rules)

    def text(r: RuleInfo) -> str:
        return " ".join((r.id, r.title, r.regulation, r.reference, r.description, r.remediation, r.package)).lower()

    return [r for r in rules if all(w in text(r) for w in words)]

"""Plain text for terminals and CI logs: verdict first, then each finding with its fix."""

from __future__ import annotations

import json

from service.decision import Decision, Finding
from service.formats._shared import gap_rules, gaps_headline
from service.formats.gaps import gaps_lines
from service.formats.interface import Formatter, Report, ReportEntry
from service.formats.sanitize import plain

MARK = {"block": "BLOCK", "warn": "WARN ", "info": "INFO "}


class TextFormatter(Formatter):
    name = "text"

    def render(self, report: Report) -> str:
        return "\n".join(self._entry(e, report) for e in report.entries).rstrip() + "\n"

    def _entry(self, entry: ReportEntry, report: Report) -> str:
        if entry.error is not None:
            level = "WARNING (not checked)" if report.error_level(entry) == "warning" else "ERROR"
            lines = [f"{plain(entry.source)}: {level} {plain(entry.error.title)}"]
            lines += [f"  {plain(str(p))}" for p in entry.error.problems[:50]]
            return "\n".join(lines) + "\n"
        assert entry.decision is not None
        d = entry.decision
        lines = [
            f"{plain(entry.source)}: {d.verdict.upper()}  ({plain(d.manifest.system)}"
            + (f" {plain(d.manifest.system_version)}" if d.manifest.system_version else "")
            + f", {d.manifest.format} {d.manifest.format_version}, judged as of {d.as_of})",
        ]
        for f in d.findings:
            lines += self._finding(f)
        if report.explain_gaps:
            block = gaps_lines(d) or ["No gaps: every rule was decided on stated or inferred facts."]
            lines += [f"  {line}" for line in block]
        else:
            lines += self._gaps(d)
        lines += self._inferred(d)
        lines.append(self._tally(d))
        return "\n".join(lines) + "\n"

    @staticmethod
    def _finding(f: Finding) -> list[str]:
        where = plain(f.path) or "(manifest)"
        if f.file:
            where = f"{plain(f.file)} {plain(f.path) or '/'}"
        if f.location:
            where += f" (line {f.location.line})"
        status = (" [undetermined]" if f.undetermined else "") + (" [waived]" if f.waived else "")
        out = [
            f"  {MARK[f.severity]} {plain(f.rule)}{status}  {plain(f.title)}",
            f"        {plain(f.regulation)}, {plain(f.reference)}" if f.reference else f"        {plain(f.regulation)}",
            f"        at {where}: {plain(f.message)}",
        ]
        if f.remediation:
            out.append(f"        fix: {plain(f.remediation)}")
        if f.url:
            out.append(f"        see: {plain(f.url)}")
        return out

    @staticmethod
    def _gaps(d: Decision) -> list[str]:
        """The facts to state, once each, after the findings: what a user acts on first."""
        if not d.gaps:
            return []
        out = [f"  {gaps_headline(d)}:"]
        for g in d.gaps:
            where = g.fact + (f" (line {g.location.line}" + (f" of {g.file})" if g.file else ")")
                              if g.location else "")
            out.append(f"    {where}: {g.expected}")
            out.append(f"        decides {gap_rules(g)}; {g.why}")
        return out

    @staticmethod
    def _inferred(d: Decision) -> list[str]:
        """Facts read from standard fields, so a reviewer can see what was assumed and from where."""
        if not d.inferred:
            return []
        out = [f"  inferred (state these in the facts file to override): {len(d.inferred)}"]
        for fact in d.inferred[:20]:
            where = f"{fact.file} {fact.source}" if fact.file else fact.source
            out.append(f"    {fact.fact} = {json.dumps(fact.value)[:80]}  from {fact.field} at {where}")
        if len(d.inferred) > 20:
            out.append(f"    +{len(d.inferred) - 20} more (-f json lists them all)")
        return out

    @staticmethod
    def _tally(d: Decision) -> str:
        s = d.summary
        return (
            f"  {s.block} blocking, {s.warn} warning, {s.info} info, {s.waived} waived; "
            f"{s.rules_evaluated} rules evaluated ({s.rules_passed} passed, {s.rules_undetermined} undetermined, "
            f"{s.rules_not_applicable} not applicable); policy {d.policy.revision}; decision {d.decision_id}"
        )

"""Plain text for terminals and CI logs: verdict first, then each finding with its fix."""

from __future__ import annotations

from service.decision import Decision, Finding
from service.formats.interface import Formatter, Report, ReportEntry
from service.formats.sanitize import plain

MARK = {"block": "BLOCK", "warn": "WARN ", "info": "INFO "}


class TextFormatter(Formatter):
    name = "text"
    extension = "txt"

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
        lines.append(self._tally(d))
        return "\n".join(lines) + "\n"

    @staticmethod
    def _finding(f: Finding) -> list[str]:
        where = plain(f.path) or "(manifest)"
        if f.location:
            where += f" (line {f.location.line})"
        status = " [waived]" if f.waived else ""
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
    def _tally(d: Decision) -> str:
        s = d.summary
        return (
            f"  {s.block} blocking, {s.warn} warning, {s.info} info, {s.waived} waived; "
            f"{s.rules_evaluated} rules evaluated ({s.rules_passed} passed, {s.rules_not_applicable} not applicable); "
            f"policy {d.policy.revision}; decision {d.decision_id}"
        )

"""Markdown for the GitHub step summary, merge-request comments and humans reading CI output.

Verdict first, one table row per finding (rule, article, where, what, fix), because a reviewer
scans for what blocks the deployment before reading anything else.
"""

from __future__ import annotations

from service.decision import Decision, Finding
from service.formats._shared import artifact_path, error_problems, gap_rules, gaps_headline
from service.formats.gaps import by_regulation
from service.formats.interface import Formatter, Report, ReportEntry
from service.formats.sanitize import controls, md, md_code

BADGE = {"pass": "✅ PASS", "warn": "⚠️ WARN", "block": "⛔ BLOCK", "error": "❌ ERROR"}
SEVERITY = {"block": "⛔ block", "warn": "⚠️ warn", "info": "💬 info"}


def _cell(text: str) -> str:
    """Table cells cannot hold pipes or newlines; manifest text renders as text (sanitize.md)."""
    return md(text)


class MarkdownFormatter(Formatter):
    name = "markdown"

    def render(self, report: Report) -> str:
        verdict = report.verdict
        lines = [f"## cleangate: {BADGE.get(verdict, verdict)}", ""]
        if verdict == "warn" and report.fail_on_warn:
            lines += ["Warnings fail this pipeline (`--fail-on-warn`).", ""]
        for entry in report.entries:
            lines += self._entry(entry, report)
        return "\n".join(lines).rstrip() + "\n"

    def _entry(self, entry: ReportEntry, report: Report) -> list[str]:
        path = artifact_path(entry.source)
        if entry.error is not None:
            label = "gate unavailable" if entry.unavailable else "error"
            level = "⚠️" if report.error_level(entry) == "warning" else "❌"
            out = [f"### {level} `{md_code(path)}`: {label}: {_cell(entry.error.title)}", ""]
            if entry.unavailable and report.on_error == "warn":
                out += ["Nothing was checked: the gate could not be reached and `--on-error warn` is set.", ""]
            out += ["| Where | Problem |", "| --- | --- |"]
            out += [f"| `{md_code(p.pointer or '(document)')}` line {p.line} | {_cell(p.message)} |"
                    for p in error_problems(entry)]
            return [*out, ""]
        assert entry.decision is not None
        d = entry.decision
        version = f" {d.manifest.system_version}" if d.manifest.system_version else ""
        out = [
            f"### {BADGE[d.verdict]} `{md_code(path)}`: {_cell(d.manifest.system)}{_cell(version)}",
            "",
            f"{d.summary.block} blocking, {d.summary.warn} warning, {d.summary.info} info, "
            f"{d.summary.waived} waived; {d.summary.rules_evaluated} rules evaluated "
            f"({d.summary.rules_passed} passed, {d.summary.rules_undetermined} undetermined, "
            f"{d.summary.rules_not_applicable} not applicable). "
            f"Judged as of {d.as_of}.",
            "",
        ]
        if d.findings:
            out += ["| Severity | Rule | Reference | Where | Finding | Fix |",
                    "| --- | --- | --- | --- | --- | --- |"]
            out += [self._row(f, path) for f in d.findings]
            out.append("")
        if d.gaps:
            out += [f"**{gaps_headline(d)}:**", "", "| Regulation | Fact | Where | Expected | Decides | Why |",
                    "| --- | --- | --- | --- | --- | --- |"]
            out += [
                f"| {_cell(regulation)} | `{_cell(g.fact)}` | {_cell(g.file or path)} line "
                f"{g.location.line if g.location else 1} | "
                f"{_cell(g.expected)} | {_cell(gap_rules(g))} | {_cell(g.why)} |"
                for regulation, gaps in by_regulation(d).items() for g in gaps
            ]
            out.append("")
        out += [self._footer(d), ""]
        return out

    @staticmethod
    def _row(f: Finding, path: str) -> str:
        severity = SEVERITY[f.severity] + (" (undetermined)" if f.undetermined else "") + (
            " (waived)" if f.waived else "")
        # the link is the policy's own (rule id and METADATA url); every other cell is escaped text
        rule = f"[{md(f.rule)}]({controls(f.url).replace(' ', '%20').replace(')', '%29')})" if f.url else md(f.rule)
        where = f"`{md_code(f.path or '/')}`" + (f" ({md(path)} line {f.location.line})" if f.location else "")
        reference = f"{f.regulation} {f.reference}".strip()
        return (f"| {severity} | {rule} | {_cell(reference)} | {where} | "
                f"**{_cell(f.title)}**: {_cell(f.message)} | {_cell(f.remediation)} |")

    @staticmethod
    def _footer(d: Decision) -> str:
        return (f"<sub>policy {d.policy.revision} · engine {d.engine.name} {d.engine.version} · "
                f"decision `{d.decision_id}` · manifest `{d.manifest.digest[:19]}…`</sub>")

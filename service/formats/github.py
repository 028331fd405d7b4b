"""GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` per finding.

GitHub turns these lines in the job log into annotations on the manifest file and line, in the
run summary and on the pull request's "Files changed" tab. Values are escaped as the runner
expects (`%`, CR, LF everywhere; also `:` and `,` in properties), so a message can never end
the command early or inject another one.
"""

from __future__ import annotations

from service.decision import Finding
from service.formats._shared import (
    artifact_path,
    error_problems,
    finding_column,
    finding_file,
    finding_line,
    finding_text,
)
from service.formats.gaps import gaps_lines
from service.formats.interface import Formatter, Report, ReportEntry
from service.formats.sanitize import controls

COMMAND = {"block": "error", "warn": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """The runner's own escapes for CR/LF/%, and control characters (ANSI escapes) shown, not obeyed."""
    return controls(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **props: str | int) -> str:
    rendered = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items())
    return f"::{name} {rendered}::{escape_data(message)}" if rendered else f"::{name}::{escape_data(message)}"


class GithubFormatter(Formatter):
    name = "github"

    def render(self, report: Report) -> str:
        lines: list[str] = []
        for entry in report.entries:
            lines += self._entry(entry, report)
        lines.append(f"cleangate verdict: {report.verdict}")
        return "\n".join(lines) + "\n"

    def _entry(self, entry: ReportEntry, report: Report) -> list[str]:
        path = artifact_path(entry.source)
        if entry.error is not None:
            level = report.error_level(entry)
            return [
                command(level, p.message, file=artifact_path(p.file) if p.file else path, line=p.line, col=p.column,
                        title=f"cleangate: {entry.error.title}" + (f" at {p.pointer}" if p.pointer else ""))
                for p in error_problems(entry)
            ]
        assert entry.decision is not None
        lines = [self._finding(f, path) for f in entry.decision.findings]
        if entry.decision.gaps:
            block = gaps_lines(entry.decision)
            lines.append(command("notice", "\n".join(block[1:]), file=path, title=f"cleangate: {block[0]}"))
        return lines

    @staticmethod
    def _finding(f: Finding, path: str) -> str:
        # A waived finding no longer blocks; it stays visible as a notice so the waiver is reviewed.
        name = "notice" if f.waived else COMMAND[f.severity]
        title = f"{f.rule} {f.title}" + (" (waived)" if f.waived else "")
        return command(name, finding_text(f) + (f" See {f.url}" if f.url else ""), file=finding_file(f, path),
                       line=finding_line(f), col=finding_column(f), title=title)

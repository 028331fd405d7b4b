"""Small helpers several formats share: repository-relative paths, lines of errors, wording.

Kept here, not in the interface, because they are about presentation, and each format module
should still read top to bottom on its own.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sbom.load import sniff_syntax
from sbom.locate import index_text
from service.decision import Decision, Finding, Gap
from service.formats.interface import ReportEntry


def artifact_path(source: str) -> str:
    """The manifest path as CI platforms want it: relative to the repository, with forward slashes.

    GitHub annotations, code scanning and GitLab Code Quality resolve paths from the repository
    root; the CLI runs there, so a path under the working directory is made relative to it.
    """
    path = Path(source)
    if path.is_absolute():
        try:
            path = path.relative_to(Path(os.getcwd()))
        except ValueError:
            return path.as_posix()
    text = path.as_posix()
    return text[2:] if text.startswith("./") else text


def finding_line(finding: Finding) -> int:
    return finding.location.line if finding.location else 1


def finding_column(finding: Finding) -> int:
    return finding.location.column if finding.location else 1


@dataclass(frozen=True)
class LocatedProblem:
    pointer: str
    message: str
    line: int
    column: int
    file: str | None = None
    """Set when the problem is in another file than the entry's (the facts file beside a BOM)."""


def finding_file(finding: Finding, default: str) -> str:
    """The repository path a finding points into: its own file (a facts file), else the entry's."""
    return artifact_path(finding.file) if finding.file else default


def error_problems(entry: ReportEntry, limit: int | None = 50) -> list[LocatedProblem]:
    """The entry's error as located problems: each field problem at its line, when the text has it."""
    assert entry.error is not None
    problems = entry.error.problems or []
    syntax = sniff_syntax(entry.text) if entry.text else "xml"
    needs_index = syntax != "xml" and any(p.line is None for p in problems)
    index = index_text(entry.text, syntax) if entry.text and needs_index and syntax != "xml" else None
    located = []
    for p in problems[:limit]:
        if p.line is not None:
            line, column = p.line, p.column or 1
        else:
            line, column = index.locate(p.pointer) if index else (1, 1)
        message = p.message + (f" (expected {p.expected})" if p.expected else "")
        located.append(LocatedProblem(p.pointer, message, line, column, p.file))
    if not located:
        located.append(LocatedProblem("", entry.error.title, 1, 1))
    return located


def finding_text(finding: Finding) -> str:
    """One paragraph a reviewer can act on: what, where in the law, how to fix."""
    parts = [f"{finding.message}", f"{finding.regulation} {finding.reference}".strip() + "."]
    if finding.remediation:
        parts.append(f"Fix: {finding.remediation}")
    if finding.waived:
        parts.append(f"(waived{': ' + finding.waiver_id if finding.waiver_id else ''})")
    return " ".join(parts)


def gaps_headline(decision: Decision) -> str:
    """The one sentence above the list of missing facts: how many to state, for how many rules."""
    facts = len(decision.gaps)
    rules = len({r for g in decision.gaps for r in g.rules})
    noun = "fact" if facts == 1 else "facts"
    return (f"State {'this' if facts == 1 else 'these'} {facts} {noun} to get a verdict on "
            f"{rules} undetermined rule{'' if rules == 1 else 's'}")


def gap_rules(gap: Gap, limit: int = 6) -> str:
    """The rules a gap decides, shortened so that a gap over every AI Act rule stays one line."""
    shown = ", ".join(gap.rules[:limit])
    return shown + (f" and {len(gap.rules) - limit} more" if len(gap.rules) > limit else "")

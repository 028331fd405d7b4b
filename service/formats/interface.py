"""How a report is printed: one class per format, one line each in the registry.

Formats only render; they never change a verdict (the conftest lesson). A report is a list of
entries, one per manifest checked; an entry without a decision carries the error that
stopped its evaluation, so every format can still say what went wrong for which file.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Literal

from sbom.errors import ManifestError
from service.decision import Decision


@dataclass
class ReportEntry:
    source: str
    """The manifest's path (CLI) or label (API); annotations point at it."""
    decision: Decision | None = None
    error: ManifestError | None = None
    text: str | None = None
    """The manifest text, for mapping findings to line numbers."""
    unavailable: bool = False
    """The error is the gate server being unreachable, not the manifest (remote mode)."""


@dataclass
class Report:
    entries: list[ReportEntry] = field(default_factory=list)
    fail_on_warn: bool = False
    on_error: Literal["fail", "warn"] = "fail"
    """What an unreachable gate server means: "fail" (fail closed) or "warn" (`--on-error warn`)."""
    explain_gaps: bool = False
    """`check --explain-gaps`: text output shows the completeness block in full, grouped by regulation."""

    def error_level(self, entry: ReportEntry) -> Literal["error", "warning"]:
        """How loudly to report an entry's error: only an unreachable gate can be downgraded."""
        return "warning" if entry.unavailable and self.on_error == "warn" else "error"

    @property
    def verdict(self) -> str:
        """The worst verdict over all manifests; an unreadable manifest counts as an error.

        An unreachable gate under `--on-error warn` counts as warn: the pipeline goes on, but
        every format still says that nothing was checked.
        """
        if any(e.error is not None and self.error_level(e) == "error" for e in self.entries):
            return "error"
        verdicts = {e.decision.verdict for e in self.entries if e.decision is not None}
        if any(e.error is not None for e in self.entries):
            verdicts.add("warn")
        return next((v for v in ("block", "warn", "pass") if v in verdicts), "pass")


class Formatter(ABC):
    name: str

    @abstractmethod
    def render(self, report: Report) -> str:
        """The whole report as text in this format."""

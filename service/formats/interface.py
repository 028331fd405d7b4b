"""How a report is printed: one class per format, one line each in the registry.

Formats only render; they never change a verdict (the conftest lesson). A report is a list of
entries, one per manifest checked; an entry without a decision carries the error that
stopped its evaluation, so every format can still say what went wrong for which file.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field

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


@dataclass
class Report:
    entries: list[ReportEntry] = field(default_factory=list)
    fail_on_warn: bool = False

    @property
    def verdict(self) -> str:
        """The worst verdict over all manifests; an unreadable manifest counts as an error."""
        if any(e.error is not None for e in self.entries):
            return "error"
        verdicts = {e.decision.verdict for e in self.entries if e.decision is not None}
        return next((v for v in ("block", "warn", "pass") if v in verdicts), "pass")


class Formatter(ABC):
    name: str
    extension: str

    @abstractmethod
    def render(self, report: Report) -> str:
        """The whole report as text in this format."""

"""Reports generated from the policy input document the gate judges (docs/reports.md).

One module per report decides what it says (training_summary: the Art 53(1)(d) public summary
of training content; clear_inventory: the US CLEAR Act inventory); document.py is the shape
they build, render.py prints it. `REPORTS` is the registry the CLI and the API share: each
entry names its formats and turns a policy input document into bytes of one format.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sbom.model import PolicyInput
from service.reports import clear_inventory, training_summary
from service.reports.document import ReportDocument
from service.reports.render import RendererUnavailable, html_page, markdown, pdf

if TYPE_CHECKING:
    from sbom.load import FactsFile, Syntax
    from service.evidence import EvidenceInput
    from service.gate import Gate

MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
}
EXTENSIONS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".pdf": "pdf", ".json": "json",
              ".csv": "csv"}


@dataclass(frozen=True)
class Options:
    model: str | None = None
    digest: str | None = None
    source: str | None = None
    """The manifest's file name, shown beside its digest."""


@dataclass(frozen=True)
class Rendered:
    body: bytes
    note: str
    """One line for the person who ran the command: what is complete, what is missing."""


@dataclass(frozen=True)
class ReportKind:
    formats: tuple[str, ...]
    render: Callable[[PolicyInput, str, Options], Rendered]


def _training_summary(doc: PolicyInput, fmt: str, options: Options) -> Rendered:
    report = training_summary.build(doc, options.model, digest=_label(options))
    return Rendered(_emit(report.model_dump_json(indent=2), report, fmt), report.completeness or "")


def _clear_inventory(doc: PolicyInput, fmt: str, options: Options) -> Rendered:
    inventory = clear_inventory.build(doc, digest=_label(options))
    gaps = sum(1 for row in inventory.rows if row.gaps)
    note = (f"{len(inventory.rows)} training datasets, {gaps} with facts a notice would need missing "
            "(information only: S.3813 is a bill, not law).")
    if fmt == "csv":
        return Rendered(clear_inventory.to_csv(inventory).encode(), note)
    return Rendered(_emit(inventory.model_dump_json(indent=2), clear_inventory.document(inventory), fmt), note)


def _label(options: Options) -> str | None:
    if options.source and options.digest:
        return f"{options.source} ({options.digest})"
    return options.source or options.digest


def _emit(json_text: str, document: ReportDocument, fmt: str) -> bytes:
    if fmt == "json":
        return (json_text + "\n").encode()
    if fmt == "md":
        return markdown(document).encode()
    if fmt == "html":
        return html_page(document).encode()
    if fmt == "pdf":
        return pdf(document)
    raise ValueError(f"unknown report format {fmt!r}")


REPORTS: dict[str, ReportKind] = {
    "training-summary": ReportKind(("md", "html", "pdf", "json"), _training_summary),
    "clear-inventory": ReportKind(("md", "json", "csv", "html", "pdf"), _clear_inventory),
}


def manifest_digest(data: bytes) -> str:
    return f"sha256:{hashlib.sha256(data).hexdigest()}"


def report_input(gate: Gate, data: bytes, syntax: Syntax | None = None, *, facts: FactsFile | None = None,
                 source: str | None = None, read_bom: Callable[[str], tuple[bytes, str]] | None = None,
                 evidence: EvidenceInput | None = None) -> PolicyInput:
    """Manifest bytes to the policy input document through the gate's own loaders and checks."""
    loaded = gate.load(data, syntax, facts=facts, source=source, read_bom=read_bom)
    return gate.policy_document(loaded, data, evidence)


__all__ = ["EXTENSIONS", "MEDIA_TYPES", "REPORTS", "Options", "Rendered", "RendererUnavailable", "ReportKind",
           "manifest_digest", "report_input"]

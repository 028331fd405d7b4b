"""The shape every report is built into before it is printed: numbered sections of labelled fields.

A report module (training_summary, clear_inventory) only decides *what* a section says, from the
policy input document; service/reports/render.py decides how it looks in Markdown, HTML or PDF.
A field whose value is None is a gap: it is printed as "not stated", and when the field is
`required` it makes its section incomplete, so a reader can never mistake a missing fact for
an answer. Every value says where it came from (`declared` by the manifest, `derived` by the
gate from declared facts, `verified` by the gate's own checks).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Source = Literal["declared", "derived", "verified"]
SectionStatus = Literal["complete", "incomplete", "informational"]
NOT_STATED = "not stated"


class ReportField(BaseModel):
    label: str
    value: str | None = Field(description="None: the manifest does not state it (shown as 'not stated').")
    source: Source = "declared"
    required: bool = Field(True, description="A missing required value makes its section incomplete.")


class ReportTable(BaseModel):
    caption: str | None = None
    source: Source = "declared"
    columns: list[str]
    rows: list[list[str | None]] = Field(description="Cells; None is 'not stated'.")


class ReportSection(BaseModel):
    number: str = Field(description="The template's section number, e.g. '2.3'; empty for unnumbered sections.")
    title: str
    status: SectionStatus
    gaps: list[str] = Field(default_factory=list, description="What the manifest does not say, in words.")
    fields: list[ReportField] = Field(default_factory=list)
    tables: list[ReportTable] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    subsections: list[ReportSection] = Field(default_factory=list)


class ReportDocument(BaseModel):
    """What md/html/pdf are rendered from."""

    title: str
    notices: list[str] = Field(default_factory=list, description="Shown first, above everything else.")
    header: list[ReportField] = Field(default_factory=list)
    sections: list[ReportSection] = Field(default_factory=list)
    completeness: str | None = Field(None, description="Which sections are complete, in one sentence.")
    footer: list[str] = Field(default_factory=list)


def field(label: str, value: object, *, source: Source = "declared", required: bool = True) -> ReportField:
    """A field from a manifest value: None and empty lists are gaps, booleans read as yes/no."""
    return ReportField(label=label, value=text_of(value), source=source, required=required)


def text_of(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value) if value else None
    return str(value)


def section(number: str, title: str, *, fields: list[ReportField] | None = None,
            tables: list[ReportTable] | None = None, gaps: list[str] | None = None,
            notes: list[str] | None = None, subsections: list[ReportSection] | None = None) -> ReportSection:
    """A section whose status follows from its content: incomplete when a required field is
    missing, a gap is listed, or a subsection is incomplete."""
    fields = fields or []
    gaps = [*(gaps or []), *(f"{f.label}: {NOT_STATED}" for f in fields if f.required and f.value is None)]
    subsections = subsections or []
    incomplete = bool(gaps) or any(s.status == "incomplete" for s in subsections)
    return ReportSection(number=number, title=title, status="incomplete" if incomplete else "complete",
                         gaps=gaps, fields=fields, tables=tables or [], notes=notes or [], subsections=subsections)


def leaves(sections: list[ReportSection]) -> list[ReportSection]:
    """The innermost sections (1.1, 2.2.1, ...), which the completeness statement names."""
    out: list[ReportSection] = []
    for item in sections:
        out += leaves(item.subsections) if item.subsections else [item]
    return out


def completeness(sections: list[ReportSection]) -> str:
    parts = leaves(sections)
    complete = [s.number for s in parts if s.status == "complete"]
    incomplete = [s.number for s in parts if s.status == "incomplete"]
    if not incomplete:
        return f"All {len(complete)} sections are complete ({', '.join(complete)})."
    done = ", ".join(complete) if complete else "none"
    return (f"Complete sections: {done}. Incomplete sections (the manifest does not state everything the "
            f"template asks for; see 'not stated' below): {', '.join(incomplete)}.")


__all__ = ["NOT_STATED", "ReportDocument", "ReportField", "ReportSection", "ReportTable", "completeness", "field",
           "leaves", "section", "text_of"]

"""US CLEAR Act inventory: the training datasets and the copyrighted works the manifest declares.

The Copyright Labeling and Ethical AI Reporting Act (S.3813, 119th Congress) is a bill, introduced
on 10 Feb 2026 and not enacted (docs/regulations.md). If it became law, whoever trains or releases
a generative model would file a notice with the Register of Copyrights at least 30 days before
release or commercial (including internal) use, with (A) a sufficiently detailed summary of each
registered copyrighted work in the training data and (B) the dataset's URL when it is public.
This report lists, per training dataset, what the manifest states towards that notice: the
sources, licences and rights holders as declared, the registered-works inventory it names, and
what is missing. It is information only and says so on every output, including each CSV row.
"""

from __future__ import annotations

import csv
import io

from pydantic import BaseModel, Field

from sbom.model import Dataset, PolicyInput
from service.reports.document import ReportDocument, ReportTable, field, section
from service.reports.training_summary import is_training_data

BILL = "S.3813 (119th Congress), Copyright Labeling and Ethical AI Reporting Act"
STATUS = ("Information only: the CLEAR Act is a bill introduced in the US Senate on 10 Feb 2026, not law. "
          "Nothing in this inventory is a legal obligation today.")
CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ClearRow(BaseModel):
    dataset: str
    version: str | None = None
    source_type: str | None = None
    url: str | None = Field(None, description="Where the dataset is publicly available (notice item (B)).")
    licence: str | None = Field(None, description="The licence as the manifest states it.")
    licence_is_spdx: bool | None = Field(None, description="Derived: the licence is a valid SPDX expression.")
    rights_holder: str | None = Field(None, description="The licensor or rights holder as the manifest states it.")
    registered_works_inventory: str | None = Field(
        None, description="The inventory of registered copyrighted works (notice item (A)).")
    used_by_models: list[str] = Field(default_factory=list)
    used_for: list[str] = Field(default_factory=list)
    digest: str | None = None
    gaps: list[str] = Field(default_factory=list, description="What a notice would need that the manifest lacks.")


class ClearInventory(BaseModel):
    kind: str = "clear-inventory"
    bill: str = BILL
    legal_status: str = STATUS
    system: str
    system_version: str | None = None
    generative: bool | None = Field(
        None, description="Derived from system.capabilities.synthetic_output_modalities: the system generates "
        "content (the bill covers generative models); None: the manifest does not say.")
    models: list[str] = Field(default_factory=list)
    rows: list[ClearRow]
    left_out: list[str] = Field(default_factory=list, description="Datasets not used for training (evaluation, "
                                                                  "inference), not listed.")
    source: str | None = None


def build(doc: PolicyInput, *, digest: str | None = None) -> ClearInventory:
    users = _users(doc)
    licences = doc.derived.licences if doc.derived is not None else {}
    rows = []
    for index, d in enumerate(doc.datasets):
        if not is_training_data(d):
            continue
        facts = licences.get(f"/datasets/{index}")
        rows.append(ClearRow(
            dataset=d.name, version=d.version, source_type=d.source_type, url=d.url, licence=d.licence,
            licence_is_spdx=facts.valid_spdx if facts is not None else None, rights_holder=d.licence_holder,
            registered_works_inventory=d.registered_works_inventory, used_by_models=users.get(d.name, []),
            used_for=list(d.used_for), digest=next((f"{h.alg}:{h.value}" for h in d.hashes), None), gaps=_gaps(d)))
    modalities = doc.system.capabilities.synthetic_output_modalities
    return ClearInventory(
        system=doc.system.name, system_version=doc.system.version,
        generative=None if modalities is None else bool(modalities),
        models=[m.name for m in doc.models], rows=rows,
        left_out=[d.name for d in doc.datasets if not is_training_data(d)], source=digest)


def _users(doc: PolicyInput) -> dict[str, list[str]]:
    users: dict[str, list[str]] = {}
    for model in doc.models:
        for name in dict.fromkeys([*model.datasets, *(n for a in model.adapters for n in a.datasets)]):
            users.setdefault(name, []).append(model.name)
    return users


def _gaps(d: Dataset) -> list[str]:
    gaps = []
    if d.registered_works_inventory is None:
        gaps.append("registered-works inventory not stated")
    if d.source_type is None:
        gaps.append("source type not stated")
    if d.source_type in ("public", "crawled") and d.url is None:
        gaps.append("URL of the publicly available dataset not stated")
    if d.licence is None:
        gaps.append("licence not stated")
    if d.licence_holder is None and d.source_type in ("licensed", "third-party-private"):
        gaps.append("rights holder not stated")
    return gaps


COLUMNS = ["Dataset", "Version", "Source type", "URL", "Licence (as stated)", "SPDX", "Rights holder (as stated)",
           "Registered-works inventory", "Used by models", "Digest", "Missing for a notice"]


def _cells(row: ClearRow) -> list[str | None]:
    spdx = None if row.licence_is_spdx is None else ("valid" if row.licence_is_spdx else "not SPDX")
    return [row.dataset, row.version, row.source_type, row.url, row.licence, spdx, row.rights_holder,
            row.registered_works_inventory, ", ".join(row.used_by_models) or None, row.digest,
            "; ".join(row.gaps) or "nothing"]


def document(inventory: ClearInventory) -> ReportDocument:
    """The inventory as a printable document (md/html/pdf)."""
    generative = {True: "yes", False: "no", None: None}[inventory.generative]
    system = " ".join(p for p in (inventory.system, inventory.system_version) if p)
    header = [field("Bill", inventory.bill), field("System", system), field("Models", inventory.models),
              field("The system generates synthetic content (the bill covers generative models)", generative,
                    source="derived")]
    gaps = [f"{r.dataset}: {g}" for r in inventory.rows for g in r.gaps]
    table = ReportTable(caption="Training datasets and the copyrighted works declared in them", columns=COLUMNS,
                        rows=[_cells(r) for r in inventory.rows])
    notes = ["The bill limits 'copyrighted work' to works registered under 17 U.S.C. 408 (or scheduled under "
             "1401); the registered-works inventory is the file a notice's item (A) would summarise."]
    if inventory.left_out:
        notes.append(f"Not training data, so not listed: {', '.join(inventory.left_out)}.")
    body = section("", "Inventory", tables=[table] if inventory.rows else [], gaps=gaps, notes=notes)
    body = body.model_copy(update={"status": "informational"})
    return ReportDocument(
        title=f"US CLEAR Act inventory (bill, not law) — {inventory.system}", notices=[STATUS],
        header=header, sections=[body],
        footer=[f"Source: manifest {inventory.source}" if inventory.source else "Source: manifest"])


def to_csv(inventory: ClearInventory) -> str:
    """One row per dataset, every row carrying the legal status; cells that a spreadsheet would run
    as a formula (=, +, -, @) start with an apostrophe instead."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*COLUMNS, "Legal status"])
    for row in inventory.rows:
        writer.writerow([_csv_cell(c) for c in _cells(row)] + [STATUS])
    return out.getvalue()


def _csv_cell(value: str | None) -> str:
    if value is None:
        return "not stated"
    return "'" + value if value.startswith(CSV_FORMULA_START) else value


__all__ = ["BILL", "STATUS", "ClearInventory", "ClearRow", "build", "document", "to_csv"]

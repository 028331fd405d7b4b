"""The `cleangate:` CycloneDX property namespace: names, aliases and typed values.

A property name is a dotted path into the policy input document, relative to where the
property sits: on `metadata.component` it is relative to `system`, on a model component to
that model, on a data component to that dataset. Paths that start with `governance.`,
`context.`, `evidence.` or `extensions.` are relative to the document root wherever they sit.
CycloneDX values are strings; they are converted by the type of the field they land in, and a
value that does not fit is an error naming the property, never a silent default.

The names of the project's original property vocabulary (`cleangate:interacts_with_persons`,
`cleangate:art50.1.disclosure`, ...) are accepted as aliases, so BOMs written to that
vocabulary load unchanged.
"""

from __future__ import annotations

import enum
import json
import typing
from datetime import date
from typing import Any

from pydantic import BaseModel

from sbom.annotations import unwrap
from sbom.errors import FieldProblem
from sbom.model import Dataset, Model, PolicyInput, System


class PropertyTarget(enum.Enum):
    ROOT = "root"
    SYSTEM = "system"
    MODEL = "model"
    DATASET = "dataset"


_MODELS: dict[PropertyTarget, type[BaseModel]] = {
    PropertyTarget.ROOT: PolicyInput,
    PropertyTarget.SYSTEM: System,
    PropertyTarget.MODEL: Model,
    PropertyTarget.DATASET: Dataset,
}
_ROOT_PREFIXES = ("governance", "context", "evidence", "extensions")

ALIASES: dict[PropertyTarget, dict[str, str]] = {
    PropertyTarget.SYSTEM: {
        "role": "roles",
        "placed_on_market": "deployment.placed_on_market",
        "interacts_with_persons": "capabilities.interacts_with_persons",
        "synthetic_output_modalities": "capabilities.synthetic_output_modalities",
        "emotion_recognition": "capabilities.emotion_recognition",
        "biometric_categorisation": "capabilities.biometric_categorisation",
        "deepfake_output": "capabilities.deepfake_output",
        "public_interest_text": "capabilities.public_interest_text",
        "law_enforcement_authorised": "capabilities.law_enforcement_authorised",
        "art50.1.disclosure": "transparency.ai_interaction.mechanism",
        "art50.1.timing": "transparency.ai_interaction.timing",
        "art50.1.accessible": "transparency.ai_interaction.accessible",
        "art50.1.exemption": "transparency.ai_interaction.exemption",
        "art50.1.exemption_rationale": "transparency.ai_interaction.exemption_rationale",
        "art50.2.watermark": "transparency.marking.watermark.scheme",
        "art50.2.detection": "transparency.marking.detection",
        "art50.2.exemption": "transparency.marking.exemption",
        "art50.2.plan_date": "transparency.marking.plan_date",
        "c2pa.spec_version": "transparency.marking.c2pa.spec_version",
        "c2pa.default_digital_source_type": "transparency.marking.c2pa.digital_source_type",
        "c2pa.signing_trust": "transparency.marking.c2pa.signing_trust",
        "c2pa.modalities": "transparency.marking.c2pa.modalities",
        "art50.3.notice": "transparency.emotion_notice.mechanism",
        "art50.4.label": "transparency.deepfake.label",
        "art50.4.artistic_work": "transparency.deepfake.artistic_work",
        "art50.4.existence_disclosure": "transparency.deepfake.existence_disclosure",
        "art50.4.text_disclosure": "transparency.public_interest_text.disclosure",
        "art50.4.human_review": "transparency.public_interest_text.human_review",
        "art50.4.editorial_responsible": "transparency.public_interest_text.editorial_responsible",
        "annex_iii_point": "risk.annex_iii_point",
        "profiling": "risk.profiling",
    },
    PropertyTarget.MODEL: {
        "gpai.training_flop": "training_flop",
        "gpai.systemic_risk": "systemic_risk.declared",
        "gpai.copyright_policy": "documentation.copyright_policy",
        "gpai.cop_signatory": "code_of_practice_signatory",
        "gpai.authorised_representative": "authorised_representative",
        "gpai.training_summary.last_update": "documentation.training_summary.last_update",
        "param_count": "parameter_count",
        "tdm.protocols_honoured": "tdm_protocols_honoured",
        "copyright.contact": "copyright_contact",
    },
    PropertyTarget.DATASET: {
        "dataset.source_type": "source_type",
        "dataset.crawler": "tdm.crawler",
        "dataset.tdm_optout_checked": "tdm.robots_txt_honoured",
        "dataset.tdm_optout_excluded_count": "tdm.excluded_count",
        "dataset.paywall_circumvention": "tdm.paywall_circumvention",
        "tdm.robots_honoured": "tdm.robots_txt_honoured",
        "dataset.c2pa_tdm_checked": "tdm.c2pa_training_mining_checked",
        "gdpr.lawful_basis": "personal_data.lawful_basis",
        "gdpr.art9_condition": "personal_data.art9_condition",
        "gdpr.art9.condition": "personal_data.art9_condition",
        "gdpr.dpia.ref": "personal_data.dpia",
        "gdpr.retention": "personal_data.retention",
        "gdpr.purpose_original": "personal_data.original_purpose",
        "gdpr.original_purpose": "personal_data.original_purpose",
        "gdpr.compatibility_assessment": "personal_data.purpose_compatibility_assessment",
        "gdpr.collected_for_training": "personal_data.collected_for_training",
        "gdpr.lia": "personal_data.legitimate_interest_assessment",
        "gdpr.privacy_notice": "personal_data.information_notice",
        "gdpr.source": "personal_data.collection",
        "gdpr.minimisation": "personal_data.minimisation",
        "gdpr.dpia": "personal_data.dpia",
        "gdpr.ropa_entry": "personal_data.records_of_processing",
        "copyright.registered_works_inventory": "registered_works_inventory",
        "dataset.top_domains_ref": "top_domains_ref",
    },
    PropertyTarget.ROOT: {},
}


def _resolve(model: type[BaseModel], parts: list[str]) -> tuple[Any, bool] | None:
    current: Any = model
    result: tuple[Any, bool] | None = None
    for i, part in enumerate(parts):
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        kind, is_list = unwrap(info.annotation)
        if is_list and i < len(parts) - 1:
            return None
        current = kind
        result = (kind, is_list)
    return result


def _convert(raw: str, kind: Any) -> Any:
    if kind is bool:
        lowered = raw.strip().lower()
        if lowered not in ("true", "false"):
            raise ValueError("true or false")
        return lowered == "true"
    if kind is int:
        try:
            return int(raw.strip())
        except ValueError:
            raise ValueError("a whole number") from None
    if kind is float:
        try:
            return float(raw.strip())
        except ValueError:
            raise ValueError("a number such as 3e24") from None
    if kind is date:
        try:
            return date.fromisoformat(raw.strip()).isoformat()
        except ValueError:
            raise ValueError("an ISO date such as 2026-08-02") from None
    if typing.get_origin(kind) is typing.Literal:
        allowed = typing.get_args(kind)
        if raw.strip() not in allowed:
            raise ValueError("one of " + ", ".join(map(str, allowed)))
        return raw.strip()
    return raw


def _object_list(name: str, value: Any, parts: list[str]) -> tuple[list[str | int], Any, bool] | FieldProblem:
    try:
        items = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        items = None
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        return FieldProblem("", f"property {name!r} has value {str(value)[:60]!r}", "a JSON array of objects")
    return list(parts), items, True


def apply_property(
    name: str, value: Any, target: PropertyTarget
) -> tuple[list[str | int], Any, bool] | FieldProblem:
    """Where a `cleangate:` property lands, its typed value, and whether it appends to a list."""
    key = name.removeprefix("cleangate:")
    if target is PropertyTarget.SYSTEM and key == "eu.in_scope":
        # The brief's boolean scope flag: true means "reaches the EU", which is region "EU" here.
        if not isinstance(value, str) or value.strip().lower() not in ("true", "false"):
            return FieldProblem("", f"property {name!r} has value {str(value)[:60]!r}", "true or false")
        return ["deployment", "regions"], ["EU"] if value.strip().lower() == "true" else [], True
    if target is PropertyTarget.DATASET and key in ("gdpr.transfers", "personal_data.transfers"):
        return _transfers(name, value)
    key = ALIASES[target].get(key, key)
    parts = key.split(".")
    model = _MODELS[target]
    if parts[0] in _ROOT_PREFIXES:
        model = PolicyInput
    if parts[0] == "extensions":
        return list(parts), value, False
    resolved = _resolve(model, parts)
    if resolved is None:
        return FieldProblem("", f"unknown property {name!r}", "a documented cleangate: property (docs/input.md)")
    kind, is_list = resolved
    if is_list and isinstance(kind, type) and issubclass(kind, BaseModel):
        # Lists of objects (adapters, transfers, C2PA samples) have no CycloneDX field of their
        # own: the value is a JSON array of objects, validated later with the whole document.
        return _object_list(name, value, parts)
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return FieldProblem("", f"{name!r} names a group of fields, not a value", "one of its fields")
    if not isinstance(value, str):
        return FieldProblem("", f"property {name!r} has no text value", "a string value")
    try:
        if key == "roles":
            items = [v.strip() for v in value.replace("+", ",").split(",") if v.strip()]
            return ["roles"], [_convert(v, kind) for v in items], True
        if is_list:
            items = [v.strip() for v in value.split(",") if v.strip()]
            return list(parts), [_convert(v, kind) for v in items], True
        return list(parts), _convert(value, kind), False
    except ValueError as exc:
        return FieldProblem("", f"property {name!r} has value {value[:60]!r}", str(exc))


def _transfers(name: str, value: Any) -> tuple[list[str | int], Any, bool] | FieldProblem:
    """GDPR Chapter V transfers, in either documented form.

    - the JSON array of transfer objects, like every other list of objects (adapters, samples):
      `[{"country": "US", "mechanism": "scc", "transfer_impact_assessment": "..."}]`, the only
      form that can state a transfer impact assessment or a DPF certification;
    - the compact `US:scc, IN` (transfers to the US under SCCs and to India with no mechanism).

    The field vocabulary is the model's and is checked there, with the whole document.
    """
    expected = "comma-separated COUNTRY[:MECHANISM] entries, e.g. 'US:scc, IN'"
    if not isinstance(value, str) or not value.strip():
        return FieldProblem("", f"property {name!r} has no text value", expected)
    if value.lstrip().startswith("["):
        listed = _object_list(name, value, ["personal_data", "transfers"])
        if isinstance(listed, FieldProblem):
            return FieldProblem(listed.pointer, listed.message,
                                "a JSON array of transfer objects, e.g. '[{\"country\": \"US\", \"mechanism\": "
                                "\"scc\"}]', or " + expected)
        return listed
    transfers: list[dict[str, str]] = []
    for entry in (e.strip() for e in value.split(",")):
        if not entry:
            continue
        country, _, mechanism = (p.strip() for p in entry.partition(":"))
        if not country:
            return FieldProblem("", f"property {name!r} has entry {entry[:60]!r}", expected)
        transfers.append({"country": country, "mechanism": mechanism} if mechanism else {"country": country})
    return ["personal_data", "transfers"], transfers, True


__all__ = ["ALIASES", "PropertyTarget", "apply_property"]

"""Hugging Face model cards (README.md with YAML front matter) to a CycloneDX ML-BOM or a native
manifest, read locally (`cleangate bom from-hf README.md`; nothing is fetched).

A card's metadata is what most open models ship instead of an AI-BOM: the licence (an HF
licence keyword, or `other` with `license_name`/`license_link`), `base_model` (a model entry
of its own, so the base model's licence and duties can be judged), `datasets`, `pipeline_tag`
(the task, from which the gate infers generated modalities: sbom/inference.py), `language`, and
sometimes EU AI Act fields (`eu_ai_act:` mappings). Deployment facts still come from a facts file.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Any

from sbom.errors import FieldProblem, Kind, ManifestError
from sbom.limits import DEFAULT_LIMITS, Limits
from sbom.parsing import decode_text, parse_yaml_with_node

FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(\r?\n|\Z)", re.S)
# eu_ai_act-style card fields -> cleangate: properties on the model component.
EU_AI_ACT_FIELDS = {
    "gpai": "cleangate:gpai", "general_purpose": "cleangate:gpai",
    "systemic_risk": "cleangate:systemic_risk.declared",
    "training_flop": "cleangate:training_flop", "training_compute_flop": "cleangate:training_flop",
    "training_summary": "cleangate:documentation.training_summary.url",
    "training_data_summary": "cleangate:documentation.training_summary.url",
    "copyright_policy": "cleangate:documentation.copyright_policy",
    "technical_documentation": "cleangate:documentation.annex_xi",
    "downstream_documentation": "cleangate:documentation.annex_xii",
    "weights_public": "cleangate:weights_public",
}


def front_matter(data: bytes, limits: Limits = DEFAULT_LIMITS) -> dict[str, Any]:
    text = decode_text(data, limits)
    match = FRONT_MATTER.match(text)
    if match is None:
        raise ManifestError("not a model card", [FieldProblem(
            "", "no YAML front matter", "a README.md that starts with --- and the card's metadata, closed by ---")],
            kind=Kind.UNSUPPORTED)
    tree, _ = parse_yaml_with_node(match.group(1), limits)
    if not isinstance(tree, dict):
        raise ManifestError("not a model card", [FieldProblem("", "the front matter is not a mapping",
                                                              "key: value metadata")], kind=Kind.UNSUPPORTED)
    return tree


def _strings(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value] if value is not None else []
    return [str(v) for v in items if isinstance(v, str | int | float) and str(v).strip()]


def _licence(card: dict[str, Any]) -> list[dict[str, Any]]:
    from cyclonedx.spdx import fixup_id

    keyword = card.get("license")
    if isinstance(keyword, list):
        keyword = keyword[0] if keyword else None
    if not isinstance(keyword, str) or not keyword.strip():
        return []
    link = card.get("license_link") if isinstance(card.get("license_link"), str) else None
    if keyword.strip().lower() == "other":
        name = card.get("license_name") if isinstance(card.get("license_name"), str) else "other"
        licence: dict[str, Any] = {"name": name}
    elif spdx := fixup_id(keyword.strip()):
        licence = {"id": spdx}
    else:
        licence = {"name": keyword.strip()}  # an HF keyword with no SPDX id (llama3.1, openrail++ ...)
    if link and link.startswith(("http://", "https://")):
        licence["url"] = link
    return [{"license": licence}]


def _properties(card: dict[str, Any]) -> list[dict[str, str]]:
    props = [{"name": "huggingface:language", "value": lang} for lang in _strings(card.get("language"))]
    props += [{"name": "huggingface:library_name", "value": v} for v in _strings(card.get("library_name"))]
    for key, value in card.items():
        if not (isinstance(key, str) and key.lower().replace("-", "_").startswith("eu_ai_act")):
            continue
        for field, item in (value.items() if isinstance(value, dict) else []):
            target = EU_AI_ACT_FIELDS.get(str(field).lower())
            if target and isinstance(item, str | bool | int | float):
                props.append({"name": target, "value": str(item).lower() if isinstance(item, bool) else str(item)})
            else:
                props.append({"name": f"huggingface:eu_ai_act.{field}", "value": str(item)[:500]})
    return props


def card_to_cyclonedx(card: dict[str, Any], model_id: str, *, timestamp: str | None = None) -> dict[str, Any]:
    """A CycloneDX 1.6 ML-BOM: the model, its base models and datasets (no metadata.component:
    the deployed system is described by the facts file)."""
    model: dict[str, Any] = {"type": "machine-learning-model", "bom-ref": f"model:{model_id}", "name": model_id}
    if "/" in model_id:
        model["group"] = model_id.split("/", 1)[0]
        model["supplier"] = {"name": model_id.split("/", 1)[0]}
    if licences := _licence(card):
        model["licenses"] = licences
    model["externalReferences"] = [{"type": "model-card", "url": f"https://huggingface.co/{model_id}"}] \
        if "/" in model_id else []
    components: list[dict[str, Any]] = [model]
    params: dict[str, Any] = {}
    if isinstance(card.get("pipeline_tag"), str):
        params["task"] = card["pipeline_tag"]
    datasets = _strings(card.get("datasets"))
    for name in datasets:
        components.append({"type": "data", "bom-ref": f"dataset:{name}", "name": name,
                           "data": [{"type": "dataset", "name": name,
                                     "contents": {"url": f"https://huggingface.co/datasets/{name}"}}]})
    if datasets:
        params["datasets"] = [{"ref": f"dataset:{name}"} for name in datasets]
    if params:
        model["modelCard"] = {"modelParameters": params}
    props = _properties(card)
    for i, base in enumerate(_strings(card.get("base_model"))):
        if i == 0:  # the input document names one base model; every one is a model entry
            props.append({"name": "cleangate:base_model", "value": base})
        components.append({"type": "machine-learning-model", "bom-ref": f"model:{base}", "name": base,
                           "description": f"base model of {model_id}"})
    if props:
        model["properties"] = props
    if not model["externalReferences"]:
        del model["externalReferences"]
    return {
        "bomFormat": "CycloneDX", "specVersion": "1.6", "serialNumber": f"urn:uuid:{uuid.uuid4()}", "version": 1,
        "metadata": {
            "timestamp": timestamp or datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
            "tools": {"components": [{"type": "application", "name": "cleangate bom from-hf"}]},
        },
        "components": components,
    }


def model_id_of(card: dict[str, Any], fallback: str) -> str:
    for key in ("model_id", "model_name", "pretty_name"):
        if isinstance(card.get(key), str) and card[key].strip():
            return str(card[key]).strip()
    index = card.get("model-index")
    if isinstance(index, list) and index and isinstance(index[0], dict) and isinstance(index[0].get("name"), str):
        return str(index[0]["name"])
    return fallback

"""Between the native manifest and a CycloneDX 1.6 ML-BOM, both ways, without losing a fact.

Teams start from either side: some already produce CycloneDX, some write `cleangate.yaml`.
Native -> CycloneDX puts every fact CycloneDX has a field for in that field (metadata.component,
machine-learning-model and data components, supplier, licenses, hashes, model-card and
distribution references, modelCard dataset refs, data contents URL, risk-assessment reference)
and every other fact in the documented `cleangate:` property namespace (sbom/loaders/properties.py)
on the component it belongs to. CycloneDX -> native is the existing loader plus a YAML dump.

Each conversion is checked by loading its result again: if the policy input document differs,
the conversion is refused with the pointers that would change, so a converted BOM can never make
the gate answer differently from the manifest it came from.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

import yaml

from sbom.errors import FieldProblem, Kind, ManifestError
from sbom.load import load_manifest
from sbom.model import API_VERSION, PolicyInput

SPEC_VERSION = "1.6"
HASH_ALGS = {
    "sha256": "SHA-256", "sha384": "SHA-384", "sha512": "SHA-512", "sha3-256": "SHA3-256",
    "sha3-512": "SHA3-512", "blake2b-256": "BLAKE2b-256", "md5": "MD5", "sha1": "SHA-1",
}
# Hash lengths the CycloneDX schema accepts in `hashes[].content`.
CDX_HASH_LENGTHS = {32, 40, 64, 96, 128}


def _is_url(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(("https://", "http://")) and " " not in value


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _properties(facts: dict[str, Any], prefix: str = "") -> list[dict[str, str]]:
    """`cleangate:` properties for a nested dict of facts, by dotted path."""
    out: list[dict[str, str]] = []
    for key, value in facts.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out += _properties(value, f"{name}.")
        elif isinstance(value, list):
            if any(isinstance(v, dict | list) for v in value):
                out.append({"name": f"cleangate:{name}", "value": json.dumps(value, ensure_ascii=False)})
            else:
                out.append({"name": f"cleangate:{name}", "value": ",".join(_scalar(v) for v in value)})
        else:
            out.append({"name": f"cleangate:{name}", "value": _scalar(value)})
    return out


def _hashes(item: dict[str, Any]) -> list[dict[str, str]] | None:
    hashes = item.get("hashes") or []
    if hashes and all(len(h["value"]) in CDX_HASH_LENGTHS for h in hashes):
        item.pop("hashes")
        return [{"alg": HASH_ALGS[h["alg"]], "content": h["value"]} for h in hashes]
    return None


def _licence(item: dict[str, Any]) -> list[dict[str, str]] | None:
    licence = item.pop("licence", None)
    return [{"expression": licence}] if licence else None


def _external(refs: list[dict[str, str]], kind: str, facts: dict[str, Any], *path: str) -> None:
    """Move a URL fact into an externalReference when it is an absolute URL (the schema wants an IRI)."""
    node = facts
    for part in path[:-1]:
        node = node.get(part) or {}
    if isinstance(node, dict) and _is_url(node.get(path[-1])):
        refs.append({"type": kind, "url": node.pop(path[-1])})


def _prune(facts: dict[str, Any]) -> dict[str, Any]:
    """Drop dicts emptied by moving their facts into standard fields."""
    return {k: (_prune(v) if isinstance(v, dict) else v) for k, v in facts.items()
            if not (isinstance(v, dict) and not _prune(v))}


def to_cyclonedx(doc: PolicyInput, *, tool_version: str = "", timestamp: str | None = None,
                 serial: str | None = None) -> dict[str, Any]:
    """The policy input document as a CycloneDX 1.6 ML-BOM (JSON-shaped dict)."""
    facts = doc.model_dump(mode="json", exclude_defaults=True)
    system = facts.pop("system")
    system_refs: list[dict[str, str]] = []
    governance = facts.get("governance") or {}
    _external(system_refs, "risk-assessment", governance, "risk_assessment")
    component: dict[str, Any] = {"type": "application", "bom-ref": "system", "name": system.pop("name")}
    for key in ("version", "description"):
        if key in system:
            component[key] = system.pop(key)
    if system_refs:
        component["externalReferences"] = system_refs
    if props := _properties(_prune(system)):
        component["properties"] = props

    datasets = facts.pop("datasets", [])
    names = [d["name"] for d in datasets]
    # The loader infers "training" for a dataset a modelCard lists: refs only where that is stated.
    stated_use = {d["name"] for d in datasets if d.get("used_for")}
    components = [_dataset(i, d) for i, d in enumerate(datasets)]
    components = [*(_model(i, m, names, stated_use) for i, m in enumerate(facts.pop("models", []))), *components]

    metadata: dict[str, Any] = {
        "timestamp": timestamp or datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "tools": {"components": [{"type": "application", "name": "cleangate", "version": tool_version or "0"}]},
        "component": component,
    }
    if props := _properties(_prune(facts)):
        metadata["properties"] = props
    bom: dict[str, Any] = {
        "bomFormat": "CycloneDX",
        "specVersion": SPEC_VERSION,
        "serialNumber": serial or f"urn:uuid:{uuid.uuid4()}",
        "version": 1,
        "metadata": metadata,
    }
    if components:
        bom["components"] = components
    return bom


def _model(index: int, model: dict[str, Any], dataset_names: list[str], stated_use: set[str]) -> dict[str, Any]:
    component: dict[str, Any] = {
        "type": "machine-learning-model", "bom-ref": f"model-{index}", "name": model.pop("name"),
    }
    if "version" in model:
        component["version"] = model.pop("version")
    if "provider" in model:
        # The loader infers a licence holder from `supplier`; where none is stated, `publisher`
        # carries the provider without adding a fact.
        if "licence_holder" in model or "licence" not in model:
            component["supplier"] = {"name": model.pop("provider")}
        else:
            component["publisher"] = model.pop("provider")
    if licences := _licence(model):
        component["licenses"] = licences
    if hashes := _hashes(model):
        component["hashes"] = hashes
    refs: list[dict[str, str]] = []
    _external(refs, "model-card", model, "documentation", "model_card")
    _external(refs, "distribution", model, "distribution")
    if refs:
        component["externalReferences"] = refs
    used = model.get("datasets") or []
    # Dataset refs only when each name is one unique data component; the loader reads refs back as names.
    if (used and all(dataset_names.count(n) == 1 and n in stated_use for n in used)
            and len(set(used)) == len(used)):
        model.pop("datasets")
        component["modelCard"] = {"modelParameters": {
            "datasets": [{"ref": f"dataset-{dataset_names.index(n)}"} for n in used],
        }}
    if props := _properties(_prune(model)):
        component["properties"] = props
    return component


def _dataset(index: int, dataset: dict[str, Any]) -> dict[str, Any]:
    component: dict[str, Any] = {"type": "data", "bom-ref": f"dataset-{index}", "name": dataset.pop("name")}
    if "version" in dataset:
        component["version"] = dataset.pop("version")
    if licences := _licence(dataset):
        component["licenses"] = licences
    if hashes := _hashes(dataset):
        component["hashes"] = hashes
    if _is_url(dataset.get("url")):
        component["data"] = [{"type": "dataset", "contents": {"url": dataset.pop("url")}}]
    if props := _properties(_prune(dataset)):
        component["properties"] = props
    return component


def to_native(doc: PolicyInput) -> dict[str, Any]:
    """The policy input document as a native manifest (stated facts only)."""
    return {"apiVersion": API_VERSION, **doc.model_dump(mode="json", exclude_defaults=True)}


def native_yaml(manifest: dict[str, Any], header: str = "") -> str:
    body = yaml.safe_dump(manifest, sort_keys=False, allow_unicode=True, width=110, default_flow_style=None)
    return header + body


def differences(a: Any, b: Any, pointer: str = "") -> list[str]:
    """JSON pointers where two JSON-shaped values differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        out: list[str] = []
        for key in sorted(set(a) | set(b)):
            out += differences(a.get(key), b.get(key), f"{pointer}/{key}")
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [p for i, (x, y) in enumerate(zip(a, b, strict=True)) for p in differences(x, y, f"{pointer}/{i}")]
    return [] if a == b else [pointer or "/"]


def verify_round_trip(original: PolicyInput, converted: bytes, target: str) -> None:
    """Load the converted text and refuse the conversion if the policy input would change."""
    try:
        again = load_manifest(converted).policy_input
    except ManifestError as exc:
        raise ManifestError(
            f"the converted {target} does not load", [FieldProblem(p.pointer, p.message, p.expected)
                                                      for p in exc.problems], kind=Kind.INVALID,
        ) from None
    diff = differences(original.model_dump(mode="json"), again.model_dump(mode="json"))
    if diff:
        raise ManifestError(
            f"these facts cannot be expressed in {target} without changing them",
            [FieldProblem(p, "would change in conversion", "a value the target format can carry (docs/input.md)")
             for p in diff[:20]],
            kind=Kind.INVALID,
        )


__all__ = ["differences", "native_yaml", "to_cyclonedx", "to_native", "verify_round_trip"]

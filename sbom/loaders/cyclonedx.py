"""CycloneDX 1.5-1.7 ML-BOMs (JSON) onto the policy input document.

Standard fields come first (metadata.component, machine-learning-model and data components,
modelCard, licenses, hashes, externalReferences); facts CycloneDX has no field for come from
`cleangate:` properties (docs/input.md lists them). The BOM is validated against the official
schema with cyclonedx-python-lib's strict validator, but read from the validated JSON, because
the library's object model drops `modelCard` and component `data`.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from collections.abc import Iterator
from typing import Any

from sbom.errors import FieldProblem, ManifestError, UnsupportedFormat, pointer_from_parts
from sbom.inference import format_modality, task_interacts, task_modality
from sbom.loaders.interface import InferredFact, ManifestLoader, Normalised, SourceMap, Syntax
from sbom.loaders.properties import PropertyTarget, apply_property
from sbom.schema_errors import schema_problems

SUPPORTED = ("1.5", "1.6", "1.7")

GDPR_SPECIAL_CATEGORIES = (
    "health", "biometric", "genetic", "racial", "ethnic", "political", "religio", "philosophical",
    "trade union", "trade-union", "sex life", "sexual orientation",
)

# externalReferences of type "documentation" (or "other") say which legal document they are in
# `comment`; the first matching pattern wins, so the more specific ones come first.
DOCUMENT_KINDS_MODEL: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"annex\s*xii\b", re.I), "documentation.annex_xii"),
    (re.compile(r"annex\s*xi\b", re.I), "documentation.annex_xi"),
    (re.compile(r"training[- ]content summary|training[- ]data summary|art\.? ?53\(1\)\(d\)", re.I),
     "documentation.training_summary.url"),
    (re.compile(r"copyright[- ]policy", re.I), "documentation.copyright_policy"),
]
DOCUMENT_KINDS_SYSTEM: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"42001", re.I), "governance.iso42001_certificate"),
    (re.compile(r"impact assessment", re.I), "governance.impact_assessment"),
    (re.compile(r"ai policy", re.I), "governance.ai_policy"),
    (re.compile(r"records of processing|art\.? ?30", re.I), "governance.records_of_processing"),
    (re.compile(r"incident", re.I), "governance.incident_process"),
    (re.compile(r"monitoring", re.I), "governance.monitoring"),
]
# Where standard CycloneDX fields land in the input document (docs/input-reference.md reads this).
STANDARD_SOURCES: dict[str, str] = {
    "system.name": "`metadata.component.name`",
    "system.version": "`metadata.component.version`",
    "system.description": "`metadata.component.description`",
    "governance.risk_assessment": "`metadata.component.externalReferences[type=risk-assessment]`",
    "governance.iso42001_certificate": "`metadata.component.externalReferences[comment~42001]`",
    "governance.impact_assessment": "`metadata.component.externalReferences[comment~impact assessment]`",
    "governance.ai_policy": "`metadata.component.externalReferences[comment~AI policy]`",
    "governance.records_of_processing": "`metadata.component.externalReferences[comment~records of processing]`",
    "governance.incident_process": "`metadata.component.externalReferences[comment~incident]`",
    "governance.monitoring": "`metadata.component.externalReferences[comment~monitoring]`",
    "models[]": "`components[type=machine-learning-model]` (nested components too)",
    "models[].name": "component `name`",
    "models[].version": "component `version`",
    "models[].provider": "component `supplier.name`, `manufacturer.name`, `publisher` or `author`",
    "models[].licence": "component `licenses` (expression, or ids/names joined with AND)",
    "models[].licence_holder": "component `licenses[].license.licensing.licensor`",
    "models[].hashes[]": "component `hashes` (alg names mapped, e.g. SHA-256 to sha256)",
    "models[].documentation.model_card": "`externalReferences[type=model-card]`",
    "models[].distribution": "`externalReferences[type=distribution]`",
    "models[].documentation.annex_xi": "`externalReferences[type=documentation, comment~Annex XI]`",
    "models[].documentation.annex_xii": "`externalReferences[type=documentation, comment~Annex XII]`",
    "models[].documentation.copyright_policy": "`externalReferences[type=documentation, comment~copyright policy]`",
    "models[].documentation.training_summary.url":
        "`externalReferences[type=documentation, comment~training-content summary]` (an http(s) URL also sets"
        " `public`)",
    "models[].datasets": "`modelCard.modelParameters.datasets[]` (`ref` to a data component, or inline data)",
    "datasets[]": "`components[type=data]` and inline `modelCard.modelParameters.datasets[]`",
    "datasets[].name": "component `name`",
    "datasets[].version": "component `version`",
    "datasets[].licence": "component `licenses`",
    "datasets[].licence_holder": "component `licenses[].license.licensing.licensor`",
    "datasets[].hashes[]": "component `hashes`",
    "datasets[].url": "`data[].contents.url`",
    "datasets[].personal_data.present": "`data[].sensitiveData` non-empty, or `data[].classification` naming PII",
    "datasets[].personal_data.categories": "`data[].sensitiveData`",
    "datasets[].personal_data.special_categories": "`data[].sensitiveData` entries naming GDPR Art 9 categories",
}
TASK_PROPERTIES = frozenset({"primaryPurpose", "pipeline_tag", "task", "pipelineTag"})
"""Property names generators use for a Hugging Face task (OWASP aibom-generator: primaryPurpose)."""
HASH_ALGS = {
    "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512", "SHA3-256": "sha3-256",
    "SHA3-512": "sha3-512", "BLAKE2b-256": "blake2b-256", "MD5": "md5", "SHA-1": "sha1",
}


@functools.lru_cache(maxsize=4)
def _validator(version: str) -> Any:
    """cyclonedx-python-lib's strict validator, imported on first use: a native manifest never
    pays for loading the CycloneDX schemas."""
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    from sbom.loaders import iri, uniqueness

    iri.install()
    # cyclonedx-python-lib's validator compiles the official strict schema with its registry;
    # we keep both and swap only jsonschema's quadratic uniqueItems (sbom.loaders.uniqueness).
    strict = JsonStrictValidator(SchemaVersion.from_version(version))
    return uniqueness.linear(strict._validator)


Path = tuple[str | int, ...]


def _walk_components(components: Any, base: Path) -> Iterator[tuple[dict[str, Any], Path]]:
    if not isinstance(components, list):
        return
    for i, comp in enumerate(components):
        if isinstance(comp, dict):
            yield comp, (*base, i)
            yield from _walk_components(comp.get("components"), (*base, i, "components"))


class CycloneDxLoader(ManifestLoader):

    def accepts(self, tree: Any) -> bool:
        return isinstance(tree, dict) and tree.get("bomFormat") == "CycloneDX"

    def normalise(self, tree: Any, text: str, syntax: Syntax) -> Normalised:
        if syntax == "yaml":
            raise UnsupportedFormat("CycloneDX BOMs are accepted as JSON or XML, not YAML")
        version = tree.get("specVersion")
        if version not in SUPPORTED:
            raise ManifestError(
                "unsupported CycloneDX version",
                [FieldProblem("/specVersion", f"got {str(version)[:20]!r}", "one of 1.5, 1.6, 1.7")],
            )
        notices = fix_licence_case(tree)
        if syntax == "json":
            self._validate_schema(version, json.dumps(tree) if notices else text)
        builder = _Normaliser(tree)
        document, source_map = builder.build()
        return Normalised(
            format="cyclonedx", format_version=version, syntax=syntax, text=text,
            stated=document, source_map=source_map, inferred=builder.inferred, notices=notices,
            describes_system=builder.describes_system,
        )

    @staticmethod
    def _validate_schema(version: str, text: str) -> None:
        errors = list(itertools.islice(_validator(version).iter_errors(json.loads(text)), 20))
        if not errors:
            return
        problems = schema_problems([getattr(err, "data", err) for err in errors], version)
        raise ManifestError(f"BOM does not validate against the CycloneDX {version} schema", problems)


def fix_licence_case(tree: dict[str, Any]) -> list[FieldProblem]:
    """Accept `apache-2.0` as `Apache-2.0`, with a warning naming the canonical SPDX id.

    The CycloneDX schema lists SPDX ids case-sensitively, and several generators lower-case
    them; the SPDX list itself says ids match case-insensitively, so the id is repaired in the
    tree (before schema validation) and the author is told, instead of refusing the BOM.
    """
    from cyclonedx.spdx import fixup_id, is_supported_id

    notices: list[FieldProblem] = []
    holders: list[tuple[Any, Path]] = [(tree.get("metadata", {}).get("component"), ("metadata", "component"))]
    holders += list(_walk_components(tree.get("components"), ("components",)))
    for comp, path in holders:
        if not isinstance(comp, dict) or not isinstance(comp.get("licenses"), list):
            continue
        for i, choice in enumerate(comp["licenses"]):
            lic = choice.get("license") if isinstance(choice, dict) else None
            value = lic.get("id") if isinstance(lic, dict) else None
            if not isinstance(value, str) or is_supported_id(value):
                continue
            canonical = fixup_id(value)
            if canonical and isinstance(lic, dict):
                lic["id"] = canonical
                notices.append(FieldProblem(
                    pointer_from_parts((*path, "licenses", i, "license", "id")),
                    f"licence id {value[:60]!r} is not in SPDX spelling; read as {canonical!r}",
                    f"the SPDX id {canonical!r} (ids are listed case-sensitively in the CycloneDX schema)"))
    return notices


class _Normaliser:
    """Builds the input document from one BOM, recording where each fact came from."""

    def __init__(self, bom: dict[str, Any]) -> None:
        self.bom = bom
        self.doc: dict[str, Any] = {"system": {}, "models": [], "datasets": [], "governance": {}}
        self.map = SourceMap()
        self.problems: list[FieldProblem] = []
        self.dataset_names_by_ref: dict[str, str] = {}
        self.dataset_index_by_ref: dict[str, int] = {}
        self.inferred: list[InferredFact] = []
        self._inferred_at: dict[str, InferredFact] = {}
        self.describes_system = True

    def build(self) -> tuple[dict[str, Any], SourceMap]:
        metadata = self.bom.get("metadata") or {}
        system_component = metadata.get("component")
        components = list(_walk_components(self.bom.get("components"), ("components",)))
        if isinstance(system_component, dict):
            self._system(system_component, ("metadata", "component"))
            if system_component.get("type") == "machine-learning-model":
                # A BOM *of a model* describes that model as metadata.component: it is a model too.
                components.insert(0, (system_component, ("metadata", "component")))
        else:
            self._no_system(components)
        for i, prop in enumerate(metadata.get("properties") or []):
            self._property(prop, PropertyTarget.ROOT, [], ("metadata", "properties", i))
        self._infer_outputs({"properties": metadata.get("properties")}, ("metadata",))
        for comp, path in components:
            if comp.get("type") == "data":
                self._dataset(comp, path)
        for comp, path in components:
            if comp.get("type") == "machine-learning-model":
                self._model(comp, path)
        if self.problems:
            raise ManifestError("BOM properties could not be read", self.problems)
        return self.doc, self.map

    # -- system ---------------------------------------------------------------------------------
    def _no_system(self, components: list[tuple[dict[str, Any], Path]]) -> None:
        """No metadata.component (the schema makes it optional; CycloneDX's own ML examples omit
        it): the system is whatever the facts file says; failing that its facts are missing and
        the rules that need them are undetermined. Only its name is taken from the first model
        or dataset, marked as inferred, so reports can say what was judged."""
        self.describes_system = False
        self.map.add("", "")
        for section in ("/system", "/governance", "/context", "/evidence", "/extensions"):
            self.map.add(section, "")
        named = [(c, p) for c, p in components if c.get("type") in ("machine-learning-model", "data") and c.get("name")]
        named = named or [(c, p) for c, p in components if c.get("name")]
        if named:
            comp, path = named[0]
            self.inferred.append(InferredFact("/system/name", str(comp["name"])[:300],
                                              pointer_from_parts((*path, "name")),
                                              "name of the first model (the BOM has no metadata.component)"))
        else:
            raise ManifestError("the BOM describes nothing to judge", [FieldProblem(
                "/components", "no metadata.component and no named component",
                "metadata.component (the AI system) or components of type machine-learning-model or data")])

    def _system(self, comp: dict[str, Any], path: Path) -> None:
        system = self.doc["system"]
        self._copy(comp, "name", system, "name", "/system/name", path)
        self._copy(comp, "version", system, "version", "/system/version", path)
        self._copy(comp, "description", system, "description", "/system/description", path)
        self.map.add("/system", pointer_from_parts(path))
        # Facts about the deployment as a whole are stated on the system component, so a finding
        # about a missing one points there, not at the top of the BOM.
        for section in ("/governance", "/context", "/evidence", "/extensions"):
            self.map.add(section, pointer_from_parts(path))
        self.map.add("", "")
        for i, ref in enumerate(comp.get("externalReferences") or []):
            ref_path = (*path, "externalReferences", i)
            kind = ref.get("type")
            if kind == "risk-assessment":
                self._set_path(["governance", "risk_assessment"], ref.get("url"), ref_path)
            elif kind in ("documentation", "certification-report", "attestation", "other"):
                target = _match_kind(ref.get("comment", ""), DOCUMENT_KINDS_SYSTEM)
                if target:
                    self._set_path(list(target.split(".")), ref.get("url"), ref_path)
        for i, prop in enumerate(comp.get("properties") or []):
            self._property(prop, PropertyTarget.SYSTEM, ["system"], (*path, "properties", i))

    # -- models ---------------------------------------------------------------------------------
    def _model(self, comp: dict[str, Any], path: Path) -> None:
        index = len(self.doc["models"])
        base = f"/models/{index}"
        model: dict[str, Any] = {}
        self.doc["models"].append(model)
        self.map.add(base, pointer_from_parts(path))
        self._copy(comp, "name", model, "name", f"{base}/name", path)
        self._copy(comp, "version", model, "version", f"{base}/version", path)
        provider = _party_name(comp)
        if provider:
            model["provider"] = provider
        self._licence(comp, model, base, path)
        self._hashes(comp, model, base, path)
        for i, ref in enumerate(comp.get("externalReferences") or []):
            ref_path = (*path, "externalReferences", i)
            kind, url = ref.get("type"), ref.get("url")
            target: str | None = None
            if kind == "model-card":
                target = "documentation.model_card"
            elif kind == "distribution":
                target = "distribution"
            elif kind in ("documentation", "other", "evidence"):
                target = _match_kind(ref.get("comment", ""), DOCUMENT_KINDS_MODEL)
            if target:
                self._set_path(["models", index, *target.split(".")], url, ref_path)
                if target.endswith("training_summary.url") and str(url).startswith(("https://", "http://")):
                    self._set_path(["models", index, "documentation", "training_summary", "public"], True, ref_path)
        card = comp.get("modelCard") or {}
        params = card.get("modelParameters") or {}
        names: list[str] = []
        for i, ds in enumerate(params.get("datasets") or []):
            ds_path = (*path, "modelCard", "modelParameters", "datasets", i)
            if "ref" in ds:
                ref = ds["ref"]
                if ref in self.dataset_names_by_ref:
                    names.append(self.dataset_names_by_ref[ref])
                    self._infer(f"/datasets/{self.dataset_index_by_ref[ref]}/used_for", ["training"], ds_path,
                                "modelCard.modelParameters.datasets[] (a model's datasets are its training data)")
                else:
                    self.problems.append(FieldProblem(
                        pointer_from_parts((*ds_path, "ref")),
                        f"refers to {str(ref)[:80]!r}, which is no data component in this BOM",
                        "the bom-ref of a component of type data",
                    ))
            elif ds.get("name"):
                names.append(self._inline_dataset(ds, ds_path))
                self._infer(f"/datasets/{len(self.doc['datasets']) - 1}/used_for", ["training"], ds_path,
                            "modelCard.modelParameters.datasets[] (a model's datasets are its training data)")
        if names:
            model["datasets"] = names
            self.map.add(f"{base}/datasets", pointer_from_parts((*path, "modelCard", "modelParameters", "datasets")))
        self._infer_outputs(comp, path)
        for i, prop in enumerate(card.get("properties") or []):
            self._property(prop, PropertyTarget.MODEL, ["models", index], (*path, "modelCard", "properties", i))
        for i, prop in enumerate(comp.get("properties") or []):
            self._property(prop, PropertyTarget.MODEL, ["models", index], (*path, "properties", i))

    # -- datasets -------------------------------------------------------------------------------
    def _dataset(self, comp: dict[str, Any], path: Path) -> None:
        index = len(self.doc["datasets"])
        base = f"/datasets/{index}"
        dataset: dict[str, Any] = {}
        self.doc["datasets"].append(dataset)
        self.map.add(base, pointer_from_parts(path))
        self._copy(comp, "name", dataset, "name", f"{base}/name", path)
        self._copy(comp, "version", dataset, "version", f"{base}/version", path)
        if comp.get("bom-ref"):
            self.dataset_names_by_ref[comp["bom-ref"]] = comp.get("name", "")
            self.dataset_index_by_ref[comp["bom-ref"]] = index
        self._licence(comp, dataset, base, path)
        self._hashes(comp, dataset, base, path)
        for i, data in enumerate(comp.get("data") or []):
            self._component_data(data, index, (*path, "data", i))
        for i, prop in enumerate(comp.get("properties") or []):
            self._property(prop, PropertyTarget.DATASET, ["datasets", index], (*path, "properties", i))

    def _inline_dataset(self, data: dict[str, Any], path: Path) -> str:
        index = len(self.doc["datasets"])
        self.doc["datasets"].append({"name": data["name"]})
        self.map.add(f"/datasets/{index}", pointer_from_parts(path))
        self._component_data(data, index, path)
        return str(data["name"])

    def _component_data(self, data: dict[str, Any], index: int, path: Path) -> None:
        contents = data.get("contents") or {}
        if contents.get("url") and "url" not in self.doc["datasets"][index]:
            # A data component may hold several data[] entries (files of one dataset); the
            # dataset's url is the first one's, the others are parts of the same dataset.
            self._set_path(["datasets", index, "url"], contents["url"], (*path, "contents", "url"))
        sensitive = [s for s in data.get("sensitiveData") or [] if isinstance(s, str)]
        classification = str(data.get("classification") or "")
        base = f"/datasets/{index}/personal_data"
        if sensitive or re.search(r"\bPII\b|personal", classification, re.I):
            pd_path, field = ((*path, "sensitiveData"), "data[].sensitiveData") if sensitive else (
                (*path, "classification"), "data[].classification")
            self._infer(f"{base}/present", True, pd_path, field)
        if sensitive:
            self._infer(f"{base}/categories", sensitive, (*path, "sensitiveData"), "data[].sensitiveData")
            special = [s for s in sensitive if any(k in s.lower() for k in GDPR_SPECIAL_CATEGORIES)]
            if special:
                self._infer(f"{base}/special_categories", special, (*path, "sensitiveData"),
                            "data[].sensitiveData naming GDPR Art 9 categories")

    # -- inference (sbom/inference.py has the tables) --------------------------------------------
    def _infer(self, fact: str, value: Any, source: Path, field: str) -> None:
        """Record an inferred fact; lists from several places are joined, the first source kept."""
        known = self._inferred_at.get(fact)
        if known is None:
            item = InferredFact(fact, value, pointer_from_parts(source), field)
            self._inferred_at[fact] = item
            self.inferred.append(item)
        elif isinstance(known.value, list) and isinstance(value, list):
            known.value = [*known.value, *(v for v in value if v not in known.value)]

    def _infer_outputs(self, comp: dict[str, Any], path: Path) -> None:
        """Generated modalities and interaction with people, from the model's task and outputs."""
        card = comp.get("modelCard") or {}
        params = card.get("modelParameters") or {}
        tasks: list[tuple[str, Path, str]] = []
        if isinstance(params.get("task"), str):
            tasks.append((params["task"], (*path, "modelCard", "modelParameters", "task"),
                          "modelCard.modelParameters.task"))
        for where, props in (((*path, "properties"), comp.get("properties")),
                             ((*path, "modelCard", "properties"), card.get("properties"))):
            for i, prop in enumerate(props or []):
                name = str(prop.get("name", "")) if isinstance(prop, dict) else ""
                if name.split(":")[-1] in TASK_PROPERTIES and isinstance(prop.get("value"), str):
                    tasks.append((prop["value"], (*where, i, "value"), f"property {name} (a Hugging Face task)"))
        capabilities = "/system/capabilities"
        for task, source, field in tasks:
            modality = task_modality(task)
            if modality:
                self._infer(f"{capabilities}/synthetic_output_modalities", [modality], source,
                            f"{field} = {task[:60]!r}")
            if task_interacts(task):
                self._infer(f"{capabilities}/interacts_with_persons", True, source, f"{field} = {task[:60]!r}")
        for i, output in enumerate(params.get("outputs") or []):
            fmt = output.get("format") if isinstance(output, dict) else None
            modality = format_modality(fmt) if isinstance(fmt, str) else None
            if modality:
                self._infer(f"{capabilities}/synthetic_output_modalities", [modality],
                            (*path, "modelCard", "modelParameters", "outputs", i, "format"),
                            f"modelCard.modelParameters.outputs[].format = {str(fmt)[:40]!r}")

    # -- helpers --------------------------------------------------------------------------------
    def _copy(self, comp: dict[str, Any], key: str, target: dict[str, Any], name: str, pointer: str,
              path: Path) -> None:
        if key in comp:
            target[name] = comp[key]
            self.map.add(pointer, pointer_from_parts((*path, key)))

    def _licence(self, comp: dict[str, Any], target: dict[str, Any], base: str, path: Path) -> None:
        licences = comp.get("licenses") or []
        parts: list[str] = []
        for choice in licences:
            if "expression" in choice:
                parts.append(str(choice["expression"]))
            elif isinstance(choice.get("license"), dict):
                lic = choice["license"]
                parts.append(str(lic.get("id") or lic.get("name")))
                licensor = ((lic.get("licensing") or {}).get("licensor") or {})
                holder = (licensor.get("organization") or licensor.get("individual") or {}).get("name")
                if holder:
                    target["licence_holder"] = holder
        if parts:
            target["licence"] = parts[0] if len(parts) == 1 else " AND ".join(f"({p})" for p in parts)
            self.map.add(f"{base}/licence", pointer_from_parts((*path, "licenses")))
            self.map.add(f"{base}/licence_holder", pointer_from_parts((*path, "licenses")))
            if "licence_holder" not in target:
                for key in ("supplier", "manufacturer"):
                    party = comp.get(key)
                    if isinstance(party, dict) and isinstance(party.get("name"), str) and party["name"].strip():
                        # supplier and manufacturer are organizational entities in the schema
                        self._infer(f"{base}/licence_holder", party["name"][:2000], (*path, key, "name"),
                                    f"{key}.name (the organisation that supplies it)")
                        break

    def _hashes(self, comp: dict[str, Any], target: dict[str, Any], base: str, path: Path) -> None:
        hashes = [
            {"alg": HASH_ALGS[h["alg"]], "value": h["content"]}
            for h in comp.get("hashes") or []
            if h.get("alg") in HASH_ALGS
        ]
        if hashes:
            self._infer(f"{base}/hashes", hashes, (*path, "hashes"), "hashes")

    def _set_path(self, parts: list[str | int], value: Any, source: Path) -> None:
        node: Any = self.doc
        for part in parts[:-1]:
            node = node[part] if isinstance(part, int) else node.setdefault(part, {})
        pointer = pointer_from_parts(parts)
        if parts[-1] in node and node[parts[-1]] != value:
            # Two places of the BOM state one fact differently: which one the author meant is
            # not ours to guess, and a silent choice would let a finding point at the loser.
            self.problems.append(FieldProblem(
                pointer_from_parts(source),
                f"states {pointer.lstrip('/').replace('/', '.')} as {str(value)[:60]!r}, but "
                f"{self.map.entries.get(pointer, 'another field')} already states {str(node[parts[-1]])[:60]!r}",
                "one value per fact",
            ))
            return
        node[parts[-1]] = value
        self.map.add(pointer, pointer_from_parts(source))

    def _property(self, prop: dict[str, Any], target: PropertyTarget, base: list[str | int],
                  path: Path) -> None:
        name = str(prop.get("name", ""))
        if not name.startswith("cleangate:"):
            return
        outcome = apply_property(name, prop.get("value"), target)
        if isinstance(outcome, FieldProblem):
            self.problems.append(FieldProblem(pointer_from_parts(path), outcome.message, outcome.expected))
            return
        parts, value, append = outcome
        full = [*base, *parts] if parts[0] not in ("governance", "context", "extensions", "evidence") else parts
        if append:
            node: Any = self.doc
            for part in full[:-1]:
                node = node[part] if isinstance(part, int) else node.setdefault(part, {})
            existing = node.setdefault(full[-1], [])
            existing.extend(v for v in value if v not in existing)
            self.map.add(pointer_from_parts(full), pointer_from_parts(path))
        else:
            self._set_path(full, value, path)


def _party_name(comp: dict[str, Any]) -> str | None:
    for key in ("supplier", "manufacturer"):
        party = comp.get(key)
        if isinstance(party, dict) and party.get("name"):
            return str(party["name"])
    for key in ("publisher", "author"):
        if comp.get(key):
            return str(comp[key])
    return None


def _match_kind(comment: str, table: list[tuple[re.Pattern[str], str]]) -> str | None:
    return next((target for pattern, target in table if pattern.search(comment or "")), None)

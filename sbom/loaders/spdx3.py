"""SPDX 3.0.1 JSON-LD with the AI and Dataset profiles onto the policy input document.

The document is read with spdx-python-model (the SPDX project's generated bindings, the `spdx`
extra, imported only when an SPDX 3 document arrives), which checks every class, property and
enumerated value against the 3.0.1 model; the loader then maps what it deserialised:

- `ai_AIPackage` -> `models[]`: name, `software_packageVersion`, `suppliedBy`, licences from
  `hasConcludedLicense` (else `hasDeclaredLicense`) relationships, `verifiedUsing` hashes,
  datasets from `trainedOn` / `testedOn` relationships (training / evaluation use); the AI
  profile's own properties (typeOfModel, domain, autonomyType, informationAboutTraining,
  limitation, safetyRiskAssessment, useSensitivePersonalInformation, energyConsumption, ...)
  are kept under `extensions.spdx_ai.<model>` for organisation policies, and `autonomyType`
  and `domain` feed inferred facts.
- `dataset_DatasetPackage` -> `datasets[]`: name, version, licences, hashes, `datasetType`
  (modalities), `dataCollectionProcess` (provenance), `hasSensitivePersonalInformation`
  (personal data, inferred), `datasetAvailability` (scrapingScript: crawled, inferred),
  `intendedUse` and the other Dataset properties under `extensions.spdx_dataset.<dataset>`.

SPDX has no element for "the deployed system": as with a CycloneDX BOM without
metadata.component, the facts file describes it (sbom/facts.py).
"""

from __future__ import annotations

import copy
from typing import Any

from sbom.errors import FieldProblem, Kind, ManifestError, pointer_from_parts
from sbom.inference import task_modality
from sbom.loaders.interface import InferredFact, ManifestLoader, Normalised, SourceMap, Syntax

CONTEXT = "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"
LISTED = "https://spdx.org/licenses/"
HASHES = {"sha256": "sha256", "sha384": "sha384", "sha512": "sha512", "sha3_256": "sha3-256",
          "sha3_512": "sha3-512", "blake2b256": "blake2b-256", "md5": "md5", "sha1": "sha1"}
DATASET_MODALITIES = {"text": "text", "image": "image", "audio": "audio", "video": "video"}
AI_EXTRAS = ("ai_typeOfModel", "ai_domain", "ai_autonomyType", "ai_informationAboutTraining",
             "ai_informationAboutApplication", "ai_limitation", "ai_safetyRiskAssessment",
             "ai_useSensitivePersonalInformation", "ai_standardCompliance", "ai_modelExplainability",
             "ai_modelDataPreprocessing")
DATASET_EXTRAS = ("dataset_datasetType", "dataset_intendedUse",
                  "dataset_hasSensitivePersonalInformation", "dataset_datasetAvailability",
                  "dataset_confidentialityLevel", "dataset_knownBias", "dataset_datasetSize",
                  "dataset_dataPreprocessing", "dataset_sensor")


def _tail(value: Any) -> str:
    """`https://spdx.org/rdf/3.0.1/terms/Core/PresenceType/yes` -> `yes`."""
    return str(value).rsplit("/", 1)[-1]


def _words(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word boundary (a fact is never cut mid-word)."""
    return text if len(text) <= limit else text[: limit - 4].rsplit(" ", 1)[0] + " ..."


def _plain(value: Any) -> Any:
    if isinstance(value, str | int | float | bool):
        return _tail(value) if isinstance(value, str) and value.startswith("https://spdx.org/rdf/") else value
    if hasattr(value, "__iter__") and not isinstance(value, dict):
        return [_plain(v) for v in value]
    return str(getattr(value, "_id", None) or type(value).__name__)


class Spdx3Loader(ManifestLoader):

    def accepts(self, tree: Any) -> bool:
        if not isinstance(tree, dict):
            return False
        context = tree.get("@context")
        return context == CONTEXT or (isinstance(context, list) and CONTEXT in context)

    def normalise(self, tree: Any, text: str, syntax: Syntax) -> Normalised:
        if syntax != "json":
            raise ManifestError("SPDX 3 is read as JSON-LD", [FieldProblem("", f"got {syntax}", "JSON-LD")],
                                Kind.UNSUPPORTED)
        model, objset = _deserialise(tree)
        mapper = _Mapper(tree, model, objset)
        stated = mapper.build()
        return Normalised(format="spdx", format_version="3.0.1", syntax="json", text=text,
                          stated=stated, source_map=mapper.map, inferred=mapper.inferred, describes_system=False)


def _deserialise(tree: dict[str, Any]) -> tuple[Any, Any]:
    try:
        import spdx_python_model
    except ImportError:
        raise ManifestError("SPDX 3 needs the spdx extra", [FieldProblem(
            "", "spdx-python-model is not installed", "pip install 'cleangate[spdx]', or the BOM as CycloneDX")],
            kind=Kind.UNSUPPORTED) from None
    graph = tree.get("@graph")
    if not isinstance(graph, list) or not graph:
        raise ManifestError("not an SPDX 3.0.1 document", [FieldProblem(
            "/@graph", "missing or empty", "an @graph list of SPDX elements (SpdxDocument, ai_AIPackage, ...)")])
    try:
        return spdx_python_model.load_data(copy.deepcopy(tree))
    except (ValueError, TypeError, KeyError, AttributeError, spdx_python_model.LoadError) as exc:
        raise ManifestError("not a valid SPDX 3.0.1 document", [_locate_error(tree, exc)]) from None


def _locate_error(tree: dict[str, Any], exc: Exception) -> FieldProblem:
    """The library names the problem, not the element: find the first element that fails alone."""
    import spdx_python_model

    message = str(exc).strip("\"'")[:300]
    for i, element in enumerate(tree.get("@graph") or []):
        try:
            spdx_python_model.load_data({"@context": tree["@context"], "@graph": [copy.deepcopy(element)]})
        except (ValueError, TypeError, KeyError, AttributeError, spdx_python_model.LoadError) as inner:
            kind = element.get("type") if isinstance(element, dict) else None
            return FieldProblem(f"/@graph/{i}", f"{kind or 'element'}: {str(inner).strip(chr(34))[:300]}",
                                "classes, properties and values of the SPDX 3.0.1 model (spdx.github.io/spdx-spec)")
    return FieldProblem("", message, "a document of the SPDX 3.0.1 model")


class _Mapper:
    def __init__(self, tree: dict[str, Any], model: Any, objset: Any) -> None:
        self.model, self.objset = model, objset
        self.index = {str(e.get("spdxId") or e.get("@id")): i for i, e in enumerate(tree["@graph"])
                      if isinstance(e, dict)}
        self.map = SourceMap()
        self.inferred: list[InferredFact] = []
        self.doc: dict[str, Any] = {"system": {}, "models": [], "datasets": []}
        self.dataset_at: dict[str, int] = {}

    def _in_order(self, kind: Any) -> list[Any]:
        objects = list(self.objset.foreach_type(kind))
        return sorted(objects, key=lambda o: (self.index.get(str(getattr(o, "_id", None)), len(self.index)),
                                              str(getattr(o, "_id", ""))))

    def _where(self, obj: Any, *parts: str | int) -> str:
        i = self.index.get(str(getattr(obj, "_id", obj)))
        return pointer_from_parts(("@graph", i, *parts)) if i is not None else ""

    def build(self) -> dict[str, Any]:
        self.map.add("", "")
        for section in ("/system", "/governance", "/context", "/evidence", "/extensions"):
            self.map.add(section, "")
        # The object set iterates in hash order: sort by place in @graph, so /models/0 is stable.
        relationships = self._in_order(self.model.Relationship)
        for ds in self._in_order(self.model.dataset_DatasetPackage):
            self._dataset(ds, relationships)
        for ai in self._in_order(self.model.ai_AIPackage):
            self._model(ai, relationships)
        first = self.doc["models"] or self.doc["datasets"]
        if not first:
            raise ManifestError("the SPDX document describes no model or dataset", [FieldProblem(
                "/@graph", "no ai_AIPackage and no dataset_DatasetPackage", "the AI and Dataset profile elements")])
        source = "/models/0/name" if self.doc["models"] else "/datasets/0/name"
        self.inferred.append(InferredFact("/system/name", first[0]["name"], self.map.resolve(source),
                                          "name of the first AIPackage (SPDX has no element for the system)"))
        return {k: v for k, v in self.doc.items() if v}

    def _common(self, obj: Any, target: dict[str, Any], base: str, relationships: list[Any]) -> None:
        target["name"] = str(obj.name or _tail(obj._id))[:300]
        self.map.add(base, self._where(obj))
        self.map.add(f"{base}/name", self._where(obj, "name"))
        if obj.software_packageVersion:
            target["version"] = str(obj.software_packageVersion)[:100]
        licence = self._licence(obj, relationships)
        if licence:
            target["licence"] = licence
            self.map.add(f"{base}/licence", self._where(obj))
        hashes = [{"alg": HASHES[_tail(h.algorithm)], "value": h.hashValue} for h in obj.verifiedUsing or []
                  if getattr(h, "algorithm", None) and _tail(h.algorithm) in HASHES and getattr(h, "hashValue", None)]
        if hashes:
            self.inferred.append(InferredFact(f"{base}/hashes", hashes, self._where(obj, "verifiedUsing"),
                                              "verifiedUsing"))

    def _licence(self, obj: Any, relationships: list[Any]) -> str | None:
        for kind in ("hasConcludedLicense", "hasDeclaredLicense"):
            found = [self._licence_text(t) for r in relationships if _tail(r.relationshipType) == kind
                     and str(getattr(r.from_, "_id", r.from_)) == str(obj._id) for t in r.to or []]
            found = [f for f in found if f]
            if found:
                return found[0] if len(found) == 1 else " AND ".join(f"({f})" for f in found)
        return None

    def _licence_text(self, target: Any) -> str | None:
        ident = str(getattr(target, "_id", target) or "")
        if ident.endswith(("NoAssertionLicense", "NoneLicense")):
            return None
        if expression := getattr(target, "simplelicensing_licenseExpression", None):
            return str(expression)[:500]
        if ident.startswith(LISTED):
            return ident.removeprefix(LISTED)
        name = getattr(target, "name", None)
        if not (ident or name):
            return None
        # A custom licence has no SPDX id: it is a LicenseRef- in an SPDX expression.
        return "LicenseRef-" + "".join(c if c.isalnum() or c in ".-" else "-" for c in str(name or _tail(ident)))[:400]

    def _extras(self, obj: Any, keys: tuple[str, ...], group: str) -> None:
        extras = {k.split("_", 1)[1]: _plain(getattr(obj, k)) for k in keys if getattr(obj, k, None) not in (None, [])}
        if extras:
            self.doc.setdefault("extensions", {}).setdefault(group, {})[str(obj.name)] = extras

    def _dataset(self, ds: Any, relationships: list[Any]) -> None:
        index = len(self.doc["datasets"])
        base = f"/datasets/{index}"
        dataset: dict[str, Any] = {}
        self.doc["datasets"].append(dataset)
        self.dataset_at[str(ds._id)] = index
        self._common(ds, dataset, base, relationships)
        modalities = sorted({DATASET_MODALITIES[_tail(t)] for t in ds.dataset_datasetType or []
                             if _tail(t) in DATASET_MODALITIES})
        if modalities:
            dataset["modalities"] = modalities
            self.map.add(f"{base}/modalities", self._where(ds, "dataset_datasetType"))
        if ds.dataset_dataCollectionProcess:
            dataset["provenance"] = _words(str(ds.dataset_dataCollectionProcess), 2000)
            self.map.add(f"{base}/provenance", self._where(ds, "dataset_dataCollectionProcess"))
        if ds.software_downloadLocation:
            dataset["url"] = str(ds.software_downloadLocation)[:2000]
            self.map.add(f"{base}/url", self._where(ds, "software_downloadLocation"))
        if ds.dataset_hasSensitivePersonalInformation and _tail(ds.dataset_hasSensitivePersonalInformation) == "yes":
            self.inferred.append(InferredFact(f"{base}/personal_data/present", True,
                                              self._where(ds, "dataset_hasSensitivePersonalInformation"),
                                              "dataset_hasSensitivePersonalInformation = yes"))
        if ds.dataset_datasetAvailability and _tail(ds.dataset_datasetAvailability) == "scrapingScript":
            self.inferred.append(InferredFact(f"{base}/source_type", "crawled",
                                              self._where(ds, "dataset_datasetAvailability"),
                                              "dataset_datasetAvailability = scrapingScript"))
        self._extras(ds, DATASET_EXTRAS, "spdx_dataset")

    def _model(self, ai: Any, relationships: list[Any]) -> None:
        index = len(self.doc["models"])
        base = f"/models/{index}"
        model: dict[str, Any] = {}
        self.doc["models"].append(model)
        self._common(ai, model, base, relationships)
        supplier = ai.suppliedBy
        name = getattr(supplier, "name", None) if supplier is not None and not isinstance(supplier, str) else None
        if name or supplier:
            model["provider"] = str(name or supplier)[:2000]
            self.map.add(f"{base}/provider", self._where(ai, "suppliedBy"))
        used: dict[str, list[str]] = {}
        for r in relationships:
            kind = _tail(r.relationshipType)
            if kind in ("trainedOn", "testedOn") and str(getattr(r.from_, "_id", r.from_)) == str(ai._id):
                for t in r.to or []:
                    at = self.dataset_at.get(str(getattr(t, "_id", t)))
                    if at is not None:
                        used.setdefault(self.doc["datasets"][at]["name"], []).append(kind)
                        use = "training" if kind == "trainedOn" else "evaluation"
                        uses = self.doc["datasets"][at].setdefault("used_for", [])
                        if use not in uses:
                            uses.append(use)
                        self.map.add(f"/datasets/{at}/used_for", self._where(r))
        trained = [n for n, kinds in used.items() if "trainedOn" in kinds]
        if trained:
            model["datasets"] = trained
            self.map.add(f"{base}/datasets", self._where(ai))
        for domain in ai.ai_domain or []:
            modality = task_modality(str(domain))
            if modality:
                self.inferred.append(InferredFact("/system/capabilities/synthetic_output_modalities", [modality],
                                                  self._where(ai, "ai_domain"), f"ai_domain = {str(domain)[:60]!r}"))
                break
        if ai.ai_autonomyType and _tail(ai.ai_autonomyType) in ("yes", "no"):
            autonomy = "full" if _tail(ai.ai_autonomyType) == "yes" else "human-in-the-loop"
            self.inferred.append(InferredFact("/system/human_oversight/autonomy", autonomy,
                                              self._where(ai, "ai_autonomyType"),
                                              f"ai_autonomyType = {_tail(ai.ai_autonomyType)}"))
        self._extras(ai, AI_EXTRAS, "spdx_ai")

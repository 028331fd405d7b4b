"""Dataset blast radius and system lineage over the decision log.

The question a deletion injunction asks: if a dataset is found unlawful, which systems, versions,
models and adapters must be retrained or withdrawn, where are they deployed, and is removing an
adapter enough? The answer is read from the same policy input documents the gate judged (each
stored manifest goes back through `sbom.load`), for the latest decision of every system and
version, so it names the decision every answer came from.

A dependency is found directly (a model or adapter of the system names the dataset) or through a
base model: a model whose `base_model` is a model trained on the dataset, transitively, where
models are matched across the log's manifests by name (case-insensitive) or by any digest.
Datasets are matched the same way, so a dataset queried by name also finds the copies other
manifests name differently but hash identically.

The work is linear in the log: one streamed pass keeps the latest decision per system+version,
each kept manifest is loaded once, identities are merged with a union-find (near-constant per
name or digest), and the transitive base-model closure is one breadth-first walk.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from sbom.errors import ManifestError
from sbom.limits import DEFAULT_LIMITS, Limits
from sbom.load import load_manifest
from sbom.model import Adapter, Hash, Model, PolicyInput
from service.store.interface import StoredDecision
from service.timestamps import utc_text

SEPARABLE_KINDS = frozenset({"lora", "qlora", "prefix"})
"""Adapter kinds whose weights sit beside the base weights: removing the adapter removes the dataset."""
DIGEST = re.compile(r"^(?:[a-z0-9-]+:)?([0-9a-fA-F]{16,128})$")


# -- the log, reduced to the latest decision per system and version ------------------------------


@dataclass
class LatestDecision:
    """The latest decision of one system+version, with the manifest text it judged."""

    seq: int
    decision_id: str
    recorded_at: str
    verdict: str
    as_of: str | None
    system: str
    version: str | None
    repository: str | None
    manifest: str | None


def latest_decisions(decisions: Iterable[StoredDecision]) -> list[LatestDecision]:
    """One pass over the log (oldest first): the newest decision per (system, version) wins."""
    latest: dict[tuple[str, str | None], LatestDecision] = {}
    for row in decisions:
        d = row.decision
        info = d.get("manifest") or {}
        system = str(info.get("system") or "")
        version = info.get("system_version")
        key = (system, version)
        current = latest.get(key)
        if current is not None and current.seq > row.seq:
            continue
        latest[key] = LatestDecision(
            seq=row.seq, decision_id=row.decision_id, recorded_at=utc_text(row.recorded_at),
            verdict=str(d.get("verdict")), as_of=d.get("as_of"), system=system, version=version,
            repository=(d.get("context") or {}).get("repository"), manifest=row.manifest)
    return sorted(latest.values(), key=lambda x: (x.system, x.version or "", x.seq))


@dataclass
class LoadedEntry:
    decision: LatestDecision
    doc: PolicyInput | None
    problem: str | None = None


def load_entries(latest: Iterable[LatestDecision], limits: Limits = DEFAULT_LIMITS) -> list[LoadedEntry]:
    """Each stored manifest through the gate's own loader; one that no longer loads is kept with
    the reason, so a report can say which decisions it could not read (never silently skip)."""
    out: list[LoadedEntry] = []
    for item in latest:
        if item.manifest is None:
            out.append(LoadedEntry(item, None, "the decision was stored without its manifest"))
            continue
        try:
            loaded = load_manifest(item.manifest.encode("utf-8"), None, limits)
        except ManifestError as exc:
            out.append(LoadedEntry(item, None, f"the stored manifest no longer loads: {exc}"[:500]))
            continue
        out.append(LoadedEntry(item, loaded.policy_input))
    return out


# -- identities: the same model or dataset under one name or digest, across manifests -----------


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[tuple[str, str], tuple[str, str]] = {}
        self.size: dict[tuple[str, str], int] = {}

    def add(self, key: tuple[str, str]) -> tuple[str, str]:
        if key not in self.parent:
            self.parent[key], self.size[key] = key, 1
        return self.find(key)

    def find(self, key: tuple[str, str]) -> tuple[str, str]:
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:  # path compression
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, keys: list[tuple[str, str]]) -> tuple[str, str]:
        root = self.add(keys[0])
        for key in keys[1:]:
            other = self.add(key)
            if other != root:
                if self.size[other] > self.size[root]:
                    root, other = other, root
                self.parent[other] = root
                self.size[root] += self.size[other]
        return root


def _keys(name: str, hashes: Iterable[Hash] = ()) -> list[tuple[str, str]]:
    return [("name", name.casefold()), *(("digest", h.value.lower()) for h in hashes)]


def query_keys(query: str) -> list[tuple[str, str]]:
    """A name, a hex digest, or `alg:hex` (sha256:...): every key the query could mean."""
    keys = [("name", query.casefold())]
    match = DIGEST.match(query.strip())
    if match:
        keys.append(("digest", match.group(1).lower()))
    return keys


@dataclass
class _Declared:
    """A model's own training datasets as one manifest declares them."""

    dataset: str
    model: str
    entry: int


@dataclass
class LineageIndex:
    """Identity classes of models and datasets over the loaded entries, and the base-model edges."""

    entries: list[LoadedEntry]
    models: _UnionFind = field(default_factory=_UnionFind)
    datasets: _UnionFind = field(default_factory=_UnionFind)
    own: dict[tuple[str, str], list[_Declared]] = field(default_factory=dict)
    """Model class -> datasets in its own weights (not its adapters), with the entry declaring them."""
    bases: dict[tuple[str, str], set[tuple[str, str]]] = field(default_factory=dict)
    """Model class -> classes of its base models."""
    derived: dict[tuple[str, str], set[tuple[str, str]]] = field(default_factory=dict)
    names: dict[tuple[str, str], str] = field(default_factory=dict)

    # Within a manifest, models and datasets refer to each other by name, and every name key was
    # merged with its entry's digests in build_index, so a name lookup finds the whole class.
    def model_class(self, model: Model) -> tuple[str, str]:
        return self.models.find(("name", model.name.casefold()))

    def base_class(self, model: Model) -> tuple[str, str] | None:
        return self.models.find(("name", model.base_model.casefold())) if model.base_model else None

    def dataset_class(self, name: str) -> tuple[str, str]:
        return self.datasets.find(("name", name.casefold()))


def adapter_datasets(model: Model) -> set[str]:
    return {name for adapter in model.adapters for name in adapter.datasets}


def own_datasets(model: Model) -> list[str]:
    """Datasets in the model's own weights: those it names that none of its adapters names."""
    in_adapters = adapter_datasets(model)
    return [name for name in model.datasets if name not in in_adapters]


def build_index(entries: list[LoadedEntry]) -> LineageIndex:
    index = LineageIndex(entries)
    for entry in entries:  # identities first, so every later lookup sees the merged classes
        doc = entry.doc
        if doc is None:
            continue
        for ds in doc.datasets:
            index.datasets.union(_keys(ds.name, ds.hashes))
        for model in doc.models:
            index.models.union(_keys(model.name, model.hashes))
            for name in [*model.datasets, *adapter_datasets(model)]:
                index.datasets.add(("name", name.casefold()))
            if model.base_model:
                index.models.add(("name", model.base_model.casefold()))
    for number, entry in enumerate(entries):
        doc = entry.doc
        if doc is None:
            continue
        for model in doc.models:
            cls = index.model_class(model)
            index.names.setdefault(cls, model.name)
            index.own.setdefault(cls, []).extend(_Declared(name, model.name, number) for name in own_datasets(model))
            base = index.base_class(model)
            if base is not None and base != cls:
                index.bases.setdefault(cls, set()).add(base)
                index.derived.setdefault(base, set()).add(cls)
                index.names.setdefault(base, model.base_model or "")
    return index


# -- the answers -----------------------------------------------------------------------------


class Deployment(BaseModel):
    regions: list[str] = Field(default_factory=list)
    environment: str | None = None
    placed_on_market: date | None = None
    go_live: date | None = None


class DecisionRef(BaseModel):
    """The decision an answer came from: the latest one for its system and version."""

    decision_id: str
    seq: int
    recorded_at: str
    verdict: str
    as_of: str | None = None


class DatasetMatch(BaseModel):
    system: str
    system_version: str | None = None
    name: str
    digests: list[str] = Field(default_factory=list, description="alg:value of every hash the manifest states.")
    used_for: list[str] = Field(default_factory=list)
    decision_id: str


class DeclaredBy(BaseModel):
    system: str
    system_version: str | None = None
    model: str
    dataset: str
    decision_id: str


Layer = Literal["weights", "adapter", "unattributed"]


class DependencyPath(BaseModel):
    """One way a system depends on the dataset."""

    model: str | None = Field(None, description="The system's model (None: no model names the dataset).")
    model_version: str | None = None
    layer: Layer = Field(description="weights: in the model's weights (its own or a base model's); adapter: only "
                         "in the named adapter; unattributed: the manifest lists the dataset but no model or adapter "
                         "names it (treated as weights).")
    adapter: str | None = None
    adapter_kind: str | None = None
    adapter_removable: bool | None = None
    adapter_suffices: bool = Field(False, description="Removing or retraining this adapter removes the dataset "
                                   "(a LoRA/QLoRA/prefix adapter, or one stated removable).")
    via: list[str] = Field(default_factory=list, description="Base models between the system's model and the one "
                           "trained on the dataset, nearest first (empty: the model itself).")
    declared_by: DeclaredBy | None = Field(None, description="The manifest that states the training on the dataset.")
    used_for: list[str] = Field(default_factory=list, description="How this system's manifest uses the dataset.")


class SystemImpact(BaseModel):
    system: str
    system_version: str | None = None
    decision: DecisionRef
    deployment: Deployment
    adapter_only: bool = Field(description="Every dependency is in an adapter that can be removed or retrained.")
    action: str = Field(description="What the dependency calls for, in words.")
    paths: list[DependencyPath]


class Unreadable(BaseModel):
    system: str
    system_version: str | None = None
    decision_id: str
    problem: str


class ImpactReport(BaseModel):
    """`cleangate lineage impact`, `GET /v1/lineage/impact`."""

    dataset: str = Field(description="The dataset asked about (name or digest).")
    matched: list[DatasetMatch] = Field(description="Dataset entries of the log's manifests that are this dataset.")
    systems: list[SystemImpact]
    systems_read: int = Field(description="System versions whose latest decision was read.")
    unreadable: list[Unreadable] = Field(default_factory=list, description="Latest decisions whose manifest could "
                                         "not be read: the answer does not cover them.")


def _decision_ref(item: LatestDecision) -> DecisionRef:
    return DecisionRef(decision_id=item.decision_id, seq=item.seq, recorded_at=item.recorded_at,
                       verdict=item.verdict, as_of=item.as_of)


def _deployment(doc: PolicyInput) -> Deployment:
    dep = doc.system.deployment
    return Deployment(regions=list(dep.regions), environment=dep.environment,
                      placed_on_market=dep.placed_on_market, go_live=dep.go_live)


def _unreadable(entries: list[LoadedEntry]) -> list[Unreadable]:
    return [Unreadable(system=e.decision.system, system_version=e.decision.version,
                       decision_id=e.decision.decision_id, problem=e.problem or "")
            for e in entries if e.doc is None]


@dataclass
class _Taint:
    """Why a model class depends on the dataset: trained on it, or built on a base that is."""

    declared: _Declared | None = None
    base: tuple[str, str] | None = None


def _tainted(index: LineageIndex, targets: set[tuple[str, str]]) -> dict[tuple[str, str], _Taint]:
    found: dict[tuple[str, str], _Taint] = {}
    queue: deque[tuple[str, str]] = deque()
    for cls, declared in index.own.items():
        for item in declared:
            if index.dataset_class(item.dataset) in targets:
                found[cls] = _Taint(declared=item)
                queue.append(cls)
                break
    while queue:  # each class enters the queue once: linear in the number of base-model edges
        base = queue.popleft()
        for cls in index.derived.get(base, ()):
            if cls not in found:
                found[cls] = _Taint(base=base)
                queue.append(cls)
    return found


def _chain(index: LineageIndex, tainted: dict[tuple[str, str], _Taint],
           cls: tuple[str, str]) -> tuple[list[str], _Declared | None]:
    via: list[str] = []
    seen = {cls}
    taint = tainted[cls]
    while taint.base is not None and taint.base not in seen:
        seen.add(taint.base)
        via.append(index.names.get(taint.base, taint.base[1]))
        taint = tainted[taint.base]
    return via, taint.declared


def _declared_by(index: LineageIndex, declared: _Declared | None) -> DeclaredBy | None:
    if declared is None:
        return None
    entry = index.entries[declared.entry]
    return DeclaredBy(system=entry.decision.system, system_version=entry.decision.version, model=declared.model,
                      dataset=declared.dataset, decision_id=entry.decision.decision_id)


def _adapter_path(model: Model, adapter: Adapter, used_for: list[str]) -> DependencyPath:
    suffices = adapter.removable is True or (adapter.kind in SEPARABLE_KINDS and adapter.removable is not False)
    return DependencyPath(model=model.name, model_version=model.version, layer="adapter", adapter=adapter.name,
                          adapter_kind=adapter.kind, adapter_removable=adapter.removable,
                          adapter_suffices=suffices, used_for=used_for)


def _system_paths(index: LineageIndex, doc: PolicyInput, targets: set[tuple[str, str]],
                  tainted: dict[tuple[str, str], _Taint]) -> list[DependencyPath]:
    hit = {d.name for d in doc.datasets if index.dataset_class(d.name) in targets}
    used = {d.name: list(d.used_for) for d in doc.datasets}
    paths: list[DependencyPath] = []
    named: set[str] = set()
    for model in doc.models:
        named |= set(model.datasets) | adapter_datasets(model)
        cls = index.model_class(model)
        if cls in tainted:
            via, declared = _chain(index, tainted, cls)
            if via and model.base_model:
                via[0] = model.base_model  # the name this manifest gives its base
            uses = sorted({u for n in own_datasets(model) if n in hit for u in used.get(n, [])})
            paths.append(DependencyPath(model=model.name, model_version=model.version, layer="weights", via=via,
                                        declared_by=_declared_by(index, declared), used_for=uses))
        for adapter in model.adapters:
            names = [n for n in adapter.datasets if index.dataset_class(n) in targets]
            if names:
                paths.append(_adapter_path(model, adapter, sorted({u for n in names for u in used.get(n, [])})))
    for name in sorted(hit - named):
        paths.append(DependencyPath(layer="unattributed", used_for=used.get(name, [])))
    return paths


def _action(paths: list[DependencyPath]) -> tuple[bool, str]:
    adapters = sorted({p.adapter or "" for p in paths if p.layer == "adapter" and p.adapter_suffices})
    weights = sorted({p.model or "(no model named)" for p in paths if p.layer != "adapter"})
    stuck = sorted({p.adapter or "" for p in paths if p.layer == "adapter" and not p.adapter_suffices})
    if not weights and not stuck:
        return True, "remove or retrain the adapter(s) " + ", ".join(adapters) + "; the base weights do not contain it"
    parts = []
    if weights:
        parts.append("retrain or withdraw " + ", ".join(weights) + " (the dataset is in the weights)")
    if stuck:
        parts.append("adapter(s) " + ", ".join(stuck) + " are not stated removable: retrain the model they are "
                     "merged into")
    if adapters:
        parts.append("remove or retrain the adapter(s) " + ", ".join(adapters))
    return False, "; ".join(parts)


def impact(entries: list[LoadedEntry], dataset: str) -> ImpactReport:
    """Every system version whose latest decision's manifest depends on `dataset` (name or digest)."""
    index = build_index(entries)
    targets = {index.datasets.find(k) for k in query_keys(dataset) if k in index.datasets.parent}
    matched: list[DatasetMatch] = []
    systems: list[SystemImpact] = []
    tainted = _tainted(index, targets) if targets else {}
    for entry in entries:
        doc = entry.doc
        if doc is None or not targets:
            continue
        for ds in doc.datasets:
            if index.dataset_class(ds.name) in targets:
                matched.append(DatasetMatch(system=entry.decision.system, system_version=entry.decision.version,
                                            name=ds.name, digests=[f"{h.alg}:{h.value}" for h in ds.hashes],
                                            used_for=list(ds.used_for), decision_id=entry.decision.decision_id))
        paths = _system_paths(index, doc, targets, tainted)
        if paths:
            adapter_only, action = _action(paths)
            systems.append(SystemImpact(system=entry.decision.system, system_version=entry.decision.version,
                                        decision=_decision_ref(entry.decision), deployment=_deployment(doc),
                                        adapter_only=adapter_only, action=action, paths=paths))
    return ImpactReport(dataset=dataset, matched=matched, systems=systems, systems_read=len(entries),
                        unreadable=_unreadable(entries))


# -- lineage of one system --------------------------------------------------------------------


class AdapterLineage(BaseModel):
    name: str
    kind: str
    removable: bool | None = None
    datasets: list[str]


class BaseModelLineage(BaseModel):
    """A base model of the system's model, as the whole log knows it."""

    name: str
    depth: int = Field(description="1: the model's own base; 2: that base's base; ...")
    datasets: list[DeclaredBy] = Field(description="Datasets in its weights, with the manifest that says so.")


class ModelLineage(BaseModel):
    name: str
    version: str | None = None
    provider: str | None = None
    base_model: str | None = None
    datasets: list[str] = Field(description="Datasets in the model's own weights (not its adapters).")
    datasets_elsewhere: list[DeclaredBy] = Field(
        default_factory=list, description="Datasets other manifests in the log state for the same model (matched by "
        "name or digest).")
    adapters: list[AdapterLineage]
    base_models: list[BaseModelLineage] = Field(description="The transitive base models, nearest first.")


class SystemLineage(BaseModel):
    system: str
    system_version: str | None = None
    decision: DecisionRef
    deployment: Deployment
    models: list[ModelLineage]
    unattributed_datasets: list[str] = Field(description="Datasets the manifest lists that no model or adapter names.")


class LineageReport(BaseModel):
    """`cleangate lineage show`, `GET /v1/lineage/systems/{system}`."""

    system: str
    versions: list[SystemLineage] = Field(description="One per system version, from its latest decision.")
    unreadable: list[Unreadable] = Field(default_factory=list)


def _base_models(index: LineageIndex, start: tuple[str, str], local: str | None) -> list[BaseModelLineage]:
    out: list[BaseModelLineage] = []
    seen = {start}
    frontier = [start]
    depth = 0
    while frontier:
        depth += 1
        nxt = []
        for cls in frontier:
            for base in sorted(index.bases.get(cls, ())):
                if base in seen:
                    continue
                seen.add(base)
                nxt.append(base)
                declared = [d for d in (_declared_by(index, item) for item in index.own.get(base, [])) if d]
                name = local if depth == 1 and local else index.names.get(base, base[1])
                out.append(BaseModelLineage(name=name, depth=depth, datasets=declared))
        frontier = nxt
    return out


def lineage(entries: list[LoadedEntry], system: str) -> LineageReport:
    index = build_index(entries)
    versions: list[SystemLineage] = []
    mine = [(n, e) for n, e in enumerate(entries) if e.decision.system == system]
    for number, entry in mine:
        doc = entry.doc
        if doc is None:
            continue
        models = [ModelLineage(
            name=m.name, version=m.version, provider=m.provider, base_model=m.base_model, datasets=own_datasets(m),
            adapters=[AdapterLineage(name=a.name, kind=a.kind, removable=a.removable, datasets=list(a.datasets))
                      for a in m.adapters],
            datasets_elsewhere=[d for item in index.own.get(index.model_class(m), []) if item.entry != number
                                and (d := _declared_by(index, item)) is not None],
            base_models=_base_models(index, index.model_class(m), m.base_model)) for m in doc.models]
        named = {n for m in doc.models for n in [*m.datasets, *adapter_datasets(m)]}
        versions.append(SystemLineage(
            system=entry.decision.system, system_version=entry.decision.version,
            decision=_decision_ref(entry.decision), deployment=_deployment(doc), models=models,
            unattributed_datasets=[d.name for d in doc.datasets if d.name not in named]))
    return LineageReport(system=system, versions=versions, unreadable=_unreadable([e for _, e in mine]))


def entries_from_log(decisions: Iterable[StoredDecision], limits: Limits = DEFAULT_LIMITS) -> list[LoadedEntry]:
    """The log's latest decision per system+version, each manifest loaded (one streamed pass)."""
    return load_entries(latest_decisions(decisions), limits)

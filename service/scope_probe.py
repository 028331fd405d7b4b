"""When a fact that decides whether rules apply is missing, judge the manifest as if it held.

A rule guarded by "the system reaches the EU", "the vendor receives personal data" or "the use
is commercial" is silent, and so "not applicable", when the manifest leaves that fact out. Read
that way, a health-data chatbot with no region stated passed every GDPR rule, and a vendor whose
`receives_personal_data` was left out needed no data processing agreement. The gate does not
pass on silence: for each such fact the manifest leaves out (the table `ASSUMPTIONS`), it
evaluates the document again with the fact assumed the way that brings duties in, and every
blocking or warning rule that fires only under the assumption becomes undetermined against the
missing fact, carrying what it would find. The policies need not repeat each guard as an
`undetermined` rule of their own, and a new rule is covered the day it is written.

Assumptions accumulate in the table's order: when the region and a vendor's personal data are
both missing, the vendor probe runs with the EU already assumed, so a rule that needs both facts
is reported (on the later one) instead of slipping between two probes that each lack the other.

A missing region is contrasted with a region outside the EU (`ZZ`, a code ISO 3166 never
assigns): a rule that fires for any stated region (ISO/IEC 42001 reads a stated region as "the
system is deployed") is not a territorial rule, and is not reported.

Each probe that applies costs one more engine evaluation (the region two); a manifest that
states these facts pays nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sbom.model import PolicyInput
from service.engines import EngineResult, PolicyEngine
from service.engines.interface import PackageResult

Doc = dict[str, Any]
SYSTEM = "/system"
REGIONS = "/system/deployment/regions"
ESTABLISHED = "/system/established_in_eu"
PROBED_KINDS = ("deny", "warn")
"""Information findings never change a verdict, so an assumption that only adds one is not
reported; the assumption's own `undetermined` entries are (service.decide gives them the rule's
severity)."""


def _always(system: Doc, eu_regions: frozenset[str]) -> bool:
    return True


@dataclass(frozen=True)
class Assumption:
    """One deciding fact, the value assumed when it is missing, and the words a finding gives."""

    fact: str
    """JSON pointer into the policy input, under /system; `*` stands for every item of a list."""
    value: Any
    expected: str
    missing: str
    """Why the rule cannot be judged; `{name}` is the item's name for a `*` fact."""
    supposing: str
    """The assumption in words, e.g. "used in the EU/EEA"."""
    contrast: Any = None
    """The fact stated the other way (None: no contrast): rules that fire there too do not turn on it."""
    applies: Callable[[Doc, frozenset[str]], bool] = field(default=_always)
    """A further condition on `system` (the establishment matters only outside the EU)."""


def _outside_eu(system: Doc, eu_regions: frozenset[str]) -> bool:
    regions = system.get("deployment", {}).get("regions") or []
    return bool(regions) and not any(str(r).upper() in eu_regions for r in regions)


def _environment_unstated(system: Doc, eu_regions: frozenset[str]) -> bool:
    return "environment" not in system.get("deployment", {})


def _generates_text(system: Doc, eu_regions: frozenset[str]) -> bool:
    return "text" in (system.get("capabilities", {}).get("synthetic_output_modalities") or [])


ASSUMPTIONS: tuple[Assumption, ...] = (
    Assumption(
        fact=REGIONS, value=["EU"], contrast=["ZZ"],
        expected="ISO 3166-1 alpha-2 codes or EU, where the system is placed on the market, put into service or used",
        missing=("no deployment region is stated: cannot tell whether EU law (AI Act Art 2, GDPR Art 3, "
                 "DSM Directive Art 4) reaches the system"),
        supposing="used in the EU/EEA",
    ),
    Assumption(
        fact=ESTABLISHED, value=True, applies=_outside_eu, expected="true or false",
        missing=("system.established_in_eu is not stated and no deployment region is in the EU/EEA: cannot tell "
                 "whether GDPR reaches the processing through an EU establishment (Art 3(1))"),
        supposing="established in the EU",
    ),
    Assumption(
        fact="/system/deployment/commercial", value=True, applies=_environment_unstated,
        expected="true or false (or system.deployment.environment)",
        missing=("neither system.deployment.commercial nor system.deployment.environment is stated: cannot tell "
                 "whether the use is commercial, which non-commercial and research-only licences forbid"),
        supposing="commercial",
    ),
    Assumption(
        fact="/system/capabilities/interacts_with_persons", value=True, expected="true or false",
        missing=("system.capabilities.interacts_with_persons is not stated: cannot tell whether people talk to "
                 "the system and what it then processes about them"),
        supposing="talking to people",
    ),
    Assumption(
        fact="/system/capabilities/public_interest_text", value=True, applies=_generates_text,
        expected="true or false",
        missing=("system.capabilities.public_interest_text is not stated for a system that generates text: "
                 "cannot tell whether the text is published to inform the public on matters of public interest "
                 "(Art 50(4))"),
        supposing="publishing text on matters of public interest",
    ),
    Assumption(
        fact="/system/vendors/*/receives_personal_data", value=True, expected="true or false",
        missing="cannot tell whether {name} receives personal data from the system (GDPR Art 28, 44-49)",
        supposing="receiving personal data",
    ),
)


# -- where a fact is missing -------------------------------------------------------------------

@dataclass(frozen=True)
class Slot:
    """One place a fact belongs: the dict that holds it, its key, and its pointer."""

    holder: Doc
    key: str
    pointer: str
    item: str
    """Pointer of the list item it belongs to ("" for a fact outside any list)."""
    name: str


def _slots(system: Doc, fact: str) -> list[Slot]:
    """Every place `fact` names in `system` whose value is missing (absent, or an empty list).

    Containers on the way are always in the dumped document (`deployment`, `capabilities` and
    `vendors` have defaults); a fact under a missing one has no place and is not probed.
    """
    parts = fact.removeprefix(SYSTEM).strip("/").split("/")
    found: list[Slot] = []

    def walk(node: Doc, at: int, pointer: str, item: str, name: str) -> None:
        key = parts[at]
        if at == len(parts) - 1:
            if node.get(key) in (None, []):
                found.append(Slot(node, key, f"{pointer}/{key}", item, name))
            return
        child = node.get(key)
        if at + 1 < len(parts) and parts[at + 1] == "*":
            for i, entry in enumerate(child if isinstance(child, list) else []):
                if isinstance(entry, dict):
                    here = f"{pointer}/{key}/{i}"
                    walk(entry, at + 2, here, here, str(entry.get("name") or here))
        elif isinstance(child, dict):
            walk(child, at + 1, f"{pointer}/{key}", item, name)

    walk(system, 0, SYSTEM, "", "")
    return found


# -- comparing evaluations -----------------------------------------------------------------------

def _rules(pkg: PackageResult) -> set[str]:
    """Rule ids a package reported in any set, well-formed entries only."""
    return {raw["rule"] for kind in ("deny", "warn", "info", "undetermined") for raw in getattr(pkg, kind)
            if isinstance(raw, dict) and isinstance(raw.get("rule"), str)}


def _fired(result: EngineResult) -> dict[str, set[str]]:
    return {package: _rules(pkg) for package, pkg in result.packages.items()}


@dataclass
class _Found:
    messages: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)


def _found_by_rule(pkg: PackageResult) -> dict[str, _Found]:
    """What each blocking or warning rule finds under the assumption, and where; a rule that would
    still be undetermined there names the other fact it needs (both facts are then missing)."""
    found: dict[str, _Found] = {}
    for kind in PROBED_KINDS:
        for raw in getattr(pkg, kind):
            if isinstance(raw, dict) and isinstance(raw.get("rule"), str) and isinstance(raw.get("message"), str):
                entry = found.setdefault(raw["rule"], _Found())
                entry.messages.append(raw["message"])
                entry.paths.append(raw["path"] if isinstance(raw.get("path"), str) else "")
    for raw in pkg.undetermined:
        if isinstance(raw, dict) and all(isinstance(raw.get(k), str) for k in ("rule", "path", "why")):
            entry = found.setdefault(raw["rule"], _Found())
            entry.messages.append(f"it would still need {raw['path']}: {raw['why']}")
            entry.paths.append(raw["path"])
    return found


def _slot_for(slots: list[Slot], paths: list[str]) -> Slot:
    """The missing fact a finding belongs to: the list item its path points into, else the first.

    Linear in slots plus paths: the paths are cut to the items' depth once, since a scan of every
    path for every slot was quadratic on a manifest with thousands of vendors.
    """
    depth = slots[0].item.count("/")
    if depth == 0:
        return slots[0]
    items = {"/".join(p.split("/")[:depth + 1]) for p in paths}
    return next((slot for slot in slots if slot.item in items), slots[0])


def _finds(assumption: Assumption, messages: list[str]) -> str:
    more = f" (and {len(messages) - 1} more)" if len(messages) > 1 else ""
    return f"if it is {assumption.supposing}, this rule finds: {messages[0]}{more}"


def add_probed(actual: EngineResult, probed: EngineResult, assumption: Assumption, slots: list[Slot],
               seen: dict[str, set[str]]) -> int:
    """Add to `actual`'s undetermined sets each rule that fires in `probed` and is not in `seen`
    (what the real evaluation, earlier probes and contrasts reported); returns how many.

    A package that failed in either evaluation is left alone: a real failure already blocks.
    """
    added = 0
    for package, hypothetical in probed.packages.items():
        if package in actual.errors or package in probed.errors:
            continue
        already = seen.get(package, set())
        for rule, found in sorted(_found_by_rule(hypothetical).items()):
            if rule in already:
                continue
            slot = _slot_for(slots, found.paths)
            actual.packages.setdefault(package, PackageResult()).undetermined.append({
                "rule": rule, "path": slot.pointer, "expected": assumption.expected,
                "why": assumption.missing.format(name=slot.name), "finds": _finds(assumption, found.messages),
            })
            added += 1
    return added


def _merge(seen: dict[str, set[str]], result: EngineResult) -> None:
    for package, rules in _fired(result).items():
        seen.setdefault(package, set()).update(rules)


def _fill(slots: list[Slot], value: Any) -> None:
    for slot in slots:
        slot.holder[slot.key] = value


class _Documents:
    """Input documents that differ from the real one only in `system`.

    Every probed fact lives under /system, so the rest of the document is serialised once, and
    only when a probe runs: parsing and copying the whole document for each probe cost 3.3 s on
    a 10,000-dataset manifest that left no fact out.
    """

    def __init__(self, doc: PolicyInput) -> None:
        self._doc = doc
        self._rest: str | None = None

    def with_system(self, system: Doc) -> str:
        if self._rest is None:
            self._rest = self._doc.model_dump_json(exclude_none=True, exclude={"system"})
        head = '{"system":' + json.dumps(system, separators=(",", ":"))
        return head + ("}" if self._rest == "{}" else "," + self._rest[1:])


def probe(engine: PolicyEngine, doc: PolicyInput, actual: EngineResult, eu_regions: frozenset[str]) -> EngineResult:
    """`actual` with the rules that a missing deciding fact leaves unjudged made undetermined.

    Costs a dump of `system` when nothing is missing; each probe that runs costs an evaluation.
    """
    system: Doc = json.loads(doc.system.model_dump_json(exclude_none=True))
    documents = _Documents(doc)
    seen = _fired(actual)
    for assumption in ASSUMPTIONS:
        if not assumption.applies(system, eu_regions):
            continue
        slots = _slots(system, assumption.fact)
        if not slots:
            continue
        _fill(slots, assumption.value)  # kept: later probes judge with this fact assumed too
        probed = engine.evaluate(documents.with_system(system))
        if assumption.contrast is not None and _fires_beyond(probed, seen):
            _fill(slots, assumption.contrast)
            _merge(seen, engine.evaluate(documents.with_system(system)))
            _fill(slots, assumption.value)
        add_probed(actual, probed, assumption, slots, seen)
        _merge(seen, probed)
    return actual


def _fires_beyond(probed: EngineResult, seen: dict[str, set[str]]) -> bool:
    """Whether the assumption makes any blocking or warning rule fire that had not: the contrast
    evaluation is needed only then."""
    return any(set(_found_by_rule(pkg)) - seen.get(package, set()) for package, pkg in probed.packages.items())


def eu_regions(engine: PolicyEngine) -> frozenset[str]:
    """The policies' own list of EU/EEA region codes (data.cleangate.lib.eu_regions).

    Read from the bundle so that the probe and the rules agree on what "in the EU" means; a bundle
    without the list makes every stated region count as outside, so the probe runs (fail closed).
    """
    try:
        results = json.loads(engine.query("data.cleangate.lib.eu_regions")).get("result") or []
    except RuntimeError:
        return frozenset()
    values = [e.get("value") for r in results for e in r.get("expressions") or []]
    return frozenset(str(v).upper() for v in values[0]) if values and isinstance(values[0], list) else frozenset()

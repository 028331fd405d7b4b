"""When the facts that decide territorial reach are missing, judge the manifest as if they held.

A rule guarded by "the system reaches the EU" or "GDPR's territorial scope" is silent, and so
"not applicable", when the manifest says neither where the system is used nor where the
organisation is established. Read that way, a health-data chatbot with no region stated passed
every GDPR rule. The gate does not pass on silence: when such a fact is missing it evaluates the
same document again with the fact assumed (`regions: [EU]`, or `established_in_eu: true`), and
every blocking or warning rule that fires only under the assumption becomes undetermined against
the missing fact, carrying what it would find. The policies need not repeat each scope guard as
an `undetermined` rule of their own, and a new rule is covered the day it is written.

A missing region is contrasted with a region outside the EU (`ZZ`, a code ISO 3166 never
assigns): a rule that fires for any stated region (ISO/IEC 42001 reads a stated region as "the
system is deployed") is not a territorial rule, and is not reported.

The probes cost two more evaluations (one for a missing establishment), and only for manifests
that leave the fact out.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from sbom.model import PolicyInput
from service.engines import EngineResult, PolicyEngine
from service.engines.interface import PackageResult

REGIONS = "/system/deployment/regions"
ESTABLISHED = "/system/established_in_eu"
PROBED_KINDS = ("deny", "warn")
"""Information findings never change a verdict, so an assumption that only adds one is not
reported; the assumption's own `undetermined` entries are (service.decide gives them the rule's
severity)."""


@dataclass(frozen=True)
class Assumption:
    """One missing deciding fact, the value assumed for it, and the words a finding gives."""

    fact: str
    expected: str
    missing: str
    """Why the rule cannot be judged, e.g. "no deployment region is stated"."""
    supposing: str
    """The assumption in words, e.g. "used in the EU/EEA"."""
    assume: Callable[[PolicyInput], PolicyInput]
    contrast: Callable[[PolicyInput], PolicyInput] | None = None
    """The same fact stated the other way: rules that fire there too do not turn on this fact's answer."""


def _regions(codes: list[str]) -> Callable[[PolicyInput], PolicyInput]:
    def assume(doc: PolicyInput) -> PolicyInput:
        deployment = doc.system.deployment.model_copy(update={"regions": codes})
        return doc.model_copy(update={"system": doc.system.model_copy(update={"deployment": deployment})})
    return assume


def _established(doc: PolicyInput) -> PolicyInput:
    return doc.model_copy(update={"system": doc.system.model_copy(update={"established_in_eu": True})})


REGIONS_UNSTATED = Assumption(
    fact=REGIONS,
    expected="ISO 3166-1 alpha-2 codes or EU, where the system is placed on the market, put into service or used",
    missing=("no deployment region is stated: cannot tell whether EU law (AI Act Art 2, GDPR Art 3, "
             "DSM Directive Art 4) reaches the system"),
    supposing="used in the EU/EEA",
    assume=_regions(["EU"]),
    contrast=_regions(["ZZ"]),
)
ESTABLISHMENT_UNSTATED = Assumption(
    fact=ESTABLISHED,
    expected="true or false",
    missing=("system.established_in_eu is not stated and no deployment region is in the EU/EEA: cannot tell "
             "whether GDPR reaches the processing through an EU establishment (Art 3(1))"),
    supposing="established in the EU",
    assume=_established,
)


def missing_assumptions(doc: PolicyInput, eu_regions: frozenset[str]) -> list[Assumption]:
    """The deciding facts this document leaves out (at most one: regions, else establishment).

    With no region stated, assuming the EU already brings GDPR in through Art 3(2), so the
    establishment is probed only when regions are stated and none is in the EU/EEA.
    """
    regions = doc.system.deployment.regions
    if not regions:
        return [REGIONS_UNSTATED]
    if doc.system.established_in_eu is None and not any(r.upper() in eu_regions for r in regions):
        return [ESTABLISHMENT_UNSTATED]
    return []


def _rules(pkg: PackageResult) -> set[str]:
    """Rule ids a package reported in any set, well-formed entries only."""
    return {raw["rule"] for kind in ("deny", "warn", "info", "undetermined") for raw in getattr(pkg, kind)
            if isinstance(raw, dict) and isinstance(raw.get("rule"), str)}


def _messages_by_rule(pkg: PackageResult) -> dict[str, list[str]]:
    """What each blocking or warning rule finds under the assumption; a rule that would still be
    undetermined there names the other fact it needs (both facts are then missing)."""
    found: dict[str, list[str]] = {}
    for kind in PROBED_KINDS:
        for raw in getattr(pkg, kind):
            if isinstance(raw, dict) and isinstance(raw.get("rule"), str) and isinstance(raw.get("message"), str):
                found.setdefault(raw["rule"], []).append(raw["message"])
    for raw in pkg.undetermined:
        if isinstance(raw, dict) and all(isinstance(raw.get(k), str) for k in ("rule", "path", "why")):
            found.setdefault(raw["rule"], []).append(f"it would still need {raw['path']}: {raw['why']}")
    return found


def _finds(assumption: Assumption, messages: list[str]) -> str:
    more = f" (and {len(messages) - 1} more)" if len(messages) > 1 else ""
    return f"if it is {assumption.supposing}, this rule finds: {messages[0]}{more}"


def add_probed(actual: EngineResult, probed: EngineResult, assumption: Assumption,
               contrast: EngineResult | None = None) -> int:
    """Add to `actual`'s undetermined sets each rule that fires in `probed` but neither in `actual`
    nor in `contrast`; returns how many.

    A package that failed in any evaluation is left alone: a real failure already blocks.
    """
    added = 0
    for package, hypothetical in probed.packages.items():
        if package in actual.errors or package in probed.errors or (contrast and package in contrast.errors):
            continue
        real = actual.packages.setdefault(package, PackageResult())
        already = _rules(real)
        if contrast is not None:
            already |= _rules(contrast.packages.get(package, PackageResult()))
        for rule, messages in sorted(_messages_by_rule(hypothetical).items()):
            if rule in already:
                continue
            real.undetermined.append({"rule": rule, "path": assumption.fact, "expected": assumption.expected,
                                      "why": assumption.missing, "finds": _finds(assumption, messages)})
            added += 1
    return added


def probe(engine: PolicyEngine, doc: PolicyInput, actual: EngineResult, eu_regions: frozenset[str]) -> EngineResult:
    """`actual` with the rules that a missing territorial fact leaves unjudged made undetermined."""
    for assumption in missing_assumptions(doc, eu_regions):
        probed = engine.evaluate(assumption.assume(doc).model_dump_json(exclude_none=True))
        contrast = None
        if assumption.contrast is not None and _fires_beyond(probed, actual):
            contrast = engine.evaluate(assumption.contrast(doc).model_dump_json(exclude_none=True))
        add_probed(actual, probed, assumption, contrast)
    return actual


def _fires_beyond(probed: EngineResult, actual: EngineResult) -> bool:
    """Whether the assumption makes any blocking or warning rule fire that did not: the contrast
    evaluation is needed only then."""
    return any(set(_messages_by_rule(pkg)) - _rules(actual.packages.get(package, PackageResult()))
               for package, pkg in probed.packages.items())


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

"""Raw engine output to findings and a verdict: the one place severity and fail-closed live.

The rule of the gate: block if any unwaived block finding, warn if any warn, else pass; a
package that could not be evaluated, or a policy that emits a malformed finding, is itself a
block finding, so a broken policy can never turn into a pass.

A fact that decides whether a rule applies and is missing (a package's `undetermined` set) is
never a pass either: it becomes an undetermined finding with the rule's own severity (a blocking
duty blocks, or warns when the organisation sets `cleangate.config.undetermined_severity: warn`),
the rule's status is `undetermined`, and the decision lists the fact once in `gaps` with every
rule it decides, so a user can see what to state to get a verdict.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sbom.schema_errors import pointer_sort_key
from service.bundle import PolicyBundle, RuleInfo
from service.decision import (
    Finding,
    Gap,
    RuleOutcome,
    RuleStatus,
    Summary,
    UndeterminedSeverity,
    Verdict,
)
from service.engines import EngineResult
from service.severity import SEVERITY_BY_KIND, SEVERITY_RANK, Severity

POLICY_ERROR = "CLEANGATE-POLICY-ERROR"
MALFORMED = "CLEANGATE-POLICY-MALFORMED"


@dataclass
class Waiver:
    """A time-boxed exception; the store decides which waivers match a manifest."""

    id: str
    rules: frozenset[str]


@dataclass
class Outcome:
    verdict: Verdict
    findings: list[Finding]
    rules: list[RuleOutcome]
    summary: Summary
    gaps: list[Gap]
    undetermined_severity: UndeterminedSeverity = "block"


@dataclass(frozen=True)
class Missing:
    """One entry of a package's `undetermined` set: rule `rule` cannot be judged without `fact`."""

    rule: str
    fact: str
    expected: str
    why: str
    finds: str = ""
    """What the rule would find were the fact stated as assumed (service/scope_probe.py); "" from policies."""


UNDETERMINED_FIELDS = ("rule", "path", "expected", "why")


def undetermined_severity(data: dict[str, object]) -> UndeterminedSeverity:
    """The organisation setting `cleangate.config.undetermined_severity`; anything but "warn" is block.

    An invalid value fails closed here, and the settings_check package reports it (CONFIG-INVALID).
    """
    node: object = data
    for key in ("cleangate", "config", "undetermined_severity"):
        node = node.get(key) if isinstance(node, dict) else None
    return "warn" if node == "warn" else "block"


def _error_finding(rule: str, message: str, remediation: str) -> Finding:
    return Finding(
        rule=rule, regulation="cleangate", reference="fail closed", severity="block",
        title="Policy could not be evaluated" if rule == POLICY_ERROR else "Policy produced a malformed finding",
        message=message, remediation=remediation, path="", input_path="",
    )


def _finding(raw: Any, kind: str, package: str, bundle: PolicyBundle, resolve: Callable[[str], str]) -> Finding:
    if not isinstance(raw, dict) or not isinstance(raw.get("rule"), str) or not isinstance(raw.get("message"), str):
        return _error_finding(
            MALFORMED,
            f"package {package} put {str(raw)[:200]} into {kind}; a finding needs string 'rule' and 'message'",
            "Fix the policy so that each finding is {rule, message, path}; see docs/policy-authoring.md.",
        )
    info: RuleInfo | None = bundle.rule(raw["rule"])
    input_path: str = raw["path"] if isinstance(raw.get("path"), str) else ""
    if info is None:
        return _unknown_id(raw["rule"], kind, package, bundle, raw["message"])
    return Finding(
        rule=raw["rule"],
        regulation=info.regulation,
        reference=info.reference,
        severity=SEVERITY_BY_KIND[kind],
        title=info.title,
        message=raw["message"],
        remediation=info.remediation,
        path=resolve(input_path),
        input_path=input_path,
        url=info.url,
    )


def _unknown_id(rule_id: str, kind: str, package: str, bundle: PolicyBundle, message: str) -> Finding:
    """A finding whose id no METADATA declares: a block, never a finding with a guessed article.

    Filling in the package name and an empty reference (as the gate once did) hid a typo such as
    "ACME-l" for "ACME-1" behind a plausible-looking finding; `cleangate policy check` catches
    literal ids, this catches computed ones.
    """
    known = sorted(bundle.rule_ids_by_package.get(package, ()))
    return _error_finding(
        MALFORMED,
        f"package {package} put a finding with rule id {rule_id[:100]!r} into {kind}, but no METADATA block declares "
        f"that id (custom.id; the package declares {', '.join(known) or 'none'}); its message: {message[:200]}",
        "Fix the id in the policy or add METADATA for it; `cleangate policy check` reports literal ids.",
    )


def _missing(raw: Any, package: str) -> Missing | Finding:
    if not isinstance(raw, dict) or not all(isinstance(raw.get(k), str) for k in UNDETERMINED_FIELDS):
        return _error_finding(
            MALFORMED,
            f"package {package} put {str(raw)[:200]} into undetermined; an entry needs string "
            "'rule', 'path', 'expected' and 'why' (data.cleangate.lib.undetermined_fact)",
            "Build undetermined entries with data.cleangate.lib.undetermined_fact; see docs/policy-authoring.md.",
        )
    finds = raw.get("finds")
    return Missing(raw["rule"], raw["path"], raw["expected"], raw["why"], finds if isinstance(finds, str) else "")


def _undetermined_finding(m: Missing, info: RuleInfo, resolve: Callable[[str], str],
                          setting: UndeterminedSeverity) -> Finding:
    own: Severity = SEVERITY_BY_KIND.get(info.kind, "block")
    severity: Severity = "warn" if own == "block" and setting == "warn" else own
    return Finding(
        rule=m.rule,
        regulation=info.regulation,
        reference=info.reference,
        severity=severity,
        title=info.title,
        message=f"undetermined: {m.why}" + (f"; {m.finds}" if m.finds else ""),
        remediation=f"State {m.fact} ({m.expected}); the rule is then judged on it.",
        path=resolve(m.fact),
        input_path=m.fact,
        url=info.url,
        undetermined=True,
    )


def _gaps(missing: list[Missing], bundle: PolicyBundle, resolve: Callable[[str], str]) -> list[Gap]:
    """One gap per missing fact, with every rule it decides (the first rule's wording leads)."""
    by_fact: dict[str, list[Missing]] = {}
    for m in sorted(missing, key=lambda m: (m.fact, m.rule)):
        by_fact.setdefault(m.fact, []).append(m)
    gaps = []
    for fact, entries in by_fact.items():
        whys = list(dict.fromkeys(m.why for m in entries))
        rules = sorted({m.rule for m in entries})
        regulations = sorted({info.regulation for r in rules if (info := bundle.rule(r)) is not None})
        gaps.append(Gap(
            fact=fact, path=resolve(fact), expected=entries[0].expected, why="; ".join(whys[:3]),
            rules=rules, regulations=regulations,
        ))
    return gaps


def decide(result: EngineResult, bundle: PolicyBundle, resolve: Callable[[str], str],
           waivers: Iterable[Waiver] = ()) -> Outcome:
    findings: list[Finding] = []
    applies: set[str] = set()
    missing: list[Missing] = []
    setting = undetermined_severity(bundle.data)
    for package, pkg in sorted(result.packages.items()):
        for kind in ("deny", "warn", "info"):
            findings.extend(_finding(raw, kind, package, bundle, resolve) for raw in getattr(pkg, kind))
        for raw in pkg.undetermined:
            entry = _missing(raw, package)
            if isinstance(entry, Finding):
                findings.append(entry)
                continue
            info = bundle.rule(entry.rule)
            if info is None:
                findings.append(_unknown_id(entry.rule, "undetermined", package, bundle, entry.why))
                continue
            missing.append(entry)
            findings.append(_undetermined_finding(entry, info, resolve, setting))
        applies.update(a for a in pkg.applies if isinstance(a, str))
    for package, reason in sorted(result.errors.items()):
        findings.append(_error_finding(
            POLICY_ERROR, f"package {package} failed to evaluate: {reason}",
            "Fix the policy (run `cleangate policy test`), or report the manifest that triggers it.",
        ))
    findings = _dedupe(findings)
    waiver_by_rule = {rule: w for w in waivers for rule in w.rules}
    for f in findings:
        w = waiver_by_rule.get(f.rule)
        if w is not None and f.rule not in (POLICY_ERROR, MALFORMED):
            f.waived, f.waiver_id = True, w.id
    # Pointers sort numerically (/components/2 before /components/13), as a reader scans a BOM.
    findings.sort(key=lambda f: (SEVERITY_RANK[f.severity], f.rule, pointer_sort_key(f.path),
                                 f.message))
    rules = _rule_outcomes(bundle, findings, applies, set(result.errors))
    live = [f for f in findings if not f.waived]
    verdict: Verdict = (
        "block" if any(f.severity == "block" for f in live)
        else "warn" if any(f.severity == "warn" for f in live) else "pass"
    )
    summary = Summary(
        block=sum(f.severity == "block" for f in live),
        warn=sum(f.severity == "warn" for f in live),
        info=sum(f.severity == "info" for f in live),
        waived=sum(f.waived for f in findings),
        rules_evaluated=len(rules),
        rules_passed=sum(r.status == "passed" for r in rules),
        rules_not_applicable=sum(r.status == "not_applicable" for r in rules),
        rules_undetermined=sum(r.status == "undetermined" for r in rules),
    )
    return Outcome(verdict, findings, rules, summary, _gaps(missing, bundle, resolve), setting)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, str, str, str]] = set()
    out = []
    for f in findings:
        key = (f.rule, f.severity, f.input_path, f.message)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _rule_outcomes(bundle: PolicyBundle, findings: list[Finding], applies: set[str],
                   failed_packages: set[str]) -> list[RuleOutcome]:
    by_rule: dict[str, list[Finding]] = {}
    for f in findings:
        by_rule.setdefault(f.rule, []).append(f)
    outcomes: list[RuleOutcome] = []
    seen: set[str] = set()
    for info in bundle.rules:
        if info.id in seen:
            continue
        seen.add(info.id)
        fired = by_rule.get(info.id, [])
        status: RuleStatus
        if info.package in failed_packages:
            status = "error"
        elif fired and all(f.waived for f in fired):
            status = "waived"
        elif any(not f.undetermined and not f.waived for f in fired):
            status = "failed"
        elif fired:
            status = "undetermined"
        elif info.id in applies or info.package not in bundle.packages_declaring_applies:
            status = "passed"
        else:
            status = "not_applicable"
        outcomes.append(RuleOutcome(
            rule=info.id, title=info.title, regulation=info.regulation, reference=info.reference,
            severity=SEVERITY_BY_KIND.get(info.kind, "info"), status=status,
        ))
    return outcomes


"""service/decide.py on hand-built engine results: the verdict rule, fail-closed and gaps, no engine.

The bundle is two tiny Rego packages written here (its METADATA is read from source, nothing is
evaluated); each EngineResult is built by hand as an engine would return it, so a change to
decide.py shows up here without any policy or engine in the way.
"""

from __future__ import annotations

import textwrap
from typing import Any

import pytest

from service.bundle import PolicyBundle, load_bundle
from service.decide import MALFORMED, POLICY_ERROR, Outcome, Waiver, decide
from service.engines import EngineResult
from service.engines.interface import PackageResult


def _meta(rule_id: str, severity: str) -> str:
    return textwrap.dedent(f"""\
        # METADATA
        # title: Rule {rule_id}
        # description: A rule of the Acme standard.
        # custom:
        #   id: {rule_id}
        #   regulation: Acme AI standard
        #   reference: Section {rule_id[-1]}
        #   severity: {severity}
        #   remediation: Do what section {rule_id[-1]} says.
        """)


# acme.gated declares `applies`, so its silent rules are "not applicable" unless applied;
# acme.plain does not, so its silent rule is "passed".
GATED = ("package acme.gated\n\nimport rego.v1\n\n"
         + _meta("ACME-1", "block") + "deny contains f if {\n\tinput.a\n\tf := {\"rule\": \"ACME-1\"}\n}\n\n"
         + _meta("ACME-2", "warn") + "warn contains f if {\n\tinput.b\n\tf := {\"rule\": \"ACME-2\"}\n}\n\n"
         + "applies contains \"ACME-1\" if input.a\n")
PLAIN = ("package acme.plain\n\nimport rego.v1\n\n"
         + _meta("ACME-3", "info") + "info contains f if {\n\tinput.c\n\tf := {\"rule\": \"ACME-3\"}\n}\n")


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> PolicyBundle:
    root = tmp_path_factory.mktemp("acme")
    (root / "gated.rego").write_text(GATED, encoding="utf-8")
    (root / "plain.rego").write_text(PLAIN, encoding="utf-8")
    loaded = load_bundle([root], include_builtin=False)
    assert sorted(r.id for r in loaded.rules) == ["ACME-1", "ACME-2", "ACME-3"]
    return loaded


def resolve(pointer: str) -> str:
    """The input-to-manifest pointer map; here every fact lives under /facts in the manifest."""
    return "/facts" + pointer if pointer else ""


def run(bundle: PolicyBundle, waivers: list[Waiver] | None = None, errors: dict[str, str] | None = None,
        **packages: dict[str, list[Any]]) -> Outcome:
    result = EngineResult(
        packages={f"acme.{name}": PackageResult(**sets) for name, sets in packages.items()},
        errors=errors or {},
    )
    return decide(result, bundle, resolve, waivers or [])


def statuses(outcome: Outcome) -> dict[str, str]:
    return {r.rule: r.status for r in outcome.rules}


def finding(rule: str, message: str = "it is wrong", path: str = "/a") -> dict[str, str]:
    return {"rule": rule, "message": message, "path": path}


def test_nothing_fired_passes_and_applies_decides_passed_or_not_applicable(bundle: PolicyBundle) -> None:
    out = run(bundle, gated={"applies": ["ACME-1"]}, plain={})
    assert out.verdict == "pass"
    assert out.findings == [] and out.gaps == []
    assert statuses(out) == {"ACME-1": "passed", "ACME-2": "not_applicable", "ACME-3": "passed"}
    assert (out.summary.rules_passed, out.summary.rules_not_applicable) == (2, 1)


def test_a_deny_blocks_a_warn_warns_an_info_does_neither(bundle: PolicyBundle) -> None:
    assert run(bundle, plain={"info": [finding("ACME-3")]}).verdict == "pass"
    assert run(bundle, gated={"warn": [finding("ACME-2")]}).verdict == "warn"
    out = run(bundle, gated={"deny": [finding("ACME-1")], "warn": [finding("ACME-2")]})
    assert out.verdict == "block"
    assert [(f.rule, f.severity) for f in out.findings] == [("ACME-1", "block"), ("ACME-2", "warn")]
    first = out.findings[0]
    # The article, title and remediation come from the rule's METADATA, the path is resolved.
    assert (first.reference, first.title, first.remediation) == ("Section 1", "Rule ACME-1", "Do what section 1 says.")
    assert (first.path, first.input_path) == ("/facts/a", "/a")
    assert statuses(out)["ACME-1"] == "failed"
    assert (out.summary.block, out.summary.warn) == (1, 1)


def test_duplicate_findings_are_reported_once(bundle: PolicyBundle) -> None:
    out = run(bundle, gated={"deny": [finding("ACME-1"), finding("ACME-1")]})
    assert len(out.findings) == 1 and out.summary.block == 1


def test_a_waiver_turns_its_rule_waived_and_the_verdict_follows_what_is_left(bundle: PolicyBundle) -> None:
    waiver = Waiver("w-1", frozenset({"ACME-1"}))
    out = run(bundle, [waiver], gated={"deny": [finding("ACME-1")], "warn": [finding("ACME-2")]})
    assert out.verdict == "warn"
    waived = next(f for f in out.findings if f.rule == "ACME-1")
    assert waived.waived and waived.waiver_id == "w-1"
    assert statuses(out)["ACME-1"] == "waived"
    assert (out.summary.block, out.summary.waived) == (0, 1)


def test_a_finding_with_an_undeclared_id_is_a_malformed_block_naming_the_declared_ids(bundle: PolicyBundle) -> None:
    out = run(bundle, gated={"warn": [finding("ACME-l")]})
    assert out.verdict == "block"
    [f] = out.findings
    assert (f.rule, f.severity, f.reference) == (MALFORMED, "block", "fail closed")
    assert "'ACME-l'" in f.message and "ACME-1, ACME-2" in f.message


@pytest.mark.parametrize("raw", [["not", "a", "dict"], {"rule": "ACME-1"}, {"rule": 1, "message": "m"}, "text"])
def test_a_finding_without_string_rule_and_message_is_malformed_and_blocks(bundle: PolicyBundle, raw: Any) -> None:
    out = run(bundle, plain={"info": [raw]})
    assert out.verdict == "block"
    assert [f.rule for f in out.findings] == [MALFORMED]
    assert "a finding needs string 'rule' and 'message'" in out.findings[0].message


def test_a_package_that_failed_to_evaluate_blocks_and_its_rules_are_errors(bundle: PolicyBundle) -> None:
    out = run(bundle, errors={"acme.gated": "timeout"}, plain={})
    assert out.verdict == "block"
    assert [f.rule for f in out.findings] == [POLICY_ERROR]
    assert "acme.gated failed to evaluate: timeout" in out.findings[0].message
    assert statuses(out) == {"ACME-1": "error", "ACME-2": "error", "ACME-3": "passed"}


def test_waivers_never_cover_the_fail_closed_findings(bundle: PolicyBundle) -> None:
    waiver = Waiver("w-all", frozenset({MALFORMED, POLICY_ERROR}))
    out = run(bundle, [waiver], errors={"acme.plain": "boom"}, gated={"deny": [{"no": "rule"}]})
    assert out.verdict == "block"
    assert not any(f.waived for f in out.findings)


def missing(rule: str, fact: str, why: str = "the deciding fact is not stated") -> dict[str, str]:
    return {"rule": rule, "path": fact, "expected": "true or false", "why": why}


def test_a_missing_fact_is_undetermined_with_the_rules_severity_and_one_gap_per_fact(bundle: PolicyBundle) -> None:
    out = run(bundle, gated={"undetermined": [missing("ACME-1", "/x", "x decides ACME-1"),
                                              missing("ACME-2", "/x", "x decides ACME-2")]})
    assert out.verdict == "block"  # ACME-1 is a blocking duty: not knowing is not a pass
    assert {(f.rule, f.severity, f.undetermined) for f in out.findings} == {
        ("ACME-1", "block", True), ("ACME-2", "warn", True)}
    assert statuses(out)["ACME-1"] == "undetermined" and out.summary.rules_undetermined == 2
    [gap] = out.gaps
    assert (gap.fact, gap.path, gap.rules, gap.regulations) == ("/x", "/facts/x", ["ACME-1", "ACME-2"],
                                                                ["Acme AI standard"])
    assert gap.why == "x decides ACME-1; x decides ACME-2"


def test_the_organisation_can_make_undetermined_blocks_warn(bundle: PolicyBundle) -> None:
    relaxed = PolicyBundle(bundle.files, {"cleangate": {"config": {"undetermined_severity": "warn"}}},
                           bundle.annotations)
    out = decide(EngineResult(packages={"acme.gated": PackageResult(undetermined=[missing("ACME-1", "/x")])}),
                 relaxed, resolve)
    assert out.verdict == "warn" and out.undetermined_severity == "warn"
    assert [f.severity for f in out.findings] == ["warn"]


def test_a_fired_rule_beats_its_own_undetermined_entry(bundle: PolicyBundle) -> None:
    out = run(bundle, gated={"deny": [finding("ACME-1")], "undetermined": [missing("ACME-1", "/x")]})
    assert statuses(out)["ACME-1"] == "failed"


@pytest.mark.parametrize("raw", [{"rule": "ACME-1", "path": "/x"}, "x", {"rule": "ACME-1", "path": "/x",
                                                                           "expected": 1, "why": "w"}])
def test_a_malformed_undetermined_entry_blocks_and_names_the_helper(bundle: PolicyBundle, raw: Any) -> None:
    out = run(bundle, gated={"undetermined": [raw]})
    assert out.verdict == "block" and out.gaps == []
    assert [f.rule for f in out.findings] == [MALFORMED]
    assert "data.cleangate.lib.undetermined_fact" in out.findings[0].message


def test_an_undetermined_entry_for_an_undeclared_rule_is_malformed_not_a_gap(bundle: PolicyBundle) -> None:
    out = run(bundle, gated={"undetermined": [missing("ACME-9", "/x")]})
    assert out.verdict == "block" and out.gaps == []
    assert [f.rule for f in out.findings] == [MALFORMED]
    assert "'ACME-9'" in out.findings[0].message


def test_findings_sort_by_severity_then_rule_then_pointer_numerically(bundle: PolicyBundle) -> None:
    out = run(bundle, gated={"deny": [finding("ACME-1", path="/c/13"), finding("ACME-1", path="/c/2")],
                             "warn": [finding("ACME-2", path="/a")]},
              plain={"info": [finding("ACME-3", path="/0")]})
    assert [(f.severity, f.path) for f in out.findings] == [
        ("block", "/facts/c/2"), ("block", "/facts/c/13"), ("warn", "/facts/a"), ("info", "/facts/0")]


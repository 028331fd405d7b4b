"""Real OPA as the oracle: regorus and the OPA Go library must give identical answers.

The gate's policies are meant for any OPA-compatible engine; regorus is a reimplementation, so a
policy can silently mean something else on it (`not present(input.missing)` never fired on OPA).
Every example, every scenario, every document of the real-BOM corpus and every policy unit test
runs through both engines here, and the findings must be the same (compared as sorted JSON, shown
side by side when they are not).

Needs `pip install --ignore-requires-python opa-golib-python-bindings==0.4.4`; the tests skip
without it, and fail instead under CLEANGATE_REQUIRE_OPA=1 (as in .ci/run).
"""

from __future__ import annotations

import importlib.util
import json
import os
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from sbom.errors import ManifestError
from sbom.load import FactsFile
from service.bundle import PolicyBundle, load_bundle
from service.decision import Decision
from service.engines import make_engine
from service.gate import Gate
from service.policytest import discover, run_tests
from tests.conftest import AS_OF, EXAMPLES
from tests.test_real_boms import _cases as real_bom_cases
from tests.test_real_boms import _key

HERE = Path(__file__).parent
SCENARIOS = HERE / "scenarios"


def _require_opa() -> None:
    if importlib.util.find_spec("opa_bindings") is not None:
        return
    message = "the OPA Go library is not installed (pip install --ignore-requires-python opa-golib-python-bindings)"
    if os.environ.get("CLEANGATE_REQUIRE_OPA") == "1":
        pytest.fail(message + " but CLEANGATE_REQUIRE_OPA=1")
    pytest.skip(message)


@pytest.fixture(scope="module")
def bundle() -> PolicyBundle:
    return load_bundle()


@pytest.fixture(scope="module")
def gates(bundle: PolicyBundle) -> tuple[Gate, Gate]:
    _require_opa()
    return Gate(bundle, make_engine("regorus", bundle)), Gate(bundle, make_engine("opa", bundle))


def _answer(decision: Decision) -> dict[str, Any]:
    """Everything an engine decides, without what differs by construction (ids, times, engine)."""
    return {
        "verdict": decision.verdict,
        "findings": sorted((f.model_dump(mode="json") for f in decision.findings), key=json.dumps),
        "rules": sorted((r.model_dump(mode="json") for r in decision.rules), key=json.dumps),
    }


def _same_answer(gates: tuple[Gate, Gate], data: bytes, as_of: date, label: str,
                 facts: FactsFile | None = None) -> None:
    ours, theirs = (_answer(g.evaluate(data, as_of=as_of, source=label, facts=facts)) for g in gates)
    if ours != theirs:
        only_regorus = [f for f in ours["findings"] if f not in theirs["findings"]]
        only_opa = [f for f in theirs["findings"] if f not in ours["findings"]]
        pytest.fail(
            f"{label} as of {as_of}: regorus and OPA disagree\n"
            f"verdict: regorus {ours['verdict']} / OPA {theirs['verdict']}\n"
            f"findings only regorus gives:\n{json.dumps(only_regorus, indent=1)}\n"
            f"findings only OPA gives:\n{json.dumps(only_opa, indent=1)}\n"
            f"rule statuses that differ: "
            f"{[(a, b) for a, b in zip(ours['rules'], theirs['rules'], strict=False) if a != b]}"
        )


def _example_cases() -> list[Any]:
    expected = yaml.safe_load((HERE / "example_verdicts.yaml").read_text(encoding="utf-8"))
    cases = [(name, expected["as_of"]) for name in expected["verdicts"]]
    cases += [(item["file"], item["as_of"]) for item in expected.get("later", [])]
    return [pytest.param(EXAMPLES / name, as_of, id=f"{name}@{as_of}") for name, as_of in cases]


def _scenario_cases() -> list[Any]:
    cases = []
    for expect_path in sorted(SCENARIOS.glob("*.expect.yaml")):
        expect = yaml.safe_load(expect_path.read_text(encoding="utf-8"))
        for check in expect["checks"]:
            as_of = check["as_of"] if isinstance(check["as_of"], date) else date.fromisoformat(check["as_of"])
            cases.append(pytest.param(SCENARIOS / expect["manifest"], as_of, id=f"{expect_path.stem}@{as_of}"))
    return cases


def _corpus_cases() -> list[Any]:
    """Every corpus document, alone and with the facts file a team would write (tests/test_real_boms.py)."""
    return [pytest.param(doc, facts, id=_key(doc, facts)) for doc, facts in real_bom_cases()]


@pytest.mark.parametrize(("path", "as_of"), _example_cases())
def test_examples_agree(gates: tuple[Gate, Gate], path: Path, as_of: date) -> None:
    _same_answer(gates, path.read_bytes(), as_of, path.name)


@pytest.mark.parametrize(("path", "as_of"), _scenario_cases())
def test_scenarios_agree(gates: tuple[Gate, Gate], path: Path, as_of: date) -> None:
    _same_answer(gates, path.read_bytes(), as_of, path.name)


@pytest.mark.parametrize(("path", "facts"), _corpus_cases())
def test_real_boms_agree(gates: tuple[Gate, Gate], path: Path, facts: Path | None) -> None:
    """Documents the loaders refuse never reach an engine; every accepted one must agree."""
    given = FactsFile(facts.read_bytes(), facts.name) if facts else None
    try:
        gates[0].load(path.read_bytes(), facts=given)
    except ManifestError:
        pytest.skip(f"{path.name} is refused by the loader, before any engine")
    _same_answer(gates, path.read_bytes(), AS_OF, _key(path, facts), given)


@pytest.mark.slow  # every Rego unit test on regorus and on real OPA: minutes
def test_policy_unit_tests_agree(bundle: PolicyBundle) -> None:
    """Every `test_*` rule has the same outcome on both engines (and passes on both)."""
    _require_opa()
    cases = discover(bundle.files)
    on_regorus = {r.case.path: r.status for r in run_tests(bundle, cases, "regorus")}
    on_opa = {r.case.path: r.status for r in run_tests(bundle, cases, "opa")}
    differ = {path: (on_regorus[path], on_opa[path]) for path in on_regorus if on_regorus[path] != on_opa[path]}
    assert not differ, f"tests whose outcome differs (regorus, OPA): {differ}"
    assert len(cases) > 200 and set(on_opa.values()) == {"PASS"}


def test_an_engine_that_disagrees_is_caught(bundle: PolicyBundle, tmp_path: Path) -> None:
    """The oracle can fail: a policy that behaves differently on the two engines is reported.

    `not present(input.missing)` is the divergence that reached this repository once: regorus
    treats the undefined argument as a value, OPA makes the whole expression undefined.
    """
    _require_opa()
    (tmp_path / "diverge.rego").write_text(
        "package acme.diverge\n\nimport data.cleangate.lib\n\n"
        "deny contains lib.finding(\"ACME-1\", \"/system\", \"fires only where undefined is a value\") if {\n"
        "\tnot lib.present(input.system.no_such_field)\n}\n",
        encoding="utf-8",
    )
    custom = load_bundle([tmp_path])
    pair = (Gate(custom, make_engine("regorus", custom)), Gate(custom, make_engine("opa", custom)))
    with pytest.raises(pytest.fail.Exception, match="regorus and OPA disagree"):
        _same_answer(pair, (EXAMPLES / "chatbot-compliant.yaml").read_bytes(), AS_OF, "chatbot-compliant.yaml")

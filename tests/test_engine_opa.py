"""The OPA engine (the OPA Go library in-process) fails closed exactly like the regorus engine.

Same probes as tests/test_engine.py, run on `CLEANGATE_ENGINE=opa`: booleans and big numbers
survive, a package with a runtime error is reported per package while the others keep their
findings, malformed finding sets block, a module that does not parse stops start-up. Skips
without the library unless CLEANGATE_REQUIRE_OPA=1.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from service.bundle import load_bundle
from service.engines import PolicyLoadError, make_engine
from service.gate import Gate
from tests.conftest import EXAMPLES, cleangate_exe
from tests.test_engine import BROKEN_AT_RUNTIME, MALFORMED, PROBE, UNUSUAL_FORMS, manifest
from tests.test_engine_oracle import _require_opa


@pytest.fixture(autouse=True)
def _opa() -> None:
    _require_opa()


def opa_gate_with(tmp_path: Path, **files: str) -> Gate:
    for name, source in files.items():
        (tmp_path / f"{name}.rego").write_text(source)
    bundle = load_bundle([tmp_path])
    return Gate(bundle, make_engine("opa", bundle))


def test_booleans_and_big_numbers_survive(tmp_path: Path) -> None:
    gate = opa_gate_with(tmp_path, probe=PROBE)
    assert "PROBE-BOOL" in {f.rule for f in gate.evaluate(manifest({"flag": True})).findings}
    assert "PROBE-BOOL" not in {f.rule for f in gate.evaluate(manifest({"flag": 1})).findings}
    decision = gate.evaluate(manifest({"n": 30000000000000000000000000}))
    assert next(f for f in decision.findings if f.rule == "PROBE-NUM").message == "30000000000000000000000000"
    assert decision.engine.name == "opa"


@pytest.mark.slow
def test_runtime_error_blocks_only_with_its_package_named(tmp_path: Path) -> None:
    gate = opa_gate_with(tmp_path, probe=PROBE, fragile=BROKEN_AT_RUNTIME.replace(
        "some v in input.extensions.maybe_list\n    v == 1",
        # OPA iterates over a scalar as "no elements"; a conflicting complete rule errors on both engines
        "input.extensions.maybe_list == clash",
    ) + '\nclash := 1 if input.extensions.maybe_list\n\nclash := 2 if input.extensions.maybe_list\n')
    decision = gate.evaluate(manifest({"maybe_list": 5, "flag": True}))
    assert decision.verdict == "block"
    errors = [f for f in decision.findings if f.rule == "CLEANGATE-POLICY-ERROR"]
    assert len(errors) == 1 and "cleangate.fragile" in errors[0].message
    assert "PROBE-BOOL" in {f.rule for f in decision.findings}
    assert {r.rule: r.status for r in decision.rules}["FRAGILE-1"] == "error"
    assert gate.evaluate(manifest({})).verdict == "pass"


def test_malformed_finding_fails_closed(tmp_path: Path) -> None:
    decision = opa_gate_with(tmp_path, sloppy=MALFORMED).evaluate(manifest({"sloppy": True}))
    assert decision.verdict == "block" and decision.findings[0].rule == "CLEANGATE-POLICY-MALFORMED"


@pytest.mark.parametrize("form", sorted(UNUSUAL_FORMS))
def test_finding_sets_in_unusual_forms_are_never_skipped(tmp_path: Path, form: str) -> None:
    decision = opa_gate_with(tmp_path, **{form: UNUSUAL_FORMS[form]}).evaluate(manifest({}))
    assert decision.verdict == "block"


def test_policy_that_does_not_parse_refuses_to_load(tmp_path: Path) -> None:
    (tmp_path / "bad.rego").write_text("package cleangate.bad\n\nimport rego.v1\n\ndeny contains x if {\n")
    with pytest.raises(PolicyLoadError, match=r"bad\.rego"):
        opa_gate_with(tmp_path)


@pytest.mark.slow
def test_cli_check_runs_on_opa_when_configured() -> None:
    """CLEANGATE_ENGINE=opa is the whole switch; the decision names the engine that decided."""
    env = {"CLEANGATE_ENGINE": "opa", "PATH": "/usr/bin:/bin"}
    out = subprocess.run([cleangate_exe(), "check", "--as-of", "2026-09-15", "-f", "json",
                          str(EXAMPLES / "chatbot-compliant.yaml")], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["results"][0]["decision"]["engine"]["name"] == "opa"


@pytest.mark.slow
def test_policy_test_on_opa_reports_coverage() -> None:
    out = subprocess.run([cleangate_exe(), "policy", "test", "--engine", "opa", "--coverage", "--run", "art50_test"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "(engine opa)" in out.stdout
    assert any(line.startswith("coverage ") and "art50/art50.rego" in line for line in out.stdout.splitlines())


@pytest.mark.slow
def test_coverage_without_opa_is_a_usage_error() -> None:
    out = subprocess.run([cleangate_exe(), "policy", "test", "--coverage"], capture_output=True, text=True)
    assert out.returncode == 2 and "--engine opa" in out.stderr

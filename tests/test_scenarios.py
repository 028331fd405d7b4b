"""The legal scenarios (tests/scenarios/README.md) as manifests, judged by the real gate.

Each `tests/scenarios/*.expect.yaml` names a manifest and one or more checks: the date to judge
at, the verdict, rule ids that must fire (unwaived) and rule ids that must stay silent. The gate
runs with the built-in policies, exactly as `cleangate check --as-of` would.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from service.bundle import load_bundle
from service.decision import Decision
from service.gate import Gate

SCENARIOS = Path(__file__).parent / "scenarios"


def _cases() -> list[Any]:
    cases = []
    for expect_path in sorted(SCENARIOS.glob("*.expect.yaml")):
        expect = yaml.safe_load(expect_path.read_text(encoding="utf-8"))
        for check in expect["checks"]:
            as_of = check["as_of"] if isinstance(check["as_of"], date) else date.fromisoformat(check["as_of"])
            cases.append(pytest.param(expect["manifest"], as_of, check, id=f"{expect_path.stem}@{as_of}"))
    return cases


@pytest.fixture(scope="module")
def gate() -> Gate:
    return Gate(load_bundle())


def _describe(decision: Decision) -> str:
    return "\n".join(f"  {f.severity} {f.rule} {f.path}: {f.message}" for f in decision.findings) or "  (no findings)"


@pytest.mark.parametrize(("manifest", "as_of", "check"), _cases())
def test_scenario(gate: Gate, manifest: str, as_of: date, check: dict[str, Any]) -> None:
    decision = gate.evaluate((SCENARIOS / manifest).read_bytes(), as_of=as_of, source=manifest)
    fired = {f.rule for f in decision.findings if not f.waived}
    context = f"{manifest} as of {as_of}: verdict {decision.verdict}\n{_describe(decision)}"
    assert decision.verdict == check["verdict"], context
    assert set(check.get("fires", [])) <= fired, f"expected to fire: {check.get('fires')}\n{context}"
    assert not set(check.get("silent", [])) & fired, f"expected silent: {check.get('silent')}\n{context}"


def test_every_manifest_has_an_expectation() -> None:
    manifests = {p.name for p in SCENARIOS.glob("*.yaml") if not p.name.endswith(".expect.yaml")}
    expected = {yaml.safe_load(p.read_text(encoding="utf-8"))["manifest"] for p in SCENARIOS.glob("*.expect.yaml")}
    assert manifests == expected

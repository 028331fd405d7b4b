"""High-risk duties by role (the dossier rule once asked deployers for the provider's
dossier; duties are split by role and article), judged by the real gate."""

from __future__ import annotations

from datetime import date

import pytest

from service.bundle import load_bundle
from service.gate import Gate

DEPLOYER = """\
apiVersion: cleangate/v1
system:
  name: Bank credit desk
  roles: [deployer]
  deployment: {regions: [DE], environment: production}
  risk: {annex_iii_point: 5(b), profiling: true}
  human_oversight:
    autonomy: human-in-the-loop
    review_route: https://bank.example/review
    legal_or_similar_effects: true
"""

DEPLOYER_EVIDENCE = """\
  high_risk:
    deployer:
      deployer_type: private
      instructions_followed: https://bank.example/ai/ifu-measures
      oversight_assigned: https://bank.example/ai/oversight-roster
      log_retention_months: 12
      fundamental_rights_impact_assessment: https://bank.example/ai/fria
      explanation_route: https://bank.example/ai/explanations
"""


@pytest.fixture(scope="module")
def gate() -> Gate:
    return Gate(load_bundle())


def _rules(gate: Gate, manifest: str, as_of: date) -> set[str]:
    decision = gate.evaluate(manifest.encode(), as_of=as_of, source="cleangate.yaml")
    return {f.rule for f in decision.findings if f.severity == "block" and not f.waived}


def test_a_deployer_with_its_own_evidence_is_not_asked_for_the_provider_dossier(gate: Gate) -> None:
    blocking = _rules(gate, DEPLOYER + DEPLOYER_EVIDENCE, date(2027, 12, 2))
    assert not {r for r in blocking if r.startswith("AIACT-HR") or r.startswith("AIACT-6-HR")}, blocking


def test_a_deployer_without_evidence_is_asked_for_art_26_and_27(gate: Gate) -> None:
    blocking = _rules(gate, DEPLOYER, date(2027, 12, 2))
    assert {"AIACT-HR-26", "AIACT-HR-27", "AIACT-HR-86"} <= blocking
    assert not blocking & {"AIACT-HR-11", "AIACT-HR-17", "AIACT-HR-43", "AIACT-HR-47"}


def test_the_old_dossier_field_still_loads_with_a_migration_note(gate: Gate) -> None:
    manifest = DEPLOYER.replace("profiling: true}", "profiling: true, high_risk_dossier: https://bank.example/dossier}")
    decision = gate.evaluate(manifest.encode(), as_of=date(2026, 9, 15), source="cleangate.yaml")
    assert "AIACT-HR-MIGRATE" in {f.rule for f in decision.findings}

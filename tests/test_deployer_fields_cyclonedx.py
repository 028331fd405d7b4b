"""The deployer and fine-tuner facts travel as `cleangate:` properties in a CycloneDX BOM, so a
CycloneDX user can state vendors, inference data and base-model terms (docs/input-reference.md)."""

from __future__ import annotations

import json
from pathlib import Path

from sbom.load import load_manifest

EXAMPLE = Path(__file__).parent.parent / "examples" / "travel-assistant.cdx.json"


def _bom_with_system_properties(extra: list[dict[str, str]]) -> bytes:
    bom = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    bom["metadata"]["component"]["properties"].extend(extra)
    return json.dumps(bom).encode()


def test_base_model_terms_and_inference_data_load_from_properties() -> None:
    doc = load_manifest(EXAMPLE.read_bytes()).policy_input
    base = next(m for m in doc.models if m.name == "Llama-3.1-70B-Instruct")
    assert base.use_restrictions == ["acceptable-use-policy", "attribution", "user-threshold"]
    assert base.supplier_due_diligence.gdpr_statement
    tuned = next(m for m in doc.models if m.base_model == base.name)
    assert tuned.base_terms_review
    assert doc.system.inference_data.processes_personal_data is True
    assert doc.governance.ai_literacy


def test_vendors_load_as_a_json_array_property() -> None:
    vendors = [{"name": "CleanAI Chat API", "role": "processor", "receives_personal_data": True, "regions": ["US"],
                "transfer_mechanism": "adequacy", "dpf_certified": True, "dpa": "https://x.example/dpa"}]
    data = _bom_with_system_properties([{"name": "cleangate:vendors", "value": json.dumps(vendors)}])
    doc = load_manifest(data).policy_input
    assert doc.system.vendors[0].dpf_certified is True
    assert doc.system.vendors[0].regions == ["US"]


def test_high_risk_deployer_evidence_loads_from_properties() -> None:
    data = _bom_with_system_properties([
        {"name": "cleangate:high_risk.deployer.log_retention_months", "value": "12"},
        {"name": "cleangate:high_risk.deployer.deployer_type", "value": "public-body"},
    ])
    doc = load_manifest(data).policy_input
    assert doc.system.high_risk.deployer.log_retention_months == 12
    assert doc.system.high_risk.deployer.deployer_type == "public-body"

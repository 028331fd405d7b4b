"""Legal and loading defects, once found and fixed, that only the whole gate (or the loaders) can show.

Each test failed before its fix: a number YAML 1.2 accepts, a CycloneDX transfer stated the
documented way, a citation title, an organisation data file that moved a statutory date.
The Rego side of the same fixes is tested beside each package (`*_test.rego`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sbom.errors import ManifestError
from sbom.load import load_manifest
from service.bundle import load_bundle
from service.cli.main import main
from service.gate import Gate
from tests.conftest import AFTER_LEGACY_DEADLINE


def cdx_with_dataset_props(props: list[dict[str, str]]) -> bytes:
    return json.dumps({
        "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
        "metadata": {"component": {"type": "application", "name": "Support bot", "properties": [
            {"name": "cleangate:role", "value": "provider"},
            {"name": "cleangate:deployment.regions", "value": "DE"},
        ]}},
        "components": [{"type": "data", "bom-ref": "d1", "name": "tickets", "properties": props}],
    }).encode()


# --- YAML 1.2 numbers ---------------------------------------------------------------------

@pytest.mark.parametrize("text", ["8e24", "8e+24", "8E24", "8.0e24", "8.e+24", "-1.5e-3", ".5"])
def test_yaml_1_2_floats_load_as_numbers(text: str) -> None:
    body = f"apiVersion: cleangate/v1\nsystem: {{name: x}}\nmodels: [{{name: m, training_flop: {text}}}]\n"
    if text.startswith("-"):  # a negative FLOP count is refused by the model, as a number
        with pytest.raises(ManifestError) as err:
            load_manifest(body.encode())
        assert err.value.problems[0].pointer == "/models/0/training_flop"
        assert "greater than or equal" in err.value.problems[0].message
        return
    loaded = load_manifest(body.encode())
    flop = loaded.policy_input.models[0].training_flop
    assert isinstance(flop, float) and flop == float(text.replace("_", ""))


@pytest.mark.parametrize("text", ["1e999", "-1e999", ".inf", "1.0e+999"])
def test_yaml_huge_numbers_are_still_refused(text: str) -> None:
    body = f"apiVersion: cleangate/v1\nsystem: {{name: x}}\nmodels: [{{name: m, training_flop: {text}}}]\n"
    with pytest.raises(ManifestError) as err:
        load_manifest(body.encode())
    assert err.value.problems[0].pointer == "/models/0/training_flop"


def test_yaml_version_strings_stay_strings() -> None:
    body = b"apiVersion: cleangate/v1\nsystem: {name: x, version: 1e3}\n"
    with pytest.raises(ManifestError) as err:  # 1e3 is a number in YAML 1.2; version wants text
        load_manifest(body)
    assert err.value.problems[0].pointer == "/system/version"
    assert load_manifest(b"apiVersion: cleangate/v1\nsystem: {name: x, version: '1e3'}\n").policy_input.system.version \
        == "1e3"


# --- CycloneDX transfers property -------------------------------------------------------------

def test_cyclonedx_transfers_as_json_array_load() -> None:
    transfers = [
        {"country": "US", "mechanism": "scc", "transfer_impact_assessment": "https://example.test/tia"},
        {"country": "IN"},
    ]
    for name in ("cleangate:personal_data.transfers", "cleangate:gdpr.transfers"):
        loaded = load_manifest(cdx_with_dataset_props([{"name": name, "value": json.dumps(transfers)}]))
        got = [t.model_dump(exclude_none=True) for t in loaded.policy_input.datasets[0].personal_data.transfers]
        assert got == transfers


def test_cyclonedx_transfers_compact_form_still_loads() -> None:
    loaded = load_manifest(cdx_with_dataset_props([{"name": "cleangate:gdpr.transfers", "value": "US:scc, IN"}]))
    got = [t.model_dump(exclude_none=True) for t in loaded.policy_input.datasets[0].personal_data.transfers]
    assert got == [{"country": "US", "mechanism": "scc"}, {"country": "IN"}]


def test_cyclonedx_transfers_bad_json_array_names_the_property() -> None:
    body = cdx_with_dataset_props([{"name": "cleangate:personal_data.transfers", "value": '[{"country": "US"}, 3]'}])
    with pytest.raises(ManifestError) as err:
        load_manifest(body)
    problem = err.value.problems[0]
    assert problem.pointer == "/components/0/properties/0"
    assert "JSON array of transfer objects" in problem.expected


def test_cyclonedx_transfer_field_is_validated_with_the_document() -> None:
    body = cdx_with_dataset_props([{"name": "cleangate:personal_data.transfers",
                                    "value": '[{"country": "US", "mechanism": "pinky-promise"}]'}])
    with pytest.raises(ManifestError) as err:
        load_manifest(body)
    problem = err.value.problems[0]
    assert problem.pointer == "/components/0/properties/0" and "pinky-promise" in problem.message
    assert "'scc'" in problem.expected


def test_us_transfer_needs_a_dpf_certified_recipient_stated_in_cyclonedx(gate: Gate) -> None:
    def transfer_findings(transfer: dict[str, Any]) -> list[str]:
        body = cdx_with_dataset_props([
            {"name": "cleangate:personal_data.present", "value": "true"},
            {"name": "cleangate:personal_data.transfers", "value": json.dumps([transfer])},
        ])
        return [f.message for f in gate.evaluate(body, as_of=AFTER_LEGACY_DEADLINE).findings if f.rule == "GDPR-44-49"]

    [message] = transfer_findings({"country": "US", "mechanism": "adequacy"})
    assert "Data Privacy Framework" in message and "dpf_certified" in message
    assert transfer_findings({"country": "US", "mechanism": "adequacy", "dpf_certified": True}) == []
    assert transfer_findings({"country": "BR", "mechanism": "adequacy"}) == []


def test_training_as_stated_purpose_at_collection_is_stated_in_cyclonedx(gate: Gate) -> None:
    def purpose_findings(extra: list[dict[str, str]]) -> set[str]:
        body = cdx_with_dataset_props([
            {"name": "cleangate:source_type", "value": "user"},
            {"name": "cleangate:used_for", "value": "fine-tuning"},
            {"name": "cleangate:personal_data.present", "value": "true"},
            *extra,
        ])
        return {f.rule for f in gate.evaluate(body, as_of=AFTER_LEGACY_DEADLINE).findings}

    assert "GDPR-5-1b" in purpose_findings([])
    for name in ("cleangate:personal_data.collected_for_training", "cleangate:gdpr.collected_for_training"):
        assert "GDPR-5-1b" not in purpose_findings([{"name": name, "value": "true"}])


# --- Documented input fields are read ------------------------------------------------------

def _org_rule(folder: Path, metadata_extra: str, body: str) -> None:
    (folder / "acme").mkdir(parents=True)
    (folder / "acme" / "tdm.rego").write_text(f"""package acme.tdm

import rego.v1

# METADATA
# title: Crawled data must not circumvent paywalls
# description: Lawful access only.
# related_resources:
#   - ref: https://intranet.example/tdm
# custom:
#   id: ORG-TDM
#   regulation: Acme
#   reference: 1
#   severity: block
{metadata_extra}#   remediation: Set datasets[].tdm.paywall_circumvention to false.
deny contains finding if {{
{body}
	finding := data.cleangate.lib.finding("ORG-TDM", "/datasets", "x")
}}
""")
    (folder / "acme" / "tdm_test.rego").write_text(
        'package acme.tdm_test\n\nimport rego.v1\n\ntest_x if { count(data.acme.tdm.deny) == 0 with input as {} }'
        ' # "ORG-TDM"\n\n'
        # policy check wants a test that makes the rule fire, not only one that names its id
        'test_fires if { count(data.acme.tdm.deny) == 1 with input as '
        '{"datasets": [{"source_type": "crawled", "tdm": {"paywall_circumvention": true}}]} }\n')


@pytest.mark.parametrize("metadata_extra, body, needle", [
    ("", "\tsome ds in input.datasets\n\tds.source_type == \"crawled\"",
     "says the rule reads datasets[].tdm.paywall_circumvention, but no Rego in acme.tdm reads `paywall_circumvention`"),
    ("#   inputs:\n#     - /datasets/*/tdm/paywal_circumvention\n",
     "\tsome ds in input.datasets\n\tds.tdm.paywall_circumvention == true",
     "names input field /datasets/*/tdm/paywal_circumvention, which the policy input document does not have"),
    ("#   inputs:\n#     - /datasets/*/tdm/paywall_circumvention\n",
     "\tsome ds in input.datasets\n\tds.tdm.paywall_circumvention == true\n\tds.source_type == \"crawled\"",
     "acme.tdm reads input field `source_type` but no rule's custom.inputs declares it"),
])
def test_policy_check_holds_metadata_to_the_fields_it_documents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], metadata_extra: str, body: str, needle: str,
) -> None:
    _org_rule(tmp_path / "org", metadata_extra, body)
    assert main(["policy", "check", str(tmp_path / "org")]) == 1
    assert needle in capsys.readouterr().out


def test_policy_check_accepts_documented_fields_that_are_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    _org_rule(tmp_path / "org", "#   inputs:\n#     - /datasets/*/tdm/paywall_circumvention\n",
              "\tsome ds in input.datasets\n\tds.tdm.paywall_circumvention == true")
    assert main(["policy", "check", str(tmp_path / "org")]) == 0, capsys.readouterr().out


def test_paywall_circumvention_blocks_through_the_gate(gate: Gate) -> None:
    body = b"""apiVersion: cleangate/v1
system: {name: news-llm, roles: [provider], deployment: {regions: [DE]}}
models: [{name: m, licence: MIT, datasets: [news]}]
datasets:
  - name: news
    source_type: crawled
    tdm: {crawler: NewsBot, robots_txt_honoured: true, tdmrep_honoured: true, paywall_circumvention: true}
"""
    decision = gate.evaluate(body, as_of=AFTER_LEGACY_DEADLINE)
    [finding] = [f for f in decision.findings if f.rule == "TDM-LAWFUL-ACCESS"]
    assert finding.severity == "block" and finding.path == "/datasets/0/tdm/paywall_circumvention"
    assert decision.verdict == "block"


# --- Citations --------------------------------------------------------------------------------

def test_iso42001_a82_carries_its_annex_a_title() -> None:
    bundle = load_bundle()
    for rule_id in ("ISO42001-A.8.2", "ISO42001-A.8.2-BLOCK"):
        rule = bundle.rule(rule_id)
        assert rule is not None
        assert rule.title.startswith("System documentation and information for users")


# --- Statutory settings cannot be moved by an organisation data file ------------------------

def _org(tmp_path: Path, config: dict[str, Any]) -> Path:
    org = tmp_path / "org.json"
    org.write_text(json.dumps({"cleangate": {"config": config}}))
    return org


@pytest.mark.parametrize("config, key", [
    ({"ai_act": {"art50_application_date": "2099-01-01"}}, "ai_act.art50_application_date"),
    ({"ai_act": {"art50_2_legacy_deadline": "2099-01-01"}}, "ai_act.art50_2_legacy_deadline"),
    ({"ai_act": {"prohibitions_application_date": "2099-01-01"}}, "ai_act.prohibitions_application_date"),
    ({"ai_act": {"art5_sensitive_attributes": []}}, "ai_act.art5_sensitive_attributes"),
    ({"ai_act": {"systemic_risk_flop_threshold": 1e30}}, "ai_act.systemic_risk_flop_threshold"),
    ({"gdpr": {"adequacy": {"CN": {"decision": "none"}}}}, "gdpr.adequacy"),
])
def test_data_file_moving_a_statutory_setting_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], config: dict[str, Any], key: str,
) -> None:
    manifest = Path(__file__).resolve().parents[1] / "examples" / "image-generator-unmarked.yaml"
    argv = ["check", "--as-of", AFTER_LEGACY_DEADLINE.isoformat(), "--data", str(_org(tmp_path, config)), str(manifest)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"statutory setting cleangate.config.{key}" in err and "org.json" in err


def test_policy_folder_data_moving_a_statutory_setting_is_refused(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "org.json").write_text(json.dumps(
        {"cleangate": {"config": {"ai_act": {"gpai_application_date": "2030-01-01"}}}}))
    with pytest.raises(ValueError, match=r"cleangate\.config\.ai_act\.gpai_application_date"):
        load_bundle([tmp_path])


def test_server_refuses_to_start_with_a_silent_statutory_override(tmp_path: Path) -> None:
    from service.api.app import build_gate
    from service.settings import Settings

    settings = Settings(policy_data=[_org(tmp_path, {"ai_act": {"annex_iii_application_date": "2030-01-01"}})])
    with pytest.raises(ValueError, match="annex_iii_application_date"):
        build_gate(settings)


def test_serve_refuses_to_start_with_a_silent_statutory_override(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    org = _org(tmp_path, {"ai_act": {"art50_2_legacy_deadline": "2027-12-02"}})
    assert main(["serve", "--data", str(org), "--port", "1"]) == 2
    assert "cleangate.config.ai_act.art50_2_legacy_deadline" in capsys.readouterr().err


def test_declared_statutory_override_loads_and_is_reported_in_the_decision(tmp_path: Path) -> None:
    org = _org(tmp_path, {
        "ai_act": {"systemic_risk_flop_threshold": 5e24},
        "statutory_overrides": {"ai_act.systemic_risk_flop_threshold": {"reason": "Delegated act under Art 51(3)"}},
    })
    gate = Gate(load_bundle(data_overrides=[org]))
    body = b"apiVersion: cleangate/v1\nsystem: {name: x, roles: [provider], deployment: {regions: [DE]}}\n"
    decision = gate.evaluate(body, as_of=AFTER_LEGACY_DEADLINE)
    [note] = [f for f in decision.findings if f.rule == "CONFIG-STATUTORY-OVERRIDE"]
    assert note.severity == "info"
    assert "ai_act.systemic_risk_flop_threshold" in note.message and "Delegated act under Art 51(3)" in note.message


@pytest.mark.parametrize("overrides, needle", [
    ({"copyright.allowed_licences": {"reason": "r"}}, "not a statutory setting"),
    ({"ai_act.art50_application_date": {}}, "needs a non-empty \"reason\""),
    (["ai_act.art50_application_date"], "must be an object"),
])
def test_malformed_override_declarations_are_refused(tmp_path: Path, overrides: Any, needle: str) -> None:
    with pytest.raises(ValueError, match=needle):
        load_bundle(data_overrides=[_org(tmp_path, {"statutory_overrides": overrides})])


def test_organisation_settings_that_are_not_statutory_still_merge(tmp_path: Path) -> None:
    bundle = load_bundle(data_overrides=[_org(tmp_path, {"copyright": {"denied_licences": ["AGPL-3.0-only"]}})])
    assert bundle.data["cleangate"]["config"]["copyright"]["denied_licences"] == ["AGPL-3.0-only"]  # type: ignore[index]

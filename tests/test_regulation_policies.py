"""GDPR, ISO/IEC 42001, C2PA and copyright policies through the real gate.

The Rego unit tests beside each policy show every rule firing and not firing; these tests cover
what only the whole gate can show: licence facts derived in Python reach the policies, a
manifest cannot smuggle them in, organisation settings change verdicts without editing Rego,
and findings point into the manifest the team wrote (also for CycloneDX).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sbom.derive import licence_facts
from sbom.errors import ManifestError
from service.cli.main import main
from service.gate import Gate
from tests.conftest import AS_OF


def native(**parts: Any) -> bytes:
    doc: dict[str, Any] = {
        "apiVersion": "cleangate/v1",
        # A distributor: no AI Act duty binds it, so these tests see only the packages they are about.
        "system": {"name": "probe", "roles": ["distributor"],
                   "deployment": {"regions": ["DE"], "environment": "production"},
                   "capabilities": {"interacts_with_persons": False}},
        "governance": {k: f"https://example.test/{k}" for k in (
            "ai_policy", "roles_and_responsibilities", "resources", "impact_assessment", "lifecycle", "data_quality",
            "data_provenance", "interested_parties_information", "responsible_use", "third_party_relationships")},
    }
    doc.update(parts)
    return json.dumps(doc).encode()


def rules(gate: Gate, data: bytes) -> set[str]:
    return {f.rule for f in gate.evaluate(data, as_of=AS_OF).findings}


# --- licence facts ---------------------------------------------------------------------------

def test_spdx_expression_is_parsed_and_normalised() -> None:
    facts = licence_facts("apache-2.0 OR (mit AND CC-BY-NC-4.0)")
    assert facts.valid_spdx and facts.error is None
    assert facts.spdx_ids == ["Apache-2.0", "CC-BY-NC-4.0", "MIT"]
    assert sorted(facts.choices) == [["Apache-2.0"], ["CC-BY-NC-4.0", "MIT"]]


def test_licence_refs_names_and_garbage_are_told_apart() -> None:
    ref = licence_facts("LicenseRef-Acme-Data")
    assert not ref.valid_spdx and ref.licence_refs == ["LicenseRef-Acme-Data"] and ref.unknown == []
    named = licence_facts("Acme data licence")
    assert not named.valid_spdx and named.unknown == ["Acme data licence"]
    broken = licence_facts("MIT AND (")
    assert not broken.valid_spdx and broken.error


def test_exceptions_are_not_licence_choices() -> None:
    facts = licence_facts("GPL-2.0-or-later WITH Classpath-exception-2.0")
    assert facts.exceptions == ["Classpath-exception-2.0"]
    assert facts.choices == [["GPL-2.0-or-later"]]


# --- derived facts reach the policies, and only the gate sets them ---------------------------

def dataset(licence: str) -> dict[str, Any]:
    return {"name": "corpus", "licence": licence, "source_type": "licensed", "used_for": ["training"]}


@pytest.mark.parametrize(("licence", "fires", "silent"), [
    ("CC-BY-NC-4.0", {"LIC-NC"}, {"LIC-KNOWN"}),
    ("CC-BY-NC-4.0 OR MIT", set(), {"LIC-NC", "LIC-KNOWN"}),
    ("MIT AND (", {"LIC-KNOWN"}, set()),
    ("LicenseRef-Acme", {"LIC-KNOWN"}, set()),
    ("GPL-3.0-only", {"LIC-REVIEW"}, {"LIC-KNOWN"}),
])
def test_licence_rules_read_derived_facts(gate: Gate, licence: str, fires: set[str], silent: set[str]) -> None:
    fired = rules(gate, native(datasets=[dataset(licence)]))
    assert fires <= fired
    assert not silent & fired


def test_manifest_cannot_supply_derived_facts(gate: Gate) -> None:
    forged = {"licences": {"/datasets/0": {"expression": "x", "valid_spdx": True, "choices": [["MIT"]]}}}
    with pytest.raises(ManifestError) as err:
        gate.evaluate(native(datasets=[dataset("LicenseRef-Unowned")], derived=forged), as_of=AS_OF)
    assert any(p.pointer == "/derived" for p in err.value.problems)


def test_cyclonedx_licence_finding_points_at_the_component(gate: Gate) -> None:
    bom = {
        "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
        "metadata": {"component": {"type": "application", "name": "probe", "properties": [
            {"name": "cleangate:deployment.regions", "value": "DE"},
            {"name": "cleangate:deployment.environment", "value": "production"},
        ]}},
        "components": [{"type": "data", "name": "corpus", "licenses": [{"expression": "CC-BY-NC-SA-4.0"}],
                        "data": [{"type": "dataset", "name": "corpus"}]}],
    }
    decision = gate.evaluate(json.dumps(bom).encode(), as_of=AS_OF)
    finding = next(f for f in decision.findings if f.rule == "LIC-NC")
    assert finding.severity == "block"
    assert finding.path.startswith("/components/0/licenses")


# --- organisation settings -------------------------------------------------------------------

def test_data_file_makes_an_iso_control_blocking(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = tmp_path / "m.json"
    doc = json.loads(native())
    del doc["governance"]["ai_policy"]
    manifest.write_text(json.dumps(doc))
    org = tmp_path / "org.json"
    org.write_text(json.dumps({"cleangate": {"config": {"iso42001": {"blocking_controls": ["A.2.2"]}}}}))

    assert main(["check", "--as-of", "2026-09-15", "--format", "json", str(manifest)]) == 0
    default = json.loads(capsys.readouterr().out)["results"][0]["decision"]
    assert default["verdict"] == "warn"
    assert [f["rule"] for f in default["findings"]] == ["ISO42001-A.2.2"]

    assert main(["check", "--as-of", "2026-09-15", "--format", "json", "--data", str(org), str(manifest)]) == 1
    blocking = json.loads(capsys.readouterr().out)["results"][0]["decision"]
    assert [(f["rule"], f["severity"]) for f in blocking["findings"]] == [("ISO42001-A.2.2-BLOCK", "block")]


def test_data_file_accepts_a_licence_the_defaults_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = tmp_path / "m.json"
    manifest.write_bytes(native(datasets=[dataset("GPL-3.0-only")]))
    org = tmp_path / "org.json"
    org.write_text(json.dumps({"cleangate": {"config": {"copyright": {"allowed_licences": ["GPL-3.0-only"]}}}}))
    assert main(["check", "--as-of", "2026-09-15", "--format", "json", "--data", str(org), str(manifest)]) == 0
    assert json.loads(capsys.readouterr().out)["results"][0]["decision"]["verdict"] == "pass"


def test_malformed_setting_blocks_instead_of_being_ignored(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    manifest = tmp_path / "m.json"
    manifest.write_bytes(native())
    org = tmp_path / "org.json"
    org.write_text(json.dumps({"cleangate": {"config": {"copyright": {"denied_licences": "GPL-3.0-only"}}}}))
    assert main(["check", "--as-of", "2026-09-15", "--format", "json", "--data", str(org), str(manifest)]) == 1
    findings = json.loads(capsys.readouterr().out)["results"][0]["decision"]["findings"]
    assert [f["message"] for f in findings if f["rule"] == "CONFIG-INVALID"] == [
        "organisation setting cleangate.config.copyright.denied_licences must be a list of strings"]


# --- GDPR transfers from a CycloneDX ML-BOM ---------------------------------------------------

def _bom_with_transfers(value: str) -> bytes:
    return json.dumps({
        "bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
        "metadata": {"component": {"type": "application", "name": "probe", "properties": [
            {"name": "cleangate:deployment.regions", "value": "DE"}]}},
        "components": [{
            "type": "data", "name": "chats", "licenses": [{"license": {"id": "CC-BY-4.0"}}],
            "data": [{"type": "dataset", "name": "chats", "classification": "personal"}],
            "properties": [{"name": "cleangate:gdpr.transfers", "value": value}],
        }],
    }).encode()


def test_cyclonedx_transfers_property_reaches_chapter_v_rules(gate: Gate) -> None:
    findings = gate.evaluate(_bom_with_transfers("US:scc, IN, CH:adequacy"), as_of=AS_OF).findings
    transfer = {(f.rule, f.message.split(" goes to ")[1].split(":")[0].split(" ")[0]) for f in findings
                if f.rule in ("GDPR-44-49", "GDPR-46-TIA")}
    assert transfer == {("GDPR-44-49", "IN"), ("GDPR-46-TIA", "US")}
    assert all(f.path == "/components/0/properties/0" for f in findings if f.rule == "GDPR-44-49")


def test_cyclonedx_transfers_property_rejects_unknown_mechanism(gate: Gate) -> None:
    with pytest.raises(ManifestError) as err:
        gate.evaluate(_bom_with_transfers("US:pinky-promise"), as_of=AS_OF)
    assert [p.pointer for p in err.value.problems] == ["/components/0/properties/0"]

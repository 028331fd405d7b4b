"""Manifests of both formats become the same policy input document, and findings point home."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from sbom.errors import ManifestError
from sbom.load import load_manifest
from service.gate import Gate
from service.problems import http_status
from tests.conftest import EXAMPLES


def cdx(spec: str = "1.6", system_props: list[dict[str, str]] | None = None,
        components: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "bomFormat": "CycloneDX",
        "specVersion": spec,
        "version": 1,
        "metadata": {
            "component": {
                "type": "application", "name": "Pixel app", "version": "1.0",
                "properties": system_props if system_props is not None else [
                    {"name": "cleangate:role", "value": "provider"},
                    {"name": "cleangate:deployment.regions", "value": "DE"},
                    {"name": "cleangate:synthetic_output_modalities", "value": "image"},
                    {"name": "cleangate:placed_on_market", "value": "2026-09-01"},
                ],
            }
        },
        "components": components if components is not None else [
            {
                "type": "machine-learning-model", "bom-ref": "m1", "name": "pixel-diffusion",
                "licenses": [{"expression": "Apache-2.0 OR MIT"}],
                "modelCard": {"modelParameters": {"task": "image-generation", "datasets": [{"ref": "d1"}]}},
            },
            {
                "type": "data", "bom-ref": "d1", "name": "photos",
                "licenses": [{"license": {"id": "CC-BY-4.0"}}],
                "data": [{"type": "dataset", "name": "photos", "sensitiveData": ["health records", "email"]}],
            },
        ],
    }


def load(doc: dict[str, Any]) -> Any:
    return load_manifest(json.dumps(doc).encode())


@pytest.mark.parametrize("spec", ["1.5", "1.6", "1.7"])
def test_cyclonedx_versions_load_with_model_card_and_data(spec: str) -> None:
    loaded = load(cdx(spec))
    doc = loaded.policy_input
    assert loaded.format == "cyclonedx" and loaded.format_version == spec
    assert doc.system.roles == ["provider"]
    assert doc.system.capabilities.synthetic_output_modalities == ["image"]
    assert doc.models[0].licence == "Apache-2.0 OR MIT"
    # modelCard and component data are read from JSON (the library's object model drops them)
    assert doc.models[0].datasets == ["photos"]
    assert doc.datasets[0].personal_data.present is True
    assert doc.datasets[0].personal_data.special_categories == ["health records"]


def test_cyclonedx_schema_violation_names_the_field() -> None:
    bad = cdx()
    bad["components"][0]["type"] = "neural-net"
    with pytest.raises(ManifestError) as err:
        load(bad)
    assert http_status(err.value) == 422
    assert any(p.pointer == "/components/0/type" for p in err.value.problems), err.value.problems


def test_unsupported_cyclonedx_version_is_named() -> None:
    with pytest.raises(ManifestError) as err:
        load(cdx("1.4"))
    assert err.value.problems[0].pointer == "/specVersion"
    assert "1.5" in (err.value.problems[0].expected or "")


def test_cyclonedx_property_with_wrong_type_points_at_the_property() -> None:
    props = [{"name": "cleangate:role", "value": "provider"},
             {"name": "cleangate:interacts_with_persons", "value": "sometimes"}]
    with pytest.raises(ManifestError) as err:
        load(cdx(system_props=props))
    problem = err.value.problems[0]
    assert problem.pointer == "/metadata/component/properties/1"
    assert problem.expected == "true or false"


def test_unknown_cleangate_property_is_an_error_not_ignored() -> None:
    props = [{"name": "cleangate:interacts_with_person", "value": "true"}]
    with pytest.raises(ManifestError) as err:
        load(cdx(system_props=props))
    assert "cleangate:interacts_with_person" in err.value.problems[0].message


def test_dangling_dataset_ref_is_an_error() -> None:
    doc = cdx()
    doc["components"][0]["modelCard"]["modelParameters"]["datasets"] = [{"ref": "nowhere"}]
    with pytest.raises(ManifestError) as err:
        load(doc)
    assert err.value.problems[0].pointer == "/components/0/modelCard/modelParameters/datasets/0/ref"


def test_cyclonedx_findings_point_into_the_bom(gate: Gate) -> None:
    """AIACT-50-2 is about /system/transparency/marking; the user sees their metadata.component."""
    decision = gate.evaluate(json.dumps(cdx()).encode(), as_of=__import__("datetime").date(2026, 9, 15))
    marking = [f for f in decision.findings if f.rule == "AIACT-50-2"]
    assert marking and {f.path for f in marking} == {"/metadata/component"}
    assert {f.input_path for f in marking} >= {"/system/transparency/marking"}


def test_cyclonedx_property_finding_points_at_the_property(gate: Gate) -> None:
    props = [{"name": "cleangate:role", "value": "provider"},
             {"name": "cleangate:deployment.regions", "value": "DE"},
             {"name": "cleangate:interacts_with_persons", "value": "true"},
             {"name": "cleangate:art50.1.disclosure", "value": "ui-banner"},
             {"name": "cleangate:art50.1.timing", "value": "after-first-message"}]
    decision = gate.evaluate(json.dumps(cdx(system_props=props, components=[])).encode(),
                             as_of=__import__("datetime").date(2026, 9, 15))
    # a notice given after the first message is too late (Art 50(5)); the finding names the timing property
    finding = next(f for f in decision.findings if f.rule == "AIACT-50-5")
    assert finding.input_path == "/system/transparency/ai_interaction/timing"
    assert finding.path == "/metadata/component/properties/4"


def test_native_yaml_and_json_give_the_same_document() -> None:
    import yaml

    text = (EXAMPLES / "chatbot-compliant.yaml").read_text()
    from_yaml = load_manifest(text.encode())
    tree = yaml.safe_load(text)
    from_json = load_manifest(json.dumps(tree, default=str).encode())
    assert from_yaml.policy_input == from_json.policy_input
    assert from_yaml.syntax == "yaml" and from_json.syntax == "json"


def test_native_and_cyclonedx_normalise_to_the_same_shape() -> None:
    native = load_manifest(b"""
apiVersion: cleangate/v1
system:
  name: Pixel app
  version: "1.0"
  roles: [provider]
  deployment: {regions: [DE], placed_on_market: 2026-09-01}
  capabilities: {synthetic_output_modalities: [image]}
models:
  - {name: pixel-diffusion, licence: Apache-2.0 OR MIT, datasets: [photos]}
datasets:
  - name: photos
    licence: CC-BY-4.0
    used_for: [training]
    personal_data: {present: true, categories: [health records, email], special_categories: [health records]}
""")
    # used_for is inferred: a dataset a model's modelCard lists is that model's training data.
    assert native.policy_input == load(cdx()).policy_input


def test_region_no_stays_norway() -> None:
    """YAML 1.1 would read NO as false; the manifest loader keeps it a string."""
    loaded = load_manifest(b"apiVersion: cleangate/v1\nsystem: {name: x, deployment: {regions: [NO, SE]}}\n")
    assert loaded.policy_input.system.deployment.regions == ["NO", "SE"]


def test_unknown_field_lists_the_accepted_fields() -> None:
    with pytest.raises(ManifestError) as err:
        load_manifest(b"apiVersion: cleangate/v1\nsystem: {name: x, capabilites: {}}\n")
    problem = err.value.problems[0]
    assert problem.pointer == "/system/capabilites"
    assert "capabilities" in (problem.expected or "")


def test_wrong_type_names_field_and_expectation() -> None:
    with pytest.raises(ManifestError) as err:
        load_manifest(b"apiVersion: cleangate/v1\nsystem: {name: x, capabilities: {interacts_with_persons: 'yes'}}\n")
    problem = err.value.problems[0]
    assert problem.pointer == "/system/capabilities/interacts_with_persons"
    assert "boolean" in problem.message


def test_missing_required_field() -> None:
    with pytest.raises(ManifestError) as err:
        load_manifest(b"apiVersion: cleangate/v1\nmodels: []\n")
    assert err.value.problems[0].pointer == "/system"
    assert "missing" in err.value.problems[0].message


def test_wrong_api_version() -> None:
    with pytest.raises(ManifestError) as err:
        load_manifest(b"apiVersion: cleangate/v9\nsystem: {name: x}\n")
    assert err.value.problems[0].pointer == "/apiVersion"


@pytest.mark.parametrize(("body", "needle"), [
    (b'{"spdxVersion": "SPDX-2.3"}', "SPDX"),
    (b"just a string", "str"),
    (b"[1, 2]", "list"),
    (b'{"name": "x"}', "apiVersion"),
])
def test_unknown_formats_are_named(body: bytes, needle: str) -> None:
    with pytest.raises(ManifestError) as err:
        load_manifest(body)
    assert http_status(err.value) == 415
    assert needle in err.value.problems[0].message


def test_source_map_does_not_leak_between_loads() -> None:
    first = load(cdx())
    second_doc = copy.deepcopy(cdx())
    second_doc["components"] = []
    second = load(second_doc)
    assert "/models/0" in first.source_map.entries and "/models/0" not in second.source_map.entries


def test_missing_deployment_fact_in_cyclonedx_points_at_the_system_component(gate: Gate) -> None:
    """ISO 42001 evidence lives on metadata.component; a missing item points there, not at line 1."""
    doc = json.loads((EXAMPLES / "travel-assistant.cdx.json").read_text())
    props = doc["metadata"]["component"]["properties"]
    doc["metadata"]["component"]["properties"] = [p for p in props if p["name"] != "cleangate:governance.resources"]
    decision = gate.evaluate(json.dumps(doc, indent=2).encode(), as_of=__import__("datetime").date(2026, 9, 15))
    finding = next(f for f in decision.findings if f.input_path == "/governance/resources")
    assert finding.path == "/metadata/component"
    assert finding.location is not None and finding.location.line > 1


def test_conflicting_cyclonedx_sources_are_refused_naming_both() -> None:
    doc = json.loads((EXAMPLES / "travel-assistant.cdx.json").read_text())
    doc["metadata"]["component"]["properties"].append(
        {"name": "cleangate:governance.ai_policy", "value": "https://other.example/policy"})
    with pytest.raises(ManifestError) as err:
        load(doc)
    problem = err.value.problems[0]
    last = len(doc["metadata"]["component"]["properties"]) - 1
    assert problem.pointer == f"/metadata/component/properties/{last}"
    assert "/metadata/component/externalReferences/1" in problem.message


def test_cyclonedx_xml_reads_like_its_json_twin() -> None:
    real = Path(__file__).parent / "real_boms"
    from_xml = load_manifest((real / "cdxspec-valid-machine-learning-1.6.xml").read_bytes())
    from_json = load_manifest((real / "cdxspec-valid-machine-learning-1.6.json").read_bytes())
    assert from_xml.syntax == "xml" and from_xml.format_version == "1.6"
    assert from_xml.policy_input == from_json.policy_input


def test_cyclonedx_xml_schema_errors_name_the_line() -> None:
    bad = (b'<?xml version="1.0"?>\n<bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1">\n'
           b'  <components>\n    <component type="service"><name>a</name></component>\n  </components>\n</bom>\n')
    with pytest.raises(ManifestError) as err:
        load_manifest(bad)
    problem = err.value.problems[0]
    assert problem.line == 4 and "'service'" in problem.message
    with pytest.raises(ManifestError) as err:
        load_manifest(b'<?xml version="1.0"?>\n<!DOCTYPE bom [<!ENTITY x "y">]>\n<bom/>')
    assert http_status(err.value) == 400

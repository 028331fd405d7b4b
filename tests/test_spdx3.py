"""SPDX 3.0.1 AI and Dataset profiles (JSON-LD) through spdx-python-model; SPDX 2.3 and
SPDX-3-like JSON refused with what is expected."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from sbom.errors import ManifestError
from sbom.load import FactsFile, load_manifest
from service.gate import Gate
from service.problems import http_status

REAL = Path(__file__).parent / "real_boms"
AI = REAL / "spdx-examples-ai01-simplehtr.spdx3.json"
DATASET = REAL / "spdx-examples-dataset01.spdx3.json"


def test_ai_packages_become_models_with_licences_and_training_data() -> None:
    loaded = load_manifest(AI.read_bytes())
    doc = loaded.policy_input
    assert loaded.format == "spdx" and loaded.format_version == "3.0.1"
    assert [m.name for m in doc.models] == ["word-model", "line-model"]  # in @graph order
    model = doc.models[0]
    assert model.licence == "MIT" and model.provider == "Harald Scheidl" and model.datasets == ["IAMdataset"]
    dataset = doc.datasets[0]
    assert dataset.used_for == ["training", "evaluation"]  # trainedOn and testedOn relationships
    assert dataset.modalities == ["image"] and dataset.licence and dataset.licence.startswith("LicenseRef-")
    assert doc.extensions["spdx_ai"]["word-model"]["safetyRiskAssessment"] == "low"
    autonomy = next(f for f in loaded.inferred if f.fact == "/system/human_oversight/autonomy")
    assert autonomy.value == "human-in-the-loop" and autonomy.field == "ai_autonomyType = no"
    assert autonomy.source.startswith("/@graph/")


def test_dataset_profile_and_findings_point_into_the_graph(gate: Gate) -> None:
    doc = load_manifest(DATASET.read_bytes()).policy_input
    assert doc.datasets[0].licence == "CC-BY-4.0" and len(doc.datasets[0].hashes) == 2
    decision = gate.evaluate(DATASET.read_bytes(), facts=FactsFile(b"system:\n  name: Emissions explorer\n"
                                                                   b"  roles: [deployer]\n", "facts.yaml"))
    assert decision.manifest.format == "spdx" and decision.manifest.system == "Emissions explorer"


def test_invalid_spdx3_names_the_element_and_the_value() -> None:
    tree = json.loads(DATASET.read_text())
    bad = copy.deepcopy(tree)
    index = next(i for i, e in enumerate(bad["@graph"]) if e["type"] == "dataset_DatasetPackage")
    bad["@graph"][index]["dataset_hasSensitivePersonalInformation"] = "maybe"
    with pytest.raises(ManifestError) as err:
        load_manifest(json.dumps(bad).encode())
    problem = err.value.problems[0]
    assert problem.pointer == f"/@graph/{index}" and "'maybe' is not a valid value" in problem.message


def test_spdx_23_and_other_json_ld_are_refused_saying_what_is_expected() -> None:
    with pytest.raises(ManifestError) as err:
        load_manifest((REAL / "aibom-inspector-demo.spdx.json").read_bytes())
    assert http_status(err.value) == 415 and "SPDX 3.0.1 JSON-LD" in err.value.problems[0].message
    with pytest.raises(ManifestError) as err:
        load_manifest(b'{"@context": "https://spdx.org/rdf/3.0.0/spdx-context.jsonld", "@graph": []}')
    assert "not SPDX 3.0.1" in err.value.problems[0].message
    with pytest.raises(ManifestError) as err:
        load_manifest(b'{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld", "@graph": []}')
    assert err.value.problems[0].pointer == "/@graph"

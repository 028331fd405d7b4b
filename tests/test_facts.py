"""A generated BOM plus a hand-written facts file: merged, conflicts named, findings in the right file."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from sbom.errors import ManifestError
from sbom.load import FactsFile, load_manifest
from service.cli.main import main
from service.decision import Decision
from service.gate import Gate
from tests.conftest import Server

REAL = Path(__file__).parent / "real_boms"
SD_BOM = REAL / "cdxspec-valid-machine-learning-1.6.json"
FACTS = b"""\
system:
  name: Dream studio
  roles: [provider]
  deployment: {regions: [DE], environment: production}
models:
  - name: stable-diffusion
    licence: CreativeML-OpenRAIL-M
"""


def test_facts_complete_a_bom_without_metadata_component(gate: Gate) -> None:
    decision = gate.evaluate(SD_BOM.read_bytes(), source="aibom.cdx.json", facts=FactsFile(FACTS, "facts.yaml"))
    assert decision.manifest.system == "Dream studio"
    assert decision.manifest.facts == "facts.yaml" and decision.manifest.facts_digest
    licence = next(f for f in decision.findings if f.rule == "LIC-KNOWN" and "stable-diffusion" in f.message)
    # The licence came from the facts file: the finding points there, with its line.
    assert (licence.file, licence.path) == ("facts.yaml", "/models/0/licence")
    assert licence.location is not None and licence.location.line == 7
    dataset = next(f for f in decision.findings if f.rule == "LIC-KNOWN" and "Training Data" in f.message)
    assert dataset.file == "aibom.cdx.json" and dataset.path.startswith("/components/0/modelCard")


def test_a_fact_stated_twice_differently_names_both_places() -> None:
    bom = json.loads((REAL / "bxf12315-hf-aibom.json").read_text())
    facts = b"system:\n  name: Voyager app\nmodels:\n  - name: HunyuanWorld-Voyager\n    version: '2.0'\n"
    with pytest.raises(ManifestError) as err:
        load_manifest(json.dumps(bom, indent=2).encode(), label="aibom.cdx.json", facts=FactsFile(facts, "f.yaml"))
    problems = err.value.problems
    assert {p.pointer for p in problems} == {"/system/name", "/models/0/version"}
    name = next(p for p in problems if p.pointer == "/system/name")
    assert name.file == "f.yaml" and name.line == 2
    assert "'Voyager app'" in name.message and "aibom.cdx.json at /metadata/component/name" in name.message
    assert "'HunyuanWorld-Voyager'" in name.message


def test_a_model_the_bom_does_not_describe_is_an_error_not_a_second_model() -> None:
    with pytest.raises(ManifestError) as err:
        load_manifest(SD_BOM.read_bytes(), facts=FactsFile(b"models:\n  - {name: stable-difusion, gpai: true}\n",
                                                            "f.yaml"))
    problem = err.value.problems[0]
    assert problem.pointer == "/models/0/name" and "'stable-diffusion'" in (problem.expected or "")


def test_unknown_and_mistyped_facts_point_into_the_facts_file() -> None:
    with pytest.raises(ManifestError) as err:
        load_manifest(SD_BOM.read_bytes(), facts=FactsFile(b"system:\n  name: X\n  rolez: [provider]\n", "f.yaml"))
    problem = err.value.problems[0]
    assert (problem.file, problem.pointer, problem.line) == ("f.yaml", "/system/rolez", 3)
    with pytest.raises(ManifestError) as err:
        load_manifest(SD_BOM.read_bytes(), facts=FactsFile(b"derived: {}\n", "f.yaml"))
    assert err.value.problems[0].pointer == "/derived"


def test_inferred_facts_are_marked_and_never_override_stated_ones() -> None:
    bom = json.loads(SD_BOM.read_text())
    bom["components"][0]["modelCard"]["modelParameters"]["task"] = "text-to-image"
    data = json.dumps(bom).encode()
    inferred = load_manifest(data)
    fact = next(f for f in inferred.inferred if f.fact == "/system/capabilities/synthetic_output_modalities")
    assert fact.value == ["image"] and fact.source == "/components/0/modelCard/modelParameters/task"
    assert inferred.policy_input.system.capabilities.synthetic_output_modalities == ["image"]
    stated = load_manifest(data, facts=FactsFile(b"system:\n  name: X\n  capabilities:\n"
                                                 b"    synthetic_output_modalities: []\n", "f.yaml"))
    assert stated.policy_input.system.capabilities.synthetic_output_modalities == []
    assert not [f for f in stated.inferred if "synthetic_output" in f.fact]


def test_cleangate_yaml_naming_its_bom(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "aibom.cdx.json").write_bytes(SD_BOM.read_bytes())
    (tmp_path / "cleangate.yaml").write_bytes(b"apiVersion: cleangate/v1\nbom: ./aibom.cdx.json\n" + FACTS)
    code = main(["check", str(tmp_path / "cleangate.yaml"), "-f", "json"])
    out = json.loads(capsys.readouterr().out)
    decision = Decision.model_validate(out["results"][0]["decision"] if "results" in out else out[0]["decision"])
    assert code == 1 and decision.manifest.system == "Dream studio"
    assert decision.manifest.facts == str(tmp_path / "cleangate.yaml")
    missing = tmp_path / "other.yaml"
    missing.write_bytes(b"apiVersion: cleangate/v1\nbom: ./nope.json\n")
    assert main(["check", str(missing)]) == 2
    assert "nope.json" in capsys.readouterr().out


def test_multipart_upload_of_bom_and_facts(server: Server) -> None:
    files = {"manifest": ("aibom.cdx.json", SD_BOM.read_bytes(), "application/vnd.cyclonedx+json"),
             "facts": ("facts.yaml", FACTS, "application/yaml")}
    response = httpx.post(f"{server.url}/v1/evaluate", files=files, headers=server.auth, timeout=30)
    assert response.status_code == 200, response.text
    decision = Decision.model_validate(response.json())
    assert decision.manifest.system == "Dream studio" and decision.manifest.source == "aibom.cdx.json"
    assert any(f.file == "facts.yaml" for f in decision.findings)
    unknown = httpx.post(f"{server.url}/v1/evaluate", headers=server.auth, timeout=30,
                         files={**files, "extra": ("x", b"x", "text/plain")})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["pointer"] == "/multipart/2"
    twice = httpx.post(f"{server.url}/v1/evaluate", headers=server.auth, timeout=30,
                       files=[("manifest", files["manifest"]), ("facts", files["facts"]), ("facts", files["facts"])])
    assert twice.status_code == 422 and "second `facts` part" in twice.json()["errors"][0]["message"]
    missing = httpx.post(f"{server.url}/v1/evaluate", headers=server.auth, timeout=30,
                         files={"facts": ("facts.yaml", FACTS, "application/yaml")})
    assert missing.status_code == 422 and "manifest" in missing.json()["errors"][0]["message"]
    garbled = httpx.post(f"{server.url}/v1/evaluate", content=b"--x\r\nnonsense", timeout=30,
                         headers={**server.auth, "Content-Type": "multipart/form-data; boundary=x"})
    assert 400 <= garbled.status_code < 500


def test_bom_init_from_a_generated_bom_writes_loadable_placeholders(tmp_path: Path) -> None:
    bom = tmp_path / "aibom.cdx.json"
    bom.write_bytes(SD_BOM.read_bytes())
    facts = tmp_path / "cleangate.yaml"
    assert main(["bom", "init", "--from", str(bom), str(facts)]) == 0
    text = facts.read_text()
    assert 'bom: "./aibom.cdx.json"' in text
    assert "# roles: <" in text and "# regions: <" in text  # facts no generator knows, commented out
    assert "synthetic_output_modalities" in text
    # As written (placeholders still commented), it loads and is checked with its BOM.
    assert main(["check", str(facts)]) in (0, 1)


def test_annotations_point_into_the_facts_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bom, facts = tmp_path / "aibom.cdx.json", tmp_path / "facts.yaml"
    bom.write_bytes(SD_BOM.read_bytes())
    facts.write_bytes(FACTS)
    main(["check", str(bom), "--facts", str(facts), "-f", "github"])
    lines = capsys.readouterr().out.splitlines()
    licence = next(line for line in lines if "CreativeML-OpenRAIL-M" in line)
    assert f"file={facts.as_posix()}" in licence.replace("%3A", ":") and "line=7" in licence
    main(["check", str(bom), "--facts", str(facts), "-f", "sarif"])
    results = json.loads(capsys.readouterr().out)["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert {u.removeprefix("file://") for u in uris} == {facts.as_posix(), bom.as_posix()}


def test_facts_travel_to_a_gate_server(server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bom, facts = tmp_path / "aibom.cdx.json", tmp_path / "facts.yaml"
    bom.write_bytes(SD_BOM.read_bytes())
    facts.write_bytes(FACTS)
    code = main(["check", str(bom), "--facts", str(facts), "--server", server.url, "--token", server.token,
                 "-f", "json"])
    decision = json.loads(capsys.readouterr().out)["results"][0]["decision"]
    assert code == 1 and decision["manifest"]["system"] == "Dream studio"
    assert decision["manifest"]["facts"] == str(facts)

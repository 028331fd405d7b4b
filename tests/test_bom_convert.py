"""`cleangate bom init|convert`: teams can start from either format and lose no fact on the way."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator

from sbom.convert import to_cyclonedx, to_native
from sbom.load import load_manifest
from sbom.model import PolicyInput
from service.cli.main import main
from tests.ci_support import EXAMPLES

MANIFESTS = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".yaml", ".json") and p.name != "expected.yaml")


def policy_input(path: Path) -> PolicyInput:
    return load_manifest(path.read_bytes()).policy_input


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.name)
def test_every_example_survives_native_cyclonedx_native(path: Path, tmp_path: Path, capsys: Any) -> None:
    original = policy_input(path)
    bom_file, native_file = tmp_path / "bom.cdx.json", tmp_path / "back.yaml"
    assert main(["bom", "convert", str(path), "--to", "cyclonedx", "-o", str(bom_file)]) == 0
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(bom_file.read_text()) is None
    bom = json.loads(bom_file.read_text())
    assert bom["specVersion"] == "1.6" and bom["metadata"]["component"]["name"] == original.system.name
    assert main(["bom", "convert", str(bom_file), "-o", str(native_file)]) == 0
    assert native_file.read_text().splitlines()[1] == "apiVersion: cleangate/v1"
    assert policy_input(bom_file) == original
    assert policy_input(native_file) == original


def test_standard_cyclonedx_fields_are_used_before_properties() -> None:
    doc = policy_input(EXAMPLES / "chatbot-compliant.yaml")
    bom = to_cyclonedx(doc)
    model = next(c for c in bom["components"] if c["type"] == "machine-learning-model")
    data = next(c for c in bom["components"] if c["type"] == "data")
    assert model["supplier"] == {"name": "Aurora Bank AG"}
    assert model["licenses"] == [{"expression": "LicenseRef-Aurora-Proprietary"}]
    assert {"type": "model-card", "url": "https://wiki.aurora-bank.example/ai/model-card-support-v3"} in (
        model["externalReferences"])
    assert model["modelCard"]["modelParameters"]["datasets"] == [{"ref": data["bom-ref"]}]
    assert bom["metadata"]["component"]["externalReferences"] == [
        {"type": "risk-assessment", "url": "https://wiki.aurora-bank.example/ai/risk-2026-03"}]
    names = {p["name"] for p in model["properties"]}
    assert "cleangate:adapters" in names, "lists of objects travel as a JSON array property"
    assert "cleangate:licence" not in names and "cleangate:provider" not in names


def test_a_fact_cyclonedx_cannot_carry_is_refused_with_its_pointer(tmp_path: Path, capsys: Any) -> None:
    manifest = tmp_path / "comma.yaml"
    manifest.write_text("apiVersion: cleangate/v1\nsystem:\n  name: x\n"
                        "datasets:\n  - name: d\n    personal_data:\n      categories: ['names, addresses']\n")
    assert main(["bom", "convert", str(manifest)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "/datasets/0/personal_data/categories" in captured.err


def test_cyclonedx_to_native_keeps_only_stated_facts() -> None:
    native = to_native(policy_input(EXAMPLES / "travel-assistant.cdx.json"))
    assert list(native)[:2] == ["apiVersion", "system"]
    assert "evidence" not in native, "defaults are left out, as a person would write the manifest"


def test_init_writes_a_commented_manifest_that_the_gate_evaluates(tmp_path: Path, capsys: Any) -> None:
    target = tmp_path / "cleangate.yaml"
    assert main(["bom", "init", str(target), "--name", "Support bot: v2"]) == 0
    text = target.read_text()
    assert text.startswith("# cleangate.yaml") and text.count("#") > 10
    assert policy_input(target).system.name == "Support bot: v2"
    assert main(["check", str(target)]) != 2, "it loads and evaluates: no schema or usage error"
    capsys.readouterr()
    assert main(["bom", "init", str(target)]) == 2
    assert "exists" in capsys.readouterr().err
    assert main(["bom", "init", str(target), "--force"]) == 0


def test_convert_of_an_unreadable_manifest_names_the_problem(tmp_path: Path, capsys: Any) -> None:
    assert main(["bom", "convert", str(tmp_path / "nope.yaml")]) == 2
    assert "cannot read manifest" in capsys.readouterr().err

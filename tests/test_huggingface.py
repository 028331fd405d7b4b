"""`cleangate bom from-hf`: real model cards (tests/model_cards, PROVENANCE.md) to a BOM the gate reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sbom.load import load_manifest
from service.cli.main import main

CARDS = Path(__file__).parent / "model_cards"


def _bom(card: Path, tmp_path: Path, *extra: str) -> dict[str, object]:
    out = tmp_path / "aibom.cdx.json"
    assert main(["bom", "from-hf", str(card), "-o", str(out), *extra]) == 0
    data: dict[str, object] = json.loads(out.read_text())
    return data


def test_card_becomes_an_ml_bom_with_base_model_task_and_licence(tmp_path: Path) -> None:
    bom = _bom(CARDS / "qwen3-8b-w8a8.README.md", tmp_path, "--id", "nytopop/Qwen3-8B.w8a8")
    loaded = load_manifest((tmp_path / "aibom.cdx.json").read_bytes())
    model, base = loaded.policy_input.models
    assert (model.name, model.licence, model.base_model) == ("nytopop/Qwen3-8B.w8a8", "Apache-2.0", "Qwen/Qwen3-8B")
    assert base.name == "Qwen/Qwen3-8B"  # the base model is a model entry of its own
    assert model.documentation.model_card == "https://huggingface.co/nytopop/Qwen3-8B.w8a8"
    inferred = {f.fact: f for f in loaded.inferred}
    assert inferred["/system/capabilities/synthetic_output_modalities"].value == ["text"]
    assert inferred["/system/capabilities/synthetic_output_modalities"].field.startswith(
        "modelCard.modelParameters.task")
    assert bom["specVersion"] == "1.6"


def test_other_licence_keeps_its_name_and_link(tmp_path: Path) -> None:
    bom = _bom(CARDS / "sensevoice-small-gguf.README.md", tmp_path, "--id", "FunAudioLLM/SenseVoiceSmall-gguf")
    component = bom["components"][0]  # type: ignore[index]
    assert component["licenses"] == [{"license": {  # type: ignore[index]
        "name": "funasr-model-license-v1.1",
        "url": "https://huggingface.co/FunAudioLLM/SenseVoiceSmall/blob/main/LICENSE"}}]
    loaded = load_manifest((tmp_path / "aibom.cdx.json").read_bytes())
    assert loaded.policy_input.models[0].licence_holder == "FunAudioLLM"  # inferred from the id's organisation
    languages = [p["value"] for p in component["properties"] if p["name"] == "huggingface:language"]  # type: ignore[index]
    assert languages == ["zh", "yue", "en", "ja", "ko"]


def test_hf_licence_keywords_become_spdx_ids_and_native_output_loads(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bom", "from-hf", str(CARDS / "phi-3-mini-mlx.README.md"), "--to", "native"]) == 0
    native = load_manifest(capsys.readouterr().out.encode())
    assert native.format == "cleangate" and native.policy_input.models[0].licence == "MIT"


def test_eu_ai_act_fields_and_datasets(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_text("---\nlicense: apache-2.0\npipeline_tag: text-to-image\ndatasets: [laion/laion2B-en]\n"
                    "eu_ai_act:\n  gpai: true\n  training_summary: https://example.com/summary\n---\n# Card\n")
    _bom(card, tmp_path, "--id", "acme/pixel")
    doc = load_manifest((tmp_path / "aibom.cdx.json").read_bytes()).policy_input
    assert doc.models[0].gpai and doc.models[0].documentation.training_summary.url == "https://example.com/summary"
    assert doc.models[0].datasets == ["laion/laion2B-en"] and doc.datasets[0].used_for == ["training"]
    assert doc.system.capabilities.synthetic_output_modalities == ["image"]


def test_a_file_without_front_matter_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    card = tmp_path / "README.md"
    card.write_text("# Just a readme\n")
    assert main(["bom", "from-hf", str(card)]) == 2
    assert "no YAML front matter" in capsys.readouterr().err

"""The Code of Practice facts (text watermark length, a detection route per
technique, signatory status) travel as `cleangate:` properties of a CycloneDX BOM and reach the
verdict: a user sees the Code warning or note, and the verdict never gets stricter than warn."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service.bundle import load_bundle
from service.gate import Gate
from tests.conftest import AFTER_LEGACY_DEADLINE

EXAMPLE = Path(__file__).parent.parent / "examples" / "travel-assistant.cdx.json"


@pytest.fixture(scope="module")
def gate() -> Gate:
    return Gate(load_bundle())


def _bom(extra: list[dict[str, str]]) -> bytes:
    bom = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    bom["metadata"]["component"]["properties"].extend(extra)
    return json.dumps(bom).encode()


def _rules(gate: Gate, data: bytes) -> dict[str, str]:
    decision = gate.evaluate(data, as_of=AFTER_LEGACY_DEADLINE)
    return {f.rule: f.severity for f in decision.findings}


def test_text_watermark_embedded_only_in_long_outputs_warns(gate: Gate) -> None:
    assert "AIACT-50-COP-TEXT" not in _rules(gate, _bom([]))
    late = _bom([{"name": "cleangate:transparency.marking.watermark.min_text_tokens", "value": "500"}])
    decision = gate.evaluate(late, as_of=AFTER_LEGACY_DEADLINE)
    assert {f.rule: f.severity for f in decision.findings}.get("AIACT-50-COP-TEXT") == "warn"
    assert decision.verdict == "warn"
    fine = _bom([{"name": "cleangate:transparency.marking.watermark.min_text_tokens", "value": "200"}])
    assert "AIACT-50-COP-TEXT" not in _rules(gate, fine)


def test_non_signatory_gets_an_info_and_keeps_its_verdict(gate: Gate) -> None:
    base = gate.evaluate(_bom([]), as_of=AFTER_LEGACY_DEADLINE)
    data = _bom([{"name": "cleangate:transparency.code_of_practice.signatory", "value": "false"}])
    decision = gate.evaluate(data, as_of=AFTER_LEGACY_DEADLINE)
    assert {f.rule: f.severity for f in decision.findings}.get("AIACT-50-COP-SIGNATORY") == "info"
    assert decision.verdict == base.verdict
    signed = _bom([{"name": "cleangate:transparency.code_of_practice.signatory", "value": "true"}])
    assert "AIACT-50-COP-SIGNATORY" not in _rules(gate, signed)

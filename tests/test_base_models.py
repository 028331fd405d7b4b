"""Base models bind the fine-tuned product (`base_model` used to be a free string, so a base
model's licence was never checked), judged by the real gate with the built-in policies."""

from __future__ import annotations

import pytest

from service.bundle import load_bundle
from service.gate import Gate
from tests.conftest import AS_OF

TUNED = """\
apiVersion: cleangate/v1
system:
  name: Helpdesk copilot
  roles: [provider]
  deployment: {regions: [DE], environment: production}
models:
  - name: helpdesk-lora
    provider: Acme GmbH
    licence: LicenseRef-Acme-Proprietary
    licence_holder: Acme GmbH
    base_model: open-llm-7b
    adapters: [{name: helpdesk-lora-v1, kind: lora}]
"""

BASE_ENTRY = """\
  - name: open-llm-7b
    provider: Open LLM Lab
    licence: {licence}
"""


@pytest.fixture(scope="module")
def gate() -> Gate:
    return Gate(load_bundle())


def _fired(gate: Gate, manifest: str) -> tuple[str, set[str]]:
    decision = gate.evaluate(manifest.encode(), as_of=AS_OF, source="cleangate.yaml")
    return decision.verdict, {f.rule for f in decision.findings}


def test_a_bare_base_model_name_blocks(gate: Gate) -> None:
    verdict, fired = _fired(gate, TUNED)
    assert verdict == "block"
    assert "LIC-BASE-REF" in fired


def test_a_non_commercial_base_blocks_the_commercial_fine_tune(gate: Gate) -> None:
    verdict, fired = _fired(gate, TUNED + BASE_ENTRY.format(licence="CC-BY-NC-4.0"))
    assert verdict == "block"
    assert "LIC-USE-RESTRICTED" in fired, "the fine-tune inherits the base model's non-commercial clause"
    assert "LIC-BASE-REF" not in fired


def test_a_research_only_base_blocks_production(gate: Gate) -> None:
    manifest = TUNED + BASE_ENTRY.format(licence="LicenseRef-Open-LLM-Research") + (
        "    licence_holder: Open LLM Lab\n    use_restrictions: [research-only]\n"
    )
    verdict, fired = _fired(gate, manifest)
    assert verdict == "block"
    assert "LIC-USE-RESTRICTED" in fired


def test_a_permissive_base_entry_passes_the_licence_rules(gate: Gate) -> None:
    _, fired = _fired(gate, TUNED + BASE_ENTRY.format(licence="Apache-2.0"))
    assert not fired & {"LIC-BASE-REF", "LIC-USE-RESTRICTED", "LIC-BASE-AUP", "LIC-NC", "LIC-KNOWN"}

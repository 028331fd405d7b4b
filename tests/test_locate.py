"""Findings carry the manifest line, so annotations land where the author has to act."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sbom.convert import to_cyclonedx
from sbom.load import load_manifest
from sbom.locate import index_text
from service.gate import Gate
from tests.ci_support import EXAMPLES

YAML = """\
# comment
apiVersion: cleangate/v1
system:
  name: x
  transparency:
    ai_interaction: {mechanism: banner}
  roles:
    - provider
    - deployer
"""


def test_yaml_keys_and_items_map_to_their_lines() -> None:
    index = index_text(YAML, "yaml")
    assert index.locate("/apiVersion") == (2, 1)
    assert index.locate("/system/name") == (4, 3)
    assert index.locate("/system/transparency/ai_interaction/mechanism") == (6, 22)
    assert index.locate("/system/roles/1") == (9, 7)


def test_a_missing_field_points_at_its_deepest_existing_ancestor() -> None:
    index = index_text(YAML, "yaml")
    assert index.locate("/system/transparency/marking/detection") == (5, 3)
    assert index.locate("/models/0/licence") == (2, 1)  # no models at all: the document start
    assert index.locate("") == (2, 1)


def test_json_positions_survive_tabs_escapes_and_one_line_documents() -> None:
    text = '{\n\t"a": [1, {"b/c": 2}],\n\t"d~": {"e": null}}'
    index = index_text(text, "json")
    assert index.locate("/a/1/b~1c") == (2, 12)
    assert index.locate("/d~0/e") == (3, 9)
    assert index.locate("/a/0") == (2, 8)
    assert index.locate("/a/7") == (2, 2), "an item past the end points at the array's key"
    assert index.locate("/a/x") == (2, 2) and index.locate("/zz/y") == (1, 1)
    one_line = json.dumps({"x": {"y": [True, {"z": 1}]}})
    assert index_text(one_line, "json").locate("/x/y/1/z") == (1, one_line.index('"z"') + 1)


def test_unparsable_text_gives_the_document_start_not_an_error() -> None:
    assert index_text("{not json", "json").locate("/a") == (1, 1)


def test_gate_findings_carry_the_yaml_line(gate: Gate) -> None:
    path = EXAMPLES / "voice-clone-legacy.yaml"
    text = path.read_text()
    decision = gate.evaluate(text.encode(), as_of=date(2026, 9, 15))
    assert decision.findings
    lines = text.splitlines()
    for finding in decision.findings:
        assert finding.location is not None
        # Both findings (no marking scheme, no detection field) point at the marking block that should hold them.
        assert lines[finding.location.line - 1] == "    marking:"


def test_cyclonedx_findings_carry_the_json_line_of_the_mapped_field(gate: Gate, tmp_path: Path) -> None:
    native = load_manifest((EXAMPLES / "image-generator-unmarked.yaml").read_bytes()).policy_input
    text = json.dumps(to_cyclonedx(native), indent=2)
    decision = gate.evaluate(text.encode(), as_of=date(2026, 9, 15))
    assert decision.verdict == "block"
    for finding in decision.findings:
        assert finding.path.startswith("/metadata/component")
        assert finding.location is not None
        assert text.splitlines()[finding.location.line - 1].strip() == '"component": {'

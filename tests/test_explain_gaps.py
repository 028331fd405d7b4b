"""`check --explain-gaps`: the undetermined rules and the facts that decide them, by regulation,
in every output format, and pointing into the facts file when one was given."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from service.cli.main import main
from tests.test_undetermined import MANIFEST, _org

BOM = Path(__file__).parent / "real_boms" / "cdxspec-valid-machine-learning-1.6.json"


def test_explain_gaps_groups_facts_by_regulation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = tmp_path / "cleangate.yaml"
    manifest.write_text(MANIFEST)
    org = str(_org(tmp_path))
    assert main(["check", str(manifest), "--policies", org, "--explain-gaps"]) == 1
    out = capsys.readouterr().out
    block = out[out.index("Undetermined: 2 rules until 1 fact is stated"):]
    assert "Acme AI standard:" in block
    assert "/extensions/region: EU or another region code; decides ORG-EU-HOTLINE, ORG-EU-OWNER" in block
    assert "state it as extensions.region in the manifest" in block

    formats = {}
    for name in ("json", "github", "junit", "sarif", "markdown"):
        main(["check", str(manifest), "--policies", org, "-f", name])
        formats[name] = capsys.readouterr().out
    decision = json.loads(formats["json"])["results"][0]
    assert decision["gaps_by_regulation"]["Acme AI standard"][0]["fact"] == "/extensions/region"
    assert "::notice" in formats["github"] and "Acme AI standard:" in formats["github"]
    suite = ET.fromstring(formats["junit"]).find("testsuite")
    assert suite is not None and "/extensions/region" in (suite.findtext("system-out") or "")
    sarif = json.loads(formats["sarif"])["runs"][0]
    assert "/extensions/region" in json.dumps(sarif["properties"]["gaps_by_regulation"])
    assert "| Acme AI standard | `/extensions/region`" in formats["markdown"]


def test_no_gaps_is_said_plainly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = tmp_path / "cleangate.yaml"
    manifest.write_text(MANIFEST + "  region: US\n")
    main(["check", str(manifest), "--policies", str(_org(tmp_path)), "--explain-gaps"])
    assert "No gaps: every rule was decided" in capsys.readouterr().out

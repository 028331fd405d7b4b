"""`cleangate report clear-inventory`: the training datasets and declared works, for a legal team to
file if the US CLEAR Act (S.3813) passes; labelled as a bill on every output."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import yaml

from service.cli.main import main
from service.gate import Gate
from service.reports import report_input
from service.reports.clear_inventory import STATUS, build, document, to_csv
from service.reports.render import markdown
from tests.conftest import EXAMPLES

EXAMPLE = EXAMPLES / "gpai-provider.yaml"


def report(tmp_path: Path, name: str, capsys: Any, manifest: Path = EXAMPLE) -> str:
    target = tmp_path / name
    code = main(["report", "clear-inventory", str(manifest), "-o", str(target)])
    assert code == 0, capsys.readouterr().err
    return target.read_text()


def test_markdown_is_labelled_a_bill_and_lists_the_training_datasets(tmp_path: Path, capsys: Any) -> None:
    text = report(tmp_path, "inventory.md", capsys)
    first = text.splitlines()
    assert first[0] == "# US CLEAR Act inventory (bill, not law) — Lumen-7B model release"
    assert first[2].startswith("> Information only: the CLEAR Act is a bill") and "not law" in first[2]
    rows = [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| Dataset")]
    assert [r.split(" | ")[0].removeprefix("| ") for r in rows] == [
        "lumen-web-2025", "wikipedia-2025", "presswire-archive", "lumen-synthetic-maths"]
    presswire = next(r for r in rows if r.startswith("| presswire-archive"))
    assert "| Presswire Media GmbH |" in presswire and "presswire-registered-works.csv" in presswire
    assert presswire.endswith("| nothing |"), "a dataset with everything stated has nothing missing"
    wikipedia = next(r for r in rows if r.startswith("| wikipedia-2025"))
    assert "| CC-BY-SA-4.0 | valid |" in wikipedia, "the gate's derived licence check is shown"
    assert wikipedia.endswith("| registered-works inventory not stated |")
    assert "Not training data, so not listed: lumen-eval-suite." in text


def test_csv_rows_each_carry_the_legal_status(tmp_path: Path, capsys: Any) -> None:
    rows = list(csv.DictReader(io.StringIO(report(tmp_path, "inventory.csv", capsys))))
    assert len(rows) == 4
    assert {r["Legal status"] for r in rows} == {STATUS}
    assert rows[0]["Rights holder (as stated)"] == "not stated"
    assert rows[2]["Registered-works inventory"] == "https://lumen.example/legal/presswire-registered-works.csv"


def test_json_is_typed_and_says_it_is_information_only(tmp_path: Path, capsys: Any) -> None:
    inventory = json.loads(report(tmp_path, "inventory.json", capsys))
    assert inventory["kind"] == "clear-inventory" and inventory["bill"].startswith("S.3813")
    assert "not law" in inventory["legal_status"]
    assert inventory["rows"][0]["used_by_models"] == ["lumen-7b"]
    assert inventory["rows"][0]["gaps"] == ["registered-works inventory not stated"]
    assert inventory["generative"] is False and inventory["left_out"] == ["lumen-eval-suite"]


def test_missing_facts_are_named_per_dataset(gate: Gate) -> None:
    manifest = {"apiVersion": "cleangate/v1", "system": {"name": "x"},
                "datasets": [{"name": "scrape", "source_type": "crawled"},
                             {"name": "bought", "source_type": "licensed"}, {"name": "unknown"}]}
    inventory = build(report_input(gate, json.dumps(manifest).encode()))
    gaps = {r.dataset: r.gaps for r in inventory.rows}
    assert gaps["scrape"] == ["registered-works inventory not stated", "URL of the publicly available dataset not "
                              "stated", "licence not stated"]
    assert "rights holder not stated" in gaps["bought"]
    assert "source type not stated" in gaps["unknown"]
    assert inventory.generative is None, "unstated output modalities are not read as 'not generative'"
    assert "*not stated*" in markdown(document(inventory))


def test_spreadsheet_formulas_in_manifest_strings_stay_text(gate: Gate, tmp_path: Path) -> None:
    tree = yaml.safe_load(EXAMPLE.read_text())
    tree["datasets"][1]["name"] = '=HYPERLINK("https://evil.example","open me")'
    tree["datasets"][1]["licence_holder"] = "+cmd|' /C calc'!A0"
    tree["models"][0]["datasets"][1] = tree["datasets"][1]["name"]
    text = to_csv(build(report_input(gate, json.dumps(tree, default=str).encode())))
    row = list(csv.reader(io.StringIO(text)))[2]
    assert row[0] == "'" + tree["datasets"][1]["name"]
    assert row[6] == "'+cmd|' /C calc'!A0"
    assert not any(cell.startswith(("=", "+", "-", "@")) for line in csv.reader(io.StringIO(text)) for cell in line)

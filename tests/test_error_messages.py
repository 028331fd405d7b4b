"""Error messages that help: field, value and expectation in words, long lists summarised at
word boundaries, one entry per mistake, lines in every format, pointers sorted as numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sbom.errors import ManifestError
from sbom.load import load_manifest
from service.cli.main import main
from service.gate import Gate

REAL = Path(__file__).parent / "real_boms"


def test_schema_errors_say_what_is_expected_in_words() -> None:
    with pytest.raises(ManifestError) as err:
        load_manifest((REAL / "trusera-ai-bom-demo.cdx.json").read_bytes())
    problems = err.value.problems
    assert len(problems) == 1  # one mistake repeated on 10 components is one entry naming the others
    problem = problems[0]
    assert problem.pointer == "/components/1/type" and problem.message.startswith("got 'service'")
    assert "(+6 more)" in problem.message and "/components/2/type" in problem.message
    assert problem.expected and "(+7 more)" in problem.expected and "services" in problem.expected
    assert "schema" not in (problem.expected or "").split(";")[0]


def test_placeholder_serial_number_and_lower_case_licence(gate: Gate) -> None:
    with pytest.raises(ManifestError) as err:
        load_manifest((REAL / "owasp-aibom-generator-expected.json").read_bytes())
    # The lower-case licence id was repaired; only the placeholder serial number is left.
    assert [p.pointer for p in err.value.problems] == ["/serialNumber"]
    assert "urn:uuid:<RFC 4122 UUID>" in (err.value.problems[0].expected or "")
    bom = json.loads((REAL / "owasp-aibom-generator-expected.json").read_text())
    bom["serialNumber"] = "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79"
    decision = gate.evaluate(json.dumps(bom, indent=2).encode())
    warning = next(f for f in decision.findings if f.rule == "CLEANGATE-INPUT")
    assert warning.severity == "warn" and "'Apache-2.0'" in warning.message
    assert warning.path == "/components/0/licenses/0/license/id" and warning.location is not None
    assert decision.findings[0].rule != "LIC-KNOWN" or "apache" not in decision.findings[0].message.lower()


def test_findings_sort_by_pointer_numerically(gate: Gate) -> None:
    decision = gate.evaluate((REAL / "snyk-juice-shop-ai-chat-aibom.json").read_bytes())
    paths = [f.path for f in decision.findings if f.rule == "LIC-KNOWN"]
    numbers = [int(p.split("/")[2]) for p in paths]
    assert len(numbers) > 2 and numbers == sorted(numbers) and numbers != sorted(numbers, key=str)


def test_input_errors_carry_lines_in_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bom = tmp_path / "bom.json"
    bom.write_bytes((REAL / "trusera-ai-bom-demo.cdx.json").read_bytes())
    assert main(["check", str(bom), "-f", "json"]) == 2
    error = json.loads(capsys.readouterr().out)["results"][0]["error"]["errors"][0]
    assert error["pointer"] == "/components/1/type" and error["line"] > 1


def test_long_values_are_cut_at_a_word() -> None:
    from sbom.schema_errors import show, summarise

    assert summarise([f"item{i}" for i in range(10)], 3) == "item0, item1, item2 (+7 more)"
    text = show("lorem ipsum " * 20)
    assert text.endswith(" ...'") and "lorem ipsu " not in text

"""Every output format, on real decisions: valid against its schema, located, and never a verdict changer."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import xmlschema

from sbom.errors import ManifestError
from service.cli.main import main
from service.formats import FORMATS, Report, ReportEntry
from service.formats.github import escape_data, escape_property
from service.gate import Gate
from tests.ci_support import EXAMPLES, ROOT, junit_for_xsd
from tests.conftest import AS_OF_TEXT

SCHEMAS = ROOT / "tests" / "schemas"
BROKEN = "apiVersion: cleangate/v1\nsystem:\n  name: x\n  colour: blue\n"


def entry(gate: Gate, name: str, text: str | None = None) -> ReportEntry:
    text = text if text is not None else (EXAMPLES / name).read_text()
    e = ReportEntry(source=f"examples/{name}", text=text)
    try:
        e.decision = gate.evaluate(text.encode(), as_of=date.fromisoformat(AS_OF_TEXT), source=e.source)
    except ManifestError as exc:
        e.error = exc
    return e


@pytest.fixture(scope="module")
def report(gate: Gate) -> Report:
    return Report(entries=[
        entry(gate, "image-generator-unmarked.yaml"),
        entry(gate, "voice-clone-legacy.yaml"),
        entry(gate, "travel-assistant.cdx.json"),
        entry(gate, "broken.yaml", BROKEN),
    ])


def line_of(name: str, text: str) -> int:
    return (EXAMPLES / name).read_text().splitlines().index(text) + 1


def test_sarif_validates_and_locates_each_finding(report: Report) -> None:
    sarif = json.loads(FORMATS["sarif"]().render(report))
    jsonschema.Draft4Validator(json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text())).validate(sarif)
    run = sarif["runs"][0]
    results = run["results"]
    findings = [f for e in report.entries if e.decision for f in e.decision.findings]
    level = {"block": "error", "warn": "warning", "info": "note"}
    assert [(r["ruleId"], r["level"]) for r in results] == [(f.rule, level[f.severity]) for f in findings]
    assert ("AIACT-50-2", "error") in [(r["ruleId"], r["level"]) for r in results]
    voice = next(r for r in results if r["ruleId"] == "AIACT-50-2-TRANSITION")["locations"][0]["physicalLocation"]
    assert voice["artifactLocation"]["uri"] == "examples/voice-clone-legacy.yaml"
    assert voice["region"]["startLine"] == line_of("voice-clone-legacy.yaml", "    marking:")
    rule = run["tool"]["driver"]["rules"][results[0]["ruleIndex"]]
    assert rule["id"] == "AIACT-50-2"
    assert "helpUri" in rule and "Attach C2PA" in rule["help"]["text"]
    # The broken manifest is not a result but a failed execution, located at the unknown field.
    assert run["invocations"][0]["executionSuccessful"] is False
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    assert "/system/colour" in note["message"]["text"]
    assert note["locations"][0]["physicalLocation"]["region"]["startLine"] == 4


def test_junit_validates_one_suite_per_manifest_one_case_per_rule(report: Report) -> None:
    xml = FORMATS["junit"]().render(report)
    xmlschema.XMLSchema(SCHEMAS / "junit-10.xsd").validate(junit_for_xsd(xml))
    suites = ET.fromstring(xml).findall("testsuite")
    # GitLab keeps one of several cases with the same name: names are unique over the report.
    cases = list(ET.fromstring(xml).iter("testcase"))
    assert len({c.get("name") for c in cases}) == len(cases)
    for suite in suites:
        assert all(c.get("file") == suite.get("file") for c in suite.iter("testcase"))
    assert [s.get("file") for s in suites] == [e.source for e in report.entries]
    unmarked, voice, travel, broken = suites
    assert report.entries[0].decision is not None
    assert unmarked.get("tests") == str(len(report.entries[0].decision.rules))
    assert unmarked.get("failures") == "1" and unmarked.find("testcase/failure").get("type") == "block"
    assert voice.get("failures") == "0", "a warning does not fail the test report unless --fail-on-warn"
    assert travel.get("failures") == "0" and travel.find("testcase/failure") is None
    assert broken.get("errors") == "1" and "/system/colour" in (broken.find("testcase/error").text or "")


def test_gitlab_code_quality_has_the_documented_fields(report: Report) -> None:
    issues = json.loads(FORMATS["gitlab-codequality"]().render(report))
    findings = [f for e in report.entries if e.decision for f in e.decision.findings if not f.waived]
    assert len(issues) == len(findings) + 1  # and one for the manifest that could not be read
    for issue in issues:
        assert isinstance(issue["description"], str) and issue["description"]
        assert isinstance(issue["check_name"], str) and issue["check_name"]
        assert isinstance(issue["fingerprint"], str) and issue["fingerprint"]
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert isinstance(issue["location"]["path"], str)
        assert isinstance(issue["location"]["lines"]["begin"], int) and issue["location"]["lines"]["begin"] >= 1
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    severity = {"block": "blocker", "warn": "major", "info": "info"}
    assert [i["severity"] for i in issues] == [severity[f.severity] for f in findings] + ["blocker"]


def test_code_quality_fingerprints_are_stable_across_runs(gate: Gate) -> None:
    """GitLab compares fingerprints between branches: a re-run must not look like new issues."""
    first = json.loads(FORMATS["gitlab-codequality"]().render(Report([entry(gate, "image-generator-unmarked.yaml")])))
    again = json.loads(FORMATS["gitlab-codequality"]().render(Report([entry(gate, "image-generator-unmarked.yaml")])))
    assert [i["fingerprint"] for i in first] == [i["fingerprint"] for i in again]


def test_github_commands_annotate_file_and_line_and_cannot_be_broken_out_of(report: Report) -> None:
    lines = FORMATS["github"]().render(report).splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    warnings = [line for line in lines if line.startswith("::warning ")]
    findings = [f for e in report.entries if e.decision for f in e.decision.findings]
    assert len(errors) == sum(f.severity == "block" for f in findings) + 1
    assert len(warnings) == sum(f.severity == "warn" for f in findings)
    system_line = line_of("image-generator-unmarked.yaml", "system:")
    assert errors[0].startswith(f"::error file=examples/image-generator-unmarked.yaml,line={system_line},col=1,")
    assert errors[-1].startswith("::error file=examples/broken.yaml,line=4,")
    assert lines[-1] == "cleangate verdict: error"
    assert escape_data("50%\nnext") == "50%25%0Anext"
    assert escape_property("a,b:c") == "a%2Cb%3Ac"


def test_markdown_leads_with_the_verdict_and_shows_rule_place_and_fix(report: Report) -> None:
    md = FORMATS["markdown"]().render(report)
    assert md.startswith("## cleangate: ❌ ERROR")
    assert "| ⛔ block | [AIACT-50-2](https://eur-lex.europa.eu/" in md
    assert "`/system/transparency/marking/detection` (examples/image-generator-unmarked.yaml line" in md
    assert "Attach C2PA Content Credentials" in md
    assert "| `/system/colour` line 4 |" in md


def test_every_format_renders_a_pass_and_none_changes_the_verdict(gate: Gate) -> None:
    single = Report([entry(gate, "chatbot-compliant.yaml")])
    for name, formatter in FORMATS.items():
        assert formatter().render(single), name
        assert single.verdict == "pass"
    assert json.loads(FORMATS["sarif"]().render(single))["runs"][0]["results"] == []
    assert json.loads(FORMATS["gitlab-codequality"]().render(single)) == []


def run_cli(*argv: str) -> int:
    return main(["check", *argv])


@pytest.mark.slow
def test_check_writes_several_formats_at_once_and_exit_codes_follow_the_verdict(tmp_path: Path,
                                                                                  capsys: Any) -> None:
    unmarked = str(EXAMPLES / "image-generator-unmarked.yaml")
    outputs = [f"--output={name}={tmp_path / name}" for name in FORMATS]
    assert run_cli(unmarked, "--as-of", AS_OF_TEXT, "--format", "github", *outputs) == 1
    assert capsys.readouterr().out.startswith("::error ")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(FORMATS)
    assert json.loads((tmp_path / "json").read_text())["verdict"] == "block"
    voice = str(EXAMPLES / "voice-clone-legacy.yaml")
    assert run_cli(voice, "--as-of", AS_OF_TEXT, "-f", "json") == 0
    assert run_cli(voice, "--as-of", AS_OF_TEXT, "-f", "json", "--fail-on-warn") == 3
    assert run_cli(voice, "--output", "pdf=x.pdf") == 2
    assert "expected FORMAT=FILE" in capsys.readouterr().err


def test_findings_with_unknown_location_still_render(gate: Gate) -> None:
    e = entry(gate, "image-generator-unmarked.yaml")
    assert e.decision is not None
    for f in e.decision.findings:
        f.location = None
    report = Report([e])
    sarif = json.loads(FORMATS["sarif"]().render(report))
    assert sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
    assert "line=1" in FORMATS["github"]().render(report)


def test_a_waived_finding_stays_visible_but_does_not_block_anywhere(gate: Gate) -> None:
    e = entry(gate, "image-generator-unmarked.yaml")
    assert e.decision is not None
    waived = e.decision.findings[0]
    waived.waived, waived.waiver_id = True, "W-17"
    report = Report([e])
    result = json.loads(FORMATS["sarif"]().render(report))["runs"][0]["results"][0]
    assert result["suppressions"] == [{"kind": "external", "justification": "waiver W-17"}]
    assert FORMATS["github"]().render(report).startswith("::notice ")
    issues = json.loads(FORMATS["gitlab-codequality"]().render(report))
    assert len(issues) == len(e.decision.findings) - 1
    assert "(waived)" in FORMATS["markdown"]().render(report)


@pytest.mark.slow
def test_an_output_file_that_cannot_be_written_is_exit_2_not_a_traceback(tmp_path: Path, capsys: Any) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    assert run_cli(str(EXAMPLES / "chatbot-compliant.yaml"), "-o", f"sarif={blocker / 'x.sarif'}") == 2
    assert "cannot write --output sarif=" in capsys.readouterr().err

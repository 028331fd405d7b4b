"""Reports cannot be forged from manifest strings.

A hostile-name corpus -- HTML, Markdown links and images, comment openers, backtick breakouts,
CR/LF, ANSI escapes, NUL and other control characters, GitHub `::` workflow commands -- goes
into the system name, a model name (quoted in finding messages), an unknown field name (quoted
in error messages) and the file name, and every format must stay what it claims to be: JUnit
parses as XML, Markdown renders no HTML or links from it, text and GitHub output keep one line
per line with no terminal escapes and no forged workflow command.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from sbom.errors import ManifestError
from service.formats import FORMATS, Report, ReportEntry
from service.gate import Gate

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click me](https://evil.example)",
    "![pixel](https://evil.example/p.png)",
    "<!-- hidden",
    "`` ` </code> ``` fence",
    "line1\r\n::error file=x::forged by manifest",
    "\x1b[31mred\x1b[0m\x1b]8;;https://evil.example\x07link",
    "nul\x00bell\x07vt\x0bff\x0cesc\x1bdel\x7f",
    "::warning::forged at start",
    "| broken | table |",
]
NAME = " ".join(HOSTILE[:6])
MODEL = " ".join(HOSTILE[6:])


def manifest(model_name: str) -> bytes:
    return json.dumps({
        "apiVersion": "cleangate/v1",
        "system": {"name": NAME, "version": "1\n::error::v", "roles": ["provider"],
                   "capabilities": {"interacts_with_persons": True}},
        "models": [{"name": model_name, "gpai": True, "role": "provider"}],
    }).encode()


@pytest.fixture(scope="module")
def report(gate: Gate) -> Report:
    decision = gate.evaluate(manifest(MODEL), as_of=date(2026, 9, 15), source="evil\n::error::x<img src=y>.json")
    assert decision.findings, "the hostile manifest produces findings that quote the names"
    error: ManifestError | None = None
    try:
        gate.evaluate(json.dumps({"apiVersion": "cleangate/v1", "system": {"name": "x", NAME: 1, MODEL: 2}}).encode())
    except ManifestError as exc:
        error = exc
    assert error is not None
    return Report(entries=[
        ReportEntry(source="evil\r\n::error::x`<script>`.yaml", decision=decision, text=manifest(MODEL).decode()),
        ReportEntry(source="bad\x1b[2J\x00.json", error=error, text=""),
    ])


def render(report: Report, name: str) -> str:
    return FORMATS[name]().render(report)


def test_junit_always_parses(report: Report) -> None:
    out = render(report, "junit")
    root = ET.fromstring(out.encode("utf-8"))
    assert root.tag == "testsuites"
    assert "\x00" not in out and "\x1b" not in out and "\x07" not in out


def test_markdown_renders_no_html_links_or_breakouts_from_manifest_strings(report: Report) -> None:
    out = render(report, "markdown")
    for raw in ("<script", "<img", "<!--", "](https://evil", "</code>", "\x1b", "\x00", "\r"):
        assert raw not in out, raw
    # every backtick left in the output comes from the formatter's own code spans, in pairs per line
    for line in out.splitlines():
        assert line.count("`") % 2 == 0, line
        assert not line.startswith("::")


@pytest.mark.parametrize("name", ["text", "github"])
def test_line_formats_keep_one_line_per_line_and_no_forged_commands(report: Report, name: str) -> None:
    out = render(report, name)
    assert "\r" not in out and "\x1b" not in out and "\x00" not in out and "\x07" not in out
    for line in out.splitlines():
        if name == "github" and line.startswith("::"):
            # one command per line, of the formatter's making: properties hold no raw ':' or ','
            # except their own separators, so no second command or property can be smuggled in
            command = re.match(r"^::(error|warning|notice)(?: ((?:[a-z]+=[^:,]*,?)*))?::", line)
            assert command, line
            continue
        assert not line.lstrip().startswith("::"), line
        if name == "text":
            assert "::error" not in line and "::warning" not in line, line


@pytest.mark.parametrize("name", ["json", "sarif", "gitlab-codequality"])
def test_json_formats_stay_json_and_keep_the_names(report: Report, name: str) -> None:
    out = render(report, name)
    parsed = json.loads(out)
    assert parsed

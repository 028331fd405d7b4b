"""The GitLab template, run for real under gitlab-ci-local with the shell executor.

A project includes `ci_templates/gitlab/cleangate.gitlab-ci.yml` (as `include: local:`, since the
remote URL cannot be reached here) and extends `.cleangate` the way docs/ci.md says, each job with
its own `before_script` (which must not replace the install). One pipeline holds a passing, a
warning (under CLEANGATE_FAIL_ON_WARN, shown as an allowed failure) and a blocking job, a blocking
one in report-only mode, and a deploy job that needs the passing one. The test checks each job's
result and exit code, and the artefacts GitLab would publish: JUnit against its XSD with names
unique per manifest and `file` set, Code Quality with the fields and lines GitLab reads.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import xmlschema
import yaml

from tests.ci_real_support import make_repo, need, pip_env, prepared, tool_path
from tests.ci_support import EXAMPLES, ROOT, junit_for_xsd
from tests.conftest import AS_OF_TEXT

pytestmark = pytest.mark.slow  # starts processes (see docs/contributing.md, "Tests")

TEMPLATE = ROOT / "ci_templates" / "gitlab" / "cleangate.gitlab-ci.yml"
SCHEMAS = ROOT / "tests" / "schemas"
MANIFESTS = {"pass": "chatbot-compliant.yaml", "warn": "voice-clone-legacy.yaml",
             "block": "image-generator-unmarked.yaml"}
SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def pipeline() -> dict[str, Any]:
    jobs: dict[str, Any] = {"include": [{"local": "cleangate.gitlab-ci.yml"}], "stages": ["test", "deploy"]}
    for name in ("pass", "warn", "block"):
        jobs[f"cleangate-{name}"] = {
            "extends": ".cleangate",
            "before_script": [f"echo project before_script of {name}"],
            "variables": {"CLEANGATE_MANIFESTS": f"{name}/*.yaml", "CLEANGATE_AS_OF": AS_OF_TEXT},
        }
    jobs["cleangate-warn"]["variables"]["CLEANGATE_FAIL_ON_WARN"] = "true"
    jobs["cleangate-report-only"] = {
        "extends": ".cleangate",
        "variables": {"CLEANGATE_MANIFESTS": "block/*.yaml", "CLEANGATE_AS_OF": AS_OF_TEXT,
                      "CLEANGATE_REPORT_ONLY": "true"},
    }
    jobs["deploy"] = {"stage": "deploy", "needs": ["cleangate-pass"], "script": ["echo deploying"]}
    return jobs


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One pipeline for all the cases: the jobs run side by side, as on GitLab."""
    need("gitlab-ci-local")
    tmp = tmp_path_factory.mktemp("gitlab")
    house = prepared()[1]
    wheel = next(house.glob("cleangate-*.whl"))
    files: dict[str, str | bytes] = {
        ".gitlab-ci.yml": yaml.safe_dump(pipeline(), sort_keys=False),
        "cleangate.gitlab-ci.yml": TEMPLATE.read_text(),
    }
    for name, example in MANIFESTS.items():
        files[f"{name}/{example}"] = (EXAMPLES / example).read_text()
    repo = make_repo(tmp / "repo", files, "https://gitlab.example/acme/pixelforge.git")
    # --shell-isolation: each job in its own build folder, as each GitLab job has its own checkout.
    argv = ["gitlab-ci-local", "--force-shell-executor", "--shell-isolation", "--json-schema-validation",
            "--variable", f"CLEANGATE_PACKAGE={wheel}"]
    for key, value in pip_env(house).items():
        argv += ["--variable", f"{key}={value}"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITLAB_", "CI_", "CLEANGATE_", "PIP_"))}
    env.pop("CI", None)
    env["PATH"] = tool_path()
    result = subprocess.run(argv, cwd=repo, env=env, capture_output=True, text=True, timeout=300)
    log = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr)
    # The closing summary has one "PASS|WARN|FAIL  job" line per job; "job finished in ... FAIL 1"
    # lines carry the exit code of the jobs that did not exit 0.
    exits = re.finditer(r"^(\S+)\s+finished in .*?(?:FAIL|WARN) (\d+)", log, re.M)
    codes = {m.group(1): int(m.group(2)) for m in exits}
    finished = {m.group(2): (m.group(1), codes.get(m.group(2), 0))
                for m in re.finditer(r"^\s*(PASS|WARN|FAIL)\s+(\S+)", log, re.M)}
    return {"code": result.returncode, "log": log, "jobs": finished, "state": repo / ".gitlab-ci-local"}


def artefacts(run: dict[str, Any], job: str) -> Path:
    return Path(run["state"]) / "artifacts" / job / "cleangate-reports"


def test_job_results_and_exit_codes(run: dict[str, Any]) -> None:
    jobs = run["jobs"]
    assert jobs.get("cleangate-pass") == ("PASS", 0), run["log"][-4000:]
    assert jobs.get("cleangate-warn") == ("WARN", 3), "warn under FAIL_ON_WARN is an allowed failure (exit 3)"
    assert jobs.get("cleangate-block") == ("FAIL", 1)
    assert jobs.get("cleangate-report-only") == ("PASS", 0)
    assert jobs.get("deploy") == ("PASS", 0)
    assert "project before_script of block" in run["log"], "the job's own before_script ran"
    assert "report-only: exit code 1 does not fail the job" in run["log"]


def test_junit_names_are_unique_per_manifest_and_carry_the_file(run: dict[str, Any]) -> None:
    for job, folder in (("cleangate-block", "block"), ("cleangate-warn", "warn"), ("cleangate-pass", "pass")):
        path = artefacts(run, job) / "cleangate.junit.xml"
        xmlschema.XMLSchema(SCHEMAS / "junit-10.xsd").validate(junit_for_xsd(path.read_text()))
        manifest = f"{folder}/{MANIFESTS[folder]}"
        cases = list(ET.parse(path).getroot().iter("testcase"))
        assert cases and all(c.get("file") == manifest for c in cases)
        assert len({c.get("name") for c in cases}) == len(cases)
        assert all(manifest in (c.get("name") or "") for c in cases)
    block = ET.parse(artefacts(run, "cleangate-block") / "cleangate.junit.xml").getroot()
    assert block.get("failures") == "1"
    warn = ET.parse(artefacts(run, "cleangate-warn") / "cleangate.junit.xml").getroot()
    assert warn.get("failures") == "1", "under fail-on-warn the warning is a failed test"


def test_code_quality_points_at_the_manifest_lines(run: dict[str, Any]) -> None:
    issues = json.loads((artefacts(run, "cleangate-block") / "gl-code-quality-report.json").read_text())
    line = (EXAMPLES / MANIFESTS["block"]).read_text().splitlines().index("system:") + 1
    assert issues and {i["check_name"] for i in issues} == {"AIACT-50-2"}
    for issue in issues:
        assert issue["severity"] == "blocker" and issue["description"] and issue["fingerprint"]
        assert issue["location"] == {"path": f"block/{MANIFESTS['block']}", "lines": {"begin": line}}
    warn = json.loads((artefacts(run, "cleangate-warn") / "gl-code-quality-report.json").read_text())
    assert {i["severity"] for i in warn} == {"major"}
    assert json.loads((artefacts(run, "cleangate-pass") / "gl-code-quality-report.json").read_text()) == []
    only = json.loads((artefacts(run, "cleangate-report-only") / "gl-code-quality-report.json").read_text())
    assert {i["severity"] for i in only} == {"blocker"}, "report-only still publishes the findings"
    assert all(i["severity"] in SEVERITIES for i in issues + warn)

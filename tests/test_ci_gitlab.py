"""The GitLab CI template: its hidden job's script run with bash in a simulated GitLab job.

The test extends `.cleangate` as a user would (job variables overridden), sets the variables
GitLab predefines, runs before_script's install check and the script, and checks the exit code
and the files `artifacts:reports` publishes: a JUnit report valid against the XSD and a Code
Quality report with the fields GitLab documents.
"""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import xmlschema
import yaml

from service import __version__
from tests.ci_support import ROOT, checkout, junit_for_xsd, run_bash, server_token
from tests.conftest import AS_OF_TEXT, Server

pytestmark = pytest.mark.slow  # runs the templates' scripts in bash, which run the cleangate CLI

TEMPLATE = ROOT / "ci_templates" / "gitlab" / "cleangate.gitlab-ci.yml"
SCHEMAS = ROOT / "tests" / "schemas"
GITLAB_ENV = {
    "GITLAB_CI": "true", "CI": "true", "CI_PROJECT_PATH": "acme/pixelforge", "CI_COMMIT_SHA": "b" * 40,
    "CI_COMMIT_REF_NAME": "main", "CI_PIPELINE_URL": "https://gitlab.example/acme/pixelforge/-/pipelines/77",
    "GITLAB_USER_LOGIN": "dev1",
}
SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def job() -> dict[str, Any]:
    template = yaml.safe_load(TEMPLATE.read_text())
    assert set(template) == {".cleangate"}, "the template defines only a hidden job (nothing runs until extended)"
    return template[".cleangate"]  # type: ignore[no-any-return]


def run_job(tmp_path: Path, variables: dict[str, str], secrets: dict[str, str] | None = None) -> tuple[int, str]:
    """Run the job's script; `secrets` are CI/CD variables set in the project, not in the file."""
    spec = job()
    unknown = set(variables) - set(spec["variables"])
    assert not unknown, f"not variables of the template: {unknown}"
    env = {**{k: str(v) for k, v in spec["variables"].items()}, **variables, **GITLAB_ENV,
           "CI_PROJECT_DIR": str(tmp_path), **(secrets or {})}
    script = "\n".join(spec["script"])
    # The install is what tests/test_ci_real_gitlab.py runs for real; here the test's venv stands in.
    for real, stand_in in (('venv="$tmpdir/cleangate-venv"', f'venv="{sys.prefix}"'),
                           ('python3 -m venv "$venv"', ":"), ('"$venv/bin/python" -m pip install', ": install")):
        assert real in script, real
        script = script.replace(real, stand_in)
    result = run_bash(script, tmp_path, env)
    return result.returncode, result.stdout + result.stderr


def test_the_install_is_in_script_so_a_jobs_own_before_script_cannot_replace_it() -> None:
    spec = job()
    assert "before_script" not in spec
    pip = '"$venv/bin/python" -m pip install --disable-pip-version-check --quiet "$CLEANGATE_PACKAGE"'
    assert pip in spec["script"][0]


def test_the_default_install_source_is_pinned_to_a_release(tmp_path: Path) -> None:
    package = job()["variables"]["CLEANGATE_PACKAGE"]
    assert package.startswith("https://github.com/cleangate/cleangate/releases/download/v")
    assert package.endswith(f"/cleangate-{__version__}-py3-none-any.whl")
    code, log = run_job(tmp_path, {"CLEANGATE_PACKAGE": "cleangate"})
    assert code == 2 and "CLEANGATE_PACKAGE 'cleangate' is not pinned" in log


def test_warn_is_visible_as_an_allowed_failure() -> None:
    assert job()["allow_failure"] == {"exit_codes": [3]}


def test_report_only_never_fails_the_job_but_keeps_the_reports(tmp_path: Path) -> None:
    checkout(tmp_path, "image-generator-unmarked.yaml")
    code, log = run_job(tmp_path, {"CLEANGATE_MANIFESTS": "image-generator-unmarked.yaml",
                                   "CLEANGATE_AS_OF": AS_OF_TEXT,
                                   "CLEANGATE_REPORT_ONLY": "true"})
    assert code == 0, log
    assert "report-only: exit code 1 does not fail the job" in log
    assert json.loads((tmp_path / "cleangate-reports" / "gl-code-quality-report.json").read_text())


def test_a_glob_that_matches_no_file_says_so(tmp_path: Path) -> None:
    code, log = run_job(tmp_path, {"CLEANGATE_MANIFESTS": "models/*.cdx.json"})
    assert code == 2
    assert "CLEANGATE_MANIFESTS: 'models/*.cdx.json' matches no file" in log


def test_several_policy_dirs_and_data_files_reach_the_check(tmp_path: Path) -> None:
    checkout(tmp_path, "chatbot-compliant.yaml")
    code, log = run_job(tmp_path, {"CLEANGATE_MANIFESTS": "chatbot-compliant.yaml", "CLEANGATE_AS_OF": AS_OF_TEXT,
                                   "CLEANGATE_POLICIES": "org-a org-b", "CLEANGATE_DATA": "a.json b.json"})
    assert code == 2
    assert "org-a" in log or "a.json" in log, log


def test_reports_are_published_even_when_the_job_fails() -> None:
    artifacts = job()["artifacts"]
    assert artifacts["when"] == "always"
    assert artifacts["reports"] == {
        "junit": "cleangate-reports/cleangate.junit.xml",
        "codequality": "cleangate-reports/gl-code-quality-report.json",
    }


def test_block_fails_the_job_with_a_junit_and_code_quality_report(tmp_path: Path) -> None:
    checkout(tmp_path, "image-generator-unmarked.yaml", "chatbot-compliant.yaml")
    code, log = run_job(tmp_path, {"CLEANGATE_MANIFESTS": "*.yaml", "CLEANGATE_AS_OF": AS_OF_TEXT,
                                   "CLEANGATE_FORMATS": "sarif"})
    assert code == 1, log
    assert "BLOCK" in log and "exit code 1" in log
    reports = job()["artifacts"]["reports"]
    junit = tmp_path / reports["junit"]
    xmlschema.XMLSchema(SCHEMAS / "junit-10.xsd").validate(junit_for_xsd(junit.read_text()))
    suites = {s.get("file"): s for s in ET.parse(junit).getroot()}
    assert suites["image-generator-unmarked.yaml"].get("failures") == "1"
    assert suites["chatbot-compliant.yaml"].get("failures") == "0"
    failure = suites["image-generator-unmarked.yaml"].find("testcase/failure")
    assert failure is not None and "Attach C2PA Content Credentials" in (failure.text or "")

    issues = json.loads((tmp_path / reports["codequality"]).read_text())
    decisions = [r["decision"] for r in json.loads((tmp_path / "cleangate-reports" / "cleangate.json").read_text())[
        "results"]]
    assert len(issues) == sum(len(d["findings"]) for d in decisions)
    for issue in issues:
        assert issue["severity"] in SEVERITIES and issue["description"] and issue["fingerprint"]
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    line = (tmp_path / "image-generator-unmarked.yaml").read_text().splitlines().index("system:") + 1
    marking = [i for i in issues if i["check_name"] == "AIACT-50-2"]
    assert len(marking) == 2
    for issue in marking:
        assert issue["severity"] == "blocker"
        assert issue["location"] == {"path": "image-generator-unmarked.yaml", "lines": {"begin": line}}
    assert (tmp_path / "cleangate-reports" / "cleangate.sarif").is_file()


def test_remote_mode_passes_and_records_the_gitlab_pipeline(tmp_path: Path, server: Server) -> None:
    checkout(tmp_path, "travel-assistant.cdx.json")
    code, log = run_job(tmp_path, {"CLEANGATE_MANIFESTS": "travel-assistant.cdx.json", "CLEANGATE_SERVER": server.url,
                                   "CLEANGATE_AS_OF": AS_OF_TEXT}, {"CLEANGATE_TOKEN": server_token(server)})
    assert code == 0, log
    result = json.loads((tmp_path / "cleangate-reports" / "cleangate.json").read_text())["results"][0]
    assert result["decision"]["verdict"] == "pass"
    assert result["decision"]["context"]["provider"] == "gitlab"
    assert result["decision"]["context"]["pipeline_url"] == GITLAB_ENV["CI_PIPELINE_URL"]
    assert json.loads((tmp_path / "cleangate-reports" / "gl-code-quality-report.json").read_text()) == []


def test_warn_fails_the_job_only_with_fail_on_warn(tmp_path: Path) -> None:
    checkout(tmp_path, "voice-clone-legacy.yaml")
    code, log = run_job(tmp_path, {"CLEANGATE_MANIFESTS": "voice-clone-legacy.yaml", "CLEANGATE_AS_OF": AS_OF_TEXT,
                                   "CLEANGATE_FAIL_ON_WARN": "true"})
    assert code == 3, log
    junit = ET.parse(tmp_path / "cleangate-reports" / "cleangate.junit.xml").getroot()
    assert junit.get("failures") == "1", "under --fail-on-warn the warning is a failed test"


def test_docs_list_every_variable_of_the_template() -> None:
    docs = (ROOT / "docs" / "ci.md").read_text()
    for name in job()["variables"]:
        assert f"| `{name}` |" in docs, name

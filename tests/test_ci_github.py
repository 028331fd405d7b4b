"""The GitHub composite action, run step by step as the runner would, in a simulated job.

Each test sets up what a runner provides (GITHUB_* variables, the step summary and output
files, a checkout), substitutes the `${{ ... }}` expressions the runner would, runs the step's
script with bash, and checks what a user sees: the exit code, the annotations in the log, the
step summary, the outputs and the report files.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import xmlschema
import yaml

from tests.ci_support import ROOT, checkout, junit_for_xsd, run_bash, server_token
from tests.conftest import AS_OF_TEXT, Server

pytestmark = pytest.mark.slow  # runs the templates' scripts in bash, which run the cleangate CLI

ACTION = ROOT / "ci_templates" / "github" / "action.yml"
EXAMPLE_WORKFLOW = ROOT / "ci_templates" / "github" / "example-workflow.yml"
SCHEMAS = ROOT / "tests" / "schemas"


def load_action() -> dict[str, Any]:
    return yaml.safe_load(ACTION.read_text())


def substitute(text: str, inputs: dict[str, str]) -> str:
    """Fill in the expressions a runner evaluates; anything else left over is a test failure."""
    def value(match: re.Match[str]) -> str:
        expr = match.group(1).strip()
        if expr.startswith("inputs."):
            return inputs[expr.removeprefix("inputs.")]
        if expr == "github.action_path":
            return str(ACTION.parent)
        if expr == "steps.install.outputs.bin":  # the install step's venv: here, the test's own
            return str(Path(sys.executable).parent)
        raise AssertionError(f"unexpected expression in action.yml: {expr}")
    return re.sub(r"\$\{\{(.*?)\}\}", value, text)


def step(name: str) -> dict[str, Any]:
    return next(s for s in load_action()["runs"]["steps"] if s["name"] == name)


def run_action(tmp_path: Path, given: dict[str, str], github_env: dict[str, str] | None = None
               ) -> tuple[int, str, str, dict[str, str]]:
    """Run the evaluate step; returns exit code, log (stdout), step summary and outputs."""
    action = load_action()
    inputs = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    unknown = set(given) - set(inputs)
    assert not unknown, f"not inputs of the action: {unknown}"
    inputs.update(given)
    evaluate = step("Evaluate AI-BOM")
    summary, output = tmp_path / "summary.md", tmp_path / "output.txt"
    summary.touch()
    output.touch()
    env = {key: substitute(str(value), inputs) for key, value in evaluate["env"].items()}
    env.update({
        "GITHUB_ACTIONS": "true", "CI": "true", "GITHUB_REPOSITORY": "acme/chatbot", "GITHUB_SHA": "a" * 40,
        "GITHUB_REF": "refs/heads/main", "GITHUB_RUN_ID": "4242", "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_ACTOR": "octocat", "GITHUB_WORKSPACE": str(tmp_path), "GITHUB_ACTION_PATH": str(ACTION.parent),
        "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(output), **(github_env or {}),
    })
    result = run_bash(substitute(evaluate["run"], inputs), tmp_path, env)
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)
    return result.returncode, result.stdout + result.stderr, summary.read_text(), outputs


def install(tmp_path: Path, package: str, python: str = "python3") -> tuple[int, str]:
    """Run the install step up to pip: the platform and pin checks, with pip itself a stub."""
    script = step("Install cleangate")["run"]
    fake_bin = tmp_path / "bin"
    fake_bin.mkdir(exist_ok=True)
    (tmp_path / "temp").mkdir(exist_ok=True)
    output = tmp_path / "install-output.txt"
    env = {"CLEANGATE_PYTHON": python, "CLEANGATE_PACKAGE": package, "GITHUB_ACTION_PATH": str(ACTION.parent),
           "RUNNER_TEMP": str(tmp_path / "temp"), "GITHUB_OUTPUT": str(output)}
    # Stop at pip: the installs themselves are what tests/test_ci_real_github.py runs for real.
    script = script.replace('"$venv/bin/python" -m pip install', 'echo would install')
    result = run_bash(script, tmp_path, env)
    return result.returncode, result.stdout + result.stderr


def test_install_step_installs_the_actions_own_source_into_its_own_venv(tmp_path: Path) -> None:
    setup = step("Set up Python for cleangate")
    assert setup["uses"].startswith("actions/setup-python@")
    assert setup["with"]["update-environment"] is False, "the action's Python stays off the caller's PATH"
    code, log = install(tmp_path, "")
    assert code == 0, log
    requirement = log.split("would install", 1)[1].split()[-1].strip('"')
    assert Path(requirement).resolve() == ROOT
    outputs = (tmp_path / "install-output.txt").read_text()
    assert outputs == f"bin={tmp_path / 'temp' / 'cleangate-venv' / 'bin'}\n"
    assert "GITHUB_PATH" not in step("Install cleangate")["run"]


def test_install_refuses_a_bare_name_from_a_public_index(tmp_path: Path) -> None:
    for pinned in ("cleangate==0.1.0", "cleangate @ git+https://github.com/cleangate/cleangate@v0.1.0",
                   "./dist/cleangate-0.1.0-py3-none-any.whl"):
        assert install(tmp_path, pinned)[0] == 0, pinned
    for bare in ("cleangate", "cleangate[server]"):
        code, log = install(tmp_path, bare)
        assert code == 2 and f"package '{bare}' is not pinned" in log


def test_install_names_the_supported_platforms_elsewhere(tmp_path: Path) -> None:
    arm = tmp_path / "python-on-arm"
    arm.write_text('#!/bin/sh\nexec python3 -c "import platform; platform.machine = lambda: \'aarch64\'\n$2"\n')
    arm.chmod(0o755)
    code, log = install(tmp_path, "", python=str(arm))
    assert code == 2
    assert "aarch64" in log and "Linux x86-64 with glibc 2.34+" in log and "macOS" in log


def test_inputs_reach_the_scripts_only_through_the_environment() -> None:
    """Expressions pasted into a script are a shell-injection hole; inputs go through env."""
    for s in load_action()["runs"]["steps"]:
        assert "${{" not in s.get("run", ""), s["name"]


def test_block_fails_the_step_with_annotations_summary_outputs_and_reports(tmp_path: Path) -> None:
    checkout(tmp_path, "image-generator-unmarked.yaml", "chatbot-compliant.yaml")
    code, log, summary, outputs = run_action(tmp_path, {
        "manifests": "image-generator-unmarked.yaml\nchatbot-compliant.yaml",
        "formats": "sarif, junit gitlab-codequality", "as-of": AS_OF_TEXT,
    })
    assert code == 1, log
    # Annotations point at the manifest file and the line of the block that lacks the marking.
    lines = (tmp_path / "image-generator-unmarked.yaml").read_text().splitlines()
    system_line = lines.index("system:") + 1
    assert f"::error file=image-generator-unmarked.yaml,line={system_line},col=1,title=AIACT-50-2 " in log
    assert "::error file=chatbot-compliant.yaml" not in log
    assert "## cleangate: ⛔ BLOCK" in summary and "AIACT-50-2" in summary
    assert "Attach C2PA Content Credentials" in summary
    assert outputs["verdict"] == "block" and outputs["exit-code"] == "1"
    ids = outputs["decision-id"].split(",")
    assert len(ids) == 2 and all(re.fullmatch(r"[0-9a-f-]{36}", i) for i in ids)
    report_dir = tmp_path / outputs["report-dir"]
    assert outputs["sarif"] == "cleangate-reports/cleangate.sarif"
    assert outputs["junit"] == "cleangate-reports/cleangate.junit.xml"
    assert set(outputs["reports"].split()) == {
        f"cleangate-reports/cleangate.{ext}" for ext in ("md", "json", "sarif", "junit.xml", "codequality.json")
    }
    sarif = json.loads((tmp_path / outputs["sarif"]).read_text())
    jsonschema.Draft4Validator(json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text())).validate(sarif)
    assert "AIACT-50-2" in {r["ruleId"] for r in sarif["runs"][0]["results"]}
    xmlschema.XMLSchema(SCHEMAS / "junit-10.xsd").validate(junit_for_xsd((tmp_path / outputs["junit"]).read_text()))
    assert (report_dir / "cleangate.md").read_text() in summary


def test_pass_succeeds_and_warn_fails_only_with_fail_on_warn(tmp_path: Path) -> None:
    checkout(tmp_path, "voice-clone-legacy.yaml")
    code, log, _summary, outputs = run_action(tmp_path, {"manifests": "voice-clone-legacy.yaml", "as-of": AS_OF_TEXT})
    assert (code, outputs["verdict"]) == (0, "warn"), log
    assert "::warning file=voice-clone-legacy.yaml,line=" in log
    code, log, _, outputs = run_action(tmp_path, {"manifests": "voice-clone-legacy.yaml", "as-of": AS_OF_TEXT,
                                                  "fail-on-warn": "true"})
    assert (code, outputs["verdict"], outputs["exit-code"]) == (3, "warn", "3"), log


def test_a_manifest_that_does_not_exist_fails_with_an_error(tmp_path: Path) -> None:
    code, log, summary, outputs = run_action(tmp_path, {"manifests": "missing.yaml", "formats": ""})
    assert code == 2
    assert "::error file=missing.yaml" in log
    assert outputs["verdict"] == "error" and "ERROR" in summary


def test_unknown_format_is_refused_before_anything_runs(tmp_path: Path) -> None:
    code, log, _, _ = run_action(tmp_path, {"formats": "pdf"})
    assert code == 2 and "unknown format 'pdf'" in log


def test_remote_mode_sends_the_ci_context_and_gates_on_the_servers_answer(tmp_path: Path, server: Server) -> None:
    checkout(tmp_path, "chatbot-compliant.yaml")
    code, log, _summary, outputs = run_action(tmp_path, {"manifests": "chatbot-compliant.yaml", "server": server.url,
                                                        "formats": "json", "token": server_token(server),
                                                        "as-of": AS_OF_TEXT})
    assert (code, outputs["verdict"]) == (0, "pass"), log
    decision = json.loads((tmp_path / "cleangate-reports" / "cleangate.json").read_text())["results"][0]["decision"]
    assert decision["context"] == {
        "provider": "github", "repository": "acme/chatbot", "commit": "a" * 40, "ref": "refs/heads/main",
        "pipeline_url": "https://github.com/acme/chatbot/actions/runs/4242", "actor": "octocat",
    }
    assert decision["manifest"]["source"] == "chatbot-compliant.yaml"


def test_an_unreachable_gate_fails_closed_unless_on_error_warn(tmp_path: Path) -> None:
    checkout(tmp_path, "chatbot-compliant.yaml")
    given = {"manifests": "chatbot-compliant.yaml", "server": "http://127.0.0.1:9", "retries": "1"}
    code, log, summary, outputs = run_action(tmp_path, given)
    assert (code, outputs["verdict"]) == (2, "error"), log
    assert "retrying" in log and "::error file=chatbot-compliant.yaml" in log and "gate server unavailable" in log
    code, log, summary, outputs = run_action(tmp_path, {**given, "retries": "0", "on-error": "warn"})
    assert (code, outputs["verdict"]) == (0, "warn"), log
    assert "::warning file=chatbot-compliant.yaml" in log and "Nothing was checked" in summary


def test_example_workflow_uses_only_inputs_and_outputs_the_action_has() -> None:
    workflow = yaml.safe_load(EXAMPLE_WORKFLOW.read_text())
    action = load_action()
    jobs = workflow["jobs"]
    assert jobs["deploy"]["needs"] == "compliance"
    gate = next(s for s in jobs["compliance"]["steps"] if s.get("id") == "cleangate")
    assert gate["uses"].split("@")[0].endswith("ci_templates/github")
    assert set(gate["with"]) <= set(action["inputs"])
    used = set(re.findall(r"steps\.cleangate\.outputs\.([\w-]+)", EXAMPLE_WORKFLOW.read_text()))
    assert used and used <= set(action["outputs"])
    for name, spec in action["outputs"].items():
        assert spec["value"] == f"${{{{ steps.gate.outputs.{name} }}}}"


def test_docs_list_every_input_and_output_of_the_action() -> None:
    docs = (ROOT / "docs" / "ci.md").read_text()
    action = load_action()
    for name in [*action["inputs"], *action["outputs"]]:
        assert f"`{name}`" in docs, name


ORG_POLICY = """package acme.ownership

import rego.v1

# METADATA
# title: Every system names its owning team
# description: Acme's own rule, loaded beside the built-in policies through the policies input.
# related_resources:
#   - ref: https://wiki.acme.example/ai-ownership
# custom:
#   id: ACME-OWNER
#   regulation: Acme AI policy
#   reference: section 3
#   severity: block
#   remediation: Add extensions.owner with the team's name.
deny contains {"rule": "ACME-OWNER", "path": "/extensions/owner", "message": "no owning team"} if {
    not input.extensions.owner
}
"""


def test_the_policies_input_adds_an_organisations_rules(tmp_path: Path) -> None:
    checkout(tmp_path, "chatbot-compliant.yaml")
    (tmp_path / "org-policies").mkdir()
    (tmp_path / "org-policies" / "ownership.rego").write_text(ORG_POLICY)
    code, log, summary, outputs = run_action(tmp_path, {"manifests": "chatbot-compliant.yaml", "as-of": AS_OF_TEXT,
                                                        "policies": "org-policies", "formats": ""})
    assert (code, outputs["verdict"]) == (1, "block"), log
    assert "::error file=chatbot-compliant.yaml,line=" in log and "ACME-OWNER" in log
    assert "Add extensions.owner" in summary


def test_report_dir_dot_keeps_the_repositorys_cleangate_yaml(tmp_path: Path) -> None:
    checkout(tmp_path, "chatbot-compliant.yaml")
    (tmp_path / "chatbot-compliant.yaml").rename(tmp_path / "cleangate.yaml")
    (tmp_path / "cleangate.sarif").write_text("stale report of an earlier run")
    code, log, _, _ = run_action(tmp_path, {"report-dir": ".", "as-of": AS_OF_TEXT})
    assert code == 0, log
    assert (tmp_path / "cleangate.yaml").read_text() == (ROOT / "examples" / "chatbot-compliant.yaml").read_text()
    assert json.loads((tmp_path / "cleangate.sarif").read_text())["version"] == "2.1.0"


def test_report_only_never_fails_the_step_but_reports_the_verdict(tmp_path: Path) -> None:
    checkout(tmp_path, "image-generator-unmarked.yaml")
    code, log, summary, outputs = run_action(tmp_path, {"manifests": "image-generator-unmarked.yaml",
                                                        "as-of": AS_OF_TEXT,
                                                        "report-only": "true"})
    assert code == 0, log
    assert (outputs["verdict"], outputs["exit-code"]) == ("block", "1")
    assert "::error file=image-generator-unmarked.yaml" in log and "report-only is on" in log
    assert "BLOCK" in summary


def test_a_glob_that_matches_no_file_is_named(tmp_path: Path) -> None:
    checkout(tmp_path, "chatbot-compliant.yaml")
    code, log, _, _ = run_action(tmp_path, {"manifests": "chatbot-compliant.yaml models/**/*.cdx.json",
                                            "as-of": AS_OF_TEXT, "formats": ""})
    assert code == 2
    assert "::error title=cleangate::manifests: 'models/**/*.cdx.json' matches no file" in log


def test_globs_expand_recursively(tmp_path: Path) -> None:
    (tmp_path / "models" / "a").mkdir(parents=True)
    checkout(tmp_path / "models" / "a", "travel-assistant.cdx.json")
    code, log, _, outputs = run_action(tmp_path, {"manifests": "models/**/*.cdx.json", "as-of": AS_OF_TEXT,
                                                   "formats": ""})
    assert (code, outputs["verdict"]) == (0, "pass"), log


def test_several_policy_dirs_data_files_and_the_timeout_reach_the_check(tmp_path: Path) -> None:
    checkout(tmp_path, "chatbot-compliant.yaml")
    for name in ("org-a", "org-b"):
        (tmp_path / name).mkdir()
    (tmp_path / "org-a" / "ownership.rego").write_text(ORG_POLICY)
    (tmp_path / "org-b" / "empty.rego").write_text("package acme.empty\n\nimport rego.v1\n")
    (tmp_path / "a.json").write_text("{}")
    (tmp_path / "b.json").write_text('{"acme": {}}')
    code, log, summary, outputs = run_action(tmp_path, {"manifests": "chatbot-compliant.yaml", "as-of": AS_OF_TEXT,
                                                        "policies": "org-a\norg-b", "data": "a.json b.json",
                                                        "formats": ""})
    assert (code, outputs["verdict"]) == (1, "block"), log
    assert "ACME-OWNER" in summary
    code, log, _, _ = run_action(tmp_path, {"manifests": "chatbot-compliant.yaml", "server": "http://127.0.0.1:9",
                                            "retries": "0", "timeout": "0"})
    assert code == 2 and "--timeout" in log, "the timeout input reaches cleangate (0 is refused by it)"


def test_a_repository_waivers_file_is_picked_up(tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    checkout(tmp_path, "image-generator-unmarked.yaml")
    (tmp_path / ".cleangate").mkdir()
    expires = (datetime.now(UTC) + timedelta(days=30)).date()
    (tmp_path / ".cleangate" / "waivers.yaml").write_text(
        "waivers:\n  - rules: [AIACT-50-2]\n    system: Pixelforge*\n    justification: marking ships in 1.1\n"
        f"    ticket: AI-1\n    approver: J. Roe\n    expires: {expires}\n")
    code, log, _, outputs = run_action(tmp_path, {"manifests": "image-generator-unmarked.yaml", "as-of": AS_OF_TEXT})
    assert (code, outputs["verdict"]) == (0, "pass"), log
    assert "(waived)" in log

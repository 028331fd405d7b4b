"""The example GitHub workflow, run for real under act on this machine.

`ci_templates/github/example-workflow.yml` runs unchanged but for one added input (`as-of`, so
the verdicts do not move with the calendar) with `act -P ubuntu-latest=-self-hosted`: jobs run on
the host, the cleangate action is this checkout (`--local-repository`), and the actions that need
GitHub's servers are the local stand-ins in tests/ci_standins/ (upload-sarif validates the SARIF
file against its schema instead of uploading it). One run per verdict checks what a user sees:
which jobs succeed, fail or never run, the annotations (file and line), the reports kept as the
artifact (JUnit against its XSD, SARIF against its schema), and the pull-request comment posted
with the job's token to a local stand-in of GitHub's comments endpoint.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import xmlschema

from service import __version__
from tests.ci_real_support import make_repo, need, pip_env, prepared, tool_path
from tests.ci_support import EXAMPLES, ROOT, junit_for_xsd
from tests.conftest import AS_OF_TEXT

pytestmark = pytest.mark.slow  # starts processes (see docs/contributing.md, "Tests")

STANDINS = ROOT / "tests" / "ci_standins"
SCHEMAS = ROOT / "tests" / "schemas"
WORKFLOW = ROOT / "ci_templates" / "github" / "example-workflow.yml"


@dataclass
class Comments:
    """GitHub's issue-comments endpoints, as much of them as the action uses."""

    comments: list[dict[str, Any]] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)


def comments_server(state: Comments) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def _answer(self, status: int, body: Any) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _record(self) -> dict[str, Any]:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            entry = {"method": self.command, "path": self.path, "auth": self.headers.get("Authorization"),
                     "body": json.loads(raw) if raw else None}
            state.requests.append(entry)
            return entry

        def do_GET(self) -> None:
            self._record()
            self._answer(200, state.comments)

        def do_POST(self) -> None:
            entry = self._record()
            comment = {"id": len(state.comments) + 1, "body": entry["body"]["body"]}
            state.comments.append(comment)
            self._answer(201, comment)

        def do_PATCH(self) -> None:
            entry = self._record()
            comment_id = int(self.path.rsplit("/", 1)[1])
            comment = next(c for c in state.comments if c["id"] == comment_id)
            comment["body"] = entry["body"]["body"]
            self._answer(200, comment)

    return ThreadingHTTPServer(("127.0.0.1", 0), Handler)


@pytest.fixture(scope="module")
def action_source() -> Path:
    need("act", "check-jsonschema")
    return prepared()[0]


@pytest.fixture(scope="module")
def house(action_source: Path) -> Path:
    return prepared()[1]


@pytest.fixture()
def comments() -> Iterator[tuple[Comments, str]]:
    state = Comments()
    server = comments_server(state)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@dataclass
class Run:
    code: int
    events: list[dict[str, Any]]
    artifacts: Path
    log: str

    def job_result(self, job: str) -> str | None:
        return next((e["jobResult"] for e in self.events if e.get("jobID") == job and "jobResult" in e), None)

    def annotations(self, kind: str) -> list[dict[str, Any]]:
        return [e for e in self.events if e.get("command") == kind]


def workflow_with_as_of() -> str:
    text = WORKFLOW.read_text()
    anchor = "          manifests: cleangate.yaml\n"
    assert anchor in text
    return text.replace(anchor, anchor + f'          as-of: "{AS_OF_TEXT}"\n')


def run_workflow(tmp: Path, manifest: str, source: Path, house: Path, event: str = "push",
                 api_url: str | None = None) -> Run:
    repo = make_repo(tmp / "repo", {
        "cleangate.yaml": (EXAMPLES / manifest).read_text(),
        ".github/workflows/deploy.yml": workflow_with_as_of(),
    }, "https://github.com/acme/chatbot.git")
    artifacts = tmp / "artifacts"
    argv = ["act", event, "--json", "-P", "ubuntu-latest=-self-hosted", "-W", ".github/workflows/deploy.yml",
            "--local-repository", f"cleangate/cleangate@v{__version__}={source}",
            "--local-repository", f"actions/checkout@v4={STANDINS / 'checkout'}",
            "--local-repository", f"actions/setup-python@v5={STANDINS / 'setup-python'}",
            "--local-repository", f"actions/cache@v4={STANDINS / 'cache'}",
            "--local-repository", f"actions/upload-artifact@v4={STANDINS / 'upload-artifact'}",
            "--local-repository", f"github/codeql-action@v3={STANDINS / 'codeql-action'}",
            "--env", f"CLEANGATE_TEST_ARTIFACTS={artifacts}", "--env", f"CLEANGATE_TEST_SCHEMAS={SCHEMAS}",
            "-s", "GITHUB_TOKEN=job-token-123"]
    for key, value in pip_env(house).items():
        argv += ["--env", f"{key}={value}"]
    if event == "pull_request":
        payload = tmp / "event.json"
        payload.write_text(json.dumps({"number": 7, "pull_request": {"number": 7, "head": {"ref": "feature"},
                                                                       "base": {"ref": "main"}}}))
        argv += ["-e", str(payload)]
    if api_url:
        argv += ["--env", f"GITHUB_API_URL={api_url}"]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "CLEANGATE_", "PIP_"))}
    env["PATH"] = tool_path()
    result = subprocess.run(argv, cwd=repo, env=env, capture_output=True, text=True, timeout=300)
    events = []
    for line in result.stdout.splitlines():
        try:
            events.append(json.loads(line))
        except ValueError:
            continue
    return Run(result.returncode, events, artifacts, result.stdout[-6000:] + result.stderr[-3000:])


def check_reports(run: Run, rules: set[str]) -> dict[str, Any]:
    reports = run.artifacts / "cleangate-reports"
    assert {p.name for p in reports.iterdir()} == {"cleangate.md", "cleangate.json", "cleangate.sarif",
                                                   "cleangate.junit.xml"}, run.log
    xmlschema.XMLSchema(SCHEMAS / "junit-10.xsd").validate(junit_for_xsd((reports / "cleangate.junit.xml").read_text()))
    sarif = json.loads((reports / "cleangate.sarif").read_text())
    jsonschema.Draft4Validator(json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text())).validate(sarif)
    assert (run.artifacts / "sarif" / "cleangate.sarif").is_file(), "the upload-sarif step got the file"
    assert {r["ruleId"] for r in sarif["runs"][0]["results"]} == rules
    return json.loads((reports / "cleangate.json").read_text())  # type: ignore[no-any-return]


def line_of(manifest: str, text: str) -> int:
    return (EXAMPLES / manifest).read_text().splitlines().index(text) + 1


def test_pass_lets_the_deploy_job_run(tmp_path: Path, action_source: Path, house: Path) -> None:
    run = run_workflow(tmp_path, "chatbot-compliant.yaml", action_source, house)
    assert run.code == 0, run.log
    assert (run.job_result("compliance"), run.job_result("deploy")) == ("success", "success"), run.log
    assert not run.annotations("error") and not run.annotations("warning")
    report = check_reports(run, set())
    assert report["verdict"] == "pass"


def test_warn_passes_with_annotations_and_one_pr_comment(tmp_path: Path, action_source: Path, house: Path,
                                                         comments: tuple[Comments, str]) -> None:
    state, url = comments
    run = run_workflow(tmp_path, "voice-clone-legacy.yaml", action_source, house, "pull_request", url)
    assert run.code == 0, run.log
    assert run.job_result("compliance") == "success", run.log
    assert run.job_result("deploy") is None, "deploy runs on push only"
    warnings = run.annotations("warning")
    assert warnings and all(w["kvPairs"]["file"] == "cleangate.yaml" for w in warnings), run.log
    marking = line_of("voice-clone-legacy.yaml", "    marking:")
    assert {w["kvPairs"]["line"] for w in warnings} == {str(marking)}
    check_reports(run, {"AIACT-50-2-TRANSITION"})
    assert [r["method"] for r in state.requests] == ["GET", "POST"]
    post = state.requests[1]
    assert post["path"] == "/repos/acme/chatbot/issues/7/comments"
    assert post["auth"] == "Bearer job-token-123"
    assert post["body"]["body"].startswith("<!-- cleangate:pr-comment -->\n## cleangate: ⚠️ WARN")


def test_block_fails_compliance_and_deploy_never_runs(tmp_path: Path, action_source: Path, house: Path) -> None:
    run = run_workflow(tmp_path, "image-generator-unmarked.yaml", action_source, house)
    assert run.code != 0
    assert run.job_result("compliance") == "failure", run.log
    assert run.job_result("deploy") is None, run.log
    errors = run.annotations("error")
    system = line_of("image-generator-unmarked.yaml", "system:")
    assert {(e["kvPairs"]["file"], e["kvPairs"]["line"]) for e in errors} == {("cleangate.yaml", str(system))}
    assert all(e["kvPairs"]["title"].startswith("AIACT-50-2 ") for e in errors)
    report = check_reports(run, {"AIACT-50-2"})
    assert report["verdict"] == "block"

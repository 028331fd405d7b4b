"""Remote mode: the same answer as offline, CI context sent along, retries, and fail closed.

A real gate server runs on a free port. Retries are exercised against a real HTTP server in
front of it that answers 503 a set number of times before passing requests through, which is
what a gate behind a load balancer during a rolling restart looks like.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from service.cli.ci_context import ci_context, ci_headers
from service.cli.main import main
from tests.ci_support import EXAMPLES, server_token
from tests.conftest import AS_OF_TEXT, Server

CHATBOT = str(EXAMPLES / "chatbot-compliant.yaml")
UNMARKED = str(EXAMPLES / "image-generator-unmarked.yaml")


class FlakyGate:
    """Answers 503 to the first `failures` requests, then forwards to the real gate."""

    def __init__(self, upstream: str, failures: int, status: int = 503, body: bytes = b"") -> None:
        self.upstream, self.failures, self.requests = upstream, failures, 0
        self.headers: list[dict[str, str]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                outer.requests += 1
                outer.headers.append(dict(self.headers))
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if outer.requests <= outer.failures:
                    self.send_response(status)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                forwarded = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
                answer = httpx.post(outer.upstream + self.path, content=body, headers=forwarded, timeout=30)
                self.send_response(answer.status_code)
                self.send_header("Content-Type", answer.headers.get("content-type", "application/json"))
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(autouse=True)
def token(server: Server, monkeypatch: pytest.MonkeyPatch) -> str:
    """The CLI reads CLEANGATE_TOKEN, as in CI; set when the test server requires a token."""
    secret = server_token(server)
    if secret:
        monkeypatch.setenv("CLEANGATE_TOKEN", secret)
    else:
        monkeypatch.delenv("CLEANGATE_TOKEN", raising=False)
    return secret


@pytest.fixture
def flaky(server: Server) -> Iterator[Any]:
    gates: list[FlakyGate] = []

    def make(failures: int, status: int = 503, body: bytes = b"") -> FlakyGate:
        gates.append(FlakyGate(server.url, failures, status, body))
        return gates[-1]

    yield make
    for g in gates:
        g.close()


def check(*argv: str) -> int:
    return main(["check", "--as-of", AS_OF_TEXT, "--retry-backoff", "0.05", *argv])


def test_remote_answers_like_offline_and_records_the_ci_context(server: Server, capsys: Any,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in {"GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": "acme/img", "GITHUB_SHA": "c" * 40,
                       "GITHUB_REF": "refs/pull/7/merge", "GITHUB_RUN_ID": "99", "GITHUB_ACTOR": "dev"}.items():
        monkeypatch.setenv(key, value)
    assert check(UNMARKED, "-f", "json") == 1
    offline = json.loads(capsys.readouterr().out)["results"][0]["decision"]
    assert check(UNMARKED, "-f", "json", "--server", server.url) == 1
    remote = json.loads(capsys.readouterr().out)["results"][0]["decision"]
    assert remote["verdict"] == offline["verdict"] == "block"
    assert [f["rule"] for f in remote["findings"]] == [f["rule"] for f in offline["findings"]]
    assert [f["location"] for f in remote["findings"]] == [f["location"] for f in offline["findings"]]
    expected = {"provider": "github", "repository": "acme/img", "commit": "c" * 40, "ref": "refs/pull/7/merge",
                "pipeline_url": "https://github.com/acme/img/actions/runs/99", "actor": "dev"}
    assert remote["context"] == offline["context"] == expected


def test_5xx_is_retried_with_backoff_until_the_gate_answers(flaky: Any, capsys: Any) -> None:
    gate = flaky(2)
    started = time.monotonic()
    assert check(CHATBOT, "--server", gate.url, "--retries", "3") == 0
    assert gate.requests == 3
    assert time.monotonic() - started >= 0.05 + 0.1, "waits 0.05 s, then 0.1 s"
    err = capsys.readouterr().err
    assert "HTTP 503; retrying in 0.05s (1/3)" in err and "retrying in 0.1s (2/3)" in err


def test_a_gate_that_keeps_failing_fails_closed_after_bounded_attempts(flaky: Any, capsys: Any) -> None:
    gate = flaky(100)
    assert check(CHATBOT, UNMARKED, "--server", gate.url, "--retries", "2", "-f", "github") == 2
    assert gate.requests == 3, "three attempts, and the second manifest does not start again"
    out = capsys.readouterr().out
    assert out.count("::error ") == 2 and "gate server unavailable" in out and "after 3 attempts" in out


def test_on_error_warn_lets_the_pipeline_continue_but_says_nothing_was_checked(capsys: Any) -> None:
    closed = "http://127.0.0.1:9"
    assert check(CHATBOT, "--server", closed, "--retries", "0", "--on-error", "warn", "-f", "markdown") == 0
    captured = capsys.readouterr()
    assert "## cleangate: ⚠️ WARN" in captured.out and "Nothing was checked" in captured.out
    assert "--on-error warn: the manifests were not checked" in captured.err
    assert "use --on-error warn" not in captured.out + captured.err, "no hint to turn on what is on"
    assert check(CHATBOT, "--server", closed, "--retries", "0", "--on-error", "warn", "--fail-on-warn") == 3
    capsys.readouterr()
    assert check(CHATBOT, "--server", closed, "--retries", "0") == 2
    assert "or use --on-error warn" in capsys.readouterr().out


def test_a_refused_manifest_is_not_retried_and_names_the_field(flaky: Any, tmp_path: Path, capsys: Any) -> None:
    gate = flaky(0)
    bad = tmp_path / "bad.yaml"
    bad.write_text("apiVersion: cleangate/v1\nsystem:\n  name: x\n  colour: blue\n")
    assert check(str(bad), "--server", gate.url, "--on-error", "warn") == 2
    assert gate.requests == 1
    assert "/system/colour" in capsys.readouterr().out


def test_ci_context_and_headers_come_from_the_platform_variables() -> None:
    gitlab = ci_context({"GITLAB_CI": "true", "CI_PROJECT_PATH": "g/p", "CI_COMMIT_SHA": "d" * 40,
                         "CI_COMMIT_REF_NAME": "feature", "CI_PIPELINE_URL": "https://gl/p/-/pipelines/1",
                         "GITLAB_USER_LOGIN": "me"})
    assert gitlab == {"provider": "gitlab", "repository": "g/p", "commit": "d" * 40, "ref": "feature",
                      "pipeline_url": "https://gl/p/-/pipelines/1", "actor": "me"}
    assert ci_headers(gitlab)["X-CI-Pipeline-Url"] == "https://gl/p/-/pipelines/1"
    assert ci_context({"CI": "true"}) == {"provider": "other"}
    assert ci_context({}) == {}
    assert ci_headers({"actor": "a\nX-Injected: 1", "repository": None}) == {"X-CI-Actor": "a X-Injected: 1"}


def test_overlong_ci_values_are_cut_to_what_the_server_accepts(server: Server, monkeypatch: pytest.MonkeyPatch,
                                                               capsys: Any) -> None:
    monkeypatch.setenv("GITLAB_CI", "true")
    monkeypatch.setenv("GITLAB_USER_LOGIN", "x" * 1000)
    monkeypatch.setenv("CI_COMMIT_SHA", "f" * 1000)
    assert check(CHATBOT, "--server", server.url, "-f", "json") == 0
    context = json.loads(capsys.readouterr().out)["results"][0]["decision"]["context"]
    assert context["actor"] == "x" * 200 and context["commit"] == "f" * 100


def test_the_token_is_sent_as_a_bearer_token_from_the_option_or_the_environment(
        flaky: Any, token: str, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    gate = flaky(0)
    option, env = token or "t-option", token or "t-env"
    monkeypatch.delenv("CLEANGATE_TOKEN", raising=False)
    assert check(CHATBOT, "--server", gate.url, "--token", option) == 0
    monkeypatch.setenv("CLEANGATE_TOKEN", env)
    assert check(CHATBOT, "--server", gate.url) == 0
    sent = [{k.lower(): v for k, v in h.items()} for h in gate.headers]
    assert [h.get("authorization") for h in sent] == [f"Bearer {option}", f"Bearer {env}"]
    capsys.readouterr()


def test_something_that_is_not_a_gate_answering_200_fails_closed(flaky: Any, capsys: Any) -> None:
    portal = flaky(100, 200, b"<html>Sign in to the corporate proxy</html>")
    assert check(CHATBOT, "--server", portal.url) == 2
    assert portal.requests == 1
    assert "not a cleangate decision" in capsys.readouterr().out

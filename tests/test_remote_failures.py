"""`--on-error warn` cannot be used to pass a blocking manifest.

Only a gate that is really unreachable -- connection refused, DNS, TLS, or a 502/503/504 from
something in front of it with no cleangate answer -- may count as "unavailable". A 500 the
request caused, the gate's own 503 for a manifest past its time budget, or a timeout after the
request was accepted are failures of *this* manifest: exit 2 under any --on-error, and the
output says which. Each case runs against a real HTTP server on a free port.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from service.cli.main import main
from tests.ci_support import EXAMPLES
from tests.conftest import AS_OF_TEXT

UNMARKED = str(EXAMPLES / "image-generator-unmarked.yaml")


class Answering:
    """Answers every POST with one fixed status, content type and body (or sleeps, then answers)."""

    def __init__(self, status: int, body: bytes = b"", content_type: str = "text/plain", sleep: float = 0) -> None:
        self.requests = 0
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                outer.requests += 1
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if sleep:
                    time.sleep(sleep)
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                # The CLI may have given up (its timeout is the point of some tests): say nothing on
                # stderr, where this thread's traceback would land in whichever test captures it next.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def answering() -> Iterator[Any]:
    made: list[Answering] = []

    def make(*args: Any, **kwargs: Any) -> Answering:
        made.append(Answering(*args, **kwargs))
        return made[-1]

    yield make
    for a in made:
        a.close()


def check(*argv: str) -> int:
    return main(["check", "--as-of", AS_OF_TEXT, "--retry-backoff", "0.01", "--on-error", "warn", *argv])


def problem(status: int, title: str, code: str | None = None) -> bytes:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if code:
        body["code"] = code
    return json.dumps(body).encode()


def test_a_500_caused_by_the_request_fails_even_under_on_error_warn(answering: Any, capsys: Any) -> None:
    gate = answering(500, problem(500, "internal error"), "application/problem+json")
    assert check(UNMARKED, "--server", gate.url) == 2
    assert gate.requests == 1, "a request that makes the gate fail is not sent again"
    captured = capsys.readouterr()
    assert "the gate failed on this manifest" in captured.out
    assert "HTTP 500" in captured.out
    assert "were not checked" not in captured.err


def test_the_gates_own_time_budget_503_fails_under_on_error_warn(answering: Any, capsys: Any) -> None:
    gate = answering(503, problem(503, "the manifest was not evaluated within the time budget of 90 s",
                                  "evaluation_timeout"), "application/problem+json")
    assert check(UNMARKED, "--server", gate.url) == 2
    assert gate.requests == 1
    out = capsys.readouterr().out
    assert "evaluation_timeout" in out and "time budget" in out


def test_a_timeout_on_an_accepted_request_fails_under_on_error_warn(answering: Any, capsys: Any) -> None:
    gate = answering(200, b"{}", "application/json", sleep=3)
    assert check(UNMARKED, "--server", gate.url, "--timeout", "0.5") == 2
    assert gate.requests == 1, "a slow manifest is not sent again and again"
    out = capsys.readouterr().out
    assert "accepted the request but gave no answer" in out


def test_a_proxy_503_without_a_decision_still_counts_as_unavailable(answering: Any, capsys: Any) -> None:
    proxy = answering(503, b"<html>upstream unavailable</html>", "text/html")
    assert check(UNMARKED, "--server", proxy.url, "--retries", "1") == 0
    assert proxy.requests == 2
    assert "were not checked" in capsys.readouterr().err


def test_a_refused_connection_still_counts_as_unavailable(capsys: Any) -> None:
    assert check(UNMARKED, "--server", "http://127.0.0.1:9", "--retries", "0") == 0
    assert "were not checked" in capsys.readouterr().err

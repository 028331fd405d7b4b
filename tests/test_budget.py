"""A manifest that takes long to judge cannot freeze the gate.

Evaluations run in worker processes with a time budget: past it the request fails closed with
a 503 problem (`code: evaluation_timeout`), /healthz answers throughout, the next manifest is
judged normally, and SIGTERM stops the server within its grace period even mid-evaluation.
A policy with a deliberately slow rule (seconds of CPU for a system named "slow") stands in for
the 8,000-component BOM that once held a worker for 40 s; it is slow on any machine.
"""

from __future__ import annotations

import signal
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import EXAMPLES, Server, cleangate_exe, free_port, start_server, stop_server

pytestmark = pytest.mark.slow  # starts processes (see docs/contributing.md, "Tests")

SLOW_POLICY = """# METADATA
# title: Slow test package
# description: Burns CPU for a manifest named "slow", to test time budgets.
# custom:
#   regulation: Test
package cleangate.slowtest

import rego.v1

# METADATA
# title: Burn
# description: A nested loop that takes many seconds of CPU.
# custom:
#   id: SLOW-1
#   severity: block
#   remediation: none
deny contains f if {
	input.system.name == "slow"
	some i in numbers.range(1, 5000)
	some j in numbers.range(1, 5000)
	i * j == -1
	f := {"rule": "SLOW-1", "path": "/system", "message": "never"}
}
"""
SLOW_MANIFEST = b'apiVersion: cleangate/v1\nsystem: {name: slow, version: "1"}\n'


@pytest.fixture(scope="module")
def slow_policies(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("slow-policy")
    (folder / "slow.rego").write_text(SLOW_POLICY)
    return folder


def _post(server: Server, body: bytes, out: dict[str, Any]) -> None:
    try:
        out["response"] = httpx.post(f"{server.url}/v1/evaluate?as_of=2026-09-15", content=body, timeout=120,
                                     headers={**server.auth, "Content-Type": "application/yaml"})
    except httpx.HTTPError as exc:
        out["error"] = exc


def test_a_slow_evaluation_fails_closed_while_healthz_answers(slow_policies: Path) -> None:
    server = start_server({"CLEANGATE_POLICY_DIRS": str(slow_policies), "CLEANGATE_REQUEST_TIMEOUT_SECONDS": "3"})
    try:
        out: dict[str, Any] = {}
        slow = threading.Thread(target=_post, args=(server, SLOW_MANIFEST, out))
        slow.start()
        time.sleep(0.5)
        answered = 0
        while slow.is_alive():
            # liveness is answered while the evaluation runs (before: unanswered for its whole duration)
            health = httpx.get(f"{server.url}/healthz", timeout=10)
            assert health.status_code == 200
            answered += 1
            time.sleep(0.2)
        slow.join()
        assert answered >= 1
        response = out["response"]
        assert response.status_code == 503, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        problem = response.json()
        assert problem["code"] == "evaluation_timeout"
        assert "time budget" in problem["title"]
        # the worker was replaced: the next manifest is judged normally
        normal = httpx.post(f"{server.url}/v1/evaluate?as_of=2026-09-15", timeout=60,
                            content=(EXAMPLES / "chatbot-compliant.yaml").read_bytes(),
                            headers={**server.auth, "Content-Type": "application/yaml"})
        assert normal.status_code == 200, normal.text
        assert normal.json()["verdict"] in ("pass", "warn")
    finally:
        stop_server(server)


def test_sigterm_stops_the_server_mid_evaluation(tmp_path: Path, slow_policies: Path) -> None:
    port = free_port()
    env = {"CLEANGATE_PORT": str(port), "CLEANGATE_POLICY_DIRS": str(slow_policies),
           "CLEANGATE_DATABASE_PATH": str(tmp_path / "cleangate.db"), "CLEANGATE_ADMIN_TOKEN": "cg_" + "t" * 30,
           "CLEANGATE_REQUEST_TIMEOUT_SECONDS": "600", "CLEANGATE_SHUTDOWN_GRACE_SECONDS": "1",
           "CLEANGATE_LOG_LEVEL": "warning"}
    server = Server(env, 1, tmp_path / "gate.log", port=port, command=[cleangate_exe(), "serve"])
    process = server.start(60, probe="/healthz").process
    assert process is not None
    try:
        out: dict[str, Any] = {}
        slow = threading.Thread(target=_post, args=(server, SLOW_MANIFEST, out), daemon=True)
        slow.start()
        time.sleep(1.5)  # the evaluation is under way (it needs tens of seconds of CPU)
        assert slow.is_alive()
        process.send_signal(signal.SIGTERM)
        # grace period 1 s; the evaluation would run far longer if it were waited for
        process.wait(timeout=12)
        assert process.returncode is not None
        slow.join(timeout=10)
        # the client got no decision: an error response or a closed connection, never a verdict
        response = out.get("response")
        assert response is None or response.status_code >= 500
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

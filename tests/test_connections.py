"""Connection limits: idle and stalled connections cannot pin the gate.

Real sockets against a real `cleangate serve`: a connection that never sends a request is
closed after CLEANGATE_IDLE_TIMEOUT_SECONDS, a body that stops arriving gets a 408 problem after
CLEANGATE_BODY_TIMEOUT_SECONDS, requests past CLEANGATE_MAX_CONNECTIONS get an immediate 503,
and 1,100 idle connections against a process started with the common 1,024 open-files soft
limit do not make /healthz time out (the server raises its soft limit towards the hard one).
"""

from __future__ import annotations

import contextlib
import os
import resource
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import cleangate_exe, free_port

pytestmark = pytest.mark.slow  # starts processes (see docs/contributing.md, "Tests")

TOKEN = "cg_" + "c" * 40


@contextlib.contextmanager
def serve(tmp_path: Path, soft_files: int | None = None, **env: str) -> Iterator[str]:
    port = free_port()
    full = {**os.environ, "CLEANGATE_PORT": str(port), "CLEANGATE_DATABASE_PATH": str(tmp_path / "g.db"),
            "CLEANGATE_ADMIN_TOKEN": TOKEN, "CLEANGATE_LOG_LEVEL": "warning", **env}

    def limit_files() -> None:
        if soft_files is not None:
            _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
            resource.setrlimit(resource.RLIMIT_NOFILE, (soft_files, hard))

    process = subprocess.Popen([cleangate_exe(), "serve"], env=full, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, preexec_fn=limit_files)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert process.poll() is None, "server exited"
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def connect(url: str) -> socket.socket:
    host, port = url.removeprefix("http://").split(":")
    return socket.create_connection((host, int(port)), timeout=20)


def test_a_connection_that_never_sends_a_request_is_closed(tmp_path: Path) -> None:
    with serve(tmp_path, CLEANGATE_IDLE_TIMEOUT_SECONDS="1") as url:
        idle = connect(url)
        partial = connect(url)
        partial.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")  # headers never finished (slowloris)
        try:
            assert idle.recv(100) == b"", "the server closes the idle connection"
            assert partial.recv(100) == b"", "and the one whose request never completes"
        finally:
            idle.close()
            partial.close()


def test_a_body_that_stops_arriving_gets_a_408_problem(tmp_path: Path) -> None:
    with serve(tmp_path, CLEANGATE_BODY_TIMEOUT_SECONDS="1") as url:
        s = connect(url)
        try:
            s.sendall(b"POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/yaml\r\n"
                      b"Authorization: Bearer " + TOKEN.encode() + b"\r\nContent-Length: 1000\r\n\r\napiVersion:")
            answer = s.recv(4096)
        finally:
            s.close()
        assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
        assert b"application/problem+json" in answer


def test_requests_past_the_connection_limit_are_refused_at_once(tmp_path: Path) -> None:
    with serve(tmp_path, CLEANGATE_MAX_CONNECTIONS="10") as url:
        held = [connect(url) for _ in range(12)]
        try:
            time.sleep(0.5)
            answer = httpx.get(f"{url}/v1/policies", timeout=10, headers={"Authorization": f"Bearer {TOKEN}"})
            assert answer.status_code == 503
        finally:
            for s in held:
                s.close()


@pytest.mark.skipif(resource.getrlimit(resource.RLIMIT_NOFILE)[1] < 4096,
                    reason="needs a hard open-files limit >= 4096")
def test_1100_idle_connections_do_not_make_healthz_time_out(tmp_path: Path) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 2400:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))
    with serve(tmp_path, soft_files=1024) as url:
        held: list[socket.socket] = []
        try:
            for _ in range(1100):
                held.append(connect(url))
            time.sleep(1)
            answer = httpx.get(f"{url}/healthz", timeout=10)
            assert answer.status_code == 200
        finally:
            for s in held:
                s.close()

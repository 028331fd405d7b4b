"""Shared by the CI tests: a real gate server on a free port, and running CI scripts with bash.

The scripts are run exactly as the platforms run them (`bash --noprofile --norc -eo pipefail`),
in a temporary checkout, with the platform's environment variables set by the test; only the
values a runner would substitute (`${{ ... }}` expressions) are filled in here.
"""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
AS_OF = "2026-09-15"
"""The date examples/expected.yaml judges the examples at."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env() -> dict[str, str]:
    """Environment for a test server; also carries a bootstrap admin token if the server wants one."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "GITLAB_", "CI_"))}
    env.pop("CI", None)
    return env


@contextmanager
def gate_server(env: Mapping[str, str] | None = None) -> Iterator[str]:
    """`uvicorn --factory service.api.app:app_factory` on a free port; yields its URL."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "service.api.app:app_factory",
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        cwd=ROOT, env={**server_env(), **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gate server did not start: {proc.stderr.read().decode() if proc.stderr else ''}")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


_shared: dict[str, object] = {}


def shared_gate_server() -> str:
    """One gate server for the whole test session (starting one costs seconds); stopped at exit."""
    if "url" not in _shared:
        manager = gate_server()
        _shared["url"] = manager.__enter__()
        atexit.register(manager.__exit__, None, None, None)
    return str(_shared["url"])


def checkout(tmp: Path, *names: str) -> Path:
    """A fake repository checkout holding some example manifests."""
    for name in names:
        shutil.copy(EXAMPLES / name, tmp / name)
    return tmp


def run_bash(script: str, cwd: Path, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    """Run a CI script as GitHub and GitLab do, with the venv's cleangate and python on PATH."""
    bin_dir = str(Path(sys.executable).parent)
    base = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "GITLAB_", "CI_", "CLEANGATE_"))}
    base.pop("CI", None)
    full_env = {**base, "PATH": f"{bin_dir}{os.pathsep}{base.get('PATH', '')}", **env}
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=cwd,
                          env=full_env, capture_output=True, text=True, timeout=120)

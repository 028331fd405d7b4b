"""Shared fixtures: the real gate (built-in policies) and a real uvicorn server on a free port."""

from __future__ import annotations

import secrets
import socket
import sys
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from service.bundle import load_bundle
from service.gate import Gate

pytest.register_assert_rewrite("tests.store_fixtures")  # imported here, before pytest_plugins loads it
from tests.store_fixtures import GateProcess  # noqa: E402

pytest_plugins = ["tests.store_fixtures"]

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

AS_OF = date(2026, 9, 15)
"""The date most tests judge on: Art. 50 applies (2026-08-02), the legacy deadline is still ahead."""
AS_OF_TEXT = AS_OF.isoformat()
"""`AS_OF` as the CLI (`--as-of`) and the API (`?as_of=`) take it."""
LEGACY_DEADLINE = date(2026, 12, 2)
"""`ai_act.art50_2_legacy_deadline` (policies/data/ai_act.json): legacy systems must mark from this day."""
AFTER_LEGACY_DEADLINE = date(2026, 12, 15)
"""A date when every Art. 50 duty, the legacy ones included, applies."""


@pytest.fixture(scope="session")
def gate() -> Gate:
    return Gate(load_bundle())


def cleangate_exe() -> str:
    """The console script installed beside this interpreter (the venv need not be on PATH)."""
    exe = Path(sys.executable).with_name("cleangate")
    assert exe.exists(), f"the cleangate console script is installed with the package ({exe})"
    return str(exe)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server(GateProcess):
    """A gate process as `start_server` and the `server` fixture hand it out."""

    @property
    def token(self) -> str:
        """The bootstrap admin token (CLEANGATE_ADMIN_TOKEN) the server was started with."""
        return self.admin

    @property
    def auth(self) -> dict[str, str]:
        return self.admin_headers


def start_server(env_extra: dict[str, str] | None = None, workers: int = 1, timeout: float = 30.0) -> Server:
    """Start `uvicorn --factory service.api.app:app_factory` (a `GateProcess`) and wait until /healthz answers.

    Unless `env_extra` says otherwise, the decision log is a fresh SQLite file and the bootstrap
    admin token is random (`server.token`), so no test depends on another's state. The server's
    log goes to `server.log_path` beside the database (`server.log()` reads it).
    """
    work = Path(tempfile.mkdtemp(prefix="cleangate-test-"))
    token = "cg_test_" + secrets.token_urlsafe(16)
    env = {"CLEANGATE_DATABASE_PATH": str(work / "cleangate.db"), "CLEANGATE_ADMIN_TOKEN": token,
           "CLEANGATE_LOG_LEVEL": "warning", **(env_extra or {})}
    server = Server(env, workers, work / "gate.log")
    if "CLEANGATE_DATABASE_URL" not in env:
        server.env.pop("CLEANGATE_DATABASE_URL", None)  # a developer's own database is never touched by tests
    return server.start(timeout, probe="/healthz")


def stop_server(server: Server) -> None:
    server.kill()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that takes a fixture named `server` talks to a real server process: it is `slow`.

    Tests that start a process their own way carry `@pytest.mark.slow` (or a module `pytestmark`).
    """
    for item in items:
        if "server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    srv = start_server()
    yield srv
    stop_server(srv)

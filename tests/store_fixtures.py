"""Fixtures for the governance tests: a fresh database per test on SQLite and on PostgreSQL.

PostgreSQL tests get their own schema in database `test` (dropped afterwards) and SKIP when
PostgreSQL is unreachable, unless CLEANGATE_REQUIRE_POSTGRES=1 (as in .ci/run), where they FAIL.
Loaded from tests/conftest.py through `pytest_plugins`.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Self

import httpx
import pytest
from sqlalchemy import create_engine, text

from service.settings import Settings
from service.store import Store, open_store

PG_ADMIN_URL = os.environ.get("CLEANGATE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
BACKENDS = ["sqlite", "postgresql"]


def postgres_available() -> str | None:
    """None when PostgreSQL answers, else why not."""
    try:
        engine = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # any driver error: the reason is what the skip message needs
        return str(exc).splitlines()[0]
    return None


def require_postgres() -> None:
    reason = postgres_available()
    if reason is None:
        return
    if os.environ.get("CLEANGATE_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"PostgreSQL is required (CLEANGATE_REQUIRE_POSTGRES=1) but unreachable: {reason}")
    pytest.skip(f"PostgreSQL unreachable at {PG_ADMIN_URL}: {reason}")


class PgSchema:
    """A throwaway schema; its URL pins search_path so every connection (and process) uses it."""

    def __init__(self) -> None:
        self.name = "cg_test_" + secrets.token_hex(6)
        self.admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{self.name}"'))
        self.url = f"{PG_ADMIN_URL}?options=-csearch_path%3D{self.name}"

    def drop(self) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{self.name}" CASCADE'))
        self.admin.dispose()


def database_url_for(backend: str, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'cleangate.db'}"
        return
    require_postgres()
    schema = PgSchema()
    try:
        yield schema.url
    finally:
        schema.drop()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    yield from database_url_for(request.param, tmp_path)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = open_store(Settings(database_url=db_url))
    yield s
    s.close()


class GateProcess:
    """A real `uvicorn --factory service.api.app:app_factory` in its own process group.

    stderr goes to a file (not a pipe that could fill up and stall the server), so tests can
    read the JSON log afterwards; `kill()` sends a signal to the whole group it started.
    """

    def __init__(self, env_extra: dict[str, str], workers: int, log_path: Path, port: int | None = None,
                 command: list[str] | None = None) -> None:
        """`command` replaces the uvicorn command line (e.g. `cleangate serve`, which reads CLEANGATE_PORT)."""
        from tests.conftest import free_port

        self.port = port or free_port()
        self.command = command
        self.url = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.log_path = log_path
        self.env = {**os.environ, **env_extra}
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60.0, probe: str = "/readyz") -> Self:
        """Start it and wait until `probe` answers 200 (/readyz: policies compiled, database reachable)."""
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self.command or [
                    sys.executable, "-m", "uvicorn", "--factory", "service.api.app:app_factory", "--host", "127.0.0.1",
                    "--port", str(self.port), "--workers", str(self.workers), "--log-level", "warning"],
                env=self.env, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gate exited with {self.process.returncode}: {self.log()[-3000:]}")
            try:
                if httpx.get(f"{self.url}{probe}", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.kill(signal.SIGKILL)
        raise RuntimeError(f"gate did not become ready: {self.log()[-3000:]}")

    def kill(self, sig: int = signal.SIGTERM) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, sig)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    @property
    def admin(self) -> str:
        return self.env.get("CLEANGATE_ADMIN_TOKEN", "")

    @property
    def admin_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.admin}"}

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def gate_env(db_url: str, admin_token: str) -> dict[str, str]:
    return {"CLEANGATE_DATABASE_URL": db_url, "CLEANGATE_ADMIN_TOKEN": admin_token, "CLEANGATE_LOG_LEVEL": "info"}

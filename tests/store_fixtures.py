"""Fixtures for the governance tests: a fresh database per test on SQLite and on PostgreSQL.

PostgreSQL tests get their own schema in database `test` (dropped afterwards) and SKIP when
PostgreSQL is unreachable, unless CLEANGATE_REQUIRE_POSTGRES=1 (as in .ci/run), where they FAIL.
Loaded from tests/conftest.py through `pytest_plugins`.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

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

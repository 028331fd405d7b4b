"""Health checks that tell the truth.

/healthz (liveness) is answered on the event loop: it never waits for the database or the
worker thread pool, so a liveness probe cannot kill a gate that is only waiting. Database
calls have lock and statement timeouts: with the chain head locked by someone else, an
evaluation gets a quick 503 problem (`code: store_busy`) instead of waiting for minutes, and
the CLI counts that as "gate unavailable" (it is not this manifest's fault).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.conftest import EXAMPLES, Server, start_server, stop_server
from tests.store_fixtures import PgSchema, require_postgres

pytestmark = pytest.mark.slow  # starts processes (see docs/contributing.md, "Tests")

MANIFEST = (EXAMPLES / "image-generator-unmarked.yaml").read_bytes()


@pytest.fixture
def pg_server() -> Iterator[tuple[Server, str]]:
    require_postgres()
    schema = PgSchema()
    url = schema.url
    server = start_server({"CLEANGATE_DATABASE_URL": url, "CLEANGATE_DB_LOCK_TIMEOUT_SECONDS": "2"})
    try:
        yield server, url
    finally:
        stop_server(server)
        schema.drop()


def _evaluate(server: Server, results: list[Any]) -> None:
    try:
        results.append(httpx.post(f"{server.url}/v1/evaluate?as_of=2026-09-15", content=MANIFEST, timeout=60,
                                  headers={**server.auth, "Content-Type": "application/yaml"}))
    except httpx.HTTPError as exc:
        results.append(exc)


def test_a_locked_chain_head_gives_a_quick_503_and_healthz_keeps_answering(pg_server: tuple[Server, str]) -> None:
    server, url = pg_server
    holder = create_engine(url)
    with holder.connect() as conn, conn.begin():
        conn.execute(text("SELECT seq FROM chain_head WHERE id = 1 FOR UPDATE"))  # someone holds the chain lock
        results: list[Any] = []
        clients = [threading.Thread(target=_evaluate, args=(server, results)) for _ in range(45)]
        for c in clients:
            c.start()
        # more requests wait on the database than the thread pool has threads: liveness still answers
        health = httpx.get(f"{server.url}/healthz", timeout=5)
        assert health.status_code == 200
        for c in clients:
            c.join(timeout=60)
    holder.dispose()
    assert len(results) == 45
    failed = [r for r in results if not isinstance(r, httpx.Response)]
    assert not failed, failed[:1]
    statuses = {r.status_code for r in results}
    assert statuses <= {503, 200}, statuses
    busy = [r for r in results if r.status_code == 503]
    assert busy, "with the lock held past the lock timeout, requests are refused, not queued for ever"
    problem = busy[0].json()
    assert busy[0].headers["content-type"].startswith("application/problem+json")
    assert problem["code"] == "store_busy"
    # once the lock is released, the gate records again
    after: list[Any] = []
    _evaluate(server, after)
    assert after[0].status_code == 200, after[0].text
    ready = httpx.get(f"{server.url}/readyz", timeout=10)
    assert ready.status_code == 200

"""Repeated wrong tokens from one client are rate-limited.

Past CLEANGATE_AUTH_MAX_FAILURES wrong tokens within CLEANGATE_AUTH_FAILURE_WINDOW_SECONDS,
the client gets 429 with Retry-After for every request (a right guess would otherwise still
be recognisable), and the refusals are counted in cleangate_errors_total{kind="rate_limited"}.
Real uvicorn.
"""

from __future__ import annotations

import time

import httpx
import pytest

from tests.conftest import start_server, stop_server

pytestmark = pytest.mark.slow  # starts processes (see docs/contributing.md, "Tests")


def test_wrong_tokens_are_rate_limited_with_retry_after_and_counted() -> None:
    server = start_server({"CLEANGATE_AUTH_MAX_FAILURES": "5", "CLEANGATE_AUTH_FAILURE_WINDOW_SECONDS": "3"})
    try:
        wrong = {"Authorization": "Bearer cg_wrong_guess_0000000000"}
        statuses = [httpx.get(f"{server.url}/v1/policies", headers=wrong, timeout=10).status_code for _ in range(5)]
        assert statuses == [401] * 5
        limited = httpx.get(f"{server.url}/v1/policies", headers=wrong, timeout=10)
        assert limited.status_code == 429
        assert limited.headers["content-type"].startswith("application/problem+json")
        assert 1 <= int(limited.headers["retry-after"]) <= 3
        # while limited, even the right token is refused: guesses cannot be told apart
        assert httpx.get(f"{server.url}/v1/policies", headers=server.auth, timeout=10).status_code == 429
        assert httpx.get(f"{server.url}/healthz", timeout=10).status_code == 200
        time.sleep(int(limited.headers["retry-after"]) + 0.5)
        metrics = httpx.get(f"{server.url}/metrics", headers=server.auth, timeout=10)
        assert metrics.status_code == 200
        line = next(m for m in metrics.text.splitlines() if m.startswith('cleangate_errors_total{kind="rate_limited"}'))
        assert float(line.split()[-1]) >= 2
    finally:
        stop_server(server)

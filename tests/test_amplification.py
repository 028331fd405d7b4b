"""Amplification bounded: a small request cannot buy a huge answer.

1.7 MB of unknown keys once produced a 23.8 MB error response after 4.7 s. Error responses now
list at most MAX_PROBLEMS problems (and say how many more there were), each message cut short.
"""

from __future__ import annotations

import json

import httpx

from sbom.errors import MAX_PROBLEMS
from tests.conftest import Server


def test_an_error_response_is_capped_and_says_how_much_was_left_out(server: Server) -> None:
    system = {"name": "x", **{f"unknown_field_{i:05d}": i for i in range(20_000)}}
    body = json.dumps({"apiVersion": "cleangate/v1", "system": system}).encode()
    response = httpx.post(f"{server.url}/v1/evaluate", content=body, timeout=60,
                          headers={**server.auth, "Content-Type": "application/json"})
    assert response.status_code == 422
    assert len(response.content) < 64 * 1024, len(response.content)
    problem = response.json()
    assert len(problem["errors"]) == MAX_PROBLEMS + 1
    assert "more problem" in problem["errors"][-1]["message"]
    assert all(len(e["message"]) <= 500 for e in problem["errors"])

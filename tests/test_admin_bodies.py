"""Admin endpoints answer malformed JSON with 400/422 problems, never 500.

They go through the manifest parser's limits (sbom.parsing.parse_json): nesting deeper than
CLEANGATE_MAX_DEPTH, numbers longer than Python converts, duplicate keys. Real uvicorn.
"""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import Server

DEEP = b"[" * 100_000 + b"]" * 100_000
DEEP_OBJECT = b'{"rules": ' + b'{"a": ' * 5000 + b"1" + b"}" * 5000 + b"}"
HUGE_NUMBER = b'{"rules": ["AIACT-50-2"], "system": "x", "justification": "j", "ticket": "T-1", ' \
              b'"approver": "a", "expires_at": "2026-12-20", "extra": ' + b"9" * 5000 + b"}"
DUPLICATE = b'{"name": "a", "name": "b", "scopes": ["read"]}'


@pytest.mark.parametrize("path", ["/v1/waivers", "/v1/tokens", "/v1/waivers/nope/revoke"])
@pytest.mark.parametrize("body", [DEEP, DEEP_OBJECT, HUGE_NUMBER, DUPLICATE], ids=["deep", "deep-object", "5000-digits",
                                                                                 "duplicate-key"])
def test_malformed_json_is_a_problem_never_a_500(server: Server, path: str, body: bytes) -> None:
    response = httpx.post(f"{server.url}{path}", content=body, timeout=30,
                          headers={**server.auth, "Content-Type": "application/json"})
    assert response.status_code in (400, 404, 413, 422), (response.status_code, response.text[:300])
    assert response.headers["content-type"].startswith("application/problem+json")
    if path != "/v1/waivers/nope/revoke":
        assert response.status_code in (400, 413, 422)

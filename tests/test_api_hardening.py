"""The API on a real server (SQLite and PostgreSQL) refuses hostile or out-of-range input with
the right status and a pointer, never 500: the body limit covers every endpoint, the token is
checked before a JSON body is parsed, times outside years 1-9999 and huge cursors are 422,
error pointers name body fields as the store does, and query strings stay out of the access log."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import EXAMPLES, free_port
from tests.store_fixtures import BACKENDS, GateProcess, database_url_for, gate_env

LIMIT = 64 * 1024
UNMARKED = (EXAMPLES / "image-generator-unmarked.yaml").read_bytes()
JSON_ENDPOINTS = ["/v1/tokens", "/v1/waivers", "/v1/waivers/some-id/revoke"]


@pytest.fixture(scope="module", params=BACKENDS)
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[GateProcess]:
    tmp = tmp_path_factory.mktemp("hardening")
    urls = database_url_for(request.param, tmp)
    env = {**gate_env(next(urls), "cg_boot_" + secrets.token_urlsafe(16)), "CLEANGATE_MAX_BODY_BYTES": str(LIMIT)}
    proc = GateProcess(env, 1, tmp / "gate.log").start()
    yield proc
    proc.kill()
    urls.close()


def _post(server: GateProcess, path: str, auth: bool = True, **kwargs: Any) -> httpx.Response:
    headers = {**(server.admin_headers if auth else {}), **kwargs.pop("headers", {})}
    return httpx.post(f"{server.url}{path}", headers=headers, timeout=30, **kwargs)


def _pointers(response: httpx.Response) -> list[str]:
    assert response.headers["content-type"].startswith("application/problem+json"), response.text
    return [e["pointer"] for e in response.json().get("errors", [])]


def _waiver(**overrides: object) -> dict[str, object]:
    return {"rules": ["AIACT-50-2"], "system": "s", "justification": "j", "ticket": "T", "approver": "a",
            "expires_at": "2099-01-01T00:00:00Z", **overrides}


@pytest.mark.parametrize("path", JSON_ENDPOINTS)
def test_unauthenticated_json_requests_get_401_before_the_body_is_parsed(server: GateProcess, path: str) -> None:
    for body in (b"{not json", b'{"name": "x", "scopes": ["read"]}', b"[1,2]"):
        r = _post(server, path, auth=False, content=body, headers={"Content-Type": "application/json"})
        assert r.status_code == 401, (body, r.text)
    r = _post(server, path, content=b"{}", headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 401


@pytest.mark.parametrize("path", [*JSON_ENDPOINTS, "/v1/evaluate", "/v1/decisions"])
def test_body_limit_applies_to_every_endpoint_declared_or_streamed(server: GateProcess, path: str) -> None:
    big = b"x" * (LIMIT + 1)
    for auth in (True, False):  # refused up front from Content-Length, before auth or parsing
        r = _post(server, path, auth=auth, content=big, headers={"Content-Type": "application/json"})
        assert r.status_code == 413, r.text
        assert _pointers(r) == [""] and "CLEANGATE_MAX_BODY_BYTES" in r.json()["title"]
    if path == "/v1/decisions":
        return  # a GET route: a POST is 405 without its body ever being read

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for _ in range(LIMIT // 4096 + 2):
            yield b" " * 4096

    r = _post(server, path, content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413, r.text
    assert "CLEANGATE_MAX_BODY_BYTES" in r.json()["title"]


def test_a_body_just_under_the_limit_is_still_read(server: GateProcess) -> None:
    body = b'{"reason": "' + b"r" * 1000 + b'"}' + b" " * (LIMIT - 1100)
    r = _post(server, "/v1/waivers/no-such-waiver/revoke", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 404, r.text


def test_token_scopes_list_is_bounded(server: GateProcess) -> None:
    r = _post(server, "/v1/tokens", json={"name": "many", "scopes": ["read"] * 1000})
    assert r.status_code == 422 and _pointers(r) == ["/scopes"]


@pytest.mark.parametrize("param", ["since", "until"])
@pytest.mark.parametrize("value", ["9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00"])
def test_out_of_range_times_in_the_query_are_422(server: GateProcess, param: str, value: str) -> None:
    r = httpx.get(f"{server.url}/v1/decisions", params={param: value}, headers=server.admin_headers)
    assert r.status_code == 422, r.text
    assert _pointers(r) == [f"/query/{param}"]


def test_early_and_naive_times_in_the_query_work(server: GateProcess) -> None:
    r = _post(server, "/v1/evaluate", content=UNMARKED, headers={"Content-Type": "application/yaml"})
    assert r.status_code == 200, r.text
    decision_id = r.json()["decision_id"]
    for since in ("0001-01-01", "0001-01-01T00:00:00", "0500-01-01T00:00:00Z"):
        r = httpx.get(f"{server.url}/v1/decisions", params={"since": since, "limit": 500}, headers=server.admin_headers)
        assert r.status_code == 200, r.text
        assert decision_id in [d["decision_id"] for d in r.json()["items"]], since


@pytest.mark.parametrize("value", ["9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00"])
def test_out_of_range_waiver_expiry_is_422(server: GateProcess, value: str) -> None:
    r = _post(server, "/v1/waivers", json=_waiver(expires_at=value))
    assert r.status_code == 422, r.text
    assert _pointers(r) == ["/expires_at"]


def test_cursor_beyond_bigint_is_422(server: GateProcess) -> None:
    r = httpx.get(f"{server.url}/v1/decisions", params={"cursor": 2**63}, headers=server.admin_headers)
    assert r.status_code == 422 and _pointers(r) == ["/query/cursor"]
    r = httpx.get(f"{server.url}/v1/decisions", params={"cursor": 2**63 - 1}, headers=server.admin_headers)
    assert r.status_code == 200, r.text


def test_revoke_reason_with_nul_is_422(server: GateProcess) -> None:
    created = _post(server, "/v1/waivers", json=_waiver(expires_at=None) | {"expires_at": _soon()})
    assert created.status_code == 201, created.text
    r = _post(server, f"/v1/waivers/{created.json()['id']}/revoke", content=b'{"reason": "a\\u0000b"}',
              headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and _pointers(r) == ["/reason"], r.text
    r = _post(server, f"/v1/waivers/{created.json()['id']}/revoke")  # no body at all is still fine
    assert r.status_code == 200 and r.json()["revoked_at"], r.text


def _soon() -> str:
    from datetime import UTC, datetime, timedelta
    return (datetime.now(UTC) + timedelta(days=10)).isoformat()


def test_bootstrap_admin_name_is_reserved_and_names_are_never_reused(server: GateProcess) -> None:
    r = _post(server, "/v1/tokens", json={"name": "bootstrap-admin", "scopes": ["read"]})
    assert r.status_code == 422 and _pointers(r) == ["/name"], r.text
    name = "reuse-" + secrets.token_hex(3)
    assert _post(server, "/v1/tokens", json={"name": name, "scopes": ["read"]}).status_code == 201
    assert _post(server, f"/v1/tokens/{name}/revoke").status_code == 200
    r = _post(server, "/v1/tokens", json={"name": name, "scopes": ["read"]})
    assert r.status_code == 409 and "never reused" in r.json()["title"]


def test_body_error_pointers_match_store_pointers(server: GateProcess) -> None:
    missing = _post(server, "/v1/waivers", json={k: v for k, v in _waiver().items() if k != "expires_at"})
    past = _post(server, "/v1/waivers", json=_waiver(expires_at="2001-01-01T00:00:00Z"))
    assert _pointers(missing) == _pointers(past) == ["/expires_at"]
    assert _pointers(_post(server, "/v1/waivers", json=_waiver(rules=[1]))) == ["/rules/0"]
    r = _post(server, "/v1/waivers", content=b'{"rules":\n  [', headers={"Content-Type": "application/json"})
    assert r.status_code == 422
    assert r.json()["errors"] == [{"pointer": "", "message": "not valid JSON at line 2 column 4",
                                   "expected": "a JSON object"}]
    r = _post(server, "/v1/tokens", json=[1, 2])
    assert r.status_code == 422 and r.json()["errors"][0]["message"] == "a JSON array"


@pytest.mark.slow
def test_access_log_keeps_requests_but_not_query_strings(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "CLEANGATE_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}",
           "CLEANGATE_ADMIN_TOKEN": "cg_boot_" + secrets.token_urlsafe(16), "CLEANGATE_LOG_LEVEL": "warning"}
    log = tmp_path / "access.log"
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "service.api.app:app_factory",
                                 "--host", "127.0.0.1", "--port", str(port), "--log-level", "info"],
                                env=env, stdout=out, stderr=out, start_new_session=True)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline and proc.poll() is None, log.read_text()
            time.sleep(0.1)
        secret = "cg_" + secrets.token_urlsafe(32)
        assert httpx.get(f"{url}/v1/decisions", params={"token": secret}).status_code == 401
        time.sleep(0.3)
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=20)
    text = log.read_text()
    assert "GET /v1/decisions?[redacted] HTTP/1.1\" 401" in text, text
    assert secret not in text

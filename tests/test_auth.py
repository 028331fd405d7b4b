"""Every endpoint except health refuses a missing, wrong or under-scoped token, on a real server;
tokens are created and revoked over the API and the CLI, and no secret reaches the log."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from service.cli.main import main
from tests.conftest import EXAMPLES
from tests.store_fixtures import GateProcess, gate_env

pytestmark = pytest.mark.slow  # starts processes (see docs/contributing.md, "Tests")

OPEN = {("GET", "/healthz"), ("GET", "/readyz")}
SCOPE = {
    ("POST", "/v1/evaluate"): "evaluate",
    ("POST", "/v1/data/{path}"): "evaluate",
    ("GET", "/v1/policies"): "read",
    ("GET", "/v1/schema/input"): "read",
    ("GET", "/v1/decisions"): "read",
    ("GET", "/v1/decisions/{decision_id}"): "read",
    ("GET", "/v1/audit/verify"): "read",
    ("GET", "/metrics"): "read",
    ("GET", "/v1/audit/export"): "admin",
    ("GET", "/v1/decisions/{decision_id}/attestation"): "read",
    ("GET", "/v1/attestation/keys"): "read",
    ("GET", "/v1/audit/checkpoints/latest"): "read",
    ("POST", "/v1/audit/checkpoints"): "admin",
    ("POST", "/v1/waivers"): "admin",
    ("GET", "/v1/waivers"): "admin",
    ("POST", "/v1/waivers/{waiver_id}/revoke"): "admin",
    ("POST", "/v1/tokens"): "admin",
    ("GET", "/v1/tokens"): "admin",
    ("POST", "/v1/tokens/{name}/revoke"): "admin",
    ("POST", "/v1/reports/training-summary"): "evaluate",
    ("POST", "/v1/reports/clear-inventory"): "evaluate",
    ("POST", "/v1/reports/calendar"): "evaluate",
    ("GET", "/v1/reports/calendar"): "read",
    ("GET", "/v1/lineage/impact"): "read",
    ("GET", "/v1/lineage/systems/{system}"): "read",
}
OTHER_SCOPES = {"evaluate": ("read",), "read": ("evaluate",), "admin": ("evaluate", "read")}
MANIFEST = (EXAMPLES / "chatbot-compliant.yaml").read_bytes()


def _operations(server: GateProcess) -> set[tuple[str, str]]:
    """Every operation the server documents (the OpenAPI document itself is open, like /docs)."""
    spec = httpx.get(f"{server.url}/openapi.json").json()
    return {(method.upper(), path) for path, item in spec["paths"].items() for method in item}


@pytest.fixture(scope="module")
def gate_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GateProcess]:
    tmp = tmp_path_factory.mktemp("auth")
    admin = "cg_boot_" + secrets.token_urlsafe(16)
    # The matrix below sends two wrong tokens per route on purpose; the per-client limit on wrong
    # tokens (tests/test_auth_ratelimit.py) would answer 429 part-way through, so it is raised here.
    env = {**gate_env(f"sqlite:///{tmp / 'c.db'}", admin), "CLEANGATE_AUTH_MAX_FAILURES": "100000"}
    proc = GateProcess(env, 1, tmp / "gate.log").start()
    yield proc
    proc.kill()


def _token(server: GateProcess, scopes: tuple[str, ...]) -> str:
    name = "t-" + "-".join(scopes) + "-" + secrets.token_hex(3)
    r = httpx.post(f"{server.url}/v1/tokens", json={"name": name, "scopes": list(scopes)},
                   headers=server.admin_headers)
    assert r.status_code == 201, r.text
    return str(r.json()["token"])


def _call(server: GateProcess, method: str, path: str, token: str | None) -> httpx.Response:
    url = server.url + re.sub(r"\{[^}]+\}", "x", path)
    headers = {"Content-Type": "application/yaml"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    return httpx.request(method, url, headers=headers, content=MANIFEST if method == "POST" else None, timeout=30)


def test_every_operation_is_guarded_by_a_known_scope(gate_server: GateProcess) -> None:
    """A new route must be added to SCOPE (or OPEN) here, so none can slip out unguarded."""
    assert _operations(gate_server) == set(SCOPE) | OPEN


def test_every_guarded_route_refuses_missing_wrong_and_underscoped_tokens(gate_server: GateProcess) -> None:
    right = {scope: _token(gate_server, (scope,)) for scope in ("evaluate", "read", "admin")}
    under = {scopes: _token(gate_server, scopes) for scopes in set(OTHER_SCOPES.values())}
    for (method, path), scope in SCOPE.items():
        missing = _call(gate_server, method, path, None)
        assert missing.status_code == 401, (method, path)
        assert missing.headers["www-authenticate"] == "Bearer"
        assert missing.headers["content-type"] == "application/problem+json"
        assert _call(gate_server, method, path, "cg_not_a_token").status_code == 401, (method, path)
        refused = _call(gate_server, method, path, under[OTHER_SCOPES[scope]])
        assert refused.status_code == 403, (method, path, scope)
        assert scope in refused.json()["title"]
        assert _call(gate_server, method, path, right[scope]).status_code not in (401, 403), (method, path)
        if scope != "admin":
            assert _call(gate_server, method, path, right["admin"]).status_code not in (401, 403), (method, path)


def test_health_is_open(gate_server: GateProcess) -> None:
    assert httpx.get(f"{gate_server.url}/healthz").status_code == 200
    assert httpx.get(f"{gate_server.url}/readyz").json()["status"] == "ready"


def test_revoked_token_is_refused_and_secrets_never_reach_the_log(gate_server: GateProcess) -> None:
    created = httpx.post(f"{gate_server.url}/v1/tokens", json={"name": "ci-short-lived", "scopes": ["evaluate"]},
                         headers=gate_server.admin_headers).json()
    token = created["token"]
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/yaml"}
    assert httpx.post(f"{gate_server.url}/v1/evaluate", content=MANIFEST, headers=headers).status_code == 200
    listing = httpx.get(f"{gate_server.url}/v1/tokens", headers=gate_server.admin_headers).json()["items"]
    assert any(item["name"] == "ci-short-lived" for item in listing)
    assert all("token" not in item and "secret_hash" not in item for item in listing)
    revoked = httpx.post(f"{gate_server.url}/v1/tokens/ci-short-lived/revoke", headers=gate_server.admin_headers)
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert httpx.post(f"{gate_server.url}/v1/evaluate", content=MANIFEST, headers=headers).status_code == 401
    log = gate_server.log()
    assert '"decision_id"' in log and '"token": "ci-short-lived"' in log  # the JSON log names the token ...
    assert token not in log and gate_server.admin not in log  # ... but never holds a secret


def test_token_cli_creates_a_working_token(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path / 'c.db'}"
    assert main(["token", "create", "ci-payments", "--scope", "evaluate", "--database-url", db]) == 0
    secret = capsys.readouterr().out.strip()
    assert secret.startswith("cg_")
    assert main(["token", "create", "ci-payments", "--scope", "read", "--database-url", db]) == 2
    assert "exists" in capsys.readouterr().err
    assert main(["token", "list", "--database-url", db]) == 0
    listed = capsys.readouterr().out
    assert "ci-payments\tevaluate\tactive" in listed and secret not in listed
    proc = GateProcess(gate_env(db, ""), 1, tmp_path / "gate.log").start()
    try:
        headers = {"Authorization": f"Bearer {secret}", "Content-Type": "application/yaml"}
        assert httpx.post(f"{proc.url}/v1/evaluate", content=MANIFEST, headers=headers).status_code == 200
        assert httpx.get(f"{proc.url}/v1/decisions", headers=headers).status_code == 403
        assert main(["token", "revoke", "ci-payments", "--database-url", db]) == 0
        assert httpx.post(f"{proc.url}/v1/evaluate", content=MANIFEST, headers=headers).status_code == 401
    finally:
        proc.kill()


def test_judging_at_a_past_date_needs_the_backdate_scope(gate_server: GateProcess) -> None:
    """A past as_of can switch duties off (Art 50 before 2026-08-02), so an evaluate token may not ask
    for one; a token with `backdate` may, and the decision records who asked and that the caller chose it."""
    evaluate_only = _token(gate_server, ("evaluate",))
    trusted = _token(gate_server, ("evaluate", "backdate"))
    headers = {"Content-Type": "application/yaml"}
    url = f"{gate_server.url}/v1/evaluate"
    refused = httpx.post(url, content=MANIFEST, params={"as_of": "2026-07-31"},
                         headers={**headers, "Authorization": f"Bearer {evaluate_only}"})
    assert refused.status_code == 403 and "backdate" in refused.text
    today = httpx.post(url, content=MANIFEST, headers={**headers, "Authorization": f"Bearer {evaluate_only}"})
    assert today.status_code == 200 and today.json()["as_of_source"] == "clock"
    allowed = httpx.post(url, content=MANIFEST, params={"as_of": "2026-07-31"},
                         headers={**headers, "Authorization": f"Bearer {trusted}"})
    assert allowed.status_code == 200, allowed.text
    body = allowed.json()
    assert (body["as_of"], body["as_of_source"]) == ("2026-07-31", "caller")
    assert body["as_of_requested_by"].startswith("t-evaluate-backdate-")

"""The governance API on a real server, on SQLite and PostgreSQL: decisions are stored with
their CI context and token, can be filtered and paged, waivers change verdicts, the chain
verifies and exports, metrics count what happened, and `cleangate check --server` is logged."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from service.cli.main import main
from service.store import chain
from tests.conftest import AS_OF_TEXT, EXAMPLES
from tests.store_fixtures import BACKENDS, GateProcess, database_url_for, gate_env

pytestmark = pytest.mark.slow  # starts processes (see docs/contributing.md, "Tests")

COMPLIANT = (EXAMPLES / "chatbot-compliant.yaml").read_bytes()
UNMARKED = (EXAMPLES / "image-generator-unmarked.yaml").read_bytes()
AS_OF_PARAMS = {"as_of": AS_OF_TEXT}


@pytest.fixture(scope="module", params=BACKENDS)
def gate_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[GateProcess]:
    tmp = tmp_path_factory.mktemp("api")
    urls = database_url_for(request.param, tmp)
    url = next(urls)
    proc = GateProcess(gate_env(url, "cg_boot_" + secrets.token_urlsafe(16)), 1, tmp / "gate.log").start()
    yield proc
    proc.kill()
    urls.close()


def _evaluate(server: GateProcess, data: bytes, **headers: str) -> dict[str, Any]:
    r = httpx.post(f"{server.url}/v1/evaluate", content=data, params=AS_OF_PARAMS,
                   headers={**server.admin_headers, "Content-Type": "application/yaml", **headers})
    assert r.status_code == 200, r.text
    return dict(r.json())


def _get(server: GateProcess, path: str, **params: object) -> httpx.Response:
    return httpx.get(f"{server.url}{path}", params=params, headers=server.admin_headers)


def test_decision_is_stored_with_ci_context_token_and_manifest(gate_server: GateProcess) -> None:
    decision = _evaluate(gate_server, UNMARKED, **{
        "X-CI-Provider": "github", "X-CI-Repository": "acme/pixelforge", "X-CI-Commit": "abc123",
        "X-CI-Pipeline-URL": "https://github.com/acme/pixelforge/actions/runs/1", "X-CI-Actor": "octocat"})
    stored = _get(gate_server, f"/v1/decisions/{decision['decision_id']}").json()
    assert stored["decision"] == decision
    assert stored["manifest"].encode() == UNMARKED
    assert stored["token"] == "bootstrap-admin"
    assert stored["decision"]["context"] == {
        "provider": "github", "repository": "acme/pixelforge", "commit": "abc123", "ref": None,
        "pipeline_url": "https://github.com/acme/pixelforge/actions/runs/1", "actor": "octocat"}
    assert _get(gate_server, "/v1/decisions/not-a-decision").status_code == 404


def test_decisions_filter_and_page(gate_server: GateProcess) -> None:
    start = datetime.now(UTC)
    repo = "acme/filter-" + secrets.token_hex(3)
    for data in (COMPLIANT, UNMARKED, UNMARKED, COMPLIANT, UNMARKED):
        _evaluate(gate_server, data, **{"X-CI-Repository": repo})
    blocks = _get(gate_server, "/v1/decisions", repository=repo, verdict="block").json()["items"]
    assert len(blocks) == 3 and {d["verdict"] for d in blocks} == {"block"}
    assert {d["system"] for d in blocks} == {"Pixelforge studio"}
    by_system = _get(gate_server, "/v1/decisions", repository=repo, system="Pixelforge studio").json()["items"]
    assert len(by_system) == 3
    pages, cursor = [], None
    while True:
        params: dict[str, object] = {"repository": repo, "limit": 2, **({"cursor": cursor} if cursor else {})}
        page = _get(gate_server, "/v1/decisions", **params).json()
        pages.append([d["decision_id"] for d in page["items"]])
        cursor = page["next_cursor"]
        if cursor is None:
            break
    flat = [i for p in pages for i in p]
    assert [len(p) for p in pages] == [2, 2, 1] and len(set(flat)) == 5
    seqs = [d["seq"] for d in _get(gate_server, "/v1/decisions", repository=repo).json()["items"]]
    assert seqs == sorted(seqs, reverse=True)  # newest first
    later = (datetime.now(UTC) + timedelta(seconds=1)).isoformat()
    assert _get(gate_server, "/v1/decisions", repository=repo, since=start.isoformat()).json()["items"]
    assert _get(gate_server, "/v1/decisions", repository=repo, since=later).json()["items"] == []
    assert len(_get(gate_server, "/v1/decisions", repository=repo, until=later).json()["items"]) == 5
    bad = _get(gate_server, "/v1/decisions", verdict="maybe")
    assert bad.status_code == 422 and bad.json()["errors"][0]["pointer"] == "/query/verdict"


def test_waiver_api_changes_the_verdict_and_reports_loudly(gate_server: GateProcess) -> None:
    assert _evaluate(gate_server, UNMARKED)["verdict"] == "block"
    body = {"rules": ["AIACT-50-2", "RETIRED-RULE-1"], "system": "Pixelforge studio", "justification": "C2PA in 2.4",
            "ticket": "COMP-7", "approver": "dpo@example.com",
            "expires_at": (datetime.now(UTC) + timedelta(days=5)).isoformat()}
    created = httpx.post(f"{gate_server.url}/v1/waivers", json=body, headers=gate_server.admin_headers)
    assert created.status_code == 201, created.text
    waiver = created.json()
    assert waiver["expiring_soon"] and waiver["unknown_rules"] == ["RETIRED-RULE-1"]
    decision = _evaluate(gate_server, UNMARKED)
    assert decision["verdict"] == "pass"
    assert {f["waiver_id"] for f in decision["findings"] if f["rule"] == "AIACT-50-2"} == {waiver["id"]}
    listing = _get(gate_server, "/v1/waivers").json()
    assert any("RETIRED-RULE-1" in w for w in listing["warnings"])
    assert any("within 14 days" in w for w in listing["warnings"])
    metrics = _get(gate_server, "/metrics").text
    assert "cleangate_waivers_expiring_soon 1.0" in metrics and "cleangate_waivers_unknown_rule 1.0" in metrics
    too_long = {**body, "expires_at": (datetime.now(UTC) + timedelta(days=400)).isoformat()}
    refused = httpx.post(f"{gate_server.url}/v1/waivers", json=too_long, headers=gate_server.admin_headers)
    assert refused.status_code == 422 and refused.json()["errors"][0]["pointer"] == "/expires_at"
    missing = {k: v for k, v in body.items() if k != "expires_at"}
    assert httpx.post(f"{gate_server.url}/v1/waivers", json=missing,
                      headers=gate_server.admin_headers).status_code == 422
    revoked = httpx.post(f"{gate_server.url}/v1/waivers/{waiver['id']}/revoke", json={"reason": "signed now"},
                         headers=gate_server.admin_headers)
    assert revoked.status_code == 200 and revoked.json()["status"] == "revoked"
    assert _evaluate(gate_server, UNMARKED)["verdict"] == "block"
    assert '"waiver created"' in gate_server.log()


def test_metrics_count_decisions_by_verdict_and_rule(gate_server: GateProcess) -> None:
    def value(text: str, prefix: str) -> float:
        return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(prefix))

    before = _get(gate_server, "/metrics").text
    _evaluate(gate_server, UNMARKED)
    _evaluate(gate_server, COMPLIANT)
    httpx.post(f"{gate_server.url}/v1/evaluate", content=b"system: [", params=AS_OF_PARAMS,
               headers={**gate_server.admin_headers, "Content-Type": "application/yaml"})
    after = _get(gate_server, "/metrics").text
    for prefix, delta in (('cleangate_decisions_total{verdict="block"}', 1),
                          ('cleangate_decisions_total{verdict="pass"}', 1),
                          ('cleangate_rule_decisions_total{rule="AIACT-50-2",severity="block",waived="false"}', 1),
                          ("cleangate_evaluation_seconds_count", 2),
                          ('cleangate_errors_total{kind="manifest"}', 1)):
        assert value(after, prefix) - value(before, prefix) == delta, prefix


def test_chain_verifies_and_exports_over_http(gate_server: GateProcess) -> None:
    _evaluate(gate_server, COMPLIANT)
    verify = _get(gate_server, "/v1/audit/verify").json()
    assert verify["ok"] and verify["checked"] >= 1
    export = _get(gate_server, "/v1/audit/export")
    assert export.headers["content-type"] == "application/x-ndjson"
    records = [json.loads(line) for line in export.text.splitlines()]
    checker = chain.check(records)
    assert checker.first_break is None and checker.prev_hash == records[-1]["hash"]
    assert len(records) >= verify["head"]["seq"]


def test_check_against_the_server_is_logged(gate_server: GateProcess, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", str(EXAMPLES / "image-generator-unmarked.yaml"), "--server", gate_server.url,
                 "--token", gate_server.admin, "--format", "json", "--as-of", "2026-09-15"])
    assert code == 1
    decision_id = json.loads(capsys.readouterr().out)["results"][0]["decision"]["decision_id"]
    stored = _get(gate_server, f"/v1/decisions/{decision_id}").json()
    assert stored["decision"]["verdict"] == "block"
    assert stored["decision"]["manifest"]["source"].endswith("image-generator-unmarked.yaml")

"""The OpenAPI document and the server stay in step: schemathesis against a real gate.

Every operation is exercised with generated requests (bounded: a handful per operation, so the
module takes about a minute on both backends) carrying the bootstrap admin token, so the checks
reach the routes themselves rather than stopping at 401. Each response must be documented (status
code and content type) and match its schema; no response may be a 5xx other than the documented
503 "not evaluated" problems. Explicit cases then send valid requests down the evaluation, token
and waiver paths, where random data alone would mostly be refused with 422.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import schemathesis
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import Server, start_server, stop_server
from tests.store_fixtures import PgSchema, require_postgres

pytestmark = pytest.mark.slow  # starts processes (see docs/contributing.md, "Tests")

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
CHECKS = [status_code_conformance, content_type_conformance, response_schema_conformance]
NOT_EVALUATED = {"evaluation_timeout", "busy", "store_busy"}  # documented 503 codes


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def gate_server(request: pytest.FixtureRequest) -> Iterator[Server]:
    schema: PgSchema | None = None
    # Negative cases break the Authorization header on purpose; the per-client limit on wrong tokens
    # (tests/test_auth_ratelimit.py) would then answer 429 to the cases meant to reach the routes.
    env: dict[str, str] = {"CLEANGATE_AUTH_MAX_FAILURES": "100000"}
    if request.param == "postgresql":
        require_postgres()
        schema = PgSchema()
        env["CLEANGATE_DATABASE_URL"] = schema.url
    server = start_server(env, timeout=60)
    try:
        yield server
    finally:
        stop_server(server)
        if schema is not None:
            schema.drop()


@pytest.fixture(scope="module")
def api_schema(gate_server: Server) -> Any:
    return schemathesis.openapi.from_url(f"{gate_server.url}/openapi.json")


def check(case: Any, server: Server, **kwargs: Any) -> Any:
    response = case.call_and_validate(base_url=server.url, headers=server.auth, checks=CHECKS,
                                      excluded_checks=[not_a_server_error], **kwargs)
    if response.status_code >= 500:
        # the only 5xx a valid or invalid request may get is "not evaluated" (503 with its code)
        body = response.json() if "json" in response.headers.get("content-type", "") else {}
        assert response.status_code == 503 and body.get("code") in NOT_EVALUATED, (response.status_code,
                                                                                   response.text[:500])
    return response


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_matches_its_schema(api_schema: Any, gate_server: Server, mode: GenerationMode) -> None:
    """Operations are driven one by one with Hypothesis (schemathesis' pytest plugin does not run
    under this pytest), each with its own bounded example budget: requests the schema allows, then
    requests it forbids (which must get a documented 4xx problem, never a 5xx)."""
    failures: list[str] = []
    for result in api_schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
                  database=None)
        def run(case: Any) -> None:
            check(case, gate_server)

        try:
            run()
        except Unsatisfiable:  # no invalid request exists for an operation without inputs (/healthz)
            assert mode is GenerationMode.NEGATIVE, operation.label
        except Exception as exc:  # collect every operation's failure, not just the first
            failures.append(f"{operation.label}: {str(exc)[:1500]}")
    assert not failures, "\n\n".join(failures)


def _operation(api: Any, path: str, method: str) -> Any:
    return api[path][method]


def test_a_valid_manifest_reaches_the_evaluation(api_schema: Any, gate_server: Server) -> None:
    manifest = yaml.safe_load((EXAMPLES / "chatbot-compliant.yaml").read_text())
    evaluate = _operation(api_schema, "/v1/evaluate", "POST")
    case = evaluate.Case(body=json.loads(json.dumps(manifest, default=str)), media_type="application/json",
                         query={"as_of": datetime.now(UTC).date().isoformat()},
                         headers={"X-CI-Provider": "github", "X-CI-Repository": "aurora/assistant"})
    response = check(case, gate_server)
    assert response.status_code == 200, response.text[:500]
    decision = response.json()
    assert decision["verdict"] in ("pass", "warn", "block") and decision["decision_id"]
    listed = check(_operation(api_schema, "/v1/decisions", "GET").Case(
        query={"since": "2026-01-01T00:00:00Z", "repository": "aurora/assistant"}), gate_server)
    assert decision["decision_id"] in [i["decision_id"] for i in listed.json()["items"]]
    one = check(_operation(api_schema, "/v1/decisions/{decision_id}", "GET").Case(
        path_parameters={"decision_id": decision["decision_id"]}), gate_server)
    assert one.status_code == 200


def test_a_valid_manifest_reaches_the_calendar(api_schema: Any, gate_server: Server) -> None:
    """The calendar's JSON answer matches its documented model (CalendarReport) and its text formats
    their media types."""
    manifest = json.loads(json.dumps(yaml.safe_load((EXAMPLES / "voice-clone-legacy.yaml").read_text()), default=str))
    calendar = _operation(api_schema, "/v1/reports/calendar", "POST")
    for fmt in ("json", "md", "ics"):
        response = check(calendar.Case(body=manifest, media_type="application/json",
                                       query={"from": "2026-11-01", "format": fmt}), gate_server)
        assert response.status_code == 200, response.text[:500]
    assert "AIACT-50-2" in response.text


def test_unknown_ci_provider_and_timestamp_are_refused_as_documented(api_schema: Any, gate_server: Server) -> None:
    evaluate = _operation(api_schema, "/v1/evaluate", "POST")
    bad_provider = check(evaluate.Case(body={"apiVersion": "cleangate/v1"}, media_type="application/json",
                                       headers={"X-CI-Provider": "jenkins"}), gate_server)
    assert bad_provider.status_code == 422
    listing = _operation(api_schema, "/v1/decisions", "GET")
    unix = check(listing.Case(query={"since": "1700000000"}), gate_server)
    assert unix.status_code == 422  # ISO 8601 only, as documented; a Unix timestamp is not a date
    impossible = check(listing.Case(query={"until": "2026-02-30"}), gate_server)
    assert impossible.status_code == 422 and impossible.json()["errors"][0]["pointer"] == "/query/until"


def test_token_create_and_revoke_reach_the_store(api_schema: Any, gate_server: Server) -> None:
    create = check(_operation(api_schema, "/v1/tokens", "POST").Case(
        body={"name": "st-reader", "scopes": ["read"]}, media_type="application/json"), gate_server)
    assert create.status_code == 201 and create.json()["token"]
    again = check(_operation(api_schema, "/v1/tokens", "POST").Case(
        body={"name": "st-reader", "scopes": ["read"]}, media_type="application/json"), gate_server)
    assert again.status_code == 409
    revoke = _operation(api_schema, "/v1/tokens/{name}/revoke", "POST")
    assert check(revoke.Case(path_parameters={"name": "st-reader"}), gate_server).status_code == 200
    assert check(revoke.Case(path_parameters={"name": "st-reader"}), gate_server).status_code == 409
    assert check(revoke.Case(path_parameters={"name": "st-nobody"}), gate_server).status_code == 404


def test_waiver_grant_and_revoke_reach_the_store(api_schema: Any, gate_server: Server) -> None:
    expires = (datetime.now(UTC) + timedelta(days=10)).isoformat()
    grant = check(_operation(api_schema, "/v1/waivers", "POST").Case(body={
        "rules": ["AIACT-50-2"], "system": "Aurora*", "justification": "watermark rollout in progress",
        "ticket": "CMP-1", "approver": "dpo@aurora.example", "expires_at": expires}, media_type="application/json"),
        gate_server)
    assert grant.status_code == 201, grant.text[:500]
    revoke = _operation(api_schema, "/v1/waivers/{waiver_id}/revoke", "POST")
    waiver_id = grant.json()["id"]
    first = check(revoke.Case(path_parameters={"waiver_id": waiver_id}, body={"reason": "done"},
                              media_type="application/json"), gate_server)
    assert first.status_code == 200
    second = check(revoke.Case(path_parameters={"waiver_id": waiver_id}, body={"reason": "again"},
                               media_type="application/json"), gate_server)
    assert second.status_code == 409

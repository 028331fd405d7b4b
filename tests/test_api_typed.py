"""Guard-rails for the typed API: every JSON answer has a named model in the OpenAPI document, and
routes name their dependencies (service/api/deps.py) instead of spelling them out.

A new endpoint returning `dict[str, Any]` without a `response_model` shows up here as an
operation whose 2xx JSON schema is a bare object, which a client generator turns into `Any`.
(tests/test_openapi_schemathesis.py checks that the real answers match these schemas.)
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx

from tests.conftest import Server

API = Path(__file__).resolve().parents[1] / "service" / "api"


def _resolve(spec: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    return schema


def _untyped(spec: dict[str, Any]) -> list[str]:
    """Operations whose 2xx application/json answer has no schema, or one without named properties."""
    found = []
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            for status, response in operation.get("responses", {}).items():
                if not status.startswith("2"):
                    continue
                content = response.get("content", {})
                if "application/json" not in content:
                    continue
                raw = content["application/json"].get("schema")
                schema = _resolve(spec, raw) if raw else {}
                if "$ref" not in (raw or {}) or not schema.get("properties"):
                    found.append(f"{method.upper()} {path} {status}: {raw!r}")
    return found


def test_every_json_answer_has_a_named_model(server: Server) -> None:
    spec = httpx.get(f"{server.url}/openapi.json").json()
    assert _untyped(spec) == []
    # The check itself bites: a bare object and a missing schema are both reported.
    probe = {"paths": {"/x": {"get": {"responses": {"200": {"content": {"application/json": {
        "schema": {"type": "object", "additionalProperties": True}}}}}}},
                       "/y": {"post": {"responses": {"201": {"content": {"application/json": {}}}}}}},
             "components": {"schemas": {}}}
    assert _untyped(probe) == ["GET /x 200: {'type': 'object', 'additionalProperties': True}", "POST /y 201: None"]


def test_operations_with_json_answers_are_all_covered(server: Server) -> None:
    """The JSON endpoints named in docs/api.md are among the checked operations (none is skipped
    because, say, its answer lost the application/json content)."""
    spec = httpx.get(f"{server.url}/openapi.json").json()
    typed = {f"{m.upper()} {p}" for p, item in spec["paths"].items() for m, op in item.items()
             if any(s.startswith("2") and "application/json" in r.get("content", {})
                    for s, r in op.get("responses", {}).items())}
    for operation in ("GET /healthz", "GET /readyz", "GET /v1/policies", "GET /v1/schema/input", "GET /v1/decisions",
                      "GET /v1/decisions/{decision_id}", "GET /v1/audit/verify", "POST /v1/tokens", "GET /v1/tokens",
                      "POST /v1/waivers", "GET /v1/waivers", "POST /v1/data/{path}", "POST /v1/evaluate",
                      "POST /v1/audit/checkpoints", "GET /v1/attestation/keys"):
        assert operation in typed


def test_routes_use_named_dependencies() -> None:
    """`store: StoreDep`, not `Annotated[Store, Depends(get_store)]`: one place (deps.py) says how a
    route gets the store, the gate, the settings or a scope-checked principal."""
    spelled = re.compile(r"Annotated\[[^\]]*Depends\(")
    offenders = [f"{p.relative_to(API)}:{n}" for p in sorted(API.rglob("*.py")) if p.name != "deps.py"
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                 if spelled.search(line) and "CredentialsDep =" not in line]
    assert offenders == []


def test_models_keep_the_answers_as_the_routes_build_them() -> None:
    """Key order, omitted keys and values survive the response model, for the shapes with optional
    parts (a broken chain, a revoked waiver, a revoked token) that a healthy test gate rarely shows."""
    import json
    from datetime import UTC, datetime, timedelta

    from service.api.models import TokenOut, VerifyReport, WaiverOut
    from service.store import TokenRecord, VerifyResult, WaiverRecord
    from service.waivers import assess

    def through(model: Any, answer: dict[str, Any]) -> str:
        return model.model_validate(answer).model_dump_json(exclude_unset=True)

    broken = VerifyResult(ok=False, checked=7, head_seq=7, head_hash="ab" * 32, broken_seq=3, broken_entry="e-3",
                          reason="hash mismatch", rows=[{"table": "waivers", "id": "w1", "label": "x", "reason": "r"}],
                          checkpoints=2).public()
    healthy = VerifyResult(ok=True, checked=0, head_seq=0, head_hash="").public()
    for answer in (broken, healthy):
        assert through(VerifyReport, answer) == json.dumps(answer, separators=(",", ":"))
    now = datetime.now(UTC)
    waiver = WaiverRecord(id="w1", rules=("AIACT-50-2", "GONE-1"), system="bot*", version=None, repository="acme/*",
                          justification="j", ticket="T-1", approver="a", expires_at=now + timedelta(days=3),
                          created_at=datetime(2026, 1, 1, tzinfo=UTC), created_by="admin",
                          revoked_at=datetime(2026, 1, 2, tzinfo=UTC), revoked_by="admin", revoke_reason="done")
    answer = assess(waiver, {"AIACT-50-2"}, 7)
    assert through(WaiverOut, answer) == json.dumps(answer, separators=(",", ":"))
    token = TokenRecord("t1", "ci", ("evaluate", "read"), datetime(2026, 1, 1, tzinfo=UTC), None, None).public()
    assert through(TokenOut, token) == json.dumps(token, separators=(",", ":"))

"""The HTTP gate, end to end against a real uvicorn on a free port."""

from __future__ import annotations

import httpx

from service.decision import Decision
from tests.conftest import EXAMPLES, Server

YAML = {"Content-Type": "application/yaml"}


def evaluate(server: Server, name: str, content_type: str = "application/yaml", **params: str) -> httpx.Response:
    return httpx.post(f"{server.url}/v1/evaluate", content=(EXAMPLES / name).read_bytes(),
                      headers={**server.auth, "Content-Type": content_type}, params={"as_of": "2026-09-15", **params},
                      timeout=30)


def test_blocked_manifest_is_explained(server: Server) -> None:
    response = evaluate(server, "image-generator-unmarked.yaml", source="examples/image-generator-unmarked.yaml")
    assert response.status_code == 200
    decision = Decision.model_validate(response.json())
    assert decision.verdict == "block"
    finding = next(f for f in decision.findings if f.rule == "AIACT-50-2")
    assert finding.reference.startswith("Art. 50(2)")
    assert "image" in finding.message and "Pixelforge studio" in finding.message
    assert finding.remediation and finding.url and finding.url.startswith("https://eur-lex.europa.eu/")
    assert finding.path == "/system/transparency/marking"
    assert decision.manifest.source == "examples/image-generator-unmarked.yaml"
    assert decision.as_of == "2026-09-15"


def test_compliant_manifest_passes_with_audit_evidence(server: Server) -> None:
    decision = Decision.model_validate(evaluate(server, "chatbot-compliant.yaml").json())
    assert decision.verdict == "pass" and not [f for f in decision.findings if f.severity != "info"]
    statuses = {r.rule: r.status for r in decision.rules}
    assert statuses["AIACT-50-1"] == "passed"  # evaluated and applicable: evidence, not silence
    assert decision.summary.rules_evaluated == len(decision.rules) > 0


def test_cyclonedx_over_http(server: Server) -> None:
    response = evaluate(server, "travel-assistant.cdx.json", "application/vnd.cyclonedx+json")
    decision = Decision.model_validate(response.json())
    assert decision.manifest.format == "cyclonedx" and decision.manifest.format_version == "1.6"
    assert decision.verdict == "pass"


def test_json_and_yaml_bodies_agree(server: Server) -> None:
    import json

    import yaml

    tree = yaml.safe_load((EXAMPLES / "image-generator-unmarked.yaml").read_text())
    as_json = httpx.post(f"{server.url}/v1/evaluate?as_of=2026-09-15", content=json.dumps(tree, default=str),
                         headers={**server.auth, "Content-Type": "application/json"}).json()
    as_yaml = evaluate(server, "image-generator-unmarked.yaml").json()
    assert [f["rule"] for f in as_json["findings"]] == [f["rule"] for f in as_yaml["findings"]]
    assert as_json["manifest"]["digest"] != as_yaml["manifest"]["digest"]  # digest is of the bytes sent


def test_ci_context_headers_are_recorded(server: Server) -> None:
    response = httpx.post(
        f"{server.url}/v1/evaluate", content=(EXAMPLES / "chatbot-compliant.yaml").read_bytes(),
        headers={**server.auth, **YAML, "X-CI-Provider": "github", "X-CI-Repository": "acme/bot",
                 "X-CI-Commit": "abc123", "X-CI-Pipeline-Url": "https://ci.example/run/1", "X-CI-Actor": "octocat"},
    )
    context = response.json()["context"]
    assert context["provider"] == "github" and context["repository"] == "acme/bot"
    assert context["commit"] == "abc123" and context["actor"] == "octocat"


def test_as_of_changes_the_verdict(server: Server) -> None:
    assert evaluate(server, "voice-clone-legacy.yaml").json()["verdict"] == "warn"
    assert evaluate(server, "voice-clone-legacy.yaml", as_of="2026-12-02").json()["verdict"] == "block"


def test_policy_catalogue(server: Server) -> None:
    body = httpx.get(f"{server.url}/v1/policies", headers=server.auth).json()
    rules = {r["id"]: r for r in body["rules"]}
    assert {"AIACT-50-1", "AIACT-50-2"} <= set(rules)
    assert rules["AIACT-50-2"]["severity"] == "block" and rules["AIACT-50-2"]["remediation"]
    assert body["digest"].startswith("sha256:")


def test_input_schema_is_served(server: Server) -> None:
    schema = httpx.get(f"{server.url}/v1/schema/input", headers=server.auth).json()
    assert schema["title"] == "PolicyInput"
    assert "system" in schema["required"]
    assert "System" in schema["$defs"]


def test_health_and_readiness(server: Server) -> None:
    assert httpx.get(f"{server.url}/healthz").status_code == 200
    ready = httpx.get(f"{server.url}/readyz").json()
    assert ready["status"] == "ready" and ready["policy_revision"]


def test_openapi_documents_evaluate(server: Server) -> None:
    spec = httpx.get(f"{server.url}/openapi.json").json()
    assert "/v1/evaluate" in spec["paths"]
    assert httpx.get(f"{server.url}/docs").status_code == 200


def test_unknown_route_is_problem_json(server: Server) -> None:
    response = httpx.get(f"{server.url}/v1/nope")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert httpx.get(f"{server.url}/v1/evaluate").status_code == 405


def test_unknown_ci_provider_header_is_422_not_dropped(server: Server) -> None:
    response = httpx.post(f"{server.url}/v1/evaluate", content=(EXAMPLES / "chatbot-compliant.yaml").read_bytes(),
                          headers={**YAML, **server.auth, "X-CI-Provider": "jenkins"})
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["pointer"] == "/header/x-ci-provider" and "github" in error["expected"]

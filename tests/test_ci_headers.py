"""service/ci_headers.py is the one X-CI-* table: the CLI sends by it, and the real server declares
and accepts exactly those headers with those limits."""

from __future__ import annotations

import httpx

from service.ci_headers import CI_HEADERS, CI_PROVIDERS
from service.cli.ci_context import ci_headers
from tests.conftest import EXAMPLES, Server


def test_the_server_declares_every_ci_header_of_the_table_with_its_limit(server: Server) -> None:
    spec = httpx.get(f"{server.url}/openapi.json").json()
    params = spec["paths"]["/v1/evaluate"]["post"]["parameters"]
    declared = {p["name"].lower(): p["schema"] for p in params if p["in"] == "header" and
                p["name"].lower().startswith("x-ci-")}
    assert set(declared) == {name.lower() for name, _ in CI_HEADERS.values()}
    for name, limit in CI_HEADERS.values():
        schema = declared[name.lower()]
        lengths = [s.get("maxLength") for s in schema.get("anyOf", [schema])]
        assert limit in lengths, (name, schema)
    provider = declared["x-ci-provider"]
    assert any(s.get("enum") == list(CI_PROVIDERS) for s in provider.get("anyOf", [provider])) or \
        provider.get("enum") == list(CI_PROVIDERS)


def test_what_the_cli_sends_at_the_limit_the_server_records(server: Server) -> None:
    long = {key: ("github" if key == "provider" else "v" * (limit + 40)) for key, (_, limit) in CI_HEADERS.items()}
    headers = ci_headers(long)
    assert all(len(value) <= CI_HEADERS[key][1] for key, value in zip(CI_HEADERS, headers.values(), strict=True))
    r = httpx.post(f"{server.url}/v1/evaluate", content=(EXAMPLES / "chatbot-compliant.yaml").read_bytes(),
                   headers={**server.auth, "Content-Type": "application/yaml", **headers}, timeout=60)
    assert r.status_code == 200, r.text
    context = r.json()["context"]
    assert all(context[key] == value for key, value in zip(CI_HEADERS, headers.values(), strict=True))

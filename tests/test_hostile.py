"""Bad input gets a clear, named error and never a traceback or a hang — offline and over HTTP."""

from __future__ import annotations

import json

import httpx
import pytest

from sbom.errors import ManifestError
from sbom.load import load_manifest
from service.cli.main import main
from service.problems import http_status
from tests.conftest import Server
from tests.hostile import CASES, Case


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_loader_refuses_with_named_field(case: Case) -> None:
    syntax = "json" if case.content_type == "application/json" else None
    with pytest.raises(ManifestError) as err:
        load_manifest(case.body, syntax)  # type: ignore[arg-type]
    assert http_status(err.value) == case.status
    assert err.value.problems, "every refusal names at least one problem"
    assert case.pointer in [p.pointer for p in err.value.problems]
    assert all(p.message for p in err.value.problems)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_cli_exits_2_with_the_field(case: Case, tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "manifest"
    path.write_bytes(case.body)
    code = main(["check", "--format", "json", str(path)])
    out = json.loads(capsys.readouterr().out)
    assert code == 2
    error = out["results"][0]["error"]
    assert error["status"] == case.status
    assert case.pointer in [e["pointer"] for e in error["errors"]]
    assert "Traceback" not in json.dumps(out)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_http_answers_problem_json(case: Case, server: Server) -> None:
    response = httpx.post(f"{server.url}/v1/evaluate", content=case.body,
                          headers={**server.auth, "Content-Type": case.content_type}, timeout=30)
    assert response.status_code == case.status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == case.status and body["title"]
    assert case.pointer in [e["pointer"] for e in body["errors"]]


def test_http_refuses_50_mb_before_reading_it(server: Server) -> None:
    body = b"apiVersion: cleangate/v1\n" + b"#" * (50 * 1024 * 1024)
    response = httpx.post(f"{server.url}/v1/evaluate", content=body,
                          headers={**server.auth, "Content-Type": "application/yaml"}, timeout=60)
    assert response.status_code == 413
    assert "bytes" in response.json()["errors"][0]["expected"]


def test_http_refuses_oversized_chunked_body(server: Server) -> None:
    """Without Content-Length the limit is enforced while streaming."""

    def chunks():  # type: ignore[no-untyped-def]
        yield b"apiVersion: cleangate/v1\n"
        for _ in range(100):
            yield b"#" * (1024 * 1024)

    response = httpx.post(f"{server.url}/v1/evaluate", content=chunks(),
                          headers={**server.auth, "Content-Type": "application/yaml"}, timeout=60)
    assert response.status_code == 413


def test_http_wrong_content_type_is_415(server: Server) -> None:
    response = httpx.post(f"{server.url}/v1/evaluate", content=b"<xml/>",
                          headers={**server.auth, "Content-Type": "text/plain"})
    assert response.status_code == 415
    assert "application/json" in response.json()["errors"][0]["expected"]


def test_http_bad_query_parameter_is_422_problem(server: Server) -> None:
    response = httpx.post(f"{server.url}/v1/evaluate?as_of=yesterday", content=b"apiVersion: cleangate/v1\n",
                          headers={**server.auth, "Content-Type": "application/yaml"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["errors"][0]["pointer"] == "/query/as_of"


def test_server_still_healthy_after_hostile_input(server: Server) -> None:
    for case in CASES:
        httpx.post(f"{server.url}/v1/evaluate", content=case.body,
                   headers={**server.auth, "Content-Type": case.content_type})
    assert httpx.get(f"{server.url}/healthz").json() == {"status": "ok"}
    assert server.process.poll() is None

"""The gate speaks OPA's Data API, and the `opa-server` engine (opa-python-client) talks to one.

No OPA binary can be installed here, so the engine's client path is tested against the gate's
own OPA-compatible Data API on a real uvicorn: the same requests, the same answer shape
(`result`, `decision_id`, `provenance.bundles.*.revision`) a real OPA server gives. What was not
tested against a real OPA server is said in docs/engines.md.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from service.bundle import PolicyBundle, load_bundle
from service.engines import RegorusEngine
from service.engines.opa_server_engine import OpaServerEngine
from service.gate import Gate
from tests.conftest import AS_OF, EXAMPLES, Server, start_server, stop_server

CHATBOT = EXAMPLES / "chatbot-compliant.yaml"
UNMARKED = EXAMPLES / "image-generator-unmarked.yaml"


@pytest.fixture(scope="module")
def opa_like() -> Iterator[Server]:
    server = start_server()
    yield server
    stop_server(server)


@pytest.fixture(scope="module")
def bundle() -> PolicyBundle:
    return load_bundle()


def _policy_input(bundle: PolicyBundle, path: Path) -> dict[str, object]:
    """The input document the gate builds for a manifest: what an OPA client would send."""
    gate = Gate(bundle)
    doc = gate._input_document(gate.load(path.read_bytes()).policy_input, AS_OF, {})
    result: dict[str, object] = json.loads(doc.model_dump_json(exclude_none=True))
    return result


@pytest.mark.slow
def test_data_api_answers_like_opa(opa_like: Server, bundle: PolicyBundle) -> None:
    document = _policy_input(bundle, UNMARKED)
    r = httpx.post(f"{opa_like.url}/v1/data/cleangate/ai_act/art50/deny?provenance=true",
                   json={"input": document}, headers=opa_like.auth)
    assert r.status_code == 200, r.text
    body = r.json()
    assert {f["rule"] for f in body["result"]} >= {"AIACT-50-2"}
    assert body["decision_id"] and body["provenance"]["bundles"]["cleangate"]["revision"] == bundle.revision
    # the same set, straight from the embedded engine
    local = json.loads(RegorusEngine(bundle).query("data.cleangate.ai_act.art50.deny", json.dumps(document)))
    expected = local["result"][0]["expressions"][0]["value"]
    assert sorted(map(json.dumps, body["result"])) == sorted(map(json.dumps, expected))


@pytest.mark.slow
def test_undefined_document_has_no_result(opa_like: Server, bundle: PolicyBundle) -> None:
    r = httpx.post(f"{opa_like.url}/v1/data/cleangate/no_such_package/deny",
                   json={"input": _policy_input(bundle, CHATBOT)}, headers=opa_like.auth)
    assert r.status_code == 200 and "result" not in r.json() and r.json()["decision_id"]


@pytest.mark.slow
@pytest.mark.parametrize(("path", "body", "status", "pointer"), [
    ("cleangate/x;drop", {"input": {"system": {"name": "x"}}}, 400, "/path"),
    ("cleangate/art50", {"input": 5}, 422, "/input"),
    ("cleangate/art50", {"input": {"system": {"name": "x"}, "derived": {"licences": 3}}}, 422,
     "/input/derived/licences"),
    ("cleangate/art50", {"input": {"system": {"name": "x", "nmae": 1}}}, 422, "/input/system/nmae"),
])
def test_bad_requests_are_problems_that_name_the_field(opa_like: Server, path: str, body: object, status: int,
                                                      pointer: str) -> None:
    r = httpx.post(f"{opa_like.url}/v1/data/{path}", json=body, headers=opa_like.auth)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert pointer in {e["pointer"] for e in r.json()["errors"]}


@pytest.mark.slow
def test_data_api_needs_the_evaluate_scope(opa_like: Server) -> None:
    assert httpx.post(f"{opa_like.url}/v1/data/cleangate", json={"input": {}}).status_code == 401


@pytest.mark.slow
def test_opa_server_engine_gives_the_embedded_answer(opa_like: Server, bundle: PolicyBundle) -> None:
    remote = Gate(bundle, OpaServerEngine(bundle, opa_like.url, opa_like.token))
    local = Gate(bundle)
    for path in (CHATBOT, UNMARKED):
        ours, theirs = (g.evaluate(path.read_bytes(), as_of=AS_OF) for g in (local, remote))
        assert theirs.verdict == ours.verdict
        assert [f.model_dump() for f in theirs.findings] == [f.model_dump() for f in ours.findings]
        assert theirs.engine.name == "opa-server"


@pytest.mark.slow
def test_wrong_revision_fails_closed(opa_like: Server, tmp_path: Path) -> None:
    """A gate whose policies differ from what the OPA serves must not take OPA's answers."""
    (tmp_path / "extra.rego").write_text("package acme.extra\n\nimport rego.v1\n\nallow := true\n")
    other = load_bundle([tmp_path])
    decision = Gate(other, OpaServerEngine(other, opa_like.url, opa_like.token)).evaluate(CHATBOT.read_bytes(),
                                                                                        as_of=AS_OF)
    assert decision.verdict == "block"
    errors = [f for f in decision.findings if f.rule == "CLEANGATE-POLICY-ERROR"]
    assert errors and all("revision" in f.message and other.revision in f.message for f in errors)


def test_unreachable_opa_fails_closed(bundle: PolicyBundle) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    decision = Gate(bundle, OpaServerEngine(bundle, f"http://127.0.0.1:{port}", retries=0)).evaluate(
        CHATBOT.read_bytes(), as_of=AS_OF)
    assert decision.verdict == "block"
    assert any("did not answer" in f.message and "ConnectionError" in f.message for f in decision.findings)


@pytest.mark.slow
def test_opa_that_never_answers_times_out_and_fails_closed(bundle: PolicyBundle) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept_and_hold() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept_and_hold, daemon=True)
    thread.start()
    try:
        engine = OpaServerEngine(bundle, f"http://127.0.0.1:{listener.getsockname()[1]}", timeout=0.3, retries=0)
        decision = Gate(bundle, engine).evaluate(CHATBOT.read_bytes(), as_of=AS_OF)
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        listener.close()
    assert decision.verdict == "block"
    assert any("Timeout" in f.message for f in decision.findings if f.rule == "CLEANGATE-POLICY-ERROR")


def test_opa_server_engine_refuses_a_url_with_a_path(bundle: PolicyBundle) -> None:
    from service.engines import PolicyLoadError

    with pytest.raises(PolicyLoadError, match="CLEANGATE_OPA_URL"):
        OpaServerEngine(bundle, "http://opa.internal:8181/v1/data")

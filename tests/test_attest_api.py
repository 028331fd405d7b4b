"""Attestations from a real gate server: `GET /v1/decisions/{id}/attestation`, inline with
`?attest=true`, and `cleangate check --server --attest` — all verifiable offline with the
gate's public key, and refused (409, nothing recorded) by a gate that has no key."""

from __future__ import annotations

import base64
import json
import secrets
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from service.cli.main import main
from tests.conftest import EXAMPLES
from tests.store_fixtures import GateProcess, gate_env

pytestmark = pytest.mark.slow  # starts processes (see docs/contributing.md, "Tests")

COMPLIANT = EXAMPLES / "chatbot-compliant.yaml"


@pytest.fixture(scope="module")
def keyed_gate(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[GateProcess, Path]]:
    tmp = tmp_path_factory.mktemp("attest-api")
    assert main(["attest", "keygen", "--type", "ecdsa-p256", "--out", str(tmp / "gate.pem")]) == 0
    env = {**gate_env(f"sqlite:///{tmp / 'cg.db'}", "cg_boot_" + secrets.token_urlsafe(16)),
           "CLEANGATE_SIGNING_KEY_FILE": str(tmp / "gate.pem"), "CLEANGATE_CHECKPOINT_INTERVAL": "1",
           "CLEANGATE_CHECKPOINT_DIR": str(tmp / "checkpoints")}
    proc = GateProcess(env, 1, tmp / "gate.log").start()
    yield proc, tmp / "gate.pub.pem"
    proc.kill()


def _post(gate: GateProcess, **params: str) -> httpx.Response:
    return httpx.post(f"{gate.url}/v1/evaluate", content=COMPLIANT.read_bytes(), params=params,
                      headers={**gate.admin_headers, "Content-Type": "application/yaml"})


def test_stored_decision_attestation_verifies(keyed_gate: tuple[GateProcess, Path], tmp_path: Path) -> None:
    gate, pub = keyed_gate
    decision = _post(gate).json()
    assert "attestation" not in decision
    r = httpx.get(f"{gate.url}/v1/decisions/{decision['decision_id']}/attestation", headers=gate.admin_headers)
    assert r.status_code == 200, r.text
    (tmp_path / "a.json").write_text(r.text)
    assert main(["attest", "verify", str(tmp_path / "a.json"), "--bom", str(COMPLIANT), "--key", str(pub),
                 "--require", "pass", "--max-age", "1h"]) == 0
    assert httpx.get(f"{gate.url}/v1/decisions/nope/attestation", headers=gate.admin_headers).status_code == 404
    assert httpx.get(f"{gate.url}/v1/decisions/nope/attestation").status_code == 401
    keys = httpx.get(f"{gate.url}/v1/attestation/keys", headers=gate.admin_headers).json()["keys"]
    assert keys[0]["public_key"] == pub.read_text()


def test_inline_attestation_and_cli_server_mode(keyed_gate: tuple[GateProcess, Path], tmp_path: Path) -> None:
    gate, pub = keyed_gate
    body = _post(gate, attest="true").json()
    assert body["verdict"] == "pass" and body["attestation"]["signatures"]
    att = tmp_path / "server.jsonl"
    code = main(["check", str(COMPLIANT), "--server", gate.url, "--token", gate.admin, "--attest", str(att),
                 "-f", "json"])
    assert code == 0
    assert main(["attest", "verify", str(att), "--bom", str(COMPLIANT), "--key", str(pub)]) == 0


def test_gate_without_key_refuses_before_recording(tmp_path: Path) -> None:
    env = gate_env(f"sqlite:///{tmp_path / 'cg.db'}", "cg_boot_" + secrets.token_urlsafe(16))
    gate = GateProcess(env, 1, tmp_path / "gate.log").start()
    try:
        r = _post(gate, attest="true")
        assert r.status_code == 409 and "signing key" in r.text
        listed = httpx.get(f"{gate.url}/v1/decisions", headers=gate.admin_headers).json()
        assert listed["items"] == []
    finally:
        gate.kill()


def test_checkpoints_on_demand_and_periodic(keyed_gate: tuple[GateProcess, Path], tmp_path: Path) -> None:
    gate, pub = keyed_gate
    _post(gate)
    r = httpx.post(f"{gate.url}/v1/audit/checkpoints", headers=gate.admin_headers)
    assert r.status_code == 200, r.text
    taken = r.json()
    assert taken["seq"] >= 1 and taken["checkpoint"]["signatures"]
    latest = httpx.get(f"{gate.url}/v1/audit/checkpoints/latest", headers=gate.admin_headers).json()
    assert latest["seq"] >= taken["seq"]
    (tmp_path / "cp.json").write_text(json.dumps(taken["checkpoint"]))
    db = gate.env["CLEANGATE_DATABASE_URL"]
    assert main(["audit", "verify", "--database-url", db, "--checkpoint", str(tmp_path / "cp.json"),
                 "--key", str(pub)]) == 0
    # the periodic task (interval 1 s, checked every second) writes new heads to the checkpoint folder
    after = _post(gate).json()
    folder = pub.parent / "checkpoints"
    wanted = None
    for _ in range(100):  # bounded wait for the background task, not a timing assertion
        files = sorted(folder.glob("checkpoint-*.json")) if folder.exists() else []
        if files and json.loads(base64.b64decode(json.loads(files[-1].read_text())["payload"]))["seq"] > taken["seq"]:
            wanted = files[-1]
            break
        time.sleep(0.2)
    assert wanted is not None, "no periodic checkpoint was written"
    assert (folder / "latest.json").read_text() == wanted.read_text()
    assert after["decision_id"]


def test_gate_with_an_unusable_signing_key_does_not_start(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = tmp_path / "p384.pem"
    key.write_bytes(ec.generate_private_key(ec.SECP384R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    env = {**gate_env(f"sqlite:///{tmp_path / 'cg.db'}", "cg_boot_" + secrets.token_urlsafe(16)),
           "CLEANGATE_SIGNING_KEY_FILE": str(key)}
    gate = GateProcess(env, 1, tmp_path / "gate.log")
    with pytest.raises(RuntimeError, match="secp384r1"):
        gate.start(timeout=60)

"""A real `cleangate serve` with a few recorded decisions, for the console's tests.

The gate runs as users run it (the console script, SQLite decision log, a signing key so the
attestation download shows) and is filled through the public API: a blocked image generator
with CI context, a compliant chatbot, and a system whose name and pipeline URL are hostile.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.conftest import EXAMPLES, cleangate_exe, free_port
from tests.store_fixtures import GateProcess

HOSTILE_NAME = '<script>alert("pwned")</script><img src=x onerror=alert(1)>'
HOSTILE_PIPELINE = "javascript:alert(document.cookie)"
PIPELINE = "https://ci.example/acme/pixelforge/-/pipelines/4242"


@dataclass
class Console:
    url: str
    admin: str
    reader: str
    """A token with the `read` scope only."""
    blocked_id: str
    hostile_id: str

    @property
    def ui(self) -> str:
        return self.url + "/ui"


def _evaluate(url: str, token: str, manifest: bytes, headers: dict[str, str] | None = None) -> str:
    answer = httpx.post(f"{url}/v1/evaluate", content=manifest, timeout=60,
                        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/yaml",
                                 **(headers or {})})
    assert answer.status_code == 200, answer.text
    return str(answer.json()["decision_id"])


def hostile_manifest() -> bytes:
    text = (EXAMPLES / "chatbot-compliant.yaml").read_text()
    return text.replace("name: Aurora Bank support assistant", "name: '" + HOSTILE_NAME + "'", 1).encode()


def seed(url: str, admin: str) -> tuple[str, str, str]:
    auth = {"Authorization": f"Bearer {admin}"}
    made = httpx.post(f"{url}/v1/tokens", json={"name": "auditor", "scopes": ["read"]}, headers=auth, timeout=30)
    assert made.status_code == 201, made.text
    blocked = _evaluate(url, admin, (EXAMPLES / "image-generator-unmarked.yaml").read_bytes(), {
        "X-CI-Provider": "gitlab", "X-CI-Repository": "acme/pixelforge", "X-CI-Commit": "0123456789abcdef",
        "X-CI-Ref": "main", "X-CI-Pipeline-URL": PIPELINE, "X-CI-Actor": "dev@acme"})
    _evaluate(url, admin, (EXAMPLES / "chatbot-compliant.yaml").read_bytes(), {"X-CI-Repository": "aurora/assistant"})
    hostile = _evaluate(url, admin, hostile_manifest(), {"X-CI-Repository": "evil/repo",
                                                         "X-CI-Pipeline-URL": HOSTILE_PIPELINE})
    return str(made.json()["token"]), blocked, hostile


def start_console(database_url: str | None = None) -> Iterator[Console]:
    """The gate on a fresh SQLite file, or on `database_url` (a PostgreSQL schema)."""
    exe = cleangate_exe()
    work = Path(tempfile.mkdtemp(prefix="cleangate-ui-"))
    key = work / "gate.pem"
    subprocess.run([exe, "attest", "keygen", "--type", "ed25519", "--out", str(key)], check=True,
                   capture_output=True, timeout=60)
    port = free_port()
    admin = "cg_ui_test_" + os.urandom(16).hex()
    env = {"CLEANGATE_PORT": str(port), "CLEANGATE_DATABASE_PATH": str(work / "cleangate.db"),
           "CLEANGATE_ADMIN_TOKEN": admin, "CLEANGATE_SIGNING_KEY_FILE": str(key), "CLEANGATE_LOG_LEVEL": "warning"}
    gate = GateProcess(env, 1, work / "gate.log", port=port, command=[exe, "serve"])
    gate.env.pop("CLEANGATE_DATABASE_URL", None)
    if database_url:
        gate.env["CLEANGATE_DATABASE_URL"] = database_url
    url = gate.url
    try:
        gate.start(60, probe="/healthz")
        reader, blocked, hostile = seed(url, admin)
        yield Console(url, admin, reader, blocked, hostile)
    finally:
        gate.kill()

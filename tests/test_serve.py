"""`cleangate serve` starts a working gate from options and environment, and refuses a broken bundle."""

from __future__ import annotations

import subprocess
from pathlib import Path

import httpx
import pytest

from tests.conftest import EXAMPLES, cleangate_exe, free_port
from tests.store_fixtures import GateProcess

pytestmark = pytest.mark.slow  # starts processes (see docs/contributing.md, "Tests")


def test_serve_with_two_workers_from_environment(tmp_path: Path) -> None:
    exe = cleangate_exe()
    port = free_port()
    org = tmp_path / "org"
    org.mkdir()
    (org / "org.rego").write_text("""package acme.naming

import rego.v1

# METADATA
# title: Systems are named after the team
# description: Acme's own rule, loaded beside the built-in policies.
# related_resources:
#   - ref: https://wiki.acme.example/ai-naming
# custom:
#   id: ACME-NAMING
#   regulation: Acme AI policy
#   reference: section 2
#   severity: warn
#   remediation: Prefix the system name with the team name.
warn contains {"rule": "ACME-NAMING", "path": "/system/name", "message": "no team prefix"} if {
    not startswith(input.system.name, "team-")
}
""")
    env = {"CLEANGATE_PORT": str(port), "CLEANGATE_POLICY_DIRS": str(org),
           "CLEANGATE_DATABASE_PATH": str(tmp_path / "cleangate.db"),
           "CLEANGATE_ADMIN_TOKEN": "cg_serve_test_" + "s" * 16}
    auth = {"Authorization": "Bearer " + env["CLEANGATE_ADMIN_TOKEN"]}
    gate = GateProcess(env, 2, tmp_path / "gate.log", port=port, command=[exe, "serve", "--workers", "2"])
    url = gate.url
    try:
        gate.start(30, probe="/healthz")
        rules = {r["id"] for r in httpx.get(f"{url}/v1/policies", headers=auth).json()["rules"]}
        assert {"ACME-NAMING", "AIACT-50-1"} <= rules
        for _ in range(6):  # spread over both workers
            decision = httpx.post(f"{url}/v1/evaluate?as_of=2026-09-15",
                                  content=(EXAMPLES / "chatbot-compliant.yaml").read_bytes(),
                                  headers={**auth, "Content-Type": "application/yaml"}).json()
            assert decision["verdict"] == "warn"
            assert [f["rule"] for f in decision["findings"]] == ["ACME-NAMING"]
    finally:
        gate.kill()


def test_serve_refuses_a_broken_bundle(tmp_path: Path) -> None:
    (tmp_path / "broken.rego").write_text("package acme.broken\n\nimport rego.v1\n\nwarn contains x if {\n")
    exe = cleangate_exe()
    result = subprocess.run([exe, "serve", "--port", str(free_port()), "--policies", str(tmp_path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "broken.rego" in result.stderr

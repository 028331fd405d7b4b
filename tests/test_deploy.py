"""The deployment files are valid and keep their hardening: Kubernetes manifests against the
Kubernetes 1.37 schemas (kubernetes-validate, strict), the Dockerfile through hadolint, and the
properties the docs promise (non-root, read-only root filesystem, probes that do not need curl
or the database for liveness). No container engine runs here, so nothing is started: docs say so.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
KUBE = ROOT / "deploy" / "kubernetes"
MANIFESTS = sorted(p for p in KUBE.glob("*.yaml") if p.name != "kustomization.yaml")


def _tool(name: str) -> str:
    exe = Path(sys.executable).with_name(name)
    found = str(exe) if exe.exists() else shutil.which(name)
    assert found, f"{name} is installed with the test extra (pip install -e '.[test]')"
    return found


def _docs() -> dict[str, dict]:  # type: ignore[type-arg]
    return {p.name: yaml.safe_load(p.read_text(encoding="utf-8")) for p in MANIFESTS}


@pytest.mark.slow
@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.name)
def test_kubernetes_manifest_is_valid(path: Path) -> None:
    out = subprocess.run([_tool("kubernetes-validate"), "--strict", "--quiet", str(path)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.slow
def test_the_validator_rejects_a_mistyped_field(tmp_path: Path) -> None:
    broken = (KUBE / "deployment.yaml").read_text(encoding="utf-8").replace("readinessProbe:", "readinesProbe:")
    (tmp_path / "deployment.yaml").write_text(broken, encoding="utf-8")
    out = subprocess.run([_tool("kubernetes-validate"), "--strict", "--quiet", str(tmp_path / "deployment.yaml")],
                         capture_output=True, text=True)
    assert out.returncode != 0 and "readinesProbe" in out.stdout + out.stderr


def test_kustomization_lists_every_manifest() -> None:
    listed = set(yaml.safe_load((KUBE / "kustomization.yaml").read_text(encoding="utf-8"))["resources"])
    assert listed == {p.name for p in MANIFESTS}


def test_pods_run_hardened_and_probe_the_right_endpoints() -> None:
    docs = _docs()
    for name in ("deployment.yaml", "migrate-job.yaml"):
        pod = docs[name]["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True and pod["automountServiceAccountToken"] is False
        for container in pod["containers"]:
            sc = container["securityContext"]
            assert sc["readOnlyRootFilesystem"] is True and sc["allowPrivilegeEscalation"] is False
            assert sc["capabilities"]["drop"] == ["ALL"]
            assert not container["image"].endswith(":latest") and "limits" in container["resources"]
    gate = docs["deployment.yaml"]["spec"]["template"]["spec"]["containers"][0]
    assert gate["livenessProbe"]["httpGet"]["path"] == "/healthz"  # never the database
    assert gate["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert gate["startupProbe"]["httpGet"]["path"] == "/healthz"
    assert docs["pdb.yaml"]["spec"]["minAvailable"] >= 1
    assert docs["hpa.yaml"]["spec"]["minReplicas"] >= 2


@pytest.mark.slow
def test_dockerfile_passes_hadolint_and_stays_hardened() -> None:
    out = subprocess.run([_tool("hadolint"), str(ROOT / "Dockerfile")], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    text = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    final_stage = "\n".join(line for line in text.rsplit("\nFROM ", 1)[1].splitlines()
                            if not line.lstrip().startswith("#"))
    assert "USER 10001" in final_stage and "curl" not in final_stage and "pip install" not in final_stage
    assert "HEALTHCHECK" in final_stage and "/healthz" in final_stage


def test_compose_runs_the_gate_with_postgres_and_an_opa_sidecar() -> None:
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert set(services) == {"gate", "db", "opa"}
    gate = services["gate"]
    assert gate["read_only"] is True and gate["depends_on"]["db"]["condition"] == "service_healthy"
    assert gate["environment"]["CLEANGATE_DATABASE_URL"].startswith("postgresql://")
    assert "--bundle" in services["opa"]["command"]

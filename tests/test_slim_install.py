"""`pip install cleangate` is the slim offline gate; the server stack is the `server` extra.

The commands a CI job runs (check, bom, policy) are run here in a Python where the server
stack cannot be imported at all, as in a slim install: they must work, and the commands that
need the server must say exactly what to install instead of raising ImportError.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT

SERVER_STACK = ("fastapi", "starlette", "uvicorn", "sqlalchemy", "alembic", "psycopg", "prometheus_client", "jinja2")

BLOCKER = f"""
import sys
from importlib.abc import MetaPathFinder

class NoServerStack(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {SERVER_STACK!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}} (slim install)", name=name)
        return None

sys.meta_path.insert(0, NoServerStack())
from service.cli.main import main
code = main(sys.argv[1:])
leaked = sorted(m for m in sys.modules if m.split(".")[0] in {SERVER_STACK!r})
print("LEAKED", leaked, file=sys.stderr)
sys.exit(code)
"""


def slim(*argv: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", BLOCKER, *argv], cwd=cwd, capture_output=True, text=True,
                          timeout=120, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


@pytest.mark.slow
def test_check_runs_without_the_server_stack() -> None:
    result = slim("check", "--as-of", "2026-09-15", str(EXAMPLES / "image-generator-unmarked.yaml"),
                  str(EXAMPLES / "chatbot-compliant.yaml"), "-f", "sarif")
    assert result.returncode == 1, result.stderr
    assert "AIACT-50-2" in result.stdout
    assert "LEAKED []" in result.stderr


@pytest.mark.slow
def test_bom_and_policy_commands_run_without_the_server_stack(tmp_path: Path) -> None:
    init = slim("bom", "init", str(tmp_path / "cleangate.yaml"))
    assert init.returncode == 0, init.stderr
    convert = slim("bom", "convert", str(EXAMPLES / "chatbot-compliant.yaml"), "-o", str(tmp_path / "bom.cdx.json"))
    assert convert.returncode == 0, convert.stderr
    check = slim("policy", "check")
    assert check.returncode == 0, check.stderr
    assert "LEAKED []" in check.stderr


@pytest.mark.slow
@pytest.mark.parametrize("argv", [["serve"], ["token", "list"], ["db", "upgrade"], ["audit", "verify"]])
def test_server_commands_name_the_extra_to_install(argv: list[str], tmp_path: Path) -> None:
    result = slim(*argv, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert f"cleangate {argv[0]} needs the 'server' extra" in result.stderr
    assert 'pip install "cleangate[server]' in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_audit_verify_of_an_export_file_needs_no_server_stack(tmp_path: Path) -> None:
    export = tmp_path / "audit.jsonl"
    export.write_text("")
    result = slim("audit", "verify", "--file", str(export))
    assert "needs the 'server' extra" not in result.stderr
    assert "Traceback" not in result.stderr


def test_core_dependencies_leave_out_the_server_stack_and_test_pulls_it() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    core = " ".join(project["dependencies"]).lower()
    for dist in ("fastapi", "uvicorn", "sqlalchemy", "alembic", "psycopg", "prometheus-client"):
        assert dist not in core
        assert any(req.lower().startswith(dist) for req in project["optional-dependencies"]["server"])
    test_extra = " ".join(project["optional-dependencies"]["test"])
    assert "cleangate[server" in test_extra and "server" in test_extra.split("]")[0]

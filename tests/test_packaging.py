"""A plain (non-editable) install carries the policies, so the CLI works from any directory."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT

pytestmark = pytest.mark.slow  # starts processes (see docs/contributing.md, "Tests")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    return next(out.glob("cleangate-*.whl"))


def test_wheel_carries_every_policy(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for rego in (ROOT / "policies").rglob("*.rego"):
        assert f"service/builtin_policies/{rego.relative_to(ROOT / 'policies').as_posix()}" in names
    assert "service/cli/main.py" in names and "sbom/model.py" in names
    assert "service/store/migrations/versions/0001_initial.py" in names  # a plain install can migrate


def test_wheel_carries_the_console(wheel: Path) -> None:
    """The web console's templates and static files ship in the wheel: nothing comes from the internet."""
    names = set(zipfile.ZipFile(wheel).namelist())
    ui = ROOT / "service" / "ui"
    shipped = [p for p in ui.rglob("*") if p.is_file() and p.suffix in (".html", ".css", ".js")]
    assert len(shipped) >= 10
    for path in shipped:
        assert path.relative_to(ROOT).as_posix() in names


def test_installed_wheel_evaluates_from_elsewhere(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    probe = subprocess.run(
        [sys.executable, "-c", "from service.bundle import builtin_policy_dir; print(builtin_policy_dir())"],
        cwd=workdir, env=env, capture_output=True, text=True, check=True,
    )
    assert Path(probe.stdout.strip()).is_relative_to(target)
    result = subprocess.run(
        [sys.executable, "-m", "service.cli.main", "check", "--as-of", "2026-09-15",
         str(EXAMPLES / "image-generator-unmarked.yaml")],
        cwd=workdir, env=env, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert "AIACT-50-2" in result.stdout

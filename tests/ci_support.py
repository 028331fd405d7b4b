"""Shared by the CI tests: example checkouts, and running CI scripts with bash as the platforms do.

The scripts are run exactly as the platforms run them (`bash --noprofile --norc -eo pipefail`),
in a temporary checkout, with the platform's environment variables set by the test; only the
values a runner would substitute (`${{ ... }}` expressions) are filled in here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from tests.conftest import Server

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def server_token(server: Server) -> str:
    """The bootstrap admin token the test server was started with; every API call needs a token."""
    return server.token


def checkout(tmp: Path, *names: str) -> Path:
    """A fake repository checkout holding some example manifests."""
    for name in names:
        shutil.copy(EXAMPLES / name, tmp / name)
    return tmp


def run_bash(script: str, cwd: Path, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    """Run a CI script as GitHub and GitLab do, with the venv's cleangate and python on PATH."""
    bin_dir = str(Path(sys.executable).parent)
    base = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "GITLAB_", "CI_", "CLEANGATE_"))}
    base.pop("CI", None)
    full_env = {**base, "PATH": f"{bin_dir}{os.pathsep}{base.get('PATH', '')}", **env}
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=cwd,
                          env=full_env, capture_output=True, text=True, timeout=120)


def junit_for_xsd(xml: str) -> str:
    """The JUnit report minus testcase `file`, which GitLab reads but the Surefire XSD lacks."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(xml.encode())
    for case in root.iter("testcase"):
        case.attrib.pop("file", None)
    return ET.tostring(root, encoding="unicode")

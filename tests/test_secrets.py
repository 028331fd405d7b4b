"""Secrets never leak.

A password in `--server http://user:pass@host` appears in no output or report (it still
authenticates: it is sent, as Basic auth, only to that host); a CLEANGATE_ADMIN_TOKEN shorter
than the documented minimum stops the server at start-up.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from service.cli.main import main
from service.cli.remote import redact_url
from tests.ci_support import EXAMPLES
from tests.conftest import AS_OF_TEXT, free_port

SECRET = "hunter2-very-secret"


def test_a_password_in_the_server_url_is_never_printed(tmp_path: Path, capsys: Any) -> None:
    report = tmp_path / "report.md"
    server = f"http://ci-user:{SECRET}@127.0.0.1:9"
    code = main(["check", "--as-of", AS_OF_TEXT, str(EXAMPLES / "chatbot-compliant.yaml"), "--server", server,
                 "--retries", "1", "--retry-backoff", "0.01", "-o", f"markdown={report}", "-f", "github"])
    assert code == 2
    captured = capsys.readouterr()
    for text in (captured.out, captured.err, report.read_text()):
        assert SECRET not in text
        assert "127.0.0.1:9" in text or text is captured.err


def test_redact_url_keeps_the_user_and_host() -> None:
    assert redact_url(f"https://u:{SECRET}@gate.example:8443/x") == "https://u:***@gate.example:8443/x"
    assert redact_url("https://gate.example") == "https://gate.example"


@pytest.mark.slow
def test_a_too_short_admin_token_is_refused_at_start_up(tmp_path: Path) -> None:
    env = {**os.environ, "CLEANGATE_ADMIN_TOKEN": "short", "CLEANGATE_PORT": str(free_port()),
           "CLEANGATE_DATABASE_PATH": str(tmp_path / "g.db")}
    result = subprocess.run([sys.executable, "-m", "service.cli.main", "serve"], env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2
    assert "CLEANGATE_ADMIN_TOKEN" in result.stderr and "at least 24" in result.stderr
    assert "short" not in result.stderr.replace("too short", "")

"""The PR comment script against a local stand-in of GitHub's comments endpoint: one comment, updated."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ci_support import ROOT
from tests.test_ci_real_github import Comments, comments_server

pytestmark = pytest.mark.slow  # starts processes (see docs/contributing.md, "Tests")

SCRIPT = ROOT / "ci_templates" / "github" / "pr_comment.py"


@pytest.fixture()
def github() -> Iterator[tuple[Comments, str]]:
    state = Comments()
    server = comments_server(state)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield state, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def post(tmp_path: Path, api: str, markdown: str) -> subprocess.CompletedProcess[str]:
    report = tmp_path / "cleangate.md"
    report.write_text(markdown)
    env = {**os.environ, "GITHUB_API_URL": api, "GITHUB_REPOSITORY": "acme/chatbot", "CLEANGATE_PR": "7",
           "GITHUB_TOKEN": "job-token"}
    return subprocess.run([sys.executable, str(SCRIPT), str(report)], env=env, capture_output=True, text=True,
                          timeout=60)


def test_the_first_run_posts_and_later_runs_update_the_same_comment(tmp_path: Path,
                                                                    github: tuple[Comments, str]) -> None:
    state, api = github
    state.comments.append({"id": 1, "body": "LGTM from a human"})
    assert post(tmp_path, api, "## cleangate: ⛔ BLOCK\n").returncode == 0
    assert post(tmp_path, api, "## cleangate: ✅ PASS\n").returncode == 0
    assert [c["body"] for c in state.comments] == [
        "LGTM from a human", "<!-- cleangate:pr-comment -->\n## cleangate: ✅ PASS\n"]
    assert [r["method"] for r in state.requests] == ["GET", "POST", "GET", "PATCH"]
    assert state.requests[3]["path"] == "/repos/acme/chatbot/issues/comments/2"
    assert all(r["auth"] == "Bearer job-token" for r in state.requests)


def test_a_huge_summary_is_cut_below_githubs_limit(tmp_path: Path, github: tuple[Comments, str]) -> None:
    state, api = github
    assert post(tmp_path, api, "x" * 200_000).returncode == 0
    assert len(state.comments[0]["body"]) < 65_536 and "cut: the full report is in the job summary" in \
        state.comments[0]["body"]


def test_a_comment_that_cannot_be_written_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    result = post(tmp_path, "http://127.0.0.1:9", "## cleangate: ✅ PASS\n")
    assert result.returncode == 0
    assert "::warning title=cleangate::could not write the PR comment" in result.stdout

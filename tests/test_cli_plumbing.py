"""The CLI's shared plumbing stays shared: exit codes, opening the store, settings, the evaluator protocol.

These are guard-rails for a newcomer adding a command: a literal `return 2` or an
`os.environ["CLEANGATE_..."]` read in a new command fails here, and the behaviour the shared
pieces promise (exit 2 and one line when the database cannot be opened, the store closed after
the command) is checked on a real SQLite file.
"""

from __future__ import annotations

import ast
import sqlite3
from pathlib import Path

import pytest

from service.cli.exitcodes import ExitCode
from service.cli.main import main
from tests.conftest import ROOT

CLI = ROOT / "service" / "cli"


def test_exit_codes_are_the_documented_numbers() -> None:
    """docs/ci.md and every pipeline read these numbers; the enum must never renumber them."""
    assert [int(c) for c in (ExitCode.PASS, ExitCode.BLOCK, ExitCode.USAGE, ExitCode.WARN)] == [0, 1, 2, 3]


@pytest.mark.parametrize("path", sorted(CLI.glob("*.py")), ids=lambda p: p.name)
def test_no_command_returns_a_literal_exit_code(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    literals = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Return)
                and isinstance(node.value, ast.Constant) and type(node.value.value) is int]
    assert not literals, f"{path.name} lines {literals}: return an ExitCode (service/cli/exitcodes.py)"


@pytest.mark.parametrize("path", sorted(CLI.glob("*.py")), ids=lambda p: p.name)
def test_no_command_reads_cleangate_settings_from_the_environment(path: Path) -> None:
    """CLEANGATE_* variables are settings: read them through `Settings`, which validates them."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    reads = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Call)
             and isinstance(node.func, ast.Attribute) and node.func.attr in ("get", "getenv")
             and node.args and isinstance(node.args[0], ast.Constant)
             and str(node.args[0].value).startswith("CLEANGATE_")]
    assert not reads, f"{path.name} lines {reads}: read the setting from service/settings.py"


def test_a_database_that_cannot_be_opened_is_one_line_and_exit_2(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'no-such-folder' / 'log.db'}"
    for argv in (["token", "list"], ["waiver", "revoke", "w-1"], ["db", "upgrade"], ["audit", "verify"],
                 ["lineage", "show", "x"]):
        assert main([*argv, "--database-url", url]) == ExitCode.USAGE, argv
        err = capsys.readouterr().err
        assert "cannot open the database" in err and "Traceback" not in err, argv


def test_the_store_is_closed_after_a_command_so_the_file_can_be_replaced(tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """`opened_store` closes on success and on a refused request alike; an open SQLite handle
    would keep its lock and its file descriptor across the commands of one process."""
    db = tmp_path / "log.db"
    url = f"sqlite:///{db}"
    assert main(["token", "create", "ci", "--scope", "read", "--database-url", url]) == ExitCode.PASS
    assert main(["token", "create", "ci", "--scope", "read", "--database-url", url]) == ExitCode.USAGE  # exists
    assert main(["token", "revoke", "ci", "--database-url", url]) == ExitCode.PASS
    capsys.readouterr()
    conn = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:  # no writer left holding the database
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("ROLLBACK")
    finally:
        conn.close()
    assert main(["token", "list", "--database-url", url]) == ExitCode.PASS
    assert "revoked" in capsys.readouterr().out


def test_the_token_comes_from_settings(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """CLEANGATE_TOKEN goes through `Settings` and is checked before anything is sent (never echoed)."""
    monkeypatch.setenv("CLEANGATE_TOKEN", "cg_two words")
    assert main(["check", "--server", "http://127.0.0.1:9", "x.yaml"]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert "contains whitespace" in err and "two words" not in err


def test_a_refused_setting_never_echoes_a_secret() -> None:
    """Signing keys, session keys and passwords are hidden like tokens; a URL's password is masked."""
    from service.cli.main import shown_setting

    for name in ("CLEANGATE_ADMIN_TOKEN", "CLEANGATE_SIGNING_KEY", "CLEANGATE_SIGNING_KEY_PASSWORD",
                 "CLEANGATE_UI_SESSION_KEY"):
        assert shown_setting(name, "s3cret-value") == "(hidden)", name
    url = shown_setting("CLEANGATE_DATABASE_URL", "postgresql+psycopg://gate:hunter2@db:5432/gate")
    assert "hunter2" not in url and "gate:***@db" in url
    assert shown_setting("CLEANGATE_PORT", "eighty") == "'eighty'"

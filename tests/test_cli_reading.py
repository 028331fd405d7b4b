"""The CLI never reads more than the limit.

`cleangate check` checks the size before reading: a manifest that is a link to /dev/zero, an
endless stdin, a link pointing outside the working tree, or a file over CLEANGATE_MAX_BODY_BYTES
is refused with exit 2 and a message, while memory stays bounded (the processes here run with
a 1 GiB address-space limit; reading /dev/zero whole used to end in MemoryError and exit 1,
the "block" code). An out-of-memory condition anywhere is exit 2, never 1.
"""

from __future__ import annotations

import os
import resource
import subprocess
from pathlib import Path
from typing import Any

import pytest

from service.cli.main import main
from tests.conftest import EXAMPLES, cleangate_exe

ADDRESS_SPACE = 1024 * 1024 * 1024


def _bounded_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run_check(cwd: Path, *argv: str, stdin: Any = subprocess.DEVNULL,
              env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([cleangate_exe(), "check", "--as-of", "2026-09-15", *argv], cwd=cwd, stdin=stdin,
                          capture_output=True, text=True, timeout=120, preexec_fn=_bounded_memory,
                          env={**os.environ, **(env or {})})


@pytest.mark.slow
def test_a_link_to_dev_zero_is_refused(tmp_path: Path) -> None:
    (tmp_path / "cleangate.yaml").symlink_to("/dev/zero")
    result = run_check(tmp_path, "cleangate.yaml")
    assert result.returncode == 2, result.stderr[-500:]
    assert "link outside the working tree" in result.stdout
    # named directly, a device is not a manifest either
    result = run_check(tmp_path, "/dev/zero")
    assert result.returncode == 2, result.stderr[-500:]
    assert "not a regular file" in result.stdout


@pytest.mark.slow
def test_an_endless_stdin_is_cut_at_the_limit(tmp_path: Path) -> None:
    with open("/dev/zero", "rb") as zero:
        result = run_check(tmp_path, "-", stdin=zero)
    assert result.returncode == 2, result.stderr[-500:]
    assert "too large" in result.stdout + result.stderr


@pytest.mark.slow
def test_a_link_outside_the_working_tree_is_refused(tmp_path: Path) -> None:
    work = tmp_path / "repo"
    work.mkdir()
    (work / "cleangate.yaml").symlink_to(EXAMPLES / "chatbot-compliant.yaml")
    result = run_check(work, "cleangate.yaml")
    assert result.returncode == 2
    assert "outside the working tree" in result.stdout + result.stderr
    # a link that stays inside the tree is fine
    (work / "real.yaml").write_bytes((EXAMPLES / "chatbot-compliant.yaml").read_bytes())
    (work / "link.yaml").symlink_to("real.yaml")
    assert run_check(work, "link.yaml").returncode == 0


@pytest.mark.slow
def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as f:
        f.truncate(4 * ADDRESS_SPACE)  # sparse: 4 GiB that would not fit in this process's memory
    result = run_check(tmp_path, "big.yaml")
    assert result.returncode == 2, result.stderr[-500:]
    assert "too large" in result.stdout + result.stderr


def test_out_of_memory_is_exit_2_never_the_block_code(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    from service.gate import Gate

    def exhausted(*_: Any, **__: Any) -> Any:
        raise MemoryError

    monkeypatch.setattr(Gate, "evaluate", exhausted)
    assert main(["check", str(EXAMPLES / "chatbot-compliant.yaml")]) == 2
    assert "out of memory" in capsys.readouterr().err

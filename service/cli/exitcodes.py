"""The exit codes of every `cleangate` command, in one place (docs/ci.md documents them).

An `IntEnum`, so `sys.exit(ExitCode.BLOCK)` and a test's `== 1` see the same number they always
did; the names say which of the four a pipeline reads a return statement as.
"""

from __future__ import annotations

import sys
from enum import IntEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sbom.errors import ManifestError


class ExitCode(IntEnum):
    PASS = 0
    """Passed (and warn unless --fail-on-warn); for other commands: done."""
    BLOCK = 1
    """Blocked; for `audit verify`, `attest verify` and `schema --check`: the check found a break."""
    USAGE = 2
    """Input or usage error, or nothing could be decided (unreachable server, database): fail closed."""
    WARN = 3
    """Worst verdict warn under --fail-on-warn; `waiver list`: a waiver needs attention."""
    INTERRUPTED = 130
    """Ctrl-C, as a shell reports SIGINT."""


class CommandFailed(Exception):
    """Ends a command with `code` after it has already said why on stderr (see `main`)."""

    def __init__(self, code: ExitCode = ExitCode.USAGE) -> None:
        super().__init__(code.name)
        self.code = code


def refused(prefix: str, exc: ManifestError) -> ExitCode:
    """Say on stderr why a manifest was refused (its title and the first 20 problems, as
    `str(ManifestError)` words them) and give the exit code for it: every command words it alike."""
    print(f"{prefix}: {exc}", file=sys.stderr)
    return ExitCode.USAGE

"""`cleangate`: parse arguments and hand over to one command module; no logic of its own.

Each command lives in its own module with `register(subparsers)` and a `run(args) -> int`,
so adding a command is one new file and one name in COMMANDS.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
import traceback
from collections.abc import Sequence
from types import ModuleType

from pydantic import ValidationError

from service import __version__
from service.cli.exitcodes import CommandFailed, ExitCode

COMMANDS = ["check", "serve", "schema", "policy", "bom", "attest", "audit", "token", "waiver", "db", "report",
            "lineage", "calendar"]
"""Modules of service.cli, imported only when needed (`command_modules`)."""


class _Parser(argparse.ArgumentParser):
    """argparse exits 2 on usage errors already; keep that, and say where to look."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(ExitCode.USAGE, f"{self.prog}: error: {message}\n")


def command_modules(argv: Sequence[str] | None = None) -> list[ModuleType]:
    """The module of the command being run, or every command module for help and usage errors.

    Each command imports what it needs (`audit` the store and SQLAlchemy, `bom` the converters),
    so importing all of them made every `cleangate check` pay for the others (docs/performance.md).
    """
    first = next(iter(sys.argv[1:] if argv is None else argv), None)
    names = [first] if first in COMMANDS else COMMANDS
    return [importlib.import_module(f"service.cli.{name}") for name in names]


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    parser = _Parser(prog="cleangate", description="Policy-as-code compliance gate for AI systems.")
    parser.add_argument("--version", action="version", version=f"cleangate {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in command_modules(argv):
        module.register(sub)
    return parser


SECRET_WORDS = ("TOKEN", "KEY", "PASSWORD", "SECRET")
"""A setting whose name holds one of these is never echoed, even when its value is refused."""


def shown_setting(name: str, value: object) -> str:
    """How a refused CLEANGATE_* value is shown: secrets hidden, a URL's password masked, the rest cut to 60."""
    if any(word in name for word in SECRET_WORDS):
        return "(hidden)"
    text = re.sub(r"(//[^/:@]*:)[^/@]*@", r"\1***@", str(value))
    return repr(text[:60])


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return ExitCode.USAGE
    try:
        code: int = args.run(args)
    except CommandFailed as exc:  # the command has said why already
        return exc.code
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        # `cleangate audit export | head`: the reader left; that is not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return ExitCode.PASS
    except ValidationError as exc:  # CLEANGATE_* settings read from the environment
        for err in exc.errors():
            name = "CLEANGATE_" + "_".join(str(p) for p in err["loc"]).upper()
            shown = shown_setting(name, err.get("input"))
            print(f"cleangate: {name}={shown}: {err['msg']}", file=sys.stderr)
        return ExitCode.USAGE
    except MemoryError:
        # Never exit 1 (the "block" code) for something that is not a decision.
        print(f"cleangate {args.command}: out of memory; nothing was decided", file=sys.stderr)
        return ExitCode.USAGE
    except (OSError, ValueError, OverflowError) as exc:
        # Input the command could not use (a file, a value out of range): one line, exit 2,
        # never a traceback; programming errors (anything else) still surface in full.
        print(f"cleangate {args.command}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    except Exception:
        # A bug: show it in full, but with exit 2 -- Python's own exit code for an uncaught
        # exception is 1, which a pipeline would read as "blocked".
        traceback.print_exc()
        return ExitCode.USAGE
    return code


if __name__ == "__main__":
    sys.exit(main())

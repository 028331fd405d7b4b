"""`cleangate schema`: write (or check) the published schemas, the input field reference and the
settings table of configuration.md.

The schemas and the reference are whole generated files; configuration.md is hand-written prose
with one generated table between markers (service/settings_doc.py), so that page is regenerated
in place, and only in a folder that has it.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from service.cli.exitcodes import CommandFailed, ExitCode


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("schema", help="print or write the input JSON Schema and field reference",
                       description=__doc__)
    group = p.add_mutually_exclusive_group()
    group.add_argument("--write", type=Path, metavar="DIR", help="write the generated files into DIR")
    group.add_argument("--check", type=Path, metavar="DIR", help="exit 1 if the files in DIR are stale")
    p.set_defaults(run=run)


def _generated(directory: Path) -> dict[str, str]:
    """Each generated file's current text; configuration.md's, where `directory` has one."""
    from sbom.reference import generated_files
    from service.settings_doc import PAGE, MarkersMissing, splice

    files = generated_files()
    page = directory / PAGE
    if page.is_file():
        try:
            files[PAGE] = splice(page.read_text(encoding="utf-8"))
        except MarkersMissing as exc:
            print(f"cleangate schema: {page}: {exc}", file=sys.stderr)
            raise CommandFailed(ExitCode.USAGE) from None
    return files


def run(args: argparse.Namespace) -> int:
    from sbom.schema import input_schema

    if args.write:
        args.write.mkdir(parents=True, exist_ok=True)
        for name, text in _generated(args.write).items():
            (args.write / name).write_text(text, encoding="utf-8")
        return ExitCode.PASS
    if args.check:
        stale = [n for n, text in _generated(args.check).items()
                 if not (args.check / n).is_file() or (args.check / n).read_text(encoding="utf-8") != text]
        for name in stale:
            print(f"cleangate schema: {args.check / name} is stale; run `cleangate schema --write {args.check}`",
                  file=sys.stderr)
        return ExitCode.BLOCK if stale else ExitCode.PASS
    print(json.dumps(input_schema(), indent=2, sort_keys=True))
    return ExitCode.PASS

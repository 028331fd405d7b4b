"""`cleangate schema`: write (or check) the published schemas and the input field reference."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from service.cli.exitcodes import ExitCode


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("schema", help="print or write the input JSON Schema and field reference",
                       description=__doc__)
    group = p.add_mutually_exclusive_group()
    group.add_argument("--write", type=Path, metavar="DIR", help="write the generated files into DIR")
    group.add_argument("--check", type=Path, metavar="DIR", help="exit 1 if the files in DIR are stale")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from sbom.reference import generated_files
    from sbom.schema import input_schema

    files = generated_files()
    if args.write:
        args.write.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (args.write / name).write_text(text, encoding="utf-8")
        return ExitCode.PASS
    if args.check:
        stale = [n for n, text in files.items()
                 if not (args.check / n).is_file() or (args.check / n).read_text(encoding="utf-8") != text]
        for name in stale:
            print(f"cleangate schema: {args.check / name} is stale; run `cleangate schema --write {args.check}`",
                  file=sys.stderr)
        return ExitCode.BLOCK if stale else ExitCode.PASS
    print(json.dumps(input_schema(), indent=2, sort_keys=True))
    return ExitCode.PASS

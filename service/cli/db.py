"""`cleangate db upgrade`: migrate the decision log database to the newest schema.

`cleangate serve` does this on start-up too; run it by hand before rolling out new replicas.
"""

from __future__ import annotations

import argparse
import sys

from service.cli.exitcodes import ExitCode
from service.cli.storeopts import add_database_option, opened_store


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("db", help="manage the decision log database", description=__doc__)
    actions = p.add_subparsers(dest="db_action", metavar="ACTION", required=True)
    up = actions.add_parser("upgrade", help="apply pending migrations")
    add_database_option(up)
    up.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with opened_store(args):  # opening migrates
        pass
    print("cleangate: database is at the newest schema", file=sys.stderr)
    return ExitCode.PASS

"""`cleangate token create|list|revoke`: API tokens, straight in the database.

This is how the first admin token is made on a fresh install (or set CLEANGATE_ADMIN_TOKEN).
The secret is printed once, on stdout alone so it can be piped into a secret store; only its
sha256 is kept.
"""

from __future__ import annotations

import argparse
import sys

from service.cli.exitcodes import ExitCode
from service.cli.storeopts import add_database_option, opened_store
from service.store import SCOPES, StoreError
from service.timestamps import utc_text

ACTOR = "cli"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("token", help="create, list and revoke API tokens", description=__doc__,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(dest="token_action", metavar="ACTION", required=True)
    create = actions.add_parser("create", help="create a token and print its secret once")
    create.add_argument("name", help="shown in the decision log, e.g. ci-payments")
    create.add_argument("--scope", action="append", choices=SCOPES, required=True, dest="scopes",
                        help="repeatable: evaluate, read, admin")
    create.set_defaults(run=run_create)
    lst = actions.add_parser("list", help="names, scopes and state (never secrets)")
    lst.set_defaults(run=run_list)
    revoke = actions.add_parser("revoke", help="revoke a token by name")
    revoke.add_argument("name")
    revoke.set_defaults(run=run_revoke)
    for action in (create, lst, revoke):
        add_database_option(action)


def run_create(args: argparse.Namespace) -> int:
    with opened_store(args) as store:
        try:
            record, secret = store.create_token(args.name, tuple(args.scopes), ACTOR)
        except StoreError as exc:
            print(f"cleangate token create: {exc.message}", file=sys.stderr)
            return ExitCode.USAGE
    print(f"created token {record.name!r} with scopes {', '.join(record.scopes)}; the secret is shown only now:",
          file=sys.stderr)
    print(secret)
    return ExitCode.PASS


def run_list(args: argparse.Namespace) -> int:
    with opened_store(args) as store:
        for t in store.list_tokens():
            state = f"revoked {utc_text(t.revoked_at)}" if t.revoked_at else "active"
            print(f"{t.name}\t{','.join(t.scopes)}\t{state}\tcreated {utc_text(t.created_at)}")
    return ExitCode.PASS


def run_revoke(args: argparse.Namespace) -> int:
    with opened_store(args) as store:
        try:
            store.revoke_token(args.name, ACTOR)
        except StoreError as exc:
            print(f"cleangate token revoke: {exc.message}", file=sys.stderr)
            return ExitCode.USAGE
    print(f"revoked token {args.name!r}", file=sys.stderr)
    return ExitCode.PASS

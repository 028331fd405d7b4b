"""`cleangate waiver create|list|revoke`: time-boxed exceptions to rules, straight in the database.

`list` prints a WARNING line for every waiver that expires within CLEANGATE_WAIVER_WARN_DAYS
or names a rule the loaded policies do not define, and exits 3 when there is any, so a
scheduled job can fail on it.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta

from service.cli.common import add_policy_options, gate_from, settings_from
from service.cli.exitcodes import ExitCode
from service.cli.storeopts import add_database_option, opened_store, settings_with_db
from service.store import StoreError, WaiverRequest
from service.timestamps import utc_text
from service.waivers import report

ACTOR = "cli"


def _expiry(text: str) -> datetime:
    """`30d` (days from now), a date (end of that day is not implied: midnight UTC), or ISO 8601."""
    if text.endswith("d") and text[:-1].isdigit():
        try:
            return datetime.now(UTC) + timedelta(days=int(text[:-1]))
        except OverflowError:
            raise argparse.ArgumentTypeError(f"{text!r}: too many days (the year would pass 9999)") from None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected Nd (e.g. 30d), YYYY-MM-DD or ISO 8601") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("waiver", help="grant, list and revoke waivers", description=__doc__,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(dest="waiver_action", metavar="ACTION", required=True)
    create = actions.add_parser("create", help="grant a waiver")
    create.add_argument("--rule", action="append", required=True, dest="rules", help="rule id; repeatable")
    create.add_argument("--system", required=True, help="system name (shell glob allowed)")
    create.add_argument("--version", dest="system_version", help="only this system version (glob)")
    create.add_argument("--repository", help="only pipelines of this repository (glob)")
    create.add_argument("--justification", required=True)
    create.add_argument("--ticket", required=True, help="ticket reference, e.g. JIRA-123")
    create.add_argument("--approver", required=True)
    create.add_argument("--expires", required=True, type=_expiry, help="30d, YYYY-MM-DD or ISO 8601 (required)")
    create.set_defaults(run=run_create)
    lst = actions.add_parser("list", help="waivers in force, with warnings; exit 3 if any needs attention")
    lst.add_argument("--all", action="store_true", help="include expired and revoked waivers")
    add_policy_options(lst)
    lst.set_defaults(run=run_list)
    revoke = actions.add_parser("revoke", help="revoke a waiver (it stays on record)")
    revoke.add_argument("id")
    revoke.add_argument("--reason")
    revoke.set_defaults(run=run_revoke)
    for action in (create, lst, revoke):
        add_database_option(action)


def run_create(args: argparse.Namespace) -> int:
    request = WaiverRequest(rules=tuple(args.rules), system=args.system, version=args.system_version,
                            repository=args.repository, justification=args.justification, ticket=args.ticket,
                            approver=args.approver, expires_at=args.expires)
    with opened_store(args) as store:
        try:
            record = store.create_waiver(request, ACTOR, settings_with_db(args).waiver_max_days)
        except StoreError as exc:
            print(f"cleangate waiver create: {exc.pointer or '(request)'}: {exc.message}", file=sys.stderr)
            return ExitCode.USAGE
    print(record.id)
    print(f"waiver {record.id} for {', '.join(record.rules)} on {record.system} until {utc_text(record.expires_at)}",
          file=sys.stderr)
    return ExitCode.PASS


def run_list(args: argparse.Namespace) -> int:
    gate = gate_from(settings_from(args))
    with opened_store(args) as store:  # opened even without a gate, so both problems are said at once
        if gate is None:
            return ExitCode.USAGE
        records = store.list_waivers(include_inactive=args.all)
    items = report(records, gate.bundle.rule_ids, settings_with_db(args).waiver_warn_days)
    attention = 0
    for item in items:
        scope = item["system"] + (f" version {item['version']}" if item["version"] else "") + (
            f" repo {item['repository']}" if item["repository"] else "")
        print(f"{item['id']}\t{item['status']}\t{','.join(item['rules'])}\t{scope}\texpires {item['expires_at']}"
              f"\t{item['ticket']}\tapproved by {item['approver']}")
        for warning in item["warnings"]:
            attention += 1
            print(f"WARNING: waiver {item['id']} {warning}", file=sys.stderr)
    return ExitCode.WARN if attention else ExitCode.PASS


def run_revoke(args: argparse.Namespace) -> int:
    with opened_store(args) as store:
        try:
            store.revoke_waiver(args.id, ACTOR, args.reason)
        except StoreError as exc:
            print(f"cleangate waiver revoke: {exc.message}", file=sys.stderr)
            return ExitCode.USAGE
    print(f"revoked waiver {args.id}", file=sys.stderr)
    return ExitCode.PASS

"""`cleangate lineage impact|show`: the dataset blast radius and a system's lineage, from the decision log.

`impact --dataset NAME|DIGEST` answers which systems, versions, models and adapters used the
dataset (directly or through a base model), where they are deployed, their latest verdict, and
whether removing or retraining an adapter suffices. `show SYSTEM` prints the models, base models,
adapters and datasets of each version of one system. Both read the latest decision per system and
version, and name it. Markdown (default) or JSON (`-f json`, the API's shape). Exit 2 when the
database cannot be read, or `show` finds no decision for the system.
"""

from __future__ import annotations

import argparse
import sys

from service.cli.exitcodes import CommandFailed, ExitCode
from service.cli.storeopts import add_database_option, opened_store
from service.reports.lineage import LoadedEntry, entries_from_log, impact, lineage
from service.reports.lineage_format import impact_markdown, lineage_markdown
from service.store import StoreError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("lineage", help="dataset blast radius and system lineage from the decision log",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(dest="lineage_action", metavar="ACTION", required=True)
    imp = actions.add_parser("impact", help="what depends on a dataset (retrain, remove an adapter, withdraw)")
    imp.add_argument("--dataset", required=True, metavar="NAME|DIGEST",
                     help="dataset name, or a digest (hex or alg:hex) of it")
    imp.set_defaults(run=run_impact)
    show = actions.add_parser("show", help="a system's models, base models, adapters and datasets")
    show.add_argument("system", help="system name (exact)")
    show.set_defaults(run=run_show)
    for action in (imp, show):
        action.add_argument("-f", "--format", choices=("markdown", "json"), default="markdown")
        add_database_option(action)


def _entries(args: argparse.Namespace) -> list[LoadedEntry]:
    with opened_store(args) as store:
        try:
            return entries_from_log(store.iter_decisions())
        except StoreError as exc:
            print(f"cleangate lineage: {exc.message}", file=sys.stderr)
            raise CommandFailed(ExitCode.USAGE) from None


def run_impact(args: argparse.Namespace) -> int:
    if not args.dataset.strip() or len(args.dataset) > 300:
        print("cleangate lineage impact: --dataset: expected a dataset name or digest of 1-300 characters",
              file=sys.stderr)
        return ExitCode.USAGE
    report = impact(_entries(args), args.dataset)
    sys.stdout.write(report.model_dump_json(indent=2) + "\n" if args.format == "json" else impact_markdown(report))
    return ExitCode.PASS


def run_show(args: argparse.Namespace) -> int:
    report = lineage(_entries(args), args.system)
    sys.stdout.write(report.model_dump_json(indent=2) + "\n" if args.format == "json" else lineage_markdown(report))
    if not report.versions and not report.unreadable:
        print(f"cleangate lineage show: no decision for system {args.system!r} in the log", file=sys.stderr)
        return ExitCode.USAGE
    return ExitCode.PASS

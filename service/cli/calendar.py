"""`cleangate calendar MANIFEST | --all`: the dated obligations ahead, judged by the gate itself.

For each date the policies state (and each waiver expiry and training-summary refresh), the
manifest is judged the day before and on the day; the dates where a rule's outcome changes are
listed with the rule, what it becomes and why. `--all` does this for the latest decision of
every system and version in the decision log. Waivers come from the decision log with `--all`,
`--database-url` or CLEANGATE_DATABASE_URL. Markdown (default), iCalendar (`-f ics`, needs the
`calendar` extra) or JSON. Exit 2 when a manifest or the database cannot be read.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from contextlib import nullcontext
from datetime import UTC, date, datetime
from pathlib import Path

from sbom.errors import ManifestError
from service.cli.common import add_policy_options, gate_from, settings_from
from service.cli.exitcodes import ExitCode, refused
from service.cli.extras import require
from service.cli.storeopts import add_database_option, opened_store
from service.gate import Gate
from service.reports.calendar import CalendarReport, SystemCalendar, no_longer_loads, no_manifest, system_calendar
from service.reports.calendar_format import calendar_ics, calendar_markdown
from service.reports.lineage import latest_decisions
from service.store import Store, StoreError, WaiverRecord
from service.waivers import waiver_matches


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a date YYYY-MM-DD") from None


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("calendar", help="dated obligations ahead for a manifest or every system in the log",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("manifest", nargs="?", type=Path, help="the manifest (cleangate.yaml or a CycloneDX BOM)")
    p.add_argument("--all", action="store_true", help="every system in the decision log (latest decision each)")
    p.add_argument("--from", dest="start", type=_day, metavar="DATE",
                   help="list dates from this day on (default: today, UTC)")
    p.add_argument("-f", "--format", choices=("markdown", "ics", "json"), default="markdown")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here instead of stdout")
    add_policy_options(p)
    add_database_option(p)
    p.set_defaults(run=run)


def _waivers(store: Store | None, system: str, version: str | None, repository: str | None) -> list[WaiverRecord]:
    if store is None:
        return []
    return [w for w in store.list_waivers() if waiver_matches(w, system, version, repository)]


def _one(gate: Gate, data: bytes, label: str, start: date, store: Store | None,
         repository: str | None = None, decision_id: str | None = None) -> SystemCalendar:
    loaded = gate.load(data, source=label)
    doc = loaded.policy_input
    waivers = _waivers(store, doc.system.name, doc.system.version, repository or doc.context.ci.repository)
    return system_calendar(gate, loaded, hashlib.sha256(data).hexdigest(), start, waivers, decision_id)


def _from_log(gate: Gate, store: Store, start: date) -> tuple[list[SystemCalendar], list[str]]:
    out: list[SystemCalendar] = []
    skipped: list[str] = []
    for item in latest_decisions(store.iter_decisions()):
        if item.manifest is None:
            skipped.append(no_manifest(item))
            continue
        try:
            out.append(_one(gate, item.manifest.encode("utf-8"), item.system, start, store, item.repository,
                            item.decision_id))
        except ManifestError as exc:
            skipped.append(no_longer_loads(item, exc))
    for line in skipped:
        print(f"cleangate calendar: {line}", file=sys.stderr)
    return out, skipped


def run(args: argparse.Namespace) -> int:
    if bool(args.manifest) == bool(args.all):
        print("cleangate calendar: give a MANIFEST or --all (not both)", file=sys.stderr)
        return ExitCode.USAGE
    if args.format == "ics" and (problem := require("calendar", "calendar -f ics")):
        print(problem, file=sys.stderr)
        return ExitCode.USAGE
    settings = settings_from(args)
    gate = gate_from(settings)
    if gate is None:
        return ExitCode.USAGE
    wants_store = args.all or args.database_url or settings.database_url
    start = args.start or datetime.now(UTC).date()
    with opened_store(args) if wants_store else nullcontext() as store:
        try:
            if args.all:
                assert store is not None
                systems, skipped = _from_log(gate, store, start)
            else:
                systems, skipped = [_one(gate, args.manifest.read_bytes(), str(args.manifest), start, store)], []
        except ManifestError as exc:
            return refused(f"cleangate calendar: {args.manifest}", exc)
        except StoreError as exc:
            print(f"cleangate calendar: {exc.message}", file=sys.stderr)
            return ExitCode.USAGE
    report = CalendarReport(policy=gate.bundle.revision, systems=systems, not_covered=skipped)
    out = (calendar_ics(report) if args.format == "ics" else
           (report.model_dump_json(indent=2) + "\n" if args.format == "json" else calendar_markdown(report)).encode())
    if args.output:
        args.output.write_bytes(out)
    else:
        sys.stdout.buffer.write(out)
        sys.stdout.flush()
    return ExitCode.PASS

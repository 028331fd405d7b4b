"""`cleangate audit verify|export`: check the decision log's hash chain, or dump it as JSON Lines.

`verify` exits 0 when every record fits the chain and 1 at the first that does not, naming
it; `verify --file` checks an exported log offline with the same code, so an auditor needs
no database access. `export` writes every record, oldest first, one JSON object per line.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from service.cli.exitcodes import ExitCode
from service.cli.storeopts import add_database_option, opened_store
from service.store import chain
from service.timestamps import utc_text


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("audit", help="verify or export the decision log", description=__doc__,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(dest="audit_action", metavar="ACTION", required=True)
    verify = actions.add_parser("verify", help="check the hash chain; exit 1 at the first broken record")
    add_database_option(verify)
    verify.add_argument("--file", type=Path, metavar="JSONL", help="verify an export instead of the database")
    verify.add_argument("--json", action="store_true", help="print the result as JSON")
    verify.add_argument("--checkpoint", action="append", default=[], type=Path, metavar="FILE",
                        help="a signed checkpoint kept elsewhere: the log must still contain it; repeatable")
    verify.add_argument("--key", action="append", default=[], metavar="[KEYID=]PUB",
                        help="public key trusted for --checkpoint (also CLEANGATE_VERIFY_KEYS and the signing key)")
    verify.set_defaults(run=run_verify)
    checkpoint = actions.add_parser("checkpoint", help="sign the chain head now and print (or write) the checkpoint")
    add_database_option(checkpoint)
    checkpoint.add_argument("--output", "-o", type=Path, metavar="FILE", help="write here instead of stdout")
    checkpoint.set_defaults(run=run_checkpoint)
    export = actions.add_parser("export", help="write every record as JSON Lines")
    add_database_option(export)
    export.add_argument("--output", "-o", type=Path, metavar="FILE", help="write here instead of stdout")
    export.set_defaults(run=run_export)


class NotAnExport(Exception):
    """The file is not a cleangate audit export at all (as opposed to an export that was altered)."""


EXPORT_KEYS = frozenset({"seq", "kind", "entry_id", "hash", "prev_hash"})


def _verify_file(path: Path, anchors: list[chain.Anchor]) -> dict[str, Any]:
    """The first record must look like an export record, or the file is refused (exit 2); after
    that, a line that is not a JSON object is a break in the chain (the export was altered)."""

    def records() -> Any:
        first = True
        with path.open("rb") as handle:
            for number, raw in enumerate(handle, 1):
                try:
                    line = raw.decode("utf-8")
                except UnicodeDecodeError:
                    raise NotAnExport(f"line {number} is not UTF-8 text") from None
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except ValueError:
                    record = None
                if not isinstance(record, dict):
                    if first:
                        raise NotAnExport(f"line {number} is not a JSON object")
                    record = {"seq": None, "entry_id": f"(line {number} is not a JSON object)"}
                elif first and (missing := EXPORT_KEYS - record.keys()):
                    raise NotAnExport(f"line {number} lacks " + ", ".join(sorted(missing)))
                first = False
                yield record

    checker = chain.check(records(), anchors)
    checker.finish(None, None)
    out: dict[str, Any] = {"ok": checker.first_break is None, "checked": checker.checked,
                           "head": {"seq": checker.expected_seq - 1, "hash": checker.prev_hash}}
    if anchors:
        out["checkpoints_checked"] = len(anchors)
    if checker.first_break:
        b = checker.first_break
        out["first_broken"] = {"seq": b.seq, "entry_id": b.entry_id, "reason": b.reason}
    return out


def _anchors(args: argparse.Namespace) -> list[chain.Anchor] | None:
    """The --checkpoint files, each signature verified, or None after saying why not (exit 2)."""
    if not args.checkpoint:
        return []
    from service.attest.checkpoint import CheckpointError, open_checkpoint, read_checkpoint_file
    from service.attest.keys import KeyError_
    from service.attest.signing import signing_key_from, trusted_keys
    from service.settings import Settings

    settings = Settings()
    try:
        keys = trusted_keys(settings, args.key, signing_key_from(settings))
    except KeyError_ as exc:
        print(f"cleangate audit verify: {exc}", file=sys.stderr)
        return None
    if not keys:
        print("cleangate audit verify: --checkpoint needs a trusted key: --key PUB.pem or CLEANGATE_VERIFY_KEYS",
              file=sys.stderr)
        return None
    anchors = []
    for path in args.checkpoint:
        try:
            cp = open_checkpoint(read_checkpoint_file(path), keys)
        except CheckpointError as exc:
            print(f"cleangate audit verify: --checkpoint {path}: {exc}", file=sys.stderr)
            return None
        anchors.append(chain.Anchor(cp.seq, cp.hash, f"{path.name} ({cp.label()})"))
    return anchors


def run_verify(args: argparse.Namespace) -> int:
    anchors = _anchors(args)
    if anchors is None:
        return ExitCode.USAGE
    if args.file:
        try:
            result = _verify_file(args.file, anchors)
        except OSError as exc:
            print(f"cleangate audit verify: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
            return ExitCode.USAGE
        except NotAnExport as exc:
            print(f"cleangate audit verify: {args.file} is not a cleangate audit export: {exc}", file=sys.stderr)
            return ExitCode.USAGE
    else:
        with opened_store(args) as store:
            result = store.verify(anchors).public()
    if args.json:
        print(json.dumps(result, indent=2))
    elif result["ok"]:
        extra = f"; extends {len(anchors)} signed checkpoint(s)" if anchors else ""
        print(f"chain OK: {result['checked']} records, head {result['head']['seq']} {result['head']['hash']}{extra}")
    else:
        if "first_broken" in result:
            b = result["first_broken"]
            print(f"chain BROKEN at record {b['seq']} (entry {b['entry_id']}): {b['reason']}\n"
                  f"{result['checked']} records read; head {result['head']['seq']} {result['head']['hash']}")
        for row in result.get("rows_not_matching_chain", []):
            print(f"ROW REFUSED: {row['table']} {row['id']} ({row['label']}): {row['reason']}")
    return ExitCode.PASS if result["ok"] else ExitCode.BLOCK


def run_checkpoint(args: argparse.Namespace) -> int:
    from service.attest.keys import KeyError_
    from service.attest.signing import signing_key_from
    from service.cli.storeopts import settings_with_db
    from service.store.checkpoints import take

    settings = settings_with_db(args)
    try:
        key = signing_key_from(settings)
    except KeyError_ as exc:
        print(f"cleangate audit checkpoint: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    if key is None:
        print("cleangate audit checkpoint: needs the gate's signing key (CLEANGATE_SIGNING_KEY_FILE)", file=sys.stderr)
        return ExitCode.USAGE
    with opened_store(args) as store:
        taken = take(store, key, settings)
    text = json.dumps(taken.record.envelope, sort_keys=True) + "\n"
    if args.output:
        try:
            args.output.write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"cleangate audit checkpoint: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
            return ExitCode.USAGE
    else:
        sys.stdout.write(text)
    print(f"cleangate: checkpoint of record {taken.record.seq} ({taken.record.hash[:12]}) "
          f"{'signed' if taken.new else 'unchanged since'} {utc_text(taken.record.created_at)}", file=sys.stderr)
    return ExitCode.PASS


def run_export(args: argparse.Namespace) -> int:
    try:  # before opening the store, so a bad path costs no database connection
        out = args.output.open("w", encoding="utf-8") if args.output else sys.stdout
    except OSError as exc:
        print(f"cleangate audit export: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
        return ExitCode.USAGE
    count = 0
    try:
        with opened_store(args) as store:
            for record in store.export():
                out.write(json.dumps(record, sort_keys=True, ensure_ascii=False) + "\n")
                count += 1
    finally:
        if args.output:
            out.close()
    print(f"cleangate: exported {count} records", file=sys.stderr)
    return ExitCode.PASS

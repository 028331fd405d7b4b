"""`cleangate check MANIFEST...`: evaluate offline with the embedded engine, or on a gate server.

Exit codes: 0 pass (and warn unless --fail-on-warn), 1 block, 2 input or usage error,
3 warn under --fail-on-warn. The worst manifest decides.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from sbom.errors import FieldProblem, ManifestError
from service.cli.common import add_policy_options, gate_from, settings_from
from service.cli.remote import RemoteGate
from service.formats import FORMATS, Report, ReportEntry
from service.gate import Gate

EXIT = {"pass": 0, "block": 1, "error": 2}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("check", help="evaluate AI-BOM manifests", description=__doc__,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("manifests", nargs="+", metavar="MANIFEST", help="cleangate.yaml or CycloneDX JSON; - for stdin")
    p.add_argument("--format", "-f", choices=sorted(FORMATS), default="text", help="output on stdout")
    p.add_argument("--output", "-o", action="append", default=[], metavar="FORMAT=FILE",
                   help="also write FORMAT to FILE; repeatable")
    p.add_argument("--fail-on-warn", action="store_true", help="exit 3 when the worst verdict is warn")
    p.add_argument("--as-of", type=date.fromisoformat, metavar="YYYY-MM-DD", help="judge the rules at this date")
    p.add_argument("--server", metavar="URL", help="evaluate on this gate server instead of offline")
    p.add_argument("--token", metavar="TOKEN", help="API token for --server (or CLEANGATE_TOKEN)")
    add_policy_options(p)
    p.set_defaults(run=run)


def _outputs(specs: list[str]) -> list[tuple[str, Path]] | str:
    outputs = []
    for spec in specs:
        name, sep, path = spec.partition("=")
        if not sep or name not in FORMATS or not path:
            return f"--output {spec!r}: expected FORMAT=FILE with FORMAT one of {', '.join(sorted(FORMATS))}"
        outputs.append((name, Path(path)))
    return outputs


def _read(source: str) -> bytes:
    if source == "-":
        return sys.stdin.buffer.read()
    return Path(source).read_bytes()


def run(args: argparse.Namespace) -> int:
    outputs = _outputs(args.output)
    if isinstance(outputs, str):
        print(f"cleangate check: {outputs}", file=sys.stderr)
        return 2
    settings = settings_from(args)
    evaluator: Gate | RemoteGate | None
    evaluator = RemoteGate.from_args(args) if args.server else gate_from(settings)
    if evaluator is None:
        return 2
    report = Report(fail_on_warn=args.fail_on_warn)
    for source in args.manifests:
        entry = ReportEntry(source=source if source != "-" else "(stdin)")
        try:
            data = _read(source)
            if len(data) > settings.max_body_bytes:
                raise ManifestError(
                    "manifest is too large",
                    [FieldProblem("", f"{len(data)} bytes", f"at most {settings.max_body_bytes} bytes")],
                    status=413,
                )
            entry.text = data.decode("utf-8", errors="replace")
            entry.decision = evaluator.evaluate(data, as_of=args.as_of, source=entry.source)
        except OSError as exc:
            entry.error = ManifestError("cannot read manifest", [FieldProblem("", exc.strerror or str(exc))], 400)
        except ManifestError as exc:
            entry.error = exc
        report.entries.append(entry)
    sys.stdout.write(FORMATS[args.format]().render(report))
    for name, path in outputs:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(FORMATS[name]().render(report), encoding="utf-8")
    verdict = report.verdict
    if verdict == "warn":
        return 3 if args.fail_on_warn else 0
    return EXIT[verdict]

"""`cleangate report training-summary|clear-inventory MANIFEST -o FILE`: documents from the manifest.

The manifest is read by the same loaders as `cleangate check` (native YAML, CycloneDX, SPDX 3,
a facts file beside a generated BOM) and becomes the same policy input document, with the
gate's derived facts and verified evidence (files beside the manifest, --evidence); the report
is built from that document. The format comes from --format, else from the -o file's
extension, else Markdown. Exit codes: 0 written, 2 input or usage error (nothing written).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sbom.errors import FieldProblem, Kind, ManifestError
from service.cli.check import _facts, _read
from service.cli.common import gate_from, settings_from
from service.cli.evaluator import bom_reader, evidence_for
from service.cli.exitcodes import ExitCode, refused
from service.reports import EXTENSIONS, REPORTS, Options, RendererUnavailable, manifest_digest, report_input

HELP = {
    "training-summary": "Art 53(1)(d) public summary of training content (Commission template)",
    "clear-inventory": "US CLEAR Act (S.3813, a bill) inventory of training datasets and declared works",
}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("report", help="generate reports from a manifest (docs/reports.md)", description=__doc__,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    reports = p.add_subparsers(dest="report_kind", metavar="REPORT", parser_class=type(p))
    for kind, spec in REPORTS.items():
        r = reports.add_parser(kind, help=HELP[kind], description=HELP[kind])
        r.add_argument("manifest", metavar="MANIFEST", help="cleangate.yaml, CycloneDX or SPDX 3 JSON; - for stdin")
        r.add_argument("--output", "-o", type=Path, metavar="FILE", help="write here (default: stdout)")
        r.add_argument("--format", "-f", choices=spec.formats,
                       help=f"default: from the -o extension, else md ({', '.join(spec.formats)})")
        if kind == "training-summary":
            r.add_argument("--model", metavar="NAME", help="the model to summarise (default: the one GPAI model "
                                                           "the manifest provides)")
        r.add_argument("--facts", metavar="FILE", type=Path, help="deployment facts merged with the BOM")
        r.add_argument("--evidence", type=Path, metavar="DIR", help="sample outputs the gate verifies")
        r.add_argument("--evidence-root", type=Path, metavar="DIR",
                       help="files the manifest names must lie inside DIR (default: the manifest's directory)")
        r.set_defaults(run=run, bom_signature=None)
    p.set_defaults(run=lambda args: (p.print_help(sys.stderr), 2)[1])


def output_format(args: argparse.Namespace) -> str:
    """--format, else the -o extension, else md; an extension the report cannot write is an error."""
    formats = REPORTS[args.report_kind].formats
    if args.format:
        return str(args.format)
    if args.output is None:
        return "md"
    fmt = EXTENSIONS.get(args.output.suffix.lower())
    if fmt not in formats:
        raise ManifestError("cannot tell the output format", [FieldProblem(
            "", f"-o {args.output}: extension {args.output.suffix or '(none)'!r}",
            f"a file ending in {', '.join('.' + f for f in formats)}, or --format")], kind=Kind.MALFORMED)
    return fmt


def run(args: argparse.Namespace) -> int:
    command = f"cleangate report {args.report_kind}"
    for name in ("evidence", "evidence_root"):
        given = getattr(args, name)
        if given is not None and not given.is_dir():
            print(f"{command}: --{name.replace('_', '-')} {given}: not a directory", file=sys.stderr)
            return ExitCode.USAGE
    settings = settings_from(args)
    try:
        fmt = output_format(args)
        if fmt == "pdf" and args.output is None and sys.stdout.isatty():
            raise ManifestError("a PDF is not written to a terminal", [FieldProblem("", "no -o FILE",
                                                                                    "-o summary.pdf")],
                                                                                        kind=Kind.MALFORMED)
        gate = gate_from(settings)
        if gate is None:
            return ExitCode.USAGE
        data = _read(args.manifest, settings.max_body_bytes)
        doc = report_input(gate, data, facts=_facts(args.facts, settings.max_body_bytes),
                           source=args.manifest if args.manifest != "-" else "(stdin)",
                           read_bom=bom_reader(args.manifest, settings.max_body_bytes),
                           evidence=evidence_for(args, args.manifest))
        rendered = REPORTS[args.report_kind].render(
            doc, fmt, Options(model=getattr(args, "model", None), digest=manifest_digest(data),
                               source=args.manifest if args.manifest != "-" else None))
    except ManifestError as exc:
        return refused(command, exc)
    except FileNotFoundError as exc:
        print(f"{command}: cannot read {args.manifest}: {exc.strerror or exc}", file=sys.stderr)
        return ExitCode.USAGE
    except RendererUnavailable as exc:
        print(f"{command}: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    if args.output is None:
        sys.stdout.buffer.write(rendered.body)
        sys.stdout.flush()
        return ExitCode.PASS
    try:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_bytes(rendered.body)
    except OSError as exc:
        print(f"{command}: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
        return ExitCode.USAGE
    print(f"wrote {args.output} ({fmt}). {rendered.note}", file=sys.stderr)
    return ExitCode.PASS

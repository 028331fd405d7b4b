"""`cleangate bom init|convert`: start a manifest, or move one between native and CycloneDX.

`init` writes a commented starter `cleangate.yaml` (never over an existing file unless
--force). `convert` turns a native manifest into a CycloneDX 1.6 ML-BOM or a CycloneDX BOM
into a native manifest (the other format than the input's by default), and refuses when a fact
would change on the way (exit 2, the fields named). Exit codes: 0 done, 2 input or usage error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from sbom.convert import native_yaml, to_cyclonedx, to_native, verify_round_trip
from sbom.errors import FieldProblem, Kind, ManifestError
from sbom.huggingface import card_to_cyclonedx, front_matter, model_id_of
from sbom.load import load_manifest
from sbom.starter import starter_manifest
from sbom.starter_facts import Placeholder, starter_facts
from service import __version__
from service.cli.exitcodes import ExitCode, refused


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("bom", help="create or convert AI-BOM manifests", description=__doc__,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    bom = p.add_subparsers(dest="bom_command", metavar="SUBCOMMAND", parser_class=type(p))
    init = bom.add_parser("init", help="write a commented starter cleangate.yaml")
    init.add_argument("path", nargs="?", default="cleangate.yaml", type=Path, help="default: cleangate.yaml")
    init.add_argument("--name", default="My AI system", help="the system's name")
    init.add_argument("--force", action="store_true", help="overwrite an existing file")
    init.add_argument("--from", dest="from_bom", metavar="BOM", type=Path,
                      help="write the deployment facts this generated BOM still needs, as commented placeholders")
    init.set_defaults(run=run_init)
    convert = bom.add_parser("convert", help="native cleangate.yaml <-> CycloneDX 1.6 ML-BOM")
    convert.add_argument("input", metavar="MANIFEST", help="cleangate.yaml or CycloneDX JSON; - for stdin")
    convert.add_argument("--to", choices=["cyclonedx", "native"], help="target format (default: the other one)")
    convert.add_argument("--output", "-o", type=Path, metavar="FILE", help="write here instead of stdout")
    convert.set_defaults(run=run_convert)
    hf = bom.add_parser("from-hf", help="a Hugging Face model card (README.md) -> CycloneDX ML-BOM or native")
    hf.add_argument("card", type=Path, metavar="README.md", help="the model card, read locally")
    hf.add_argument("--id", dest="model_id", metavar="ORG/NAME", help="the model id (default: from the card, "
                    "else the card's folder name)")
    hf.add_argument("--to", choices=["cyclonedx", "native"], default="cyclonedx", help="default: cyclonedx")
    hf.add_argument("--output", "-o", type=Path, metavar="FILE", help="write here instead of stdout")
    hf.set_defaults(run=run_from_hf)
    p.set_defaults(run=lambda args: (p.print_help(sys.stderr), 2)[1])


def _facts_for(bom: Path, target: Path) -> str | ManifestError:
    """The starter facts file for a generated BOM: the gaps its evaluation reports, as placeholders."""
    from service.cli.common import gate_from
    from service.settings import Settings

    gate = gate_from(Settings())
    if gate is None:
        return ManifestError("the policies could not be loaded", [])
    try:
        data = bom.read_bytes()
        decision = gate.evaluate(data, source=str(bom))
        loaded = gate.load(data)
    except OSError as exc:
        return ManifestError("cannot read the BOM", [FieldProblem("", f"{bom}: {exc.strerror or exc}")],
            kind=Kind.MALFORMED)
    except ManifestError as exc:
        return exc
    stated = {p for p in loaded.source_map.entries if p not in {f.fact for f in loaded.inferred}}
    placeholders = [Placeholder(g.fact, g.expected, g.why, g.rules) for g in decision.gaps]
    reference = os.path.relpath(bom.resolve(), target.resolve().parent)
    names = {f"/models/{i}": m.name for i, m in enumerate(loaded.policy_input.models)}
    names.update({f"/datasets/{i}": d.name for i, d in enumerate(loaded.policy_input.datasets)})
    return starter_facts(reference if reference.startswith(".") else f"./{reference}",
                         decision.manifest.system, placeholders, stated, names)


def run_init(args: argparse.Namespace) -> int:
    path: Path = args.path
    if path.exists() and not args.force:
        print(f"cleangate bom init: {path} exists; use --force to overwrite it", file=sys.stderr)
        return ExitCode.USAGE
    text = _facts_for(args.from_bom, path) if args.from_bom else starter_manifest(args.name)
    if isinstance(text, ManifestError):
        print(f"cleangate bom init: {text}", file=sys.stderr)
        return ExitCode.USAGE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"cleangate bom init: cannot write {path}: {exc.strerror or exc}", file=sys.stderr)
        return ExitCode.USAGE
    print(f"wrote {path}; edit it, then run: cleangate check {path}", file=sys.stderr)
    return ExitCode.PASS


def run_convert(args: argparse.Namespace) -> int:
    try:
        data = sys.stdin.buffer.read() if args.input == "-" else Path(args.input).read_bytes()
        loaded = load_manifest(data)
        target = args.to or ("native" if loaded.format == "cyclonedx" else "cyclonedx")
        doc = loaded.policy_input
        if target == "cyclonedx":
            text = json.dumps(to_cyclonedx(doc, tool_version=__version__), indent=2, ensure_ascii=False) + "\n"
        else:
            header = f"# Converted by cleangate {__version__} from {Path(args.input).name}.\n"
            text = native_yaml(to_native(doc), header)
        verify_round_trip(doc, text.encode(), target)
    except OSError as exc:
        return _fail(ManifestError("cannot read manifest", [FieldProblem("", exc.strerror or str(exc))],
            kind=Kind.MALFORMED))
    except ManifestError as exc:
        return _fail(exc)
    return _write(text, args.output)


def run_from_hf(args: argparse.Namespace) -> int:
    """The card becomes a BOM; the BOM is loaded again before it is written, so it is one the gate reads."""
    try:
        card = front_matter(args.card.read_bytes())
        fallback = args.card.resolve().parent.name or "model"
        bom = card_to_cyclonedx(card, args.model_id or model_id_of(card, fallback))
        text = json.dumps(bom, indent=2, ensure_ascii=False) + "\n"
        loaded = load_manifest(text.encode())
        if args.to == "native":
            header = f"# Converted by cleangate {__version__} from the model card {args.card.name}.\n"
            text = native_yaml(to_native(loaded.policy_input), header)
    except OSError as exc:
        return _fail(ManifestError("cannot read the model card", [FieldProblem("", exc.strerror or str(exc))],
            kind=Kind.MALFORMED))
    except ManifestError as exc:
        return _fail(exc)
    return _write(text, args.output)


def _write(text: str, output: Path | None) -> int:
    """The converted document to stdout, or to `output` (its folder made)."""
    if not output:
        sys.stdout.write(text)
        return ExitCode.PASS
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        return _fail(ManifestError("cannot write the output", [FieldProblem("", f"{output}: {exc.strerror}")],
                                   kind=Kind.MALFORMED))
    return ExitCode.PASS


def _fail(exc: ManifestError) -> int:
    return refused("cleangate bom convert", exc)

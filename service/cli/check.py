"""`cleangate check MANIFEST...`: evaluate offline with the embedded engine, or on a gate server.

Exit codes: 0 pass (and warn unless --fail-on-warn), 1 block, 2 input or usage error or an
unreachable gate server (fail closed), 3 warn under --fail-on-warn. The worst manifest decides.
With --on-error warn an unreachable server counts as warn instead: exit 0, or 3 under
--fail-on-warn. A manifest the gate refuses is exit 2 whatever --on-error says.

Output: --format picks what goes to stdout; --output FORMAT=FILE (repeatable) also writes
FORMAT to FILE, so one run can feed a step summary, SARIF and JUnit at once.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import stat
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sbom.errors import FieldProblem, Kind, ManifestError
from sbom.load import FactsFile
from service.cli.ci_context import ci_context
from service.cli.common import add_policy_options, gate_from, settings_from
from service.cli.evidence_upload import gather
from service.cli.remote import GateUnavailable, RemoteGate
from service.evidence import DirectorySource, EvidenceInput
from service.formats import FORMATS, Report, ReportEntry
from service.formats.github import escape_data, escape_property
from service.gate import Gate
from service.repo_waivers import RepoWaivers
from service.repo_waivers import allowed as waivers_allowed
from service.repo_waivers import load as load_waivers
from service.settings import Settings

if TYPE_CHECKING:
    from service.attest.keys import SigningKey

EXIT = {"pass": 0, "block": 1, "error": 2}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("check", help="evaluate AI-BOM manifests", description=__doc__,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("manifests", nargs="+", metavar="MANIFEST", help="cleangate.yaml or CycloneDX JSON; - for stdin")
    p.add_argument("--format", "-f", choices=sorted(FORMATS), default="text", help="output on stdout")
    p.add_argument("--output", "-o", action="append", default=[], metavar="FORMAT=FILE",
                   help="also write FORMAT to FILE; repeatable")
    p.add_argument("--facts", metavar="FILE", type=Path,
                   help="deployment facts (native YAML) to merge with the BOM (docs/input.md); one MANIFEST only")
    p.add_argument("--explain-gaps", action="store_true",
                   help="list the undetermined rules and the exact facts that decide them, by regulation")
    p.add_argument("--fail-on-warn", action="store_true", help="exit 3 when the worst verdict is warn")
    p.add_argument("--as-of", type=date.fromisoformat, metavar="YYYY-MM-DD", help="judge the rules at this date")
    p.add_argument("--server", metavar="URL", help="evaluate on this gate server instead of offline")
    p.add_argument("--token", metavar="TOKEN", help="API token for --server (or CLEANGATE_TOKEN)")
    p.add_argument("--on-error", choices=["fail", "warn"], default="fail",
                   help="when the --server cannot be reached: fail (exit 2, default) or warn")
    p.add_argument("--retries", type=_non_negative, default=3, metavar="N",
                   help="retries on connection errors and 5xx from --server (default 3)")
    p.add_argument("--retry-backoff", type=_non_negative_seconds, default=1.0, metavar="SECONDS",
                   help="first retry delay; doubles each retry, at most 16 s (default 1)")
    p.add_argument("--timeout", type=_positive_seconds, default=30.0, metavar="SECONDS",
                   help="timeout of one request to --server (default 30)")
    p.add_argument("--waivers", type=Path, metavar="FILE",
                   help="repository waivers file applied offline (e.g. .cleangate/waivers.yaml; see docs/ci.md)")
    p.add_argument("--evidence", type=Path, metavar="DIR",
                   help="directory of sample outputs whose C2PA Content Credentials the gate verifies")
    p.add_argument("--evidence-root", type=Path, metavar="DIR",
                   help="files the manifest names (samples, artefacts, model signatures) must lie inside DIR "
                        "(default: the manifest's directory)")
    p.add_argument("--bom-signature", type=Path, metavar="FILE",
                   help="detached signature of the manifest file, verified with CLEANGATE_BOM_SIGNING_KEYS")
    p.add_argument("--attest", type=Path, metavar="FILE",
                   help="also write a signed attestation (DSSE envelope, one JSON line per manifest) to FILE")
    p.add_argument("--signing-key", type=Path, metavar="KEY.pem",
                   help="private key for --attest offline (or CLEANGATE_SIGNING_KEY_FILE); --server signs "
                        "with the server's key")
    add_policy_options(p)
    p.set_defaults(run=run)


def _non_negative(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{text!r}: expected 0 or more")
    return value


def _non_negative_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: expected a number of seconds") from None
    if not 0 <= value < 86_400:
        raise argparse.ArgumentTypeError(f"{text!r}: expected 0 to 86400 seconds")
    return value


def _positive_seconds(text: str) -> float:
    value = _non_negative_seconds(text)
    if value == 0:
        raise argparse.ArgumentTypeError(f"{text!r}: expected more than 0 seconds")
    return value


TOKEN_CHARS = re.compile(r"[\x21-\x7e]+")


def _remote_problem(server: str, token: str | None) -> str | None:
    """What is wrong with --server/--token before anything is sent, or None.

    These are usage errors: they exit 2 even under --on-error warn (that downgrades an
    unreachable gate, not a mistyped one), and the message never repeats the token.
    """
    url = urlsplit(server)
    if url.scheme not in ("http", "https") or not url.netloc:
        return f"--server {server!r}: expected an http:// or https:// URL with a host"
    if token is not None and not TOKEN_CHARS.fullmatch(token):
        return ("the API token (--token or CLEANGATE_TOKEN) contains whitespace or non-ASCII characters, "
                "which cannot go in an HTTP header; check how it was copied")
    return None


def _outputs(specs: list[str]) -> list[tuple[str, Path]] | str:
    outputs = []
    for spec in specs:
        name, sep, path = spec.partition("=")
        if not sep or name not in FORMATS or not path:
            return f"--output {spec!r}: expected FORMAT=FILE with FORMAT one of {', '.join(sorted(FORMATS))}"
        outputs.append((name, Path(path)))
    return outputs


def _too_large(size: str, limit: int) -> ManifestError:
    return ManifestError("manifest is too large", [FieldProblem("", f"{size} bytes", f"at most {limit} bytes")],
                         kind=Kind.TOO_LARGE)


def _read(source: str, limit: int) -> bytes:
    """At most `limit` bytes, checked before reading, so memory stays bounded whatever the input.

    A manifest named on the command line must be a regular file: a link to /dev/zero (or a
    FIFO) would otherwise be read until memory ran out, and a MemoryError exited 1, the "block"
    code. A symbolic link must also stay inside the working tree, so a manifest in a checked-out
    repository cannot make the gate read (and report, and send to a server) files elsewhere.
    """
    if source == "-":
        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            raise _too_large(f"more than {limit}", limit)
        return data
    path = Path(source)
    if path.is_symlink() or any(p.is_symlink() for p in path.parents if p != Path(".")):
        target = path.resolve()
        work = Path.cwd().resolve()
        if not target.is_relative_to(work):
            raise ManifestError("manifest is a link outside the working tree", [FieldProblem(
                "", f"{source} -> {target}", f"a file inside {work} (copy it into the tree instead)")],
                    kind=Kind.MALFORMED)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ManifestError("manifest is not a regular file", [FieldProblem(
                "", f"{source} is a device, FIFO or other special file", "a regular file")], kind=Kind.MALFORMED)
        if info.st_size > limit:
            raise _too_large(str(info.st_size), limit)
        data = f.read(limit + 1)  # the file may have grown since fstat
    if len(data) > limit:
        raise _too_large(f"more than {limit}", limit)
    return data


def _facts(path: Path | None, limit: int) -> FactsFile | None:
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ManifestError("cannot read the facts file", [FieldProblem("", f"{path}: {exc.strerror or exc}")],
                            kind=Kind.MALFORMED) from None
    if len(data) > limit:
        raise ManifestError("the facts file is too large", [FieldProblem("", f"{len(data)} bytes",
                                                                          f"at most {limit} bytes")],
                            kind=Kind.TOO_LARGE)
    return FactsFile(data, str(path))


def _bom_reader(source: str, limit: int) -> Callable[[str], tuple[bytes, str]]:
    """Read the BOM a cleangate.yaml names (`bom: ./aibom.cdx.json`), relative to that file."""
    base = Path(".") if source == "-" else Path(source).parent

    def read(reference: str) -> tuple[bytes, str]:
        path = base / reference
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ManifestError("cannot read the BOM this manifest names", [FieldProblem(
                "/bom", f"{reference[:200]!r}: {exc.strerror or exc}", "a BOM file relative to the manifest")],
                kind=Kind.MALFORMED) from None
        if len(data) > limit:
            raise ManifestError("the BOM is too large", [FieldProblem("/bom", f"{len(data)} bytes",
                                                                       f"at most {limit} bytes")],
                            kind=Kind.TOO_LARGE)
        return data, path.as_posix()

    return read


def evidence_for(args: argparse.Namespace, source: str) -> EvidenceInput:
    """Where this manifest's evidence files are: beside it (inside --evidence-root), plus --evidence."""
    base = Path.cwd() if source == "-" else Path(source).resolve().parent
    root = args.evidence_root.resolve() if args.evidence_root else base
    return EvidenceInput(
        referenced=DirectorySource(root, base),
        offered=DirectorySource(args.evidence, origin="directory") if args.evidence else None,
        detached_signature=args.bom_signature.read_bytes() if args.bom_signature else None,
    )


def _names_evidence(data: bytes) -> bool:
    """Whether the manifest names evidence files (only then does a remote check upload anything)."""
    return any(marker in data for marker in (b"samples", b"artifacts", b"signing", b"collection_record"))


def _evidence_problem(args: argparse.Namespace) -> str | None:
    if args.evidence is not None and not args.evidence.is_dir():
        return f"--evidence {args.evidence}: not a directory"
    if args.evidence_root is not None and not args.evidence_root.is_dir():
        return f"--evidence-root {args.evidence_root}: not a directory"
    if args.bom_signature is not None and not args.bom_signature.is_file():
        return f"--bom-signature {args.bom_signature}: not a readable file"
    if args.bom_signature is not None and len(args.manifests) != 1:
        return "--bom-signature signs one manifest; give exactly one"
    return None


def _print_notices(waivers: RepoWaivers, fmt: str) -> None:
    """Expired, expiring and refused waivers, loudly: as annotations on the waivers file in GitHub."""
    for notice in waivers.notices:
        if fmt == "github":
            message = escape_data(notice.message)
            print(f"::{notice.level} file={escape_property(waivers.path)},line={notice.line},"
                  f"title=cleangate waiver::{message}")
        else:
            print(f"cleangate: {notice.level}: {waivers.path} line {notice.line}: {notice.message}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    outputs = _outputs(args.output)
    if isinstance(outputs, str):
        print(f"cleangate check: {outputs}", file=sys.stderr)
        return 2
    settings = settings_from(args)
    ci = ci_context(os.environ)
    if args.server and args.waivers:
        print("cleangate check: --waivers applies offline only; a gate server applies the waivers it stores "
              "(cleangate waiver create)", file=sys.stderr)
        return 2
    problem = _evidence_problem(args)
    if problem:
        print(f"cleangate check: {problem}", file=sys.stderr)
        return 2
    if args.server and (args.policies or args.data):
        print("cleangate check: --policies/--data change offline evaluation only; a gate server evaluates with "
              "its own policies (set CLEANGATE_POLICY_DIRS / CLEANGATE_POLICY_DATA on the server)", file=sys.stderr)
        return 2
    if args.server:
        problem = _remote_problem(args.server, args.token or os.environ.get("CLEANGATE_TOKEN"))
        if problem:
            print(f"cleangate check: {problem}", file=sys.stderr)
            return 2
    if args.facts is not None and len(args.manifests) != 1:
        print("cleangate check: --facts completes one BOM; give exactly one MANIFEST", file=sys.stderr)
        return 2
    signer = None
    if args.attest and not args.server:
        signer = _signing_key(settings, args.signing_key)
        if signer is None:
            return 2
    evaluator: Gate | RemoteGate | None
    evaluator = RemoteGate.from_args(args, ci) if args.server else gate_from(settings)
    if evaluator is None:
        return 2
    waivers: RepoWaivers | None = None
    if args.waivers and isinstance(evaluator, Gate):
        try:
            waivers = load_waivers(args.waivers, known_rules={r.id for r in evaluator.bundle.rules},
                                   allowed_by_org=waivers_allowed(evaluator.bundle.data),
                                   max_days=settings.waiver_max_days, warn_days=settings.waiver_warn_days)
        except ManifestError as exc:
            print(f"cleangate check: {exc.title}: " + "; ".join(str(p) for p in exc.problems), file=sys.stderr)
            return 2
        except OSError as exc:
            print(f"cleangate check: cannot read --waivers {args.waivers}: {exc.strerror or exc}", file=sys.stderr)
            return 2
        _print_notices(waivers, args.format)
    report = Report(fail_on_warn=args.fail_on_warn, on_error=args.on_error, explain_gaps=args.explain_gaps)
    unavailable: GateUnavailable | None = None
    for source in args.manifests:
        entry = ReportEntry(source=source if source != "-" else "(stdin)")
        try:
            if unavailable is not None:
                raise unavailable  # one unreachable server is not retried again for every manifest
            data = _read(source, settings.max_body_bytes)
            entry.text = data.decode("utf-8", errors="replace")
            facts = _facts(args.facts, settings.max_body_bytes)
            if isinstance(evaluator, Gate) and waivers is not None:
                read_bom = _bom_reader(source, settings.max_body_bytes)
                loaded = evaluator.load(data, facts=facts, source=entry.source, read_bom=read_bom)
                doc = loaded.policy_input
                matching = waivers.matching(doc.system.name, doc.system.version, ci.get("repository"))
                entry.decision = evaluator.evaluate_loaded(
                    loaded, hashlib.sha256(data).hexdigest(), as_of=args.as_of, source=entry.source, ci=ci,
                    waivers=[w.as_waiver() for w in matching], evidence=evidence_for(args, source), data=data)
            elif isinstance(evaluator, Gate):
                entry.decision = evaluator.evaluate(data, as_of=args.as_of, source=entry.source, ci=ci, facts=facts,
                                                    read_bom=_bom_reader(source, settings.max_body_bytes),
                                                    evidence=evidence_for(args, source))
            else:
                given = evidence_for(args, source)
                files = gather(data, given, settings.evidence_max_files, settings.evidence_max_upload_bytes) \
                    if args.evidence or args.evidence_root or _names_evidence(data) else None
                entry.decision = evaluator.evaluate(data, as_of=args.as_of, source=entry.source, evidence=files,
                                                    bom_signature=given.detached_signature, facts=facts,
                                                    attest=bool(args.attest))
        except GateUnavailable as exc:
            if args.on_error == "warn" and unavailable is None:
                print(f"cleangate: warning: {exc}\n--on-error warn: the manifests were not checked", file=sys.stderr)
            entry.error, entry.unavailable, unavailable = exc, True, exc
        except FileNotFoundError as exc:
            if any(c in source for c in "*?["):  # the shell passes a glob that matched nothing on as is
                entry.error = ManifestError("no file matches this pattern", [FieldProblem(
                    "", f"{source!r} matches no file", "a path, or a glob that matches at least one file")],
                        kind=Kind.MALFORMED)
            else:
                entry.error = ManifestError("cannot read manifest", [FieldProblem("", exc.strerror or str(exc))],
                    kind=Kind.MALFORMED)
        except OSError as exc:
            entry.error = ManifestError("cannot read manifest", [FieldProblem("", exc.strerror or str(exc))],
                kind=Kind.MALFORMED)
        except ManifestError as exc:
            entry.error = exc
        report.entries.append(entry)
    sys.stdout.write(FORMATS[args.format]().render(report))
    for name, path in outputs:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(FORMATS[name]().render(report), encoding="utf-8")
        except OSError as exc:
            print(f"cleangate check: cannot write --output {name}={path}: {exc.strerror or exc}", file=sys.stderr)
            return 2
    if args.attest and _write_attestations(args.attest, report, evaluator, signer, settings) is False:
        return 2
    verdict = report.verdict
    if verdict == "warn":
        return 3 if args.fail_on_warn else 0
    return EXIT[verdict]


def _signing_key(settings: Settings, path: Path | None) -> SigningKey | None:
    """The key --attest signs with offline, or None after saying why there is none."""
    from service.attest.keys import KeyError_, load_signing_key_file
    from service.attest.signing import signing_key_from

    try:
        if path is not None:
            password = settings.signing_key_password
            return load_signing_key_file(path, settings.signing_key_id,
                                         password.get_secret_value().encode() if password else None)
        key = signing_key_from(settings)
    except KeyError_ as exc:
        print(f"cleangate check: --attest: {exc}", file=sys.stderr)
        return None
    if key is None:
        print("cleangate check: --attest needs a signing key offline: --signing-key KEY.pem or "
              "CLEANGATE_SIGNING_KEY_FILE (make one with `cleangate attest keygen`)", file=sys.stderr)
    return key


def _write_attestations(path: Path, report: Report, evaluator: Gate | RemoteGate,
                        signer: SigningKey | None, settings: Settings) -> bool:
    """One envelope per decided manifest, as JSON Lines (an in-toto bundle); manifests that were
    not decided (refused, gate unreachable) get none, so nothing unsigned stands in for them."""
    import json

    from service.attest.signing import attest

    lines = []
    for entry in report.entries:
        if entry.decision is None:
            continue
        if isinstance(evaluator, RemoteGate):
            envelope = evaluator.attestations.get(entry.decision.decision_id)
        else:
            assert signer is not None
            envelope = attest(entry.decision.model_dump(mode="json"), signer, settings.verifier_id)
        if envelope is not None:
            lines.append(json.dumps(envelope, sort_keys=True) + "\n")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(lines), encoding="utf-8")
    except OSError as exc:
        print(f"cleangate check: cannot write --attest {path}: {exc.strerror or exc}", file=sys.stderr)
        return False
    return True

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
import os
import re
import stat
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sbom.errors import FieldProblem, Kind, ManifestError
from sbom.limits import check_size
from sbom.load import FactsFile
from service.cli.ci_context import ci_context
from service.cli.common import add_policy_options, gate_from, settings_from
from service.cli.evaluator import Evaluator, OfflineEvaluator, RemoteEvaluator
from service.cli.exitcodes import ExitCode
from service.cli.remote import GateUnavailable, RemoteGate
from service.formats import FORMATS, Report, ReportEntry
from service.formats.github import escape_data, escape_property
from service.repo_waivers import RepoWaivers
from service.repo_waivers import allowed as waivers_allowed
from service.repo_waivers import load as load_waivers
from service.settings import Settings

if TYPE_CHECKING:
    from service.attest.keys import SigningKey

EXIT = {"pass": ExitCode.PASS, "block": ExitCode.BLOCK, "error": ExitCode.USAGE}


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


def _read(source: str, limit: int) -> bytes:
    """At most `limit` bytes, checked before reading, so memory stays bounded whatever the input.

    A manifest named on the command line must be a regular file: a link to /dev/zero (or a
    FIFO) would otherwise be read until memory ran out, and a MemoryError exited 1, the "block"
    code. A symbolic link must also stay inside the working tree, so a manifest in a checked-out
    repository cannot make the gate read (and report, and send to a server) files elsewhere.
    """
    if source == "-":
        data = sys.stdin.buffer.read(limit + 1)
        check_size(len(data), limit)
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
        check_size(info.st_size, limit)
        data = f.read(limit + 1)  # the file may have grown since fstat
    check_size(len(data), limit)
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
        return ExitCode.USAGE
    settings = settings_from(args)
    ci = ci_context(os.environ)
    if args.server and args.waivers:
        print("cleangate check: --waivers applies offline only; a gate server applies the waivers it stores "
              "(cleangate waiver create)", file=sys.stderr)
        return ExitCode.USAGE
    problem = _evidence_problem(args)
    if problem:
        print(f"cleangate check: {problem}", file=sys.stderr)
        return ExitCode.USAGE
    if args.server and (args.policies or args.data):
        print("cleangate check: --policies/--data change offline evaluation only; a gate server evaluates with "
              "its own policies (set CLEANGATE_POLICY_DIRS / CLEANGATE_POLICY_DATA on the server)", file=sys.stderr)
        return ExitCode.USAGE
    token = args.token or (settings.token.get_secret_value() if settings.token is not None else None)
    if args.server:
        problem = _remote_problem(args.server, token)
        if problem:
            print(f"cleangate check: {problem}", file=sys.stderr)
            return ExitCode.USAGE
    if args.facts is not None and len(args.manifests) != 1:
        print("cleangate check: --facts completes one BOM; give exactly one MANIFEST", file=sys.stderr)
        return ExitCode.USAGE
    signer = None
    if args.attest and not args.server:
        signer = _signing_key(settings, args.signing_key)
        if signer is None:
            return ExitCode.USAGE
    evaluator: Evaluator
    if args.server:
        evaluator = RemoteEvaluator(RemoteGate.from_args(args, ci, token), args, settings)
    else:
        gate = gate_from(settings)
        if gate is None:
            return ExitCode.USAGE
        waivers: RepoWaivers | None = None
        if args.waivers:
            try:
                waivers = load_waivers(args.waivers, known_rules=gate.bundle.rule_ids,
                                       allowed_by_org=waivers_allowed(gate.bundle.data),
                                       max_days=settings.waiver_max_days, warn_days=settings.waiver_warn_days)
            except ManifestError as exc:
                print(f"cleangate check: {exc.title}: " + "; ".join(str(p) for p in exc.problems), file=sys.stderr)
                return ExitCode.USAGE
            except OSError as exc:
                print(f"cleangate check: cannot read --waivers {args.waivers}: {exc.strerror or exc}",
                      file=sys.stderr)
                return ExitCode.USAGE
            _print_notices(waivers, args.format)
        evaluator = OfflineEvaluator(gate, args, settings, ci, waivers, signer)
    report = Report(fail_on_warn=args.fail_on_warn, on_error=args.on_error, explain_gaps=args.explain_gaps)
    unavailable: GateUnavailable | None = None
    for source in args.manifests:
        entry = ReportEntry(source=source if source != "-" else "(stdin)")
        try:
            if unavailable is not None:
                raise unavailable  # one unreachable server is not retried again for every manifest
            data = _read(source, settings.max_body_bytes)
            entry.text = data.decode("utf-8", errors="replace")
            entry.decision = evaluator.decide(data, source, entry.source, _facts(args.facts, settings.max_body_bytes))
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
            return ExitCode.USAGE
    if args.attest and _write_attestations(args.attest, report, evaluator) is False:
        return ExitCode.USAGE
    verdict = report.verdict
    if verdict == "warn":
        return ExitCode.WARN if args.fail_on_warn else ExitCode.PASS
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


def _write_attestations(path: Path, report: Report, evaluator: Evaluator) -> bool:
    """One envelope per decided manifest, as JSON Lines (an in-toto bundle); manifests that were
    not decided (refused, gate unreachable) get none, so nothing unsigned stands in for them."""
    import json

    lines = []
    for entry in report.entries:
        if entry.decision is None:
            continue
        envelope = evaluator.attestation(entry.decision)
        if envelope is not None:
            lines.append(json.dumps(envelope, sort_keys=True) + "\n")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(lines), encoding="utf-8")
    except OSError as exc:
        print(f"cleangate check: cannot write --attest {path}: {exc.strerror or exc}", file=sys.stderr)
        return False
    return True

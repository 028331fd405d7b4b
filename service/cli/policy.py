"""`cleangate policy check|test|docs`: tooling for the people who write and review policies.

- `check [DIR]`: METADATA completeness, finding ids and `applies` against METADATA, rules no test
  makes fire (regorus coverage), regorus/OPA pitfalls; exit 1 on any.
- `test [DIR] [--run REGEX] [-v]`: run `test_*` rules with the gate's engine, like `opa test`.
- `docs [--output FILE] [--check]`: write the rule catalogue (docs/policies.md) from METADATA.
- `bundle [--output FILE] [--signing-key FILE --signing-alg ALG --key-id ID [--scope S]]`: the
  policies and data as an OPA bundle (tar.gz) for an OPA server, signed for OPA to verify.
- `bundle verify BUNDLE --verification-key FILE --signing-alg ALG [--key-id ID] [--scope S]`:
  check a signed bundle the way OPA does on load; exit 1 when OPA would reject it.

DIR defaults to the built-in policies. Another DIR is an organisation's own folder: it is loaded
beside the built-in packages (it may use data.cleangate.lib), and only its own files are checked
or tested. Exit codes: 0 ok, 1 problems / failing tests / stale docs, 2 policies cannot be loaded.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from service.bundle import PolicyBundle, PolicyFile, builtin_policy_dir, load_bundle
from service.bundle.bundle_signing import (
    ALGORITHMS,
    BundleSignatureError,
    load_signing_key,
    load_verification_key,
    read_tarball,
    verify,
)
from service.bundle.catalogue_doc import render
from service.bundle.metadata import Annotation
from service.bundle.opa_bundle import Signing, build_opa_bundle
from service.cli.common import add_policy_options, bundle_from, settings_from
from service.cli.exitcodes import ExitCode
from service.engines import ENGINE_NAMES, PolicyLoadError, RegorusEngine
from service.engines.opa_engine import EngineUnavailable
from service.policytest import check_bundle, discover, run_tests, select, summary_line
from service.policytest.coverage import unfired_rules
from service.policytest.lint import Problem
from service.policytest.runner import CoverageCollector

DEFAULT_DOCS = Path("docs/policies.md")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("policy", help="check, test and document policies", description=__doc__,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    psub = p.add_subparsers(dest="policy_command", metavar="SUBCOMMAND")

    check = psub.add_parser("check", help="check METADATA, test coverage and regorus pitfalls")
    check.add_argument("dir", nargs="?", type=Path, metavar="DIR", help="policy folder (default: built-in)")
    check.set_defaults(run=run_check)

    test = psub.add_parser("test", help="run test_* rules with the gate's engine")
    test.add_argument("dir", nargs="?", type=Path, metavar="DIR", help="policy folder (default: built-in)")
    test.add_argument("--run", dest="pattern", metavar="REGEX",
                      help="only tests whose data.<package>.<rule> path matches")
    test.add_argument("-v", "--verbose", action="store_true", help="print every test, not only failures")
    test.add_argument("--engine", choices=ENGINE_NAMES, default="regorus",
                      help="engine to run the tests on (opa: the OPA Go library, installed apart)")
    test.add_argument("--coverage", action="store_true",
                      help="report the share of each policy file's rows the tests evaluate (needs --engine opa)")
    test.set_defaults(run=run_test)

    docs = psub.add_parser("docs", help="write the rule catalogue (docs/policies.md)")
    docs.add_argument("--output", "-o", type=Path, default=DEFAULT_DOCS, metavar="FILE")
    docs.add_argument("--check", action="store_true", help="exit 1 when FILE is not up to date; write nothing")
    add_policy_options(docs)
    docs.set_defaults(run=run_docs)

    bundle = psub.add_parser("bundle", help="write the policies as an OPA bundle (tar.gz), optionally signed")
    bundle.add_argument("--output", "-o", type=Path, default=Path("bundle.tar.gz"), metavar="FILE")
    bundle.add_argument("--signing-key", type=Path, metavar="FILE",
                        help="sign the bundle: PEM private key (RS*/PS*/ES*) or the secret's exact bytes (HS*)")
    _add_key_options(bundle, required_id=False)
    add_policy_options(bundle)
    bundle.set_defaults(run=run_bundle)
    bsub = bundle.add_subparsers(dest="bundle_command", metavar="SUBCOMMAND")
    verify = bsub.add_parser("verify", help="check a signed bundle's .signatures.json as OPA does")
    verify.add_argument("bundle_file", type=Path, metavar="BUNDLE", help="the bundle (tar.gz)")
    verify.add_argument("--verification-key", type=Path, required=True, metavar="FILE",
                        help="PEM public key or certificate (RS*/PS*/ES*), or the secret's exact bytes (HS*)")
    _add_key_options(verify, required_id=False)
    verify.set_defaults(run=run_bundle_verify)


def _add_key_options(parser: argparse.ArgumentParser, required_id: bool) -> None:
    parser.add_argument("--signing-alg", choices=ALGORITHMS, default="RS256", metavar="ALG",
                        help=f"JWS algorithm, as OPA's bundles.<name>.signing keys[].algorithm (default RS256; "
                             f"one of {', '.join(ALGORITHMS)})")
    parser.add_argument("--key-id", required=required_id, metavar="ID",
                        help="key id: the JWS kid when signing (needed), OPA's signing.keyid when verifying")
    parser.add_argument("--scope", default="", metavar="SCOPE",
                        help="scope claim the signature carries / the verifier expects (OPA's signing.scope)")


def _load(folder: Path | None) -> tuple[PolicyBundle, str, Path] | None:
    """The bundle to compile, the label prefix of the files under scrutiny, and their folder on disk."""
    try:
        if folder is None or folder.resolve() == builtin_policy_dir().resolve():
            return load_bundle(), "builtin/", builtin_policy_dir()
        return load_bundle([folder]), "custom0/", folder
    except (FileNotFoundError, ValueError, UnicodeDecodeError) as exc:
        print(f"cleangate policy: cannot load policies: {exc}", file=sys.stderr)
        return None


def _on_disk(text: str, prefix: str, folder: Path) -> str:
    """Bundle labels ("custom0/acme/x.rego") back to the path an editor opens."""
    if not text.startswith(prefix):
        return text
    root = os.path.relpath(folder) if not folder.is_absolute() or folder.is_relative_to(Path.cwd()) else str(folder)
    return str(Path(root) / text.removeprefix(prefix))


def run_check(args: argparse.Namespace) -> int:
    loaded = _load(args.dir)
    if loaded is None:
        return ExitCode.USAGE
    bundle, prefix, folder = loaded
    files = [f for f in bundle.files if f.path.startswith(prefix)]
    annotations = [a for a in bundle.annotations if a.file.startswith(prefix)]
    problems = check_bundle(files, annotations)
    try:  # a bundle that does not compile is the first problem, not a clean bill of health
        RegorusEngine(bundle, include_tests=True)
    except PolicyLoadError as exc:
        where, _, why = str(exc).partition(": ")
        problems.insert(0, Problem(where, 1, f"does not compile: {why.strip()}"))
    else:
        problems += _unfired(bundle, files, annotations, problems)
    for problem in problems:
        print(f"{_on_disk(problem.file, prefix, folder)}:{problem.line}: {problem.message}")
    rules = {a.rule.id for a in annotations if a.rule is not None and not a.is_test}
    print(f"{len(files)} files, {len(rules)} rules, {len(problems)} problems")
    return ExitCode.BLOCK if problems else ExitCode.PASS


def _unfired(bundle: PolicyBundle, files: list[PolicyFile], annotations: list[Annotation],
             found: list[Problem]) -> list[Problem]:
    """Documented rules no test makes fire (regorus coverage), unless already reported as never named."""
    never_named = {p.message.split(":", 1)[0] for p in found if p.message.endswith("no test references this rule id")}
    return [
        Problem(a.file, line, f"{label}: no test makes this rule fire (run with regorus coverage, the rule head "
                "is never covered); add a test_ rule in which it produces a finding")
        for a, label, line in unfired_rules(bundle, files, annotations, discover(files))
        if label not in never_named
    ]


def run_test(args: argparse.Namespace) -> int:
    loaded = _load(args.dir)
    if loaded is None:
        return ExitCode.USAGE
    bundle, prefix, folder = loaded
    try:
        cases = select(discover([f for f in bundle.files if f.path.startswith(prefix)]), args.pattern)
    except re.error as exc:
        print(f"cleangate policy test: --run {args.pattern!r} is not a valid regular expression: {exc}",
              file=sys.stderr)
        return ExitCode.USAGE
    if args.coverage and args.engine != "opa":
        print("cleangate policy test: --coverage needs --engine opa (OPA's coverage tracer)", file=sys.stderr)
        return ExitCode.USAGE
    coverage = CoverageCollector() if args.coverage else None
    try:
        results = run_tests(bundle, cases, args.engine, coverage)
    except EngineUnavailable as exc:
        print(f"cleangate policy test: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    except PolicyLoadError as exc:
        print(f"cleangate policy test: policies do not compile: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    current_file = None
    for r in results:
        if not args.verbose and r.status == "PASS":
            continue
        if r.case.file != current_file:
            current_file = r.case.file
            print(f"{_on_disk(current_file, prefix, folder)}:")
        detail = f" ({r.duration_ms:.3f}ms)" if args.verbose else ""
        print(f"{r.case.path}: {r.status}{detail}")
        if r.message:
            print(f"  {r.message}")
    if results and (args.verbose or any(r.status != "PASS" for r in results)):
        print("-" * 80)
    print(summary_line(results) + (f" (engine {args.engine})" if args.engine != "regorus" else ""))
    if coverage is not None:
        _print_coverage(coverage, prefix, folder)
    return ExitCode.PASS if all(r.status == "PASS" for r in results) else ExitCode.BLOCK


def _print_coverage(coverage: CoverageCollector, prefix: str, folder: Path) -> None:
    """Per policy file under scrutiny (test files left out): rows evaluated by some test."""
    rows = [(path, cov) for path, cov in sorted(coverage.files.items())
            if path.startswith(prefix) and not path.endswith("_test.rego")]
    for path, cov in rows:
        print(f"coverage {_on_disk(path, prefix, folder)}: {cov.percent:5.1f}% "
              f"({len(cov.covered)}/{len(cov.coverable)} rows)")


def run_docs(args: argparse.Namespace) -> int:
    bundle = bundle_from(settings_from(args), "cleangate policy docs")
    if bundle is None:
        return ExitCode.USAGE
    text = render(bundle)
    path: Path = args.output
    if args.check:
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current != text:
            print(f"{path} is stale; run `cleangate policy docs -o {path}` and commit it", file=sys.stderr)
            return ExitCode.BLOCK
        print(f"{path} is up to date")
        return ExitCode.PASS
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path} ({len(bundle.rule_ids)} rules)")
    return ExitCode.PASS


def _read_key(path: Path, what: str) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError as exc:
        print(f"cleangate policy bundle: cannot read the {what} {path}: {exc.strerror}", file=sys.stderr)
        return None


def run_bundle(args: argparse.Namespace) -> int:
    signing = None
    if args.signing_key is not None:
        if not args.key_id:
            print("cleangate policy bundle: --signing-key needs --key-id (OPA looks the verification key up by it)",
                  file=sys.stderr)
            return ExitCode.USAGE
        material = _read_key(args.signing_key, "signing key")
        if material is None:
            return ExitCode.USAGE
        try:
            signing = Signing(load_signing_key(material, args.signing_alg), args.signing_alg, args.key_id, args.scope)
        except BundleSignatureError as exc:
            print(f"cleangate policy bundle: --signing-key {args.signing_key}: {exc}", file=sys.stderr)
            return ExitCode.USAGE
    bundle = bundle_from(settings_from(args), "cleangate policy bundle")
    if bundle is None:
        return ExitCode.USAGE
    try:
        content = build_opa_bundle(bundle, signing)
    except BundleSignatureError as exc:
        print(f"cleangate policy bundle: cannot sign: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    path: Path = args.output
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    signed = f", signed {args.signing_alg} key {args.key_id}" if signing else ""
    print(f"wrote {path} (revision {bundle.revision}, {len(bundle.policy_files)} policy files{signed})")
    return ExitCode.PASS


def run_bundle_verify(args: argparse.Namespace) -> int:
    """Exit 0 when OPA would accept the bundle's signature, 1 when it would reject it, 2 on bad arguments."""
    material = _read_key(args.verification_key, "verification key")
    if material is None:
        return ExitCode.USAGE
    try:
        key = load_verification_key(material, args.signing_alg)
    except BundleSignatureError as exc:
        print(f"cleangate policy bundle verify: --verification-key {args.verification_key}: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    try:
        data = args.bundle_file.read_bytes()
    except OSError as exc:
        print(f"cleangate policy bundle verify: cannot read {args.bundle_file}: {exc.strerror}", file=sys.stderr)
        return ExitCode.USAGE
    try:
        files = read_tarball(data)
    except BundleSignatureError as exc:
        print(f"cleangate policy bundle verify: {args.bundle_file}: {exc}", file=sys.stderr)
        return ExitCode.USAGE
    try:
        result = verify(files, key, args.signing_alg, args.key_id or "", args.scope)
    except BundleSignatureError as exc:
        print(f"{args.bundle_file}: REJECTED: {exc}")
        return ExitCode.BLOCK
    scope = f", scope {result.scope!r}" if result.scope else ""
    print(f"{args.bundle_file}: OK: signed by key {result.key_id!r} ({args.signing_alg}{scope}); "
          f"{len(result.files)} files match their digests")
    return ExitCode.PASS

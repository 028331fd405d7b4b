"""`cleangate policy check|test|docs`: tooling for the people who write and review policies.

- `check [DIR]`: METADATA completeness, untested rule ids, import-alias function calls; exit 1 on any.
- `test [DIR] [--run REGEX] [-v]`: run `test_*` rules with the gate's engine, like `opa test`.
- `docs [--output FILE] [--check]`: write the rule catalogue (docs/policies.md) from METADATA.
- `bundle [--output FILE]`: the policies and data as an OPA bundle (tar.gz) for an OPA server.

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

from service.bundle import PolicyBundle, builtin_policy_dir, load_bundle
from service.bundle.catalogue_doc import render
from service.bundle.opa_bundle import build_opa_bundle
from service.cli.common import add_policy_options, bundle_from, settings_from
from service.engines import ENGINE_NAMES, PolicyLoadError, RegorusEngine
from service.engines.opa_engine import EngineUnavailable
from service.policytest import check_bundle, discover, run_tests, select, summary_line
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

    bundle = psub.add_parser("bundle", help="write the policies as an OPA bundle (tar.gz)")
    bundle.add_argument("--output", "-o", type=Path, default=Path("bundle.tar.gz"), metavar="FILE")
    add_policy_options(bundle)
    bundle.set_defaults(run=run_bundle)


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
        return 2
    bundle, prefix, folder = loaded
    files = [f for f in bundle.files if f.path.startswith(prefix)]
    annotations = [a for a in bundle.annotations if a.file.startswith(prefix)]
    problems = check_bundle(files, annotations)
    try:  # a bundle that does not compile is the first problem, not a clean bill of health
        RegorusEngine(bundle, include_tests=True)
    except PolicyLoadError as exc:
        where, _, why = str(exc).partition(": ")
        problems.insert(0, Problem(where, 1, f"does not compile: {why.strip()}"))
    for problem in problems:
        print(f"{_on_disk(problem.file, prefix, folder)}:{problem.line}: {problem.message}")
    rules = {a.rule.id for a in annotations if a.rule is not None and not a.is_test}
    print(f"{len(files)} files, {len(rules)} rules, {len(problems)} problems")
    return 1 if problems else 0


def run_test(args: argparse.Namespace) -> int:
    loaded = _load(args.dir)
    if loaded is None:
        return 2
    bundle, prefix, folder = loaded
    try:
        cases = select(discover([f for f in bundle.files if f.path.startswith(prefix)]), args.pattern)
    except re.error as exc:
        print(f"cleangate policy test: --run {args.pattern!r} is not a valid regular expression: {exc}",
              file=sys.stderr)
        return 2
    if args.coverage and args.engine != "opa":
        print("cleangate policy test: --coverage needs --engine opa (OPA's coverage tracer)", file=sys.stderr)
        return 2
    coverage = CoverageCollector() if args.coverage else None
    try:
        results = run_tests(bundle, cases, args.engine, coverage)
    except EngineUnavailable as exc:
        print(f"cleangate policy test: {exc}", file=sys.stderr)
        return 2
    except PolicyLoadError as exc:
        print(f"cleangate policy test: policies do not compile: {exc}", file=sys.stderr)
        return 2
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
    return 0 if all(r.status == "PASS" for r in results) else 1


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
        return 2
    text = render(bundle)
    path: Path = args.output
    if args.check:
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current != text:
            print(f"{path} is stale; run `cleangate policy docs -o {path}` and commit it", file=sys.stderr)
            return 1
        print(f"{path} is up to date")
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path} ({len({r.id for r in bundle.rules})} rules)")
    return 0


def run_bundle(args: argparse.Namespace) -> int:
    bundle = bundle_from(settings_from(args), "cleangate policy bundle")
    if bundle is None:
        return 2
    path: Path = args.output
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(build_opa_bundle(bundle))
    print(f"wrote {path} (revision {bundle.revision}, {len(bundle.policy_files)} policy files)")
    return 0

"""Which documented rules no test makes fire: `cleangate policy check`'s coverage criterion.

A rule id quoted somewhere in a test file (the check this replaces) says nothing about whether a
test ever makes the rule produce a finding: a test that only asserts the rule stays silent, or a
test of another package naming the id, passed it. The criterion here is real coverage: every
test of the packages under scrutiny is run on regorus with its coverage tracer on, and a rule
(a METADATA-documented `deny`/`warn`/`info` rule or `undetermined` set) counts as tested when
its head line is covered. Regorus covers a rule's head only when the rule yields a value (a body
that fails on its first statement leaves the head uncovered), so "covered head" means "some test
made this rule fire". A rule written on one line (`deny contains f if cond`) shares its head line
with its body and counts as covered once evaluated: such rules should be written with a braced
body, as every built-in rule is.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import regorus

from service.bundle import PolicyBundle, PolicyFile
from service.bundle.metadata import Annotation
from service.bundle.rego_source import FINDING_SETS
from service.policytest.runner import TestCase, _run_package

FINDING_KINDS = frozenset(FINDING_SETS)


def head_line(source: str, metadata_line: int) -> int:
    """The 1-based line of the statement a `# METADATA` block (starting at metadata_line) annotates."""
    lines = source.splitlines()
    i = metadata_line  # the line after "# METADATA" (0-based index of the next line)
    while i < len(lines) and (lines[i].lstrip().startswith("#") or not lines[i].strip()):
        i += 1
    return i + 1


def covered_rows(bundle: PolicyBundle, cases: list[TestCase]) -> dict[str, set[int]]:
    """Rows (per bundle file label) that regorus covered while running the given tests."""
    engine: Any = regorus.Engine()
    engine.set_rego_v0(False)
    for f in bundle.files:
        engine.add_policy(f.path, f.source)
    engine.add_data_json(json.dumps(bundle.data))
    engine.set_enable_coverage(True)

    def ask(query: str) -> str:
        try:
            result: str = engine.eval_query_as_json(query)
        except RuntimeError as exc:
            raise RuntimeError(str(exc)) from None
        return result

    by_package: dict[str, list[TestCase]] = {}
    for case in cases:
        by_package.setdefault(case.package, []).append(case)
    run: Callable[[str], str] = ask
    for package, group in by_package.items():
        _run_package(run, package, group)
    report = json.loads(engine.get_coverage_report_as_json())
    return {entry["path"]: set(entry.get("covered") or []) for entry in report.get("files") or []}


def unfired_rules(bundle: PolicyBundle, files: list[PolicyFile], annotations: list[Annotation],
                  cases: list[TestCase]) -> list[tuple[Annotation, str, int]]:
    """(annotation, label, head line) of every documented finding rule no test makes fire."""
    covered = covered_rows(bundle, cases)
    source = {f.path: f.source for f in files if not f.is_test}
    out = []
    for a in annotations:
        if a.is_test or a.target not in FINDING_KINDS or a.file not in source:
            continue
        line = head_line(source[a.file], a.line)
        if line not in covered.get(a.file, set()):
            out.append((a, a.rule.id if a.rule else a.target, line))
    return out

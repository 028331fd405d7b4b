"""Run Rego unit tests (`test_*` rules in `*_test.rego`) with the gate's own engine.

The tests that matter are the ones the gate's engine runs: regorus by default, or real OPA
(`--engine opa`), which CI runs too so that a policy that only works on one engine is caught. A
test passes when its rule is `true`, fails when it is undefined or any other value, and errors
when the engine cannot evaluate it; the same three outcomes `opa test` reports. With OPA the
runner can also collect OPA's coverage tracer over every test, per policy file.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from service.bundle import PolicyBundle, PolicyFile
from service.bundle.rego_source import package_name, test_rules
from service.engines import EngineName, make_engine

Status = Literal["PASS", "FAIL", "ERROR"]


@dataclass(frozen=True)
class TestCase:
    package: str
    name: str
    file: str
    line: int

    @property
    def path(self) -> str:
        """The rule's full path, which `--run` matches like `opa test --run` does."""
        return f"data.{self.package}.{self.name}"


@dataclass(frozen=True)
class TestResult:
    case: TestCase
    status: Status
    duration_ms: float
    message: str = ""


def discover(files: list[PolicyFile]) -> list[TestCase]:
    """Every distinct `test_*` rule in the test files, in file order.

    A rule defined several times (incremental definitions) is one test, as in OPA.
    """
    cases: list[TestCase] = []
    seen: set[tuple[str, str]] = set()
    for f in files:
        if not f.is_test:
            continue
        package = package_name(f.source)
        if not package:
            continue
        for name, line in test_rules(f.source):
            if (package, name) in seen:
                continue
            seen.add((package, name))
            cases.append(TestCase(package, name, f.path, line))
    return cases


def select(cases: list[TestCase], pattern: str | None) -> list[TestCase]:
    if not pattern:
        return cases
    regex = re.compile(pattern)
    return [c for c in cases if regex.search(c.path)]


@dataclass
class FileCoverage:
    """Rows of one policy file that some test evaluated, out of the rows OPA can cover."""

    covered: set[int]
    coverable: set[int]

    @property
    def percent(self) -> float:
        return 100.0 * len(self.covered) / len(self.coverable) if self.coverable else 100.0


class CoverageCollector:
    """The union of OPA's per-evaluation coverage reports over a whole test run."""

    def __init__(self) -> None:
        self.files: dict[str, FileCoverage] = {}

    def add(self, report: dict[str, Any] | None) -> None:
        for path, entry in ((report or {}).get("files") or {}).items():
            cov = self.files.setdefault(path, FileCoverage(set(), set()))
            for key, target in (("covered", cov.covered), ("not_covered", None)):
                for span in entry.get(key) or []:
                    rows = set(range(span["start"]["row"], span["end"]["row"] + 1))
                    cov.coverable |= rows
                    if target is not None:
                        target |= rows


def run_tests(bundle: PolicyBundle, cases: list[TestCase], engine: EngineName = "regorus",
              coverage: CoverageCollector | None = None) -> list[TestResult]:
    """Compile the bundle with its test files once, then evaluate the tests package by package.

    One query per package answers every test of it (`{name: value | ...}`): OPA prepares each
    distinct query anew, so one query per test cost 200 ms a test, and a batch also gives the
    coverage tracer one report per package. A test that is undefined is simply absent from the
    answer (FAIL); if the batch errors, the package's tests run one by one so that exactly the
    erroring tests say ERROR. Durations are the package's time shared among its tests.
    Coverage needs OPA (`engine="opa"`). Raises PolicyLoadError when the bundle (policies or
    tests) does not compile, or when the engine asked for is not installed.
    """
    compiled = make_engine(engine, bundle, include_tests=True)
    ask: Callable[[str], str] = compiled.query
    if coverage is not None:
        from service.engines.opa_engine import OpaEngine

        if not isinstance(compiled, OpaEngine):
            raise ValueError("coverage needs the OPA engine (--engine opa)")
        opa, collector = compiled, coverage

        def ask(query: str) -> str:
            raw, report = opa.query_with_coverage(query)
            collector.add(report)
            return raw

    by_package: dict[str, list[TestCase]] = {}
    for case in cases:
        by_package.setdefault(case.package, []).append(case)
    outcome: dict[TestCase, TestResult] = {}
    for package, group in by_package.items():
        outcome.update(_run_package(ask, package, group))
    return [outcome[case] for case in cases]


def _run_package(ask: Callable[[str], str], package: str, group: list[TestCase]) -> dict[TestCase, TestResult]:
    names = json.dumps(sorted({c.name for c in group}))
    started = time.perf_counter()
    try:
        values = _values(ask(f"{{n: v | some n in {names}; v := data.{package}[n]}}"))
    except RuntimeError:
        return {case: _run_one(ask, case) for case in group}
    share = _ms(started) / len(group)
    answers = values[0] if values and isinstance(values[0], dict) else {}
    return {case: _result(case, [answers[case.name]] if case.name in answers else [], share) for case in group}


def _run_one(ask: Callable[[str], str], case: TestCase) -> TestResult:
    started = time.perf_counter()
    try:
        values = _values(ask(case.path))
    except RuntimeError as exc:
        return TestResult(case, "ERROR", _ms(started), str(exc))
    return _result(case, values, _ms(started))


def _values(raw: str) -> list[Any]:
    results = json.loads(raw).get("result") or []
    return [e.get("value") for r in results for e in r.get("expressions") or []]


def _result(case: TestCase, values: list[Any], duration_ms: float) -> TestResult:
    if values == [True]:
        return TestResult(case, "PASS", round(duration_ms, 3))
    message = "undefined (a condition did not hold)" if not values else f"value is {json.dumps(values[0])[:200]}"
    return TestResult(case, "FAIL", round(duration_ms, 3), message)


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 3)


def summary_line(results: list[TestResult]) -> str:
    passed = sum(r.status == "PASS" for r in results)
    failed = sum(r.status == "FAIL" for r in results)
    errored = sum(r.status == "ERROR" for r in results)
    line = f"{passed} passed, {failed} failed"
    return line + (f", {errored} errored" if errored else "")

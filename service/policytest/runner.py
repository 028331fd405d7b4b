"""Run Rego unit tests (`test_*` rules in `*_test.rego`) with the gate's own engine.

`opa test` would prove the policies work in OPA; the gate evaluates them with regorus, so the
tests that matter are the ones regorus runs. A test passes when its rule is `true`, fails when
it is undefined or any other value, and errors when the engine cannot evaluate it; the same
three outcomes `opa test` reports.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from typing import Literal

from service.bundle import PolicyBundle, PolicyFile
from service.engines import RegorusEngine

TEST_RULE = re.compile(r"^(?P<name>test_[A-Za-z0-9_]*)\b", re.M)
PACKAGE = re.compile(r"^package\s+(?P<name>[A-Za-z0-9_.]+)", re.M)

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
        package = PACKAGE.search(f.source)
        if package is None:
            continue
        for match in TEST_RULE.finditer(f.source):
            key = (package["name"], match["name"])
            if key in seen:
                continue
            seen.add(key)
            line = f.source.count("\n", 0, match.start()) + 1
            cases.append(TestCase(package["name"], match["name"], f.path, line))
    return cases


def select(cases: list[TestCase], pattern: str | None) -> list[TestCase]:
    if not pattern:
        return cases
    regex = re.compile(pattern)
    return [c for c in cases if regex.search(c.path)]


def run_tests(bundle: PolicyBundle, cases: list[TestCase]) -> list[TestResult]:
    """Compile the bundle with its test files once, then evaluate each test on a fresh clone.

    Raises PolicyLoadError when the bundle (policies or tests) does not compile.
    """
    engine = RegorusEngine(bundle, include_tests=True)
    return [_run_one(engine, case) for case in cases]


def _run_one(engine: RegorusEngine, case: TestCase) -> TestResult:
    started = time.perf_counter()
    try:
        raw = engine.query(case.path)
    except RuntimeError as exc:
        return TestResult(case, "ERROR", _ms(started), str(exc))
    results = json.loads(raw).get("result") or []
    values = [e.get("value") for r in results for e in r.get("expressions") or []]
    if values == [True]:
        return TestResult(case, "PASS", _ms(started))
    message = "undefined (a condition did not hold)" if not values else f"value is {json.dumps(values[0])[:200]}"
    return TestResult(case, "FAIL", _ms(started), message)


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 3)


def summary_line(results: list[TestResult]) -> str:
    passed = sum(r.status == "PASS" for r in results)
    failed = sum(r.status == "FAIL" for r in results)
    errored = sum(r.status == "ERROR" for r in results)
    line = f"{passed} passed, {failed} failed"
    return line + (f", {errored} errored" if errored else "")

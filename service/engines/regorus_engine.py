"""The embedded engine: regorus, compiled once at start-up and prepared once for evaluations.

Input and data go in as JSON text and results come out as JSON text, because the binding's
dict API turns booleans into numbers and its result API returns floats and chokes on sets of
arrays (docs/policy-authoring.md, "Regorus pitfalls"; tests/opa_cases/README.md); tests in
tests/test_engine.py pin both pitfalls.
"""

from __future__ import annotations

import json
from importlib import metadata
from typing import Any

import regorus

from service.bundle import PolicyBundle
from service.engines.interface import EngineResult, PackageResult, PolicyEngine, PolicyLoadError

# regorus reports policy errors as RuntimeError, but a Rust panic inside a builtin (e.g.
# strings.count with an empty needle) surfaces as pyo3's PanicException, a BaseException
# subclass that `except Exception` misses and that cannot be imported by name. Anything the
# engine raises becomes a fail-closed finding, except the interpreter's own control flow.
NOT_ENGINE_FAILURES = (KeyboardInterrupt, SystemExit, GeneratorExit)


def clean_error(exc: BaseException) -> str:
    """regorus errors carry a Rust backtrace when RUST_BACKTRACE is set; keep the message only."""
    text = str(exc).split("Stack backtrace:")[0].strip()
    return text or type(exc).__name__


class RegorusEngine(PolicyEngine):
    name = "regorus"

    def __init__(self, bundle: PolicyBundle, include_tests: bool = False) -> None:
        self.version = metadata.version("celine-regorus")
        engine = regorus.Engine()
        engine.set_rego_v0(False)
        files = bundle.files if include_tests else bundle.policy_files
        for f in files:
            try:
                engine.add_policy(f.path, f.source)
            except RuntimeError as exc:
                raise PolicyLoadError(f"{f.path}: {clean_error(exc)}") from None
        engine.add_data_json(json.dumps(bundle.data))
        # regorus prepares (analyses and schedules) the modules on the first evaluation; a clone
        # of an unprepared engine prepares again every time. One throwaway query here cut the
        # chatbot example from 12.4 ms to 4.5 ms per evaluation.
        engine.set_input_json("{}")
        engine.eval_query_as_json("true")
        self._compiled: Any = engine  # the binding's stubs lack clone()
        self.targets = bundle.finding_sets(include_tests)
        self.packages = sorted({package for package, _ in self.targets})  # bench/bench_rego_growth.py
        self._query = one_query(self.targets)
        self._prepared: Any = self._fresh_evaluator()

    def query(self, query: str, input_json: str | None = None) -> str:
        """Evaluate one query on a fresh clone (the policy test runner asks for `data.pkg.test_x`).

        Returns the engine's JSON result text; raises RuntimeError with the engine's message.
        """
        engine = self._compiled.clone()
        if input_json is not None:
            engine.set_input_json(input_json)
        try:
            result: str = engine.eval_query_as_json(query)
        except RuntimeError as exc:
            raise RuntimeError(clean_error(exc)) from None
        return result

    def _fresh_evaluator(self) -> Any:
        """A clone that has run the finding-set query once, so later evaluations skip its set-up."""
        engine = self._compiled.clone()
        engine.set_input_json("{}")
        try:
            engine.eval_query_as_json(self._query)
        except BaseException as exc:  # a policy that fails on an empty input fails again, per package, later
            if isinstance(exc, NOT_ENGINE_FAILURES):
                raise
        return engine

    def evaluate(self, input_json: str) -> EngineResult:
        """One input, one query for every finding set, on the engine prepared for it.

        The query names the sets themselves (`data.pkg.deny`), not whole package documents,
        which would materialise every helper rule (~50x slower); one query instead of one
        `eval_rule` per set lets helper rules shared across sets be evaluated once (-20%).
        If it fails, each set is evaluated alone so that only the broken package fails closed.

        The same prepared engine serves every evaluation instead of a clone per call (a clone
        redoes ~0.5 ms of query set-up). That is safe because each call replaces the whole input
        document, rule values are not kept between queries (tests/test_engine.py alternates
        manifests and compares with fresh clones), and the binding refuses use from any thread
        but the one that built it, as it refused the clone before; the server evaluates in
        worker processes (service/evalpool.py), one manifest at a time per process. After a
        failed query the engine is replaced, in case the failure left it in a partial state.
        """
        engine = self._prepared
        engine.set_input_json(input_json)
        try:
            raw = json.loads(engine.eval_query_as_json(self._query))
        except BaseException as exc:
            if isinstance(exc, NOT_ENGINE_FAILURES):
                raise
            self._prepared = self._fresh_evaluator()
            return self._evaluate_each(input_json)
        results = raw.get("result") or []
        values = (results[0].get("bindings") or {}).get("x") if results else None
        if not isinstance(values, list) or len(values) != len(self.targets):
            # An undefined set makes the whole array undefined: find out set by set, never
            # read "no answer" as "no findings".
            return self._evaluate_each(input_json)
        result = EngineResult()
        for (package, kind), value in zip(self.targets, values, strict=True):
            pkg = result.packages.setdefault(package, PackageResult())
            setattr(pkg, kind, _as_findings(value))
        return result

    def _evaluate_each(self, input_json: str) -> EngineResult:
        engine = self._compiled.clone()
        engine.set_input_json(input_json)
        result = EngineResult()
        for package, kind in self.targets:
            if package in result.errors:
                continue
            try:
                value = json.loads(engine.eval_rule_as_json(f"data.{package}.{kind}"))
            except BaseException as exc:
                if isinstance(exc, NOT_ENGINE_FAILURES):
                    raise
                result.errors[package] = clean_error(exc)
                result.packages.pop(package, None)
                continue
            pkg = result.packages.setdefault(package, PackageResult())
            setattr(pkg, kind, _as_findings(value))
        return result


def one_query(targets: list[tuple[str, str]]) -> str:
    """`x := [data.pkg.deny, ...]`, one set per line.

    regorus refuses a query line longer than 1,024 characters ("expecting"), and the library's
    69 finding sets make a 2.5 KB line: every evaluation then failed the one query and fell back
    to one `eval_rule` per set, 12 ms instead of ~2 (tests/test_engine.py pins the one-query path).
    """
    return "x := [\n" + ",\n".join(f"data.{p}.{k}" for p, k in targets) + "\n]"


def _as_findings(value: Any) -> list[Any]:
    """A finding set as a list; anything else is passed on whole, so that `decide` reports it as a
    malformed finding (block) instead of it silently counting as "no findings"."""
    if isinstance(value, list):
        return value
    if value is None or value == UNDEFINED:
        return []
    return [value]


UNDEFINED = "<undefined>"
"""What the binding's eval_rule_as_json answers for a rule that is not defined for this input."""

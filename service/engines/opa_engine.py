"""Real OPA as an engine: the OPA Go library (`github.com/open-policy-agent/opa/v1/rego`) in-process.

regorus is the default because it is smaller and a little faster; OPA is what most platform teams
run, so it is the reference a policy author trusts and the oracle CI compares regorus against
(tests/test_engine_oracle.py). The binding is PyPI `opa-golib-python-bindings`, a ctypes wrapper
around a Go shared library. Its metadata says Python >= 3.14 but it runs on 3.11, so it is
installed with `pip install --ignore-requires-python opa-golib-python-bindings==0.4.4` (an extra
cannot carry that flag; docs/engines.md says so).

The shape of the work is the regorus engine's: one query for every finding set, and set by set
only when that query fails, so that exactly the broken package fails closed.
"""

from __future__ import annotations

import json
import threading
from importlib import metadata
from typing import Any

from service.bundle import PolicyBundle
from service.engines.interface import EngineResult, PackageResult, PolicyEngine, PolicyLoadError
from service.engines.regorus_engine import NOT_ENGINE_FAILURES, _as_findings

DISTRIBUTION = "opa-golib-python-bindings"
INSTALL_HINT = f"pip install --ignore-requires-python {DISTRIBUTION}==0.4.4"


class EngineUnavailable(PolicyLoadError):
    """The OPA library is not installed; the gate refuses to start rather than fall back silently."""


def _opa_module() -> Any:
    try:
        import opa_bindings
    except ImportError:
        raise EngineUnavailable(f"the OPA engine needs the OPA Go library: {INSTALL_HINT}") from None
    return opa_bindings


class OpaEngine(PolicyEngine):
    name = "opa"

    def __init__(self, bundle: PolicyBundle, include_tests: bool = False) -> None:
        opa = _opa_module()
        self._error_type: type[Exception] = opa.OpaError
        self.version = metadata.version(DISTRIBUTION)
        files = bundle.files if include_tests else bundle.policy_files
        engine = opa.OpaEngine()
        engine.print_handler = lambda message, location: None  # print() output is not a result
        for f in files:
            try:
                engine.add_policy(f.path, f.source)
            except self._error_type as exc:
                raise PolicyLoadError(f"{f.path}: {exc}") from None
        engine.add_data(bundle.data)
        self._engine = engine
        self.targets = bundle.finding_sets(include_tests)
        self._query = "x := [" + ", ".join(f"data.{p}.{k}" for p, k in self.targets) + "]"
        # The binding serialises evaluations per engine; coverage is per evaluation, so the test
        # runner's coverage union needs its own lock around eval + read.
        self._coverage_lock = threading.Lock()
        try:  # compile now: a type error in a module must stop start-up, as with regorus
            engine.eval_query("x := 1", {})
        except self._error_type as exc:
            raise PolicyLoadError(str(exc)) from None

    def _bindings(self, query: str, input_value: Any, coverage: bool = False) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = self._engine.eval_query(query, input_value, coverage=coverage)
        return rows

    def query(self, query: str, input_json: str | None = None) -> str:
        """Evaluate one expression, answering in the JSON shape regorus's `eval_query_as_json` has
        (`{"result": [{"expressions": [{"value": ...}]}]}`), so the test runner reads both alike.

        Raises RuntimeError with the engine's message.
        """
        value, _ = self.query_with_coverage(query, input_json, coverage=False)
        return value

    def query_with_coverage(self, query: str, input_json: str | None = None,
                            coverage: bool = True) -> tuple[str, dict[str, Any] | None]:
        """`query`, plus OPA's coverage report of that one evaluation (files -> covered rows)."""
        input_value = json.loads(input_json) if input_json is not None else None
        with self._coverage_lock:
            try:
                rows = self._bindings(f"__x := {query}", input_value, coverage=coverage)
            except self._error_type as exc:
                raise RuntimeError(str(exc)) from None
            report = self._engine.last_coverage if coverage else None
        result = [{"expressions": [{"value": row.get("__x")}]} for row in rows if "__x" in row]
        return json.dumps({"result": result}), report

    def evaluate(self, input_json: str) -> EngineResult:
        input_value = json.loads(input_json)
        try:
            rows = self._bindings(self._query, input_value)
        except BaseException as exc:
            if isinstance(exc, NOT_ENGINE_FAILURES):
                raise
            return self._evaluate_each(input_value)
        values = rows[0].get("x") if rows else None
        if not isinstance(values, list) or len(values) != len(self.targets):
            return self._evaluate_each(input_value)
        result = EngineResult()
        for (package, kind), value in zip(self.targets, values, strict=True):
            pkg = result.packages.setdefault(package, PackageResult())
            setattr(pkg, kind, _as_findings(value))
        return result

    def _evaluate_each(self, input_value: Any) -> EngineResult:
        result = EngineResult()
        for package, kind in self.targets:
            if package in result.errors:
                continue
            try:
                rows = self._bindings(f"x := data.{package}.{kind}", input_value)
            except BaseException as exc:
                if isinstance(exc, NOT_ENGINE_FAILURES):
                    raise
                result.errors[package] = str(exc)
                result.packages.pop(package, None)
                continue
            pkg = result.packages.setdefault(package, PackageResult())
            setattr(pkg, kind, _as_findings(rows[0].get("x") if rows else None))
        return result

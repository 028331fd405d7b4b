"""The embedded engine: regorus, compiled once at start-up, cloned per evaluation.

Input and data go in as JSON text and results come out as JSON text, because the binding's
dict API turns booleans into numbers and its result API returns floats and chokes on sets of
arrays (../shared/opa-cases/README.md); tests in tests/test_engine.py pin both pitfalls.
"""

from __future__ import annotations

import json
import re
from importlib import metadata
from typing import Any

import regorus

from service.bundle import PolicyBundle
from service.engines.interface import EngineResult, PackageResult, PolicyEngine, PolicyLoadError

PACKAGE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")


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
        self.packages = [p.removeprefix("data.") for p in engine.get_packages()]
        self.packages = [p for p in self.packages if PACKAGE_NAME.match(p)]
        self._compiled: Any = engine  # the binding's stubs lack clone()
        self._query = self._build_query(self.packages)

    @staticmethod
    def _build_query(packages: list[str]) -> str:
        parts = ", ".join(
            f'"{p}": {{' + ", ".join(f'"{k}": object.get(data.{p}, "{k}", [])' for k in _KEYS) + "}"
            for p in packages
        )
        return f"x := {{{parts}}}"

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

    def evaluate(self, input_json: str) -> EngineResult:
        engine = self._compiled.clone()
        engine.set_input_json(input_json)
        try:
            bindings = _bindings(engine.eval_query_as_json(self._query))
        except RuntimeError:
            return self._evaluate_each(input_json)
        return EngineResult(packages={p: _package_result(v) for p, v in (bindings.get("x") or {}).items()})

    def _evaluate_each(self, input_json: str) -> EngineResult:
        """One package failed the combined query: find out which, keep the others' results."""
        result = EngineResult()
        for package in self.packages:
            engine = self._compiled.clone()
            engine.set_input_json(input_json)
            try:
                bindings = _bindings(engine.eval_query_as_json(self._build_query([package])))
            except RuntimeError as exc:
                result.errors[package] = clean_error(exc)
                continue
            result.packages[package] = _package_result((bindings.get("x") or {}).get(package, {}))
        return result


_KEYS = ("deny", "warn", "info", "applies")


def _bindings(raw: str) -> dict[str, Any]:
    results = json.loads(raw).get("result") or []
    if not results:
        return {}
    bindings = results[0].get("bindings") or {}
    return bindings if isinstance(bindings, dict) else {}


def _package_result(value: object) -> PackageResult:
    if not isinstance(value, dict):
        return PackageResult()
    return PackageResult(**{k: list(value.get(k) or []) for k in _KEYS})

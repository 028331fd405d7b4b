"""What a Rego engine must do for the gate, whichever engine it is.

The gate asks one thing: evaluate the bundle's packages against one input document and hand
back, per package, the findings in `deny`/`warn`/`info`, the missing deciding facts in
`undetermined` and the rule ids in `applies`. An
engine never decides a verdict and never formats anything; a package it cannot evaluate is
reported in `errors` so that the decision can fail closed for exactly that package.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any


@dataclass
class PackageResult:
    deny: list[Any] = field(default_factory=list)
    warn: list[Any] = field(default_factory=list)
    info: list[Any] = field(default_factory=list)
    undetermined: list[Any] = field(default_factory=list)
    """Missing facts, each {rule, path, expected, why} (data.cleangate.lib.undetermined_fact)."""
    applies: list[Any] = field(default_factory=list)


@dataclass
class EngineResult:
    packages: dict[str, PackageResult] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    """Package name to the reason it could not be evaluated."""


class PolicyEngine(ABC):
    name: str
    version: str

    @abstractmethod
    def evaluate(self, input_json: str) -> EngineResult:
        """Evaluate every policy package against `input_json` (the input document as JSON text)."""

    @abstractmethod
    def query(self, query: str, input_json: str | None = None) -> str:
        """Evaluate one Rego expression (the test runner asks for `data.pkg.test_x`); the answer is
        `{"result": [{"expressions": [{"value": ...}]}]}` as JSON text, an empty `result` when it is
        undefined. Raises RuntimeError with the engine's message."""


class PolicyLoadError(Exception):
    """The bundle does not compile; the gate refuses to start rather than pass everything."""

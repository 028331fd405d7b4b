"""Rego engines behind one interface: the embedded regorus engine is the default.

`make_engine` is the one place a configured engine name (CLEANGATE_ENGINE, `--engine`) becomes
an engine, so the CLI, the server and the test runner cannot disagree about what a name means.
"""

from typing import Literal

from service.bundle import PolicyBundle
from service.engines.interface import EngineResult, PackageResult, PolicyEngine, PolicyLoadError
from service.engines.regorus_engine import RegorusEngine

EngineName = Literal["regorus", "opa"]
ENGINE_NAMES: tuple[EngineName, ...] = ("regorus", "opa")


def make_engine(name: EngineName, bundle: PolicyBundle, include_tests: bool = False) -> PolicyEngine:
    """The engine called `name`, compiled with the bundle; PolicyLoadError when it cannot be built."""
    if name == "opa":
        from service.engines.opa_engine import OpaEngine  # the Go library loads only when asked for

        return OpaEngine(bundle, include_tests=include_tests)
    return RegorusEngine(bundle, include_tests=include_tests)


__all__ = [
    "ENGINE_NAMES", "EngineName", "EngineResult", "PackageResult", "PolicyEngine", "PolicyLoadError",
    "RegorusEngine", "make_engine",
]

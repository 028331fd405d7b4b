"""Rego engines behind one interface: the embedded regorus engine is the default.

`make_engine` is the one place a configured engine name (CLEANGATE_ENGINE, `--engine`) becomes
an engine, so the CLI, the server and the test runner cannot disagree about what a name means.
"""

from typing import Literal

from service.bundle import PolicyBundle
from service.engines.interface import EngineResult, PackageResult, PolicyEngine, PolicyLoadError
from service.engines.regorus_engine import RegorusEngine
from service.settings import Settings

EngineName = Literal["regorus", "opa", "opa-server"]
ENGINE_NAMES: tuple[EngineName, ...] = ("regorus", "opa", "opa-server")


def make_engine(name: EngineName, bundle: PolicyBundle, include_tests: bool = False,
                settings: Settings | None = None) -> PolicyEngine:
    """The engine called `name`, compiled with the bundle; PolicyLoadError when it cannot be built.

    `opa-server` needs the settings (CLEANGATE_OPA_URL, CLEANGATE_OPA_TOKEN, ...)."""
    if name == "opa-server":
        from service.engines.opa_server_engine import OpaServerEngine

        settings = settings or Settings()
        if not settings.opa_url:
            raise PolicyLoadError("CLEANGATE_ENGINE=opa-server needs CLEANGATE_OPA_URL (http(s)://host:port)")
        token = settings.opa_token.get_secret_value() if settings.opa_token else None
        return OpaServerEngine(bundle, settings.opa_url, token, timeout=settings.opa_timeout, push=settings.opa_push)
    if name == "opa":
        from service.engines.opa_engine import OpaEngine  # the Go library loads only when asked for

        return OpaEngine(bundle, include_tests=include_tests)
    return RegorusEngine(bundle, include_tests=include_tests)


__all__ = [
    "ENGINE_NAMES", "EngineName", "EngineResult", "PackageResult", "PolicyEngine", "PolicyLoadError",
    "RegorusEngine", "make_engine",
]

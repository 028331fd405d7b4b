"""Build the FastAPI application: compile the policies once, mount the routers.

Policies are compiled at start-up, not at the first request, so a broken policy bundle stops
the server from starting (and from passing anything) instead of failing later.
"""

from __future__ import annotations

from fastapi import FastAPI

from service import __version__
from service.api import problems
from service.api.routes import catalogue, evaluate, health
from service.bundle import load_bundle
from service.gate import Gate
from service.settings import Settings


def build_gate(settings: Settings) -> Gate:
    bundle = load_bundle(settings.policy_dirs, settings.policy_data)
    return Gate(bundle, limits=settings.limits())


def create_app(settings: Settings | None = None, gate: Gate | None = None) -> FastAPI:
    settings = settings or Settings()
    app = FastAPI(
        title="cleangate",
        version=__version__,
        description="Policy-as-code compliance gate for AI systems: AI-BOM in, pass/warn/block out.",
    )
    app.state.settings = settings
    app.state.gate = gate or build_gate(settings)
    problems.install(app)
    for module in (evaluate, catalogue, health):
        app.include_router(module.router)
    return app


def app_factory() -> FastAPI:
    """Entry point for `uvicorn --factory service.api.app:app_factory` (one gate per worker)."""
    return create_app()

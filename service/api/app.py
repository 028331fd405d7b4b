"""Build the FastAPI application: compile the policies, open and migrate the store, mount routers.

Policies are compiled at start-up, not at the first request, so a broken policy bundle stops
the server from starting (and from passing anything) instead of failing later. The same goes
for the database: a gate that cannot record decisions does not start.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse

from sbom.errors import FieldProblem
from service import __version__
from service.api import accesslog, jsonlog, problems
from service.api.auth import require
from service.api.bodylimit import BodyLimit
from service.api.metrics import AppMetrics
from service.api.routes import audit, catalogue, decisions, evaluate, health, metrics, opa_data, tokens, waivers
from service.bundle import load_bundle
from service.engines import make_engine
from service.gate import Gate
from service.settings import Settings
from service.store import Store, StoreError, open_store
from service.waivers import report

log = logging.getLogger("cleangate.api")


def build_gate(settings: Settings) -> Gate:
    bundle = load_bundle(settings.policy_dirs, settings.policy_data)
    return Gate(bundle, make_engine(settings.engine, bundle, settings=settings), limits=settings.limits())


def _warn_about_waivers(store: Store, gate: Gate, settings: Settings) -> None:
    known = {r.id for r in gate.bundle.rules}
    for item in report(store.list_waivers(), known, settings.waiver_warn_days):
        for warning in item["warnings"]:
            log.warning("waiver needs attention: %s", warning, extra={"waiver_id": item["id"],
                                                                      "system": item["system"]})


def create_app(settings: Settings | None = None, gate: Gate | None = None, store: Store | None = None) -> FastAPI:
    settings = settings or Settings()
    jsonlog.configure(settings.log_level)
    accesslog.install()
    gate = gate or build_gate(settings)
    store = store or open_store(settings)
    if not settings.record_decisions:
        log.warning("CLEANGATE_RECORD_DECISIONS is off: decisions are NOT stored in the audit log")
    _warn_about_waivers(store, gate, settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        store.close()

    app = FastAPI(
        title="cleangate",
        version=__version__,
        description="Policy-as-code compliance gate for AI systems: AI-BOM in, pass/warn/block out. "
                    "Every endpoint except /healthz and /readyz (and these docs) needs a bearer token.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.gate = gate
    app.state.store = store
    known_rules = {r.id for r in gate.bundle.rules}
    app.state.metrics = AppMetrics(store, lambda: known_rules, settings.waiver_warn_days)
    problems.install(app)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)

    @app.exception_handler(StoreError)
    async def store_error(_: Request, exc: StoreError) -> JSONResponse:
        return problems.problem(exc.status, exc.message, errors=[FieldProblem(exc.pointer, exc.message)])

    app.include_router(evaluate.router)
    app.include_router(catalogue.router, dependencies=[Depends(require("read"))])
    for module in (decisions, audit, waivers, tokens, metrics, health, opa_data):
        app.include_router(module.router)
    return app


def app_factory() -> FastAPI:
    """Entry point for `uvicorn --factory service.api.app:app_factory` (one gate per worker)."""
    return create_app()

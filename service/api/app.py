"""Build the FastAPI application: compile the policies, open and migrate the store, mount routers.

Policies are compiled at start-up, not at the first request, so a broken policy bundle stops
the server from starting (and from passing anything) instead of failing later. The same goes
for the database: a gate that cannot record decisions does not start.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.concurrency import run_in_threadpool

from service import __version__
from service.api import accesslog, jsonlog, problems
from service.api.auth import require
from service.api.bodylimit import BodyLimit
from service.api.connections import files_needed, raise_open_files_limit
from service.api.metrics import AppMetrics
from service.api.ratelimit import FailureLimiter
from service.api.routes import (
    attestations,
    audit,
    calendar,
    catalogue,
    checkpoints,
    decisions,
    evaluate,
    health,
    lineage,
    metrics,
    opa_data,
    reports,
    tokens,
    waivers,
)
from service.attest.keys import SigningKey
from service.attest.signing import signing_key_from
from service.bundle import load_bundle
from service.engines import make_engine
from service.evalpool import EvaluationPool
from service.gate import Gate
from service.settings import Settings
from service.store import Store, open_store
from service.waivers import report

log = logging.getLogger("cleangate.api")


def build_gate(settings: Settings) -> Gate:
    bundle = load_bundle(settings.policy_dirs, settings.policy_data)
    return Gate(bundle, make_engine(settings.engine, bundle, settings=settings), limits=settings.limits(),
                evidence=settings.evidence_config())


def _warn_about_waivers(store: Store, gate: Gate, settings: Settings) -> None:
    known = gate.bundle.rule_ids
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

    signing = signing_key_from(settings)  # a configured key that cannot be used stops the start
    store.record_settings(settings_snapshot(settings, gate, signing), "gate-start")
    pool = EvaluationPool(gate.bundle, settings, settings.eval_workers, settings.request_timeout_seconds)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await pool.start()  # before the first request: a worker that cannot compile stops start-up
        task = asyncio.create_task(periodic_checkpoints(store, signing, settings)) if signing else None
        try:
            yield
        finally:
            if task is not None:
                task.cancel()
            pool.close()
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
    app.state.pool = pool
    app.state.auth_limiter = FailureLimiter(settings.auth_max_failures, settings.auth_failure_window_seconds)
    app.state.store = store
    app.state.signing_key = signing
    known_rules = gate.bundle.rule_ids
    app.state.metrics = AppMetrics(store, lambda: known_rules, settings.waiver_warn_days)
    store.set_integrity_listener(app.state.metrics.refused)
    problems.install(app)  # every refusal, of every layer, as problem+json
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes, multipart_limit=settings.evidence_max_upload_bytes,
                       timeout=settings.body_timeout_seconds)

    app.include_router(evaluate.router)
    app.include_router(reports.router)  # training summary, CLEAR inventory (docs/reports.md)
    app.include_router(calendar.router)  # obligation calendar, judged in the evaluation workers
    app.include_router(catalogue.router, dependencies=[Depends(require("read"))])
    for module in (decisions, attestations, audit, checkpoints, waivers, tokens, metrics, health, opa_data, lineage):
        app.include_router(module.router)
    from service.ui import install as install_console  # the web console under /ui (docs/ui.md)

    install_console(app)
    problems.document(app)
    return app


def settings_snapshot(settings: Settings, gate: Gate, signing: SigningKey | None) -> dict[str, Any]:
    """What changes verdicts or severities besides waivers: the policy bundle (its data holds the
    organisation's settings, e.g. undetermined_severity) and the gate's own knobs."""
    return {
        "policy": {"revision": gate.bundle.revision, "digest": gate.bundle.digest},
        "data": gate.bundle.data,
        "policy_dirs": [str(p) for p in settings.policy_dirs],
        "policy_data": [str(p) for p in settings.policy_data],
        "waiver_max_days": settings.waiver_max_days,
        "record_decisions": settings.record_decisions,
        "engine": settings.engine,
        "signing_keyid": signing.keyid if signing else None,
    }


async def periodic_checkpoints(store: Store, key: SigningKey, settings: Settings) -> None:
    """Every worker checks once a minute; the store keeps one checkpoint per seq, so several
    workers or replicas do not multiply them."""
    from datetime import UTC, datetime

    from service.store.checkpoints import due, take

    while True:
        try:
            if await run_in_threadpool(due, store, settings, datetime.now(UTC)):
                taken = await run_in_threadpool(take, store, key, settings)
                log.info("checkpoint", extra={"seq": taken.record.seq, "hash": taken.record.hash})
        except Exception:  # a failed checkpoint must not stop the gate; it is retried next round
            log.exception("checkpoint failed")
        await asyncio.sleep(min(60, max(1, settings.checkpoint_interval)))


def app_factory() -> FastAPI:
    """Entry point for `uvicorn --factory service.api.app:app_factory` (one gate per worker).

    Run directly under uvicorn, pass `--http service.api.connections:GateH11Protocol
    --limit-concurrency N` for the idle-connection timeout and the connection limit that
    `cleangate serve` sets itself.
    """
    settings = Settings()
    raise_open_files_limit(files_needed(settings.max_connections))
    return create_app(settings)

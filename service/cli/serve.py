"""`cleangate serve`: run the gate over HTTP with uvicorn (options or CLEANGATE_* variables)."""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile

from service.cli.common import add_policy_options, gate_from, settings_from
from service.cli.exitcodes import ExitCode
from service.cli.extras import require
from service.cli.storeopts import add_database_option, opened_store


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("serve", help="start the HTTP gate", description=__doc__)
    p.add_argument("--host", help="bind address (CLEANGATE_HOST, default 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (CLEANGATE_PORT, default 8080)")
    p.add_argument("--workers", type=int, help="worker processes (CLEANGATE_WORKERS, default 1)")
    add_policy_options(p)
    add_database_option(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    problem = require("server", "serve")
    if problem:
        print(problem, file=sys.stderr)
        return ExitCode.USAGE
    import uvicorn

    settings = settings_from(args)
    settings = settings.model_copy(update={
        k: v for k, v in {"host": args.host, "port": args.port, "workers": args.workers}.items() if v is not None
    })
    if gate_from(settings) is None:  # refuse to start on a broken bundle, before forking workers
        return ExitCode.USAGE
    with opened_store(args):  # migrate once here, and refuse to start without a decision log
        pass
    # Workers are separate processes: they read the same settings from the environment.
    os.environ["CLEANGATE_POLICY_DIRS"] = os.pathsep.join(str(p) for p in settings.policy_dirs)
    os.environ["CLEANGATE_POLICY_DATA"] = os.pathsep.join(str(p) for p in settings.policy_data)
    if args.database_url:
        os.environ["CLEANGATE_DATABASE_URL"] = args.database_url
    if settings.workers > 1 and not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Let every worker's /metrics report the sum over all workers (see service/api/metrics.py).
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="cleangate-metrics-")
    print(f"cleangate: serving on http://{settings.host}:{settings.port} ({settings.workers} worker(s))",
          file=sys.stderr)
    # SIGTERM: stop accepting, let requests finish for the grace period, then cut them (their
    # evaluation processes are killed in the app's shutdown, service/evalpool.py).
    # Connections: idle/slowloris sockets closed, a hard connection limit, enough open files.
    from service.api.connections import GateH11Protocol, files_needed, raise_open_files_limit

    raise_open_files_limit(files_needed(settings.max_connections))  # inherited by the workers
    uvicorn.run("service.api.app:app_factory", factory=True, host=settings.host, port=settings.port,
                workers=settings.workers, log_level=settings.log_level,
                timeout_graceful_shutdown=math.ceil(settings.shutdown_grace_seconds),
                http=GateH11Protocol, limit_concurrency=settings.max_connections)
    return ExitCode.PASS

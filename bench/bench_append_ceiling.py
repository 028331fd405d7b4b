"""The decision log's append ceiling: how many decisions per second one chain can take.

Run: python -m bench.bench_append_ceiling [--database-url URL] [--threads N] [--count N]
Appends are serialised across every worker and replica (the chain head is locked for each), so
this number, not CPU, bounds a scaled-out deployment. Several threads append the same decision
as fast as they can; the baseline in the same run is the same threads doing one no-op query
each instead of an append, which is what the database costs without the chain lock.
"""

from __future__ import annotations

import argparse
import secrets
import threading
import time
from collections.abc import Callable
from datetime import date

from sqlalchemy import create_engine, text

from service.bundle import load_bundle
from service.gate import Gate
from service.settings import Settings
from service.store import open_store

EXAMPLE = b"apiVersion: cleangate/v1\nsystem: {name: bench, roles: [provider], deployment: {regions: [EU]}}\n"


def _run(threads: int, count: int, work: Callable[[], object]) -> float:
    per_thread = count // threads
    started = time.perf_counter()
    workers = [threading.Thread(target=lambda: [work() for _ in range(per_thread)]) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return per_thread * threads / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--count", type=int, default=400)
    args = parser.parse_args()
    schema = "cg_bench_" + secrets.token_hex(4)
    admin = create_engine(args.database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{args.database_url}?options=-csearch_path%3D{schema}"
    try:
        store = open_store(Settings(database_url=url))
        decision = Gate(load_bundle()).evaluate(EXAMPLE, as_of=date(2026, 9, 15))
        body = EXAMPLE.decode()
        probe = create_engine(url, pool_size=args.threads)

        def ping() -> None:
            with probe.connect() as conn:
                conn.execute(text("SELECT 1"))

        baseline = _run(args.threads, args.count, ping)
        appends = _run(args.threads, args.count, lambda: store.record_decision(decision, body, "bench"))
        print(f"| {args.threads} threads | appends/s {appends:.0f} | no-op queries/s {baseline:.0f} | "
              f"ratio {appends / baseline:.2f} |")
        store.close()
        probe.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


if __name__ == "__main__":
    main()

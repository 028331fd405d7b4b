"""Throughput of POST /v1/evaluate with the decision log on SQLite and on PostgreSQL, next to
the no-log baseline measured in the same run.

Each configuration gets a fresh database and a real `uvicorn` gate; one load process
(asyncio + httpx, CONCURRENCY requests in flight) sends the example manifests round-robin for
a fixed number of requests after a warm-up. The baseline runs the same gate with
CLEANGATE_RECORD_DECISIONS=false (tokens still checked), so the ratio is the cost of the log.

    python bench/bench_decision_log.py [--requests 600] [--concurrency 8] [--workers 1] [--rounds 1]

With --rounds N the three configurations run in turn N times and the median is reported, which
evens out a machine whose other load drifts during the run.

Needs PostgreSQL at CLEANGATE_TEST_POSTGRES_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test)
for the PostgreSQL row; skips it otherwise. Prints a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.store_fixtures import GateProcess, PgSchema, gate_env, postgres_available  # noqa: E402

BASE = "no log (baseline)"
SQLITE = "log on SQLite (WAL, synchronous=FULL)"
POSTGRES = "log on PostgreSQL (same host)"
MANIFESTS = [(ROOT / "examples" / name).read_bytes()
             for name in ("chatbot-compliant.yaml", "image-generator-unmarked.yaml", "voice-clone-legacy.yaml")]


async def _load(url: str, token: str, requests: int, concurrency: int) -> tuple[float, list[float]]:
    latencies: list[float] = []
    counter = iter(range(requests))
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/yaml", "X-CI-Repository": "bench/x"}

    async def worker(client: httpx.AsyncClient) -> None:
        for i in counter:
            started = time.perf_counter()
            r = await client.post("/v1/evaluate", content=MANIFESTS[i % len(MANIFESTS)], headers=headers,
                                  params={"as_of": "2026-09-15"})
            if r.status_code != 200:
                raise RuntimeError(f"HTTP {r.status_code}: {r.text[:300]}")
            latencies.append(time.perf_counter() - started)

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return elapsed, latencies


def measure(label: str, db_url: str, record: bool, args: argparse.Namespace, tmp: Path) -> dict[str, object]:
    token = "cg_bench_" + secrets.token_urlsafe(12)
    env = gate_env(db_url, token) | {"CLEANGATE_LOG_LEVEL": "warning",
                                     "CLEANGATE_RECORD_DECISIONS": "true" if record else "false"}
    gate = GateProcess(env, args.workers, tmp / f"{label}.log").start()
    try:
        asyncio.run(_load(gate.url, token, args.warmup, args.concurrency))
        elapsed, latencies = asyncio.run(_load(gate.url, token, args.requests, args.concurrency))
    finally:
        gate.kill()
    latencies.sort()
    return {"label": label, "rps": args.requests / elapsed, "p50": statistics.median(latencies) * 1000,
            "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--warmup", type=int, default=60)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="cleangate-bench-"))
    reason = postgres_available()
    if reason is not None:
        print(f"PostgreSQL skipped: {reason}", file=sys.stderr)
    runs: dict[str, list[dict[str, object]]] = {}
    for n in range(args.rounds):
        runs.setdefault(BASE, []).append(measure(BASE, f"sqlite:///{tmp / f'base{n}.db'}", False, args, tmp))
        runs.setdefault(SQLITE, []).append(measure(SQLITE, f"sqlite:///{tmp / f'log{n}.db'}", True, args, tmp))
        if reason is None:
            schema = PgSchema()
            try:
                runs.setdefault(POSTGRES, []).append(measure(POSTGRES, schema.url, True, args, tmp))
            finally:
                schema.drop()
    rows = [{"label": label, **{k: statistics.median(float(r[k]) for r in results)  # type: ignore[arg-type]
                                for k in ("rps", "p50", "p95")}} for label, results in runs.items()]
    base = float(rows[0]["rps"])  # type: ignore[arg-type]
    print(f"{args.requests} requests after {args.warmup} warm-up, {args.concurrency} in flight, "
          f"{args.workers} uvicorn worker(s), median of {args.rounds} round(s); {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}\n")
    print("| configuration | evaluations/s | vs baseline | p50 ms | p95 ms |")
    print("|---|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['label']} | {row['rps']:.0f} | {float(row['rps']) / base:.2f} | "  # type: ignore[arg-type]
              f"{row['p50']:.1f} | {row['p95']:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

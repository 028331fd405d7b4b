"""HTTP benchmarks (issue 16): the multi-worker stall, throughput against a no-op, tail latency
at a fixed offered rate, and the cost of the waiver look-up as waivers accumulate.

    python -m bench.bench_http            # the full run for docs/performance.md (~3 minutes)
    python -m bench.bench_http --smoke    # CI: a quick pass (< 30 s) that exits 1 when a ratio is off

Sections (every number next to a baseline measured in the same run):
- latency: median of sequential keep-alive requests to a real `cleangate serve` with 1 and with
  2 workers, and, as the "before" of the same run, uvicorn's own h11 protocol with 2 workers
  (what `cleangate serve --workers 2` ran before TCP_NODELAY was set per connection);
  the smoke run fails when 2 workers are more than 2x slower than 1;
- throughput: `/v1/evaluate` with 1 worker, with a stored API token (its look-up included),
  against `POST /bench/noop` (bench/http_app.py) on the same server, log off and log on
  (PostgreSQL when reachable), closed loop from separate client processes;
- tail latency: open loop at a fixed offered rate (default 100 req/s) against `cleangate serve
  --workers 2` with the log on (PostgreSQL when reachable); latency counted from the scheduled
  send time, so a stall queues later requests instead of hiding them;
- waivers: the store's `matching_waivers` with 0, 100 and 1,000 active waivers of other systems,
  against loading every active waiver and filtering in Python (the previous implementation);
  the smoke run fails when the cost at the largest count is more than 3x the cost at 0.

Needs PostgreSQL at CLEANGATE_TEST_POSTGRES_URL for the PostgreSQL rows (SQLite otherwise).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import platform
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.settings import Settings  # noqa: E402
from service.store import Store, open_store  # noqa: E402
from service.store.interface import WaiverRequest  # noqa: E402
from service.waivers import waiver_matches  # noqa: E402
from tests.conftest import free_port  # noqa: E402
from tests.store_fixtures import PgSchema, postgres_available  # noqa: E402

MANIFEST = (ROOT / "examples" / "chatbot-compliant.yaml").read_bytes()
CODE = ROOT
"""Source tree the servers run from (--code: e.g. an export of the previous commit, for "before")."""
CACHE_SECONDS = "0"
"""CLEANGATE_LOOKUP_CACHE_SECONDS of the servers (--cache-seconds)."""
EVAL_WORKERS = "1"
"""CLEANGATE_EVAL_WORKERS of the servers (--eval-workers): evaluation processes per server worker."""
YAML = {"Content-Type": "application/yaml"}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


# -- servers ------------------------------------------------------------------------------------


class Server:
    """A real gate in its own process group: `cleangate serve` or `uvicorn` with the given args."""

    def __init__(self, argv: list[str], env: dict[str, str], tmp: Path, port: int) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.admin = env["CLEANGATE_ADMIN_TOKEN"]
        self.log = tmp / f"server-{port}.log"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(argv, env={**os.environ, **env, "PYTHONPATH": str(CODE)}, cwd=CODE,
                                            stdout=subprocess.DEVNULL,
                                            stderr=log, start_new_session=True)

    def wait_ready(self, timeout: float = 90) -> Server:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text(errors='replace')[-2000:]}")
            try:
                if httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError("server did not become ready")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, 15)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait()

    def token(self, scopes: list[str]) -> str:
        """A stored token, so the benchmark pays the token look-up a CI pipeline pays."""
        r = httpx.post(f"{self.url}/v1/tokens", headers={"Authorization": f"Bearer {self.admin}"},
                       json={"name": "bench-" + secrets.token_hex(4), "scopes": scopes}, timeout=30)
        r.raise_for_status()
        return str(r.json()["token"])


def gate_env(db_url: str, record: bool) -> dict[str, str]:
    return {"CLEANGATE_DATABASE_URL": db_url, "CLEANGATE_ADMIN_TOKEN": "cg_bench_" + secrets.token_urlsafe(24),
            "CLEANGATE_LOG_LEVEL": "warning", "CLEANGATE_RECORD_DECISIONS": "true" if record else "false",
            "CLEANGATE_AUTH_MAX_FAILURES": "100000", "CLEANGATE_LOOKUP_CACHE_SECONDS": CACHE_SECONDS,
            "CLEANGATE_EVAL_WORKERS": EVAL_WORKERS}


@contextmanager
def serving(kind: str, workers: int, db_url: str, record: bool, tmp: Path) -> Iterator[Server]:
    port = free_port()
    python = sys.executable
    argv = {
        # `cleangate serve`, from the source tree under test
        "serve": [python, "-m", "service.cli.main", "serve", "--port", str(port), "--workers", str(workers)],
        # What `cleangate serve` ran before the fix: uvicorn's own protocol on its own socket.
        "uvicorn-h11": [python, "-m", "uvicorn", "--factory", "service.api.app:app_factory", "--port", str(port),
                        "--workers", str(workers), "--http", "h11", "--log-level", "warning"],
        "bench-app": [python, "-m", "uvicorn", "--factory", "bench.http_app:app_factory", "--port", str(port),
                      "--workers", str(workers), "--http", "service.api.connections:GateH11Protocol",
                      "--log-level", "warning"],
    }[kind]
    server = Server(argv, gate_env(db_url, record), tmp, port)
    try:
        yield server.wait_ready()
    finally:
        server.stop()


@contextmanager
def database(backend: str, tmp: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp / ('db-' + secrets.token_hex(4) + '.db')}"
        return
    schema = PgSchema()
    try:
        yield schema.url
    finally:
        schema.drop()


# -- latency: the multi-worker stall -----------------------------------------------------------


def latency(tmp: Path, rounds: int, with_before: bool) -> dict[str, tuple[float, float]]:
    """All servers run at once and take turns request by request, so other load on the machine
    falls on every configuration alike; medians per server."""
    configs = [("serve", 1), ("serve", 2)] + ([("uvicorn-h11", 2)] if with_before else [])
    samples: dict[str, tuple[list[float], list[float]]] = {}
    with ExitStack() as stack:
        clients: list[tuple[str, httpx.Client, dict[str, str]]] = []
        for kind, workers in configs:
            db = stack.enter_context(database("sqlite", tmp))
            server = stack.enter_context(serving(kind, workers, db, False, tmp))
            label = (f"`cleangate serve --workers {workers}`" if kind == "serve"
                     else f"before: uvicorn's own h11 protocol, `--workers {workers}`")
            auth = {"Authorization": f"Bearer {server.token(['evaluate'])}", **YAML}
            client = stack.enter_context(httpx.Client(base_url=server.url, timeout=30))
            clients.append((label, client, auth))
            samples[label] = ([], [])
        for _label, client, auth in clients:  # warm-up: every worker compiled, connections open
            for _ in range(10):
                client.get("/healthz").raise_for_status()
                client.post("/v1/evaluate", content=MANIFEST, headers=auth).raise_for_status()
        for n in range(rounds):
            for label, client, auth in clients:
                started = time.perf_counter()
                client.get("/healthz").raise_for_status()
                samples[label][0].append((time.perf_counter() - started) * 1000)
                if n % 4 == 0:
                    started = time.perf_counter()
                    client.post("/v1/evaluate", content=MANIFEST, headers=auth).raise_for_status()
                    samples[label][1].append((time.perf_counter() - started) * 1000)
    rows = {label: (statistics.median(a), statistics.median(b)) for label, (a, b) in samples.items()}
    print("\n## Latency, sequential keep-alive requests (median ms)\n")
    print("| server | GET /healthz (no-op) | POST /v1/evaluate | no-op vs 1 worker |")
    print("|---|---:|---:|---:|")
    base = next(iter(rows.values()))[0]
    for label, (noop, evaluate) in rows.items():
        print(f"| {label} | {noop:.2f} | {evaluate:.2f} | {noop / base:.2f} |")
    return rows


# -- throughput: closed loop from client processes ---------------------------------------------


def _client(url: str, path: str, headers: dict[str, str], seconds: float, queue: Any) -> None:
    done = 0
    with httpx.Client(base_url=url, timeout=30) as client:
        for _ in range(5):
            client.post(path, content=MANIFEST, headers=headers).raise_for_status()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            client.post(path, content=MANIFEST, headers=headers).raise_for_status()
            done += 1
    queue.put(done)


def closed_loop(url: str, path: str, headers: dict[str, str], clients: int, seconds: float) -> float:
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    procs = [ctx.Process(target=_client, args=(url, path, headers, seconds, queue)) for _ in range(clients)]
    for p in procs:
        p.start()
    total = sum(queue.get() for _ in procs)
    for p in procs:
        p.join()
    return total / seconds


def throughput(tmp: Path, seconds: float, clients: int, backend: str, slices: int = 4) -> dict[str, float]:
    """No-op and evaluate take turns in `slices` short windows on the same server, so a change in
    the machine's other load falls on both; requests/s summed over the windows."""
    out: dict[str, float] = {}
    for record in (False, True):
        with database(backend if record else "sqlite", tmp) as db, serving("bench-app", 1, db, record, tmp) as server:
            auth = {"Authorization": f"Bearer {server.token(['evaluate'])}", **YAML}
            rates: dict[str, list[float]] = {"/bench/noop": [], "/v1/evaluate": []}
            for _ in range(slices):
                for path, got in rates.items():
                    got.append(closed_loop(server.url, path, auth, clients, seconds / slices))
        noop, evaluate = statistics.mean(rates["/bench/noop"]), statistics.mean(rates["/v1/evaluate"])
        out["log on" if record else "log off"] = evaluate / noop
        label = f"log on ({backend})" if record else "log off"
        print(f"| {label} | {noop:.0f} | {evaluate:.0f} | {evaluate / noop:.2f} |")
    return out


# -- tail latency: open loop at a fixed rate ---------------------------------------------------


async def _open_loop(url: str, headers: dict[str, str], rate: float, seconds: float) -> tuple[list[float], int]:
    latencies: list[float] = []
    failures = 0
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as client:
        for _ in range(20):
            await client.post("/v1/evaluate", content=MANIFEST, headers=headers)
        loop = asyncio.get_running_loop()
        start = loop.time() + 0.05

        async def one(at: float) -> None:
            nonlocal failures
            await asyncio.sleep(max(0.0, at - loop.time()))
            r = await client.post("/v1/evaluate", content=MANIFEST, headers=headers)
            if r.status_code != 200:
                failures += 1
            latencies.append((loop.time() - at) * 1000)

        await asyncio.gather(*(one(start + i / rate) for i in range(int(rate * seconds))))
    return latencies, failures


def _open_loop_process(url: str, headers: dict[str, str], rate: float, seconds: float, queue: Any) -> None:
    queue.put(asyncio.run(_open_loop(url, headers, rate, seconds)))


def tail(tmp: Path, rate: float, seconds: float, backend: str) -> tuple[float, float]:
    with database(backend, tmp) as db, serving("serve", 2, db, True, tmp) as server:
        auth = {"Authorization": f"Bearer {server.token(['evaluate'])}", **YAML}
        ctx = multiprocessing.get_context("spawn")
        queue = ctx.Queue()
        proc = ctx.Process(target=_open_loop_process, args=(server.url, auth, rate, seconds, queue))
        proc.start()
        latencies, failures = queue.get()
        proc.join()
    p50, p99 = statistics.median(latencies), percentile(latencies, 0.99)
    print(f"\n## Tail latency: {rate:.0f} req/s offered for {seconds:.0f} s, `cleangate serve --workers 2`, "
          f"log on ({backend})\n")
    print("| requests | failed | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---:|---:|---:|---:|---:|---:|")
    print(f"| {len(latencies)} | {failures} | {p50:.1f} | {percentile(latencies, 0.95):.1f} | {p99:.1f} | "
          f"{max(latencies):.1f} |")
    return p50, p99


# -- waivers: cost of the look-up as waivers accumulate ----------------------------------------


def _add_waivers(store: Store, start: int, stop: int) -> None:
    expires = datetime.now(UTC) + timedelta(days=60)
    for i in range(start, stop):
        store.create_waiver(WaiverRequest(rules=("AIACT-50-2",), system=f"other-system-{i}", justification="bench",
                                          ticket="T-1", approver="dpo", expires_at=expires), "bench", 90)


def _median_ms(fn: Callable[[], object], runs: int) -> float:
    for _ in range(5):
        fn()
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return statistics.median(out)


def _load_all_and_filter(store: Store) -> list[Any]:
    """The look-up before issue 16: every active waiver loaded, checked and filtered in Python."""
    return [w for w in store.list_waivers() if waiver_matches(w, "support-chatbot", "1.0", "org/repo")]


def waivers(tmp: Path, counts: list[int], runs: int, backends: list[str]) -> dict[str, list[float]]:
    print("\n## Waiver look-up per request (median ms; active waivers of other systems plus one glob)\n")
    print("| backend | active waivers | indexed (matching_waivers) | load all + filter (before) |")
    print("|---|---:|---:|---:|")
    out: dict[str, list[float]] = {}
    for backend in backends:
        with database(backend, tmp) as db:
            store = open_store(Settings(database_url=db))
            store.create_waiver(WaiverRequest(rules=("AIACT-50-2",), system="team-*", justification="bench",
                                              ticket="T-1", approver="dpo",
                                              expires_at=datetime.now(UTC) + timedelta(days=60)), "bench", 90)
            have = 0
            for n in counts:
                _add_waivers(store, have, n)
                have = n
                indexed = _median_ms(partial(store.matching_waivers, "support-chatbot", "1.0", "org/repo"), runs)
                before = _median_ms(partial(_load_all_and_filter, store), max(3, runs // 5))
                out.setdefault(backend, []).append(indexed)
                print(f"| {backend} | {n} | {indexed:.3f} | {before:.3f} |")
            store.close()
    return out


def breakdown(tmp: Path, runs: int, backends: list[str]) -> None:
    """Where a request's time goes, step by step in this process (median ms): the evaluation,
    the evaluation process round trip, and each database call a logged request makes."""
    from service.bundle import load_bundle
    from service.evalpool import EvaluationPool, Loaded
    from service.gate import Gate

    gate = Gate(load_bundle())
    settings = Settings()
    pool = EvaluationPool(gate.bundle, settings, 1, 60)

    async def nothing(_: Loaded) -> list[Any]:
        return []

    async def pooled(n: int) -> list[float]:
        await pool.start()
        out = []
        for i in range(n + 5):
            started = time.perf_counter()
            await pool.evaluate(MANIFEST, "yaml", "0" * 64, nothing, as_of=None, ci={}, source=None)
            if i >= 5:
                out.append((time.perf_counter() - started) * 1000)
        return out

    print("\n## Where a request's time goes (in-process, median ms)\n")
    print("| step | ms |")
    print("|---|---:|")
    print(f"| Gate.evaluate (chatbot-compliant.yaml) | {_median_ms(partial(gate.evaluate, MANIFEST), runs):.3f} |")
    try:
        print(f"| the same through the evaluation process (pipe, pickling, two steps) | "
              f"{statistics.median(asyncio.run(pooled(runs))):.3f} |")
    finally:
        pool.close()
    decision = gate.evaluate(MANIFEST)
    for backend in backends:
        with database(backend, tmp) as db:
            store = open_store(Settings(database_url=db))
            _, secret = store.create_token("bench", ("evaluate",), "bench")
            token = _median_ms(partial(store.authenticate, secret), runs)
            print(f"| {backend}: token look-up (`authenticate`) | {token:.3f} |")
            lookup = partial(store.matching_waivers, "support-chatbot", "1.0", "org/repo")
            print(f"| {backend}: waiver look-up (`matching_waivers`) | {_median_ms(lookup, runs):.3f} |")
            record = partial(store.record_decision, decision, MANIFEST.decode(), "bench")
            append = _median_ms(record, max(10, runs // 4))
            print(f"| {backend}: append the decision (`record_decision`) | {append:.3f} |")
            store.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="quick pass for CI; exit 1 when a ratio is off")
    parser.add_argument("--seconds", type=float, default=8.0, help="per throughput measurement")
    parser.add_argument("--clients", type=int, default=2, help="client processes for throughput")
    parser.add_argument("--rate", type=float, default=100.0, help="offered req/s for the tail latency")
    parser.add_argument("--code", type=Path, default=ROOT,
                        help="run the servers from this source tree (e.g. `git archive` of the previous commit)")
    parser.add_argument("--cache-seconds", default="0", help="CLEANGATE_LOOKUP_CACHE_SECONDS of the servers")
    parser.add_argument("--eval-workers", default="1", help="CLEANGATE_EVAL_WORKERS of the servers")
    parser.add_argument("--only", choices=["latency", "waivers", "breakdown", "throughput", "tail"], action="append",
                        help="run only these sections (repeatable)")
    args = parser.parse_args()
    global CODE, CACHE_SECONDS, EVAL_WORKERS
    CODE, CACHE_SECONDS, EVAL_WORKERS = args.code.resolve(), args.cache_seconds, args.eval_workers
    sections = set(args.only or ["latency", "waivers", "breakdown", "throughput", "tail"])
    tmp = Path(tempfile.mkdtemp(prefix="cleangate-bench-http-"))
    pg_reason = postgres_available()
    backend = "postgresql" if pg_reason is None else "sqlite"
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}, Python {platform.python_version()}; "
          f"log backend: {backend}" + (f" (PostgreSQL unreachable: {pg_reason})" if pg_reason else "")
          + f"; servers from {CODE}; CLEANGATE_LOOKUP_CACHE_SECONDS={CACHE_SECONDS}, "
          f"CLEANGATE_EVAL_WORKERS={EVAL_WORKERS}")
    failures: list[str] = []
    if "latency" in sections:
        rows = latency(tmp, rounds=80 if args.smoke else 400, with_before=not args.smoke)
        (one, _), (two, _) = list(rows.values())[:2]
        if two > 2 * one:
            failures.append(f"no-op with 2 workers {two:.2f} ms is more than 2x the 1-worker {one:.2f} ms")
    if "waivers" in sections:
        counts = [0, 100] if args.smoke else [0, 100, 1000]
        backends = ["sqlite"] if args.smoke else ["sqlite"] + (["postgresql"] if pg_reason is None else [])
        costs = waivers(tmp, counts, runs=30 if args.smoke else 200, backends=backends)
        for name, values in costs.items():
            if values[-1] > 3 * values[0]:
                failures.append(f"waiver look-up on {name}: {values[-1]:.3f} ms at {counts[-1]} waivers is more "
                                f"than 3x the {values[0]:.3f} ms at 0")
    if "breakdown" in sections and not args.smoke:
        breakdown(tmp, 200, ["sqlite"] + (["postgresql"] if pg_reason is None else []))
    if "throughput" in sections and not args.smoke:
        print(f"\n## Throughput, 1 worker, {args.clients} client processes, {args.seconds:.0f} s per endpoint "
              "in 4 alternating windows\n")
        print("| log | POST /bench/noop req/s | POST /v1/evaluate req/s | evaluate / no-op |")
        print("|---|---:|---:|---:|")
        throughput(tmp, args.seconds, args.clients, backend)
    if "tail" in sections and not args.smoke:
        tail(tmp, args.rate, 10.0, backend)
    for failure in failures:
        print(f"bench_http: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

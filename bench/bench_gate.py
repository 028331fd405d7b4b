"""Gate benchmarks: in-process latency, HTTP throughput vs a no-op endpoint, CLI wall time.

Run: python -m bench.bench_gate [--quick]
Every number is reported next to a baseline measured in the same run, as a ratio, so results
from different machines can be compared. Results go to docs/performance.md by hand.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import httpx

from bench.synthetic import manifest_with_datasets
from sbom.load import load_manifest
from service.bundle import load_bundle
from service.gate import Gate

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if p.suffix in (".yaml", ".json"))


def timings(fn: Callable[[], object], runs: int) -> list[float]:
    for _ in range(min(20, runs)):
        fn()
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def in_process(runs: int) -> None:
    gate = Gate(load_bundle())
    cases = [(p.name, p.read_bytes()) for p in EXAMPLES] + [("synthetic-1000-datasets.json",
                                                              manifest_with_datasets(1000))]
    print("\n## In-process evaluation (Gate.evaluate: parse, validate, evaluate, decide)\n")
    print("| manifest | evaluate median ms | p99 ms | engine only median ms | load only (baseline) median ms |"
          " evaluate / load |")
    print("|---|---|---|---|---|---|")
    for name, data in cases:
        n = runs if len(data) < 100_000 else max(20, runs // 20)
        full = timings(lambda data=data: gate.evaluate(data), n)
        load = timings(lambda data=data: load_manifest(data), n)
        loaded = load_manifest(data)
        doc = loaded.policy_input.model_copy(
            update={"context": loaded.policy_input.context.model_copy(update={"as_of": date(2026, 9, 15)})}
        ).model_dump_json(exclude_none=True)
        engine = timings(lambda doc=doc: gate.engine.evaluate(doc), n)
        print(f"| {name} | {statistics.median(full):.3f} | {p99(full):.3f} | {statistics.median(engine):.3f} | "
              f"{statistics.median(load):.3f} | {statistics.median(full) / statistics.median(load):.2f} |")


BENCH_TOKEN = "cg_bench_gate_core_0123456789"
AUTH = {"Authorization": f"Bearer {BENCH_TOKEN}"}
# The gate core alone: the decision log's own cost is measured by bench/bench_decision_log.py.
GATE_ENV = {"CLEANGATE_ADMIN_TOKEN": BENCH_TOKEN, "CLEANGATE_RECORD_DECISIONS": "false",
            "CLEANGATE_LOG_LEVEL": "warning",
            "CLEANGATE_DATABASE_PATH": str(Path(tempfile.mkdtemp(prefix="cleangate-bench-")) / "tokens.db")}


def _client(url: str, path: str, body: bytes, content_type: str, seconds: float,
            queue: multiprocessing.Queue[int]) -> None:
    done = 0
    with httpx.Client(base_url=url, timeout=30) as client:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            response = client.post(path, content=body, headers={"Content-Type": content_type, **AUTH})
            response.raise_for_status()
            done += 1
    queue.put(done)


def throughput(url: str, path: str, body: bytes, content_type: str, clients: int, seconds: float) -> float:
    queue: multiprocessing.Queue[int] = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=_client, args=(url, path, body, content_type, seconds, queue))
             for _ in range(clients)]
    for p in procs:
        p.start()
    total = sum(queue.get() for _ in procs)
    for p in procs:
        p.join()
    return total / seconds


def http(seconds: float, clients: int) -> None:
    sys.path.insert(0, str(ROOT))
    from tests.conftest import free_port

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "bench.http_app:app_factory", "--port", str(port),
         "--log-level", "warning", "--workers", "1"], cwd=ROOT, env={**os.environ, **GATE_ENV},
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        body = (ROOT / "examples" / "chatbot-compliant.yaml").read_bytes()
        noop = throughput(url, "/bench/noop", body, "application/yaml", clients, seconds)
        evaluate = throughput(url, "/v1/evaluate", body, "application/yaml", clients, seconds)
        print(f"\n## HTTP throughput (1 uvicorn worker, {clients} client processes, {seconds:.0f} s each)\n")
        print("| endpoint | requests/s |")
        print("|---|---|")
        print(f"| POST /bench/noop (baseline: reads the body, returns {{}}) | {noop:.0f} |")
        print(f"| POST /v1/evaluate (chatbot-compliant.yaml) | {evaluate:.0f} |")
        print(f"\nevaluate / no-op = {evaluate / noop:.2f}")
    finally:
        server.terminate()
        server.wait(timeout=10)


def cli(runs: int) -> None:
    exe = Path(sys.executable).with_name("cleangate")
    manifest = ROOT / "examples" / "chatbot-compliant.yaml"
    def wall(cmd: list[str]) -> float:
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False)
        return time.perf_counter() - start
    check = [wall([str(exe), "check", str(manifest)]) for _ in range(runs)]
    bare = [wall([sys.executable, "-c", "pass"]) for _ in range(runs)]
    print("\n## CLI wall time\n")
    print("| command | median s |")
    print("|---|---|")
    print(f"| python -c pass (baseline: interpreter start) | {statistics.median(bare):.3f} |")
    print(f"| cleangate check examples/chatbot-compliant.yaml | {statistics.median(check):.3f} |")
    print(f"\ncheck / bare interpreter = {statistics.median(check) / statistics.median(bare):.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer runs (a smoke test of the benchmark)")
    args = parser.parse_args()
    in_process(runs=50 if args.quick else 1000)
    http(seconds=2 if args.quick else 10, clients=2)
    cli(runs=3 if args.quick else 10)


if __name__ == "__main__":
    main()

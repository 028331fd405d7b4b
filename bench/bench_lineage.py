"""The dataset blast radius stays linear in the decision log: time per decision at N and at 4N.

Builds a SQLite decision log of N synthetic systems (two decisions each, so the latest-per-version
pass has work to do), where every system fine-tunes the model of the one before it (chains of
CHAIN systems, so the base-model closure is exercised) and the datasets are shared between
systems. Then times `cleangate lineage impact` as the API runs it (stream the log, load each
latest manifest, answer) at N and at 4N in the same run, and prints the per-decision ratio: about
1.0 means linear, 4.0 would mean quadratic.

    python bench/bench_lineage.py [--systems 250] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service.bundle import load_bundle  # noqa: E402
from service.gate import Gate  # noqa: E402
from service.reports.lineage import entries_from_log, impact  # noqa: E402
from service.settings import Settings  # noqa: E402
from service.store import open_store  # noqa: E402

CHAIN = 10
DATASETS = 50


def manifest(i: int, generation: int) -> str:
    base = f"    base_model: model-{i - 1}\n  - name: model-{i - 1}\n" if i % CHAIN else ""
    return (f"apiVersion: cleangate/v1\nsystem:\n  name: system-{i}\n  version: '1.{generation}'\n"
            f"  roles: [provider]\n  deployment: {{regions: [EU], environment: production}}\n"
            f"models:\n  - name: model-{i}\n    datasets: [data-{i % DATASETS}]\n"
            f"    adapters: [{{name: lora-{i}, kind: lora, datasets: [tickets-{i % 7}]}}]\n{base}"
            f"datasets:\n  - name: data-{i % DATASETS}\n    used_for: [training]\n"
            f"  - name: tickets-{i % 7}\n    used_for: [fine-tuning]\n")


def build(url: str, systems: int, gate: Gate) -> None:
    store = open_store(Settings(database_url=url))
    template = gate.evaluate(manifest(1, 0).encode())
    for generation in (0, 0):  # the same version twice: only the later decision counts
        for i in range(systems):
            info = template.manifest.model_copy(update={"system": f"system-{i}", "system_version": f"1.{generation}"})
            store.record_decision(template.model_copy(update={"manifest": info}), manifest(i, generation), "bench")
    store.close()


def timed(url: str) -> float:
    store = open_store(Settings(database_url=url))
    started = time.perf_counter()
    report = impact(entries_from_log(store.iter_decisions()), "data-0")
    elapsed = time.perf_counter() - started
    store.close()
    assert report.systems, "the query must find systems"
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--systems", type=int, default=250)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    gate = Gate(load_bundle())
    tmp = Path(tempfile.mkdtemp(prefix="cleangate-bench-lineage-"))
    sizes = (args.systems, 4 * args.systems)
    urls = {n: f"sqlite:///{tmp / f'log-{n}.db'}" for n in sizes}
    for n, url in urls.items():
        build(url, n, gate)
    times = {n: statistics.median(timed(urls[n]) for _ in range(args.rounds)) for n in sizes}
    print("| systems | decisions | impact s | ms per decision |\n|---:|---:|---:|---:|")
    for n in sizes:
        print(f"| {n} | {2 * n} | {times[n]:.2f} | {1000 * times[n] / (2 * n):.2f} |")
    small, large = sizes
    print(f"\nper-decision ratio {large} vs {small} systems: "
          f"{(times[large] / (2 * large)) / (times[small] / (2 * small)):.2f} (1.0 = linear)")


if __name__ == "__main__":
    main()

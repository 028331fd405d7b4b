"""Engine benchmark: the same manifests through regorus (the default) and the OPA Go library.

Run: python -m bench.bench_engines [--quick]
Both engines evaluate the same input documents in one run, alternating evaluation by
evaluation so that both see the same machine; times are process CPU time (what an evaluation
costs, not how long a shared machine made it wait). The OPA column is also given as a ratio to
regorus, which is what carries across machines. Results go to docs/engines.md by hand.
Needs `pip install --ignore-requires-python opa-golib-python-bindings==0.4.4`.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date

from bench.bench_gate import EXAMPLES
from bench.synthetic import manifest_with_datasets
from service.bundle import load_bundle
from service.engines import make_engine
from service.gate import Gate

AS_OF = date(2026, 9, 15)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer runs (a smoke test of the benchmark)")
    args = parser.parse_args()
    runs = 30 if args.quick else 300
    bundle = load_bundle()
    gates = {name: Gate(bundle, make_engine(name, bundle)) for name in ("regorus", "opa")}
    cases = [(p.name, p.read_bytes()) for p in EXAMPLES] + [("synthetic-100-datasets.json",
                                                              manifest_with_datasets(100))]
    print("| manifest | regorus median ms | OPA median ms | OPA / regorus |")
    print("|---|---|---|---|")
    for name, data in cases:
        samples: dict[str, list[float]] = {engine: [] for engine in gates}
        for i in range(runs + 10):
            for engine, gate in gates.items():
                started = time.process_time()
                gate.evaluate(data, as_of=AS_OF)
                if i >= 10:  # the first evaluations warm caches
                    samples[engine].append((time.process_time() - started) * 1000)
        medians = {engine: statistics.median(values) for engine, values in samples.items()}
        ratio = medians["opa"] / medians["regorus"]
        print(f"| {name} | {medians['regorus']:.2f} | {medians['opa']:.2f} | {ratio:.2f} |")


if __name__ == "__main__":
    main()

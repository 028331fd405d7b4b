"""Small manifests: `Gate.evaluate` per example, the engine's share, first vs warm, against a baseline.

Run: python -m bench.bench_small [--quick] [--runs 300] [--baseline DIR]

`--baseline DIR` is another checkout (e.g. `git archive 8cbe10d | tar -x -C /tmp/base`): the
same measurements run on its code and policies ("before"), and on this code with its policies
("baseline bundle"), each in its own process, so the table separates what the code changed
from what the policies changed. Every example, scenario (tests/scenarios) and real BOM
(tests/real_boms) is judged by each combination and the findings must be identical: the
command exits 1 if any differ. Times are medians; "CPU" is the evaluating thread's CPU time,
which other jobs on a shared machine disturb far less than wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

CHILD = r'''
import json, statistics, sys, time
from datetime import date
from pathlib import Path
from sbom.errors import ManifestError
from sbom.load import load_manifest
from service.bundle import load_bundle
from service.gate import Gate

root, policies, mode, runs = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
as_of = date(2026, 9, 15)
start = time.perf_counter()
bundle = load_bundle([Path(policies)], include_builtin=False) if policies != "-" else load_bundle()
gate = Gate(bundle)
examples = sorted(p for p in (root / "examples").iterdir() if p.suffix in (".yaml", ".json"))
if mode.startswith("first"):
    if mode == "first-warm" and hasattr(gate, "warm"):
        gate.warm()
    data = Path(sys.argv[5]).read_bytes()
    t = time.perf_counter(); gate.evaluate(data, as_of=as_of); first = time.perf_counter() - t
    warm = []
    for _ in range(runs):
        t = time.perf_counter(); gate.evaluate(data, as_of=as_of); warm.append(time.perf_counter() - t)
    print(json.dumps({"first": first * 1000, "warm": statistics.median(warm) * 1000}))
    sys.exit(0)
out = {"findings": {}, "times": {}}
documents = examples + sorted(p for p in (root / "tests" / "scenarios").glob("*.yaml")
                              if not p.name.endswith(".expect.yaml"))
documents += sorted(p for p in (root / "tests" / "real_boms").iterdir() if p.suffix in (".json", ".xml", ".yaml"))
for path in documents:
    try:
        d = gate.evaluate(path.read_bytes(), as_of=as_of)
        out["findings"][path.name] = sorted([f.rule, f.severity, f.path, f.message, f.waived] for f in d.findings)
    except ManifestError as exc:
        out["findings"][path.name] = "refused: " + exc.title

def median(fn):
    for _ in range(min(20, runs)):
        fn()
    cpu, wall = [], []
    for _ in range(runs):
        c, w = time.thread_time(), time.perf_counter()
        fn()
        cpu.append((time.thread_time() - c) * 1000); wall.append((time.perf_counter() - w) * 1000)
    return statistics.median(cpu), statistics.median(wall)

for path in examples:
    data = path.read_bytes()
    loaded = load_manifest(data)
    doc = gate._input_document(loaded.policy_input, as_of, {}).model_dump_json(exclude_none=True)
    full = median(lambda: gate.evaluate(data, as_of=as_of))
    engine = median(lambda: gate.engine.evaluate(doc))
    out["times"][path.name] = {"evaluate_cpu": full[0], "evaluate_wall": full[1],
                               "engine_cpu": engine[0], "engine_wall": engine[1]}
print(json.dumps(out))
'''


def run_child(code: Path, policies: str, mode: str, runs: int, *extra: str) -> Any:
    env = {**os.environ, "PYTHONPATH": str(code), "CLEANGATE_LOG_LEVEL": "warning"}
    result = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), policies, mode, str(runs), *extra],
                            env=env, cwd=code, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"measuring {code} with {policies} failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke mode: 20 runs, no first-evaluation table")
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--baseline", type=Path, help="a checkout to compare with (code and policies)")
    args = parser.parse_args(argv)
    runs = 20 if args.quick else args.runs
    combos: dict[str, tuple[Path, str]] = {"this checkout": (ROOT, "-")}
    if args.baseline:
        combos["baseline bundle (this code)"] = (ROOT, str(args.baseline / "policies"))
        combos["before (baseline code and bundle)"] = (args.baseline, "-")
    results = {name: run_child(code, policies, "measure", runs) for name, (code, policies) in combos.items()}
    print(f"## Gate.evaluate on the examples, medians of {runs} (ms); load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}\n")
    print("| example | " + " | ".join(f"{name}: evaluate CPU / engine CPU / rest CPU (wall)" for name in combos)
          + " |\n|---|" + "---:|" * len(combos))
    for example in results["this checkout"]["times"]:
        cells = []
        for name in combos:
            t = results[name]["times"][example]
            cells.append(f"{t['evaluate_cpu']:.2f} / {t['engine_cpu']:.2f} / {t['evaluate_cpu'] - t['engine_cpu']:.2f}"
                         f" ({t['evaluate_wall']:.2f})")
        print(f"| {example} | " + " | ".join(cells) + " |")
    reference = results["this checkout"]["findings"]
    failed = 0
    for name in combos:
        differing = sorted(k for k, v in results[name]["findings"].items() if reference.get(k) != v)
        print(f"\n{name}: {len(results[name]['findings'])} documents judged, findings differ on {len(differing)}"
              + (f": {', '.join(differing)}" if differing else ""))
        failed += len(differing)
    if not args.quick:
        print("\n| example | first evaluation in a process, ms | warm median | first / warm |\n|---|---:|---:|---:|")
        for mode in ("first-warm", "first"):
            for example in sorted(results["this checkout"]["times"]):
                r = run_child(ROOT, "-", mode, 50, str(ROOT / "examples" / example))
                how = "after Gate.warm, as a server worker" if mode == "first-warm" else "cold, as the CLI"
                label = f"{example} ({how})"
                print(f"| {label} | {r['first']:.2f} | {r['warm']:.2f} | {r['first'] / r['warm']:.2f} |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

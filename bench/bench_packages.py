"""What each policy package adds to the engine time of the examples, and the floor under it.

Run: python -m bench.bench_packages [--runs 60] [--policies DIR] [--floor]

For each example, the finding-set query of the whole library is timed, then the same query
without one package at a time: the difference is what that package adds (its helpers shared
with other packages are not counted, which is what evaluating it costs on top of the rest).
Medians of `--runs` on one prepared engine per query, CPU time of the evaluating thread
(regorus runs on the caller's thread); differences under ~0.05 ms are noise. `--floor` also
times the query with every finding and `applies` body switched off by a first condition that
never holds (`input.__off__`): what the engine costs when no rule of any package applies, the
most that guarding packages behind a scope check could save. Compare two libraries with
`--policies` (e.g. a checkout of main unpacked with `git archive`).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from sbom.load import load_manifest
from service.bundle import load_bundle
from service.engines.regorus_engine import RegorusEngine, one_query
from service.gate import Gate

ROOT = Path(__file__).resolve().parents[1]
AS_OF = date(2026, 9, 15)
BODY_HEAD = re.compile(r"^((?:deny|warn|undetermined|info|applies) contains .* if \{\n)", re.M)
ONE_LINE_APPLIES = re.compile(r"^(applies contains [^\n{]*?) if (?!\{)(.+)$", re.M)


def documents(gate: Gate) -> dict[str, str]:
    """The input document of each example, as the gate hands it to the engine."""
    out = {}
    for path in sorted(p for p in (ROOT / "examples").iterdir() if p.suffix in (".yaml", ".json")):
        loaded = load_manifest(path.read_bytes())
        out[path.name] = gate._input_document(loaded.policy_input, AS_OF, {}).model_dump_json(exclude_none=True)
    return out


def median_ms(engine: RegorusEngine, query: str, docs: dict[str, str], runs: int) -> dict[str, float]:
    """Median CPU ms of `query` per document, on one clone prepared for it (as Gate.evaluate runs)."""
    compiled: Any = engine._compiled
    clone = compiled.clone()
    clone.set_input_json("{}")
    with contextlib.suppress(RuntimeError):
        clone.eval_query_as_json(query)
    out = {}
    for name, doc in docs.items():
        times = []
        for _ in range(runs + 5):
            clone.set_input_json(doc)
            start = time.thread_time()
            clone.eval_query_as_json(query)
            times.append(time.thread_time() - start)
        out[name] = statistics.median(times[5:]) * 1000
    return out


def switched_off(policies: Path, into: Path) -> Path:
    """A copy of the library whose every finding and applies body starts with a condition that never holds."""
    shutil.copytree(policies, into)
    for path in into.rglob("*.rego"):
        if path.name.endswith("_test.rego") or "settings_check" in path.parts:
            continue
        text = BODY_HEAD.sub(lambda m: m.group(1) + "\tinput.__off__\n", path.read_text())
        text = ONE_LINE_APPLIES.sub(lambda m: f"{m.group(1)} if {{\n\tinput.__off__\n\t{m.group(2)}\n}}", text)
        path.write_text(text)
    return into


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--policies", type=Path, help="a policy library to measure instead of the built-in one")
    parser.add_argument("--floor", action="store_true", help="also time the library with every body switched off")
    args = parser.parse_args(argv)
    policies = args.policies or ROOT / "policies"
    gate = Gate(load_bundle([policies], include_builtin=False))
    engine = gate.engine
    docs = documents(gate)
    full = median_ms(engine, engine._query, docs, args.runs)
    added = {
        package: {n: full[n] - t for n, t in
                  median_ms(engine, one_query([x for x in engine.targets if x[0] != package]), docs, args.runs).items()}
        for package in engine.packages
    }
    print(f"## Engine CPU ms per example and what each package adds ({policies}); medians of {args.runs}; "
          f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}\n")
    print("| package | " + " | ".join(docs) + " |\n|---|" + "---:|" * len(docs))
    print("| **all finding sets** | " + " | ".join(f"{full[n]:.2f}" for n in docs) + " |")
    for package in sorted(added, key=lambda p: -sum(added[p].values())):
        print(f"| {package} | " + " | ".join(f"{added[package][n]:.2f}" for n in docs) + " |")
    if args.floor:
        with tempfile.TemporaryDirectory() as tmp:
            off = Gate(load_bundle([switched_off(policies, Path(tmp) / "policies")], include_builtin=False)).engine
            floor = median_ms(off, off._query, docs, args.runs)
        print("| every body switched off (settings_check kept) | " + " | ".join(f"{floor[n]:.2f}" for n in docs) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Guard: no policy package's cost may grow faster than linearly with the manifest.

Run: python -m bench.bench_rego_growth [--quick] [--n 250] [--policies DIR]

Each package's finding sets are evaluated alone, on the synthetic shapes of bench/synthetic.py
(n datasets, n models, a GPAI provider's n crawled datasets, n CycloneDX components) at size 1,
n and 4n. The package's own cost at a size is its time there minus its time at size 1 (what it
costs whatever the input), and its growth exponent is log(cost(4n) / cost(n)) / log 4: 1 for
linear work, 2 for a helper that compares every pair. A package above 1.3 is reported, and
the command exits 1, so CI's smoke run catches a quadratic helper before a 10,000-item BOM
does (the base-model lineage of policies/licences once made 1,000 models cost 25 s).
Times are the CPU time of the evaluating thread (regorus runs on the caller's thread), the
minimum of `--repeat` runs: other jobs on a shared machine barely move it, where wall time
jumped by 10-100 ms at random under load. Packages whose own cost at n is below `--floor` ms
are not judged: their growth is lost in the constant part (a quadratic helper that costs less
than that at n would still cost under 16 ms at 4n).

Even CPU time swings by half a millisecond between runs of one query, which at a package's own
cost of 1-3 ms moved exponents between -0.9 and 1.7 on an idle machine: the guard failed CI
for unchanged policies. So a package flagged in the first pass is measured again, at the same
three sizes with three times the repeats, and fails only if the second pass flags it too: a
quadratic helper is flagged every time, noise not twice.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from bench.synthetic import (
    cyclonedx_with_components,
    gpai_provider_with_datasets,
    manifest_with_datasets,
    manifest_with_models,
)
from sbom.limits import Limits
from sbom.load import load_manifest
from service.bundle import load_bundle
from service.engines.regorus_engine import RegorusEngine, one_query
from service.gate import Gate

SHAPES: dict[str, Callable[[int], bytes]] = {
    "datasets": manifest_with_datasets,
    "models": manifest_with_models,
    "gpai-crawled": gpai_provider_with_datasets,
    "cyclonedx": cyclonedx_with_components,
}
LIMIT = 1.3
AS_OF = date(2026, 9, 15)


def input_json(gate: Gate, data: bytes) -> str:
    loaded = load_manifest(data, limits=Limits(max_bytes=64 << 20, max_nodes=10_000_000))
    return gate._input_document(loaded.policy_input, AS_OF, {}).model_dump_json(exclude_none=True)


def growth(base: float, small: float, large: float, floor: float) -> tuple[float, bool]:
    """(exponent of the package's own cost from n to 4n, whether its own cost at n is enough to judge)."""
    own_small = max(small - base, 1e-3)
    own_large = max(large - base, 1e-3)
    return math.log(own_large / own_small) / math.log(4), own_small >= floor


def package_times(engine: RegorusEngine, doc: str, repeat: int, only: str | None = None) -> dict[str, float]:
    """Milliseconds per package (its finding sets in one query), best of `repeat`."""
    compiled: Any = engine._compiled
    out: dict[str, float] = {}
    for package in [only] if only else engine.packages:
        query = one_query([t for t in engine.targets if t[0] == package])
        best = math.inf
        for _ in range(repeat):
            clone = compiled.clone()
            clone.set_input_json(doc)
            start = time.thread_time()
            with contextlib.suppress(RuntimeError):  # a failing package is tests' business, not this guard's
                clone.eval_query_as_json(query)
            best = min(best, (time.thread_time() - start) * 1000)
        out[package] = best
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="CI smoke mode: n = 200, 3 repeats")
    parser.add_argument("--n", type=int, default=250)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--floor", type=float, default=1.0,
                        help="ms of own cost at n below which a package is not judged")
    parser.add_argument("--policies", type=Path, help="guard this policy library instead of the built-in one")
    args = parser.parse_args(argv)
    n, repeat = (200, 3) if args.quick else (args.n, args.repeat)
    bundle = load_bundle([args.policies], include_builtin=False) if args.policies else load_bundle()
    gate = Gate(bundle)
    engine = RegorusEngine(bundle)
    print(f"| shape | package | ms at 1 | ms at {n} | ms at {4 * n} | exponent |\n|---|---|---:|---:|---:|---:|")
    suspects = []
    docs = {shape: [input_json(gate, make(size)) for size in (1, n, 4 * n)] for shape, make in SHAPES.items()}
    for shape, sized in docs.items():
        base, small, large = (package_times(engine, doc, repeat) for doc in sized)
        for package in engine.packages:
            exponent, judged = growth(base[package], small[package], large[package], args.floor)
            mark = " **(superlinear)**" if judged and exponent > LIMIT else "" if judged else " (not judged)"
            if judged and exponent > LIMIT:
                suspects.append((shape, package))
            if judged or not args.quick:
                print(f"| {shape} | {package} | {base[package]:.2f} | {small[package]:.2f} | {large[package]:.2f} | "
                      f"{exponent:.2f}{mark} |")
    flagged = []
    for shape, package in suspects:
        base, small, large = (package_times(engine, doc, 3 * repeat, only=package)[package] for doc in docs[shape])
        exponent, judged = growth(base, small, large, args.floor)
        verdict = "confirmed" if judged and exponent > LIMIT else "not confirmed (noise)"
        print(f"second pass: {package} on {shape}: {base:.2f} | {small:.2f} | {large:.2f} ms, exponent {exponent:.2f}, "
              f"{verdict}")
        if judged and exponent > LIMIT:
            flagged.append((shape, package, exponent))
    for shape, package, exponent in flagged:
        print(f"FAIL: {package} grows with exponent {exponent:.2f} on the {shape} shape (limit {LIMIT})")
    return 1 if flagged else 0


if __name__ == "__main__":
    sys.exit(main())

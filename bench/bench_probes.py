"""What the missing-fact probes cost: `Gate.evaluate` with the probes on and switched off.

Run: python -m bench.bench_probes [--runs 30] [--rounds 3] [FILE ...]

service/scope_probe.py evaluates a manifest once more for each deciding fact it leaves out
(twice for a missing region). This measures, in one process and alternating, the CPU time of
`Gate.evaluate` with the probes and with `service.gate.probe` replaced by a no-op, so the ratio
is what a generated BOM without deployment facts pays for not being passed on silence.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

import service.gate as gate_module
from sbom.model import PolicyInput
from service.bundle import load_bundle
from service.engines import EngineResult, PolicyEngine
from service.gate import Gate

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILES = [
    ROOT / "tests" / "real_boms" / "cdxspec-valid-machine-learning-1.6.json",
    ROOT / "tests" / "real_boms" / "bxf12315-hf-aibom.json",
    ROOT / "examples" / "chatbot-compliant.yaml",
]
AS_OF = date(2026, 12, 1)


def _no_probe(engine: PolicyEngine, doc: PolicyInput, actual: EngineResult, eu_regions: frozenset[str]) -> EngineResult:
    return actual


class CountingEngine:
    """Counts the engine evaluations of one `Gate.evaluate` (the probes' extra ones included)."""

    def __init__(self, gate: Gate) -> None:
        self.calls = 0
        self._evaluate = gate.engine.evaluate

        def counted(input_json: str) -> EngineResult:
            self.calls += 1
            return self._evaluate(input_json)

        gate.engine.evaluate = counted  # type: ignore[method-assign]


def median_ms(gate: Gate, data: bytes, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.thread_time()
        gate.evaluate(data, as_of=AS_OF)
        times.append((time.thread_time() - start) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    gate = Gate(load_bundle())
    counter = CountingEngine(gate)
    real_probe = gate_module.probe
    print("| document | engine evaluations | probes on (ms) | probes off (ms) |\n|---|---:|---:|---:|")
    for path in args.files or DEFAULT_FILES:
        data = path.read_bytes()
        counter.calls = 0
        gate.evaluate(data, as_of=AS_OF)
        evaluations = counter.calls
        on, off = [], []
        for _ in range(args.rounds):
            gate_module.probe = real_probe
            on.append(median_ms(gate, data, args.runs))
            gate_module.probe = _no_probe
            off.append(median_ms(gate, data, args.runs))
        gate_module.probe = real_probe
        print(f"| {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} | {evaluations} | "
              f"{min(on):.2f} | {min(off):.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

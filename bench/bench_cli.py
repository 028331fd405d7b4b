"""CLI start-up: `cleangate check` on one example against `python -c pass`, in the same run.

Run: python -m bench.bench_cli [--quick] [--runs 20] [--source DIR]

The commands are run round-robin (a hyperfine-like loop: one warm-up each, then `--runs`
rounds), so a change in machine load hits all of them alike; the figure to read is the
ratio of medians. `--source DIR` runs the same commands on another checkout of the code
(e.g. `git archive main | tar -x -C /tmp/base`), put first on PYTHONPATH, as the baseline.
Then `python -X importtime` shows which imports the check still pays for.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = "examples/chatbot-compliant.yaml"
CHECK = ["-m", "service.cli.main", "check", EXAMPLE]


def _env(source: Path | None) -> dict[str, str]:
    env = {**os.environ, "CLEANGATE_LOG_LEVEL": "warning"}
    if source is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(source), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def _once(argv: list[str], env: dict[str, str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run([sys.executable, *argv], env=env, cwd=cwd, capture_output=True)
    elapsed = time.perf_counter() - start
    if result.returncode not in (0, 1, 3):  # pass, block, warn are all answers
        raise SystemExit(f"{argv} exited {result.returncode}: {result.stderr.decode()[-500:]}")
    return elapsed


def importtime(env: dict[str, str], cwd: Path, top: int = 12) -> list[tuple[float, str]]:
    """The modules `cleangate check` imports whose own import (not counting their imports) costs most."""
    result = subprocess.run([sys.executable, "-X", "importtime", *CHECK], env=env, cwd=cwd, capture_output=True,
                            text=True)
    rows = []
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line or "self [us]" in line:
            continue
        own, _cumulative, name = line.removeprefix("import time:").split("|")
        rows.append((int(own) / 1000, name.strip()))
    total = sum(ms for ms, _ in rows)
    return [(total, "(all imports)"), *sorted(rows, reverse=True)[:top]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke mode: 3 rounds")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--source", type=Path, help="another checkout to measure as the baseline")
    args = parser.parse_args(argv)
    runs = 3 if args.quick else args.runs
    commands: dict[str, tuple[list[str], dict[str, str], Path]] = {
        "python -c pass": (["-c", "pass"], _env(None), ROOT),
        f"cleangate check {EXAMPLE}": (CHECK, _env(None), ROOT),
    }
    if args.source:
        commands[f"cleangate check {EXAMPLE} ({args.source})"] = (CHECK, _env(args.source), args.source)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for cmd, env, cwd in commands.values():
        _once(cmd, env, cwd)
    for _ in range(runs):
        for name, (cmd, env, cwd) in commands.items():
            times[name].append(_once(cmd, env, cwd))
    base = statistics.median(times["python -c pass"])
    print(f"## CLI wall time, median of {runs} round-robin runs; load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}\n")
    print("| command | median s | min s | x python -c pass |\n|---|---:|---:|---:|")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"| {name} | {median:.3f} | {min(values):.3f} | {median / base:.1f} |")
    if not args.quick:
        print("\n| own import time ms | module |\n|---:|---|")
        for ms, name in importtime(_env(None), ROOT):
            print(f"| {ms:.1f} | {name} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())

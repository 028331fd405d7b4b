"""What one obligation calendar costs the server, against one evaluation on the same server.

POST /v1/reports/calendar judges the manifest on the start day and around every candidate date
(the day before and on the day), in an evaluation worker, within one request time budget. This
starts a real `uvicorn` gate (SQLite log, 1 evaluation worker), then times, in the same run,
sequential POST /v1/evaluate and POST /v1/reports/calendar calls for the same manifest. The ratio
calendar / evaluate is the figure to read: it says how much of the time budget
(CLEANGATE_REQUEST_TIMEOUT_SECONDS) a calendar takes compared with a decision.

    python bench/bench_calendar_api.py [--rounds 15] [--manifest examples/voice-clone-legacy.yaml]
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.conftest import free_port  # noqa: E402


def median_seconds(client: httpx.Client, path: str, body: bytes, rounds: int, **params: str) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        response = client.post(path, content=body, params=params)
        times.append(time.perf_counter() - started)
        response.raise_for_status()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--manifest", type=Path, default=ROOT / "examples" / "voice-clone-legacy.yaml")
    args = parser.parse_args()
    port, token = free_port(), "cg_bench_" + secrets.token_urlsafe(12)
    env = {**os.environ, "CLEANGATE_ADMIN_TOKEN": token, "CLEANGATE_EVAL_WORKERS": "1",
           "CLEANGATE_DATABASE_URL": f"sqlite:///{Path(tempfile.mkdtemp(prefix='cleangate-bench-')) / 'log.db'}",
           "CLEANGATE_LOG_LEVEL": "warning", "CLEANGATE_RECORD_DECISIONS": "false"}
    server = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "service.api.app:app_factory",
                               "--port", str(port), "--log-level", "warning"], cwd=ROOT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        body = args.manifest.read_bytes()
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/yaml"}
        with httpx.Client(base_url=url, headers=headers, timeout=120) as client:
            start = {"from": "2026-11-01"}
            median_seconds(client, "/v1/reports/calendar", body, 2, **start)  # warm both paths
            median_seconds(client, "/v1/evaluate", body, 2)
            evaluate = median_seconds(client, "/v1/evaluate", body, args.rounds)
            calendar = median_seconds(client, "/v1/reports/calendar", body, args.rounds, **start)
            report = client.post("/v1/reports/calendar", content=body, params=start).json()["systems"][0]
        candidates = len(report["dates"]) + len(report["checked_without_change"])
        print(f"\n## Obligation calendar over HTTP ({args.manifest.name}, 1 evaluation worker, "
              f"median of {args.rounds})\n")
        print("| call | median ms |")
        print("|---|---:|")
        print(f"| POST /v1/evaluate (baseline: one decision, not recorded) | {evaluate * 1000:.0f} |")
        print(f"| POST /v1/reports/calendar?from=2026-11-01 ({candidates} candidate dates, "
              f"{1 + 2 * candidates} judgements) | {calendar * 1000:.0f} |")
        print(f"\ncalendar / evaluate = {calendar / evaluate:.1f}")
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()

"""A load-test client process: N acknowledged evaluations against a gate, ids to a file.

Run as `python -m tests.load_client URL TOKEN N OUT [--retry]`. Every decision id the gate
acknowledged (HTTP 200) is appended and flushed to OUT at once, so the test knows exactly
what was acknowledged even across a gate crash. With --retry, connection errors and 5xx
(the gate is down or restarting) are retried until N evaluations have been acknowledged.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
MANIFESTS = [(ROOT / "examples" / name).read_bytes()
             for name in ("chatbot-compliant.yaml", "image-generator-unmarked.yaml", "voice-clone-legacy.yaml")]


def run(url: str, token: str, count: int, out: Path, retry: bool, client_id: str) -> int:
    acked = failures = 0
    deadline = time.monotonic() + 300
    with httpx.Client(base_url=url, timeout=30) as client, out.open("a", encoding="utf-8") as sink:
        while acked < count and time.monotonic() < deadline:
            headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/yaml",
                       "X-CI-Repository": f"load/{client_id}", "X-CI-Commit": f"{acked:04d}"}
            try:
                r = client.post("/v1/evaluate", content=MANIFESTS[acked % len(MANIFESTS)], headers=headers,
                                params={"as_of": "2026-09-15"})
            except httpx.HTTPError:
                r = None
            if r is not None and r.status_code == 200:
                sink.write(r.json()["decision_id"] + "\n")
                sink.flush()
                acked += 1
                continue
            failures += 1
            if not retry:
                print(f"client {client_id}: {r.status_code if r else 'connection error'}: {r.text if r else ''}",
                      file=sys.stderr)
                return 1
            time.sleep(0.05)
    print(f"client {client_id}: {acked} acknowledged, {failures} failed attempts", file=sys.stderr)
    return 0 if acked == count else 1


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--retry"]
    sys.exit(run(args[0], args[1], int(args[2]), Path(args[3]), "--retry" in sys.argv, Path(args[3]).stem))

"""Collection-record throughput: TDM opt-outs judged over a synthetic crawl of 1,000,000 records.

Run: nice -n 10 python -m bench.bench_optouts [--records N] [--quick]

The crawl is what a real one looks like to the evaluator: 20,000 hosts fetched in runs of ~50 pages
(crawlers batch per host), one robots.txt capture per host in the snapshot store, of which about
half allow everything, 20 % block AI agents (GPTBot, CCBot, Google-Extended: Disallow: /), 15 %
disallow some paths for everyone, 5 % carry Content-Usage: train-ai=n and 10 % have no capture at
all; 3 % of pages send `tdm-reservation: 1`. Each evaluation runs in a fresh child process so its
peak RSS is its own; the baseline, measured in the same run, is a child that only reads the same
file with json.loads line by line (the floor for any JSONL reader in Python). Results go to
docs/performance.md by hand.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOSTS = 20_000
AI_BLOCK = "User-agent: *\nDisallow: /search\n\nUser-agent: GPTBot\nDisallow: /\n\nUser-agent: CCBot\nDisallow: /\n\n" \
    "User-agent: Google-Extended\nDisallow: /\n"
PATHS = "User-agent: *\nDisallow: /private/\nDisallow: /cart\nAllow: /private/press/\n"
OPEN = "User-agent: *\nDisallow: /wp-admin/\n\nSitemap: https://{host}/sitemap.xml\n"
PREFS = "User-agent: *\nAllow: /\nContent-Usage: train-ai=n, search=y\n"


def robots_for(i: int, host: str) -> str | None:
    kind = i % 20
    if kind < 10:
        return OPEN.format(host=host)
    if kind < 14:
        return AI_BLOCK
    if kind < 17:
        return PATHS
    if kind < 18:
        return PREFS
    return None


def generate(directory: Path, records: int, seed: int = 7) -> tuple[Path, Path]:
    rng = random.Random(seed)
    hosts = [f"site{i}.example" for i in range(HOSTS)]
    store = directory / "snapshots.jsonl"
    with store.open("w") as out:
        for i, host in enumerate(hosts):
            text = robots_for(i, host)
            if text is not None:
                out.write(json.dumps({"sha256": hashlib.sha256(text.encode()).hexdigest(), "host": host,
                                      "kind": "robots", "captured_at": "2026-01-01T00:00:00Z", "content": text}) + "\n")
    record = directory / "record.jsonl"
    with record.open("w") as out:
        out.write(json.dumps({"collection_record": "cleangate/v1", "user_agent": "ExampleBot/2.1",
                              "agents": ["GPTBot", "CCBot"]}) + "\n")
        written = 0
        while written < records:
            host = hosts[rng.randrange(HOSTS)]
            for _ in range(min(rng.randint(20, 80), records - written)):
                section = rng.choice(("articles", "private", "news", "shop", "private/press"))
                row: dict[str, object] = {
                    "url": f"https://{host}/{section}/{rng.randrange(10**9)}.html",
                    "fetched_at": f"2026-03-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:00:00Z"}
                if rng.random() < 0.03:
                    row["tdm_reservation"] = "1"
                out.write(json.dumps(row) + "\n")
                written += 1
    return record, store


CHILD_EVALUATE = """
import json, resource, sys, time
from pathlib import Path
from sbom.model import ManifestDocument
from service.evidence import DirectorySource, EvidenceConfig, EvidenceLimits
from service.evidence.interface import EvidenceRequest
from service.evidence.optouts.verifier import CollectionRecordVerifier
d = Path(sys.argv[1])
doc = ManifestDocument.model_validate({"system": {"name": "bench"}, "datasets": [{"name": "crawl",
      "source_type": "crawled", "tdm": {"crawler": "ExampleBot", "collection_record": {
      "path": "record.jsonl", "format": "jsonl", "snapshots": {"path": "snapshots.jsonl"}}}}]})
limits = EvidenceLimits(max_seconds=3600, max_artifact_bytes=8 * 1024**3, max_total_bytes=16 * 1024**3)
request = EvidenceRequest(config=EvidenceConfig(limits=limits), referenced=DirectorySource(d))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
(result,) = CollectionRecordVerifier().verify(doc, request)
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "items": result.items, "status": result.status,
                  "reserved_included": result.reserved_included, "channels": result.channels,
                  "robots_unknown": result.robots_unknown, "rss_before_kb": before,
                  "rss_peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

CHILD_BASELINE = """
import json, resource, sys, time
from pathlib import Path
path = Path(sys.argv[1]) / "record.jsonl"
start = time.perf_counter()
n = 0
with path.open("rb") as f:
    for line in f:
        row = json.loads(line)
        n += 1
elapsed = time.perf_counter() - start
print(json.dumps({"seconds": elapsed, "items": n - 1,
                  "rss_peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def child(code: str, directory: Path) -> dict[str, object]:
    out = subprocess.run([sys.executable, "-c", code, str(directory)], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    return dict(json.loads(out.stdout))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="50,000 records: a smoke run for CI")
    args = parser.parse_args()
    records = 50_000 if args.quick else args.records
    with tempfile.TemporaryDirectory(prefix="bench-optouts-") as tmp:
        directory = Path(tmp)
        start = time.perf_counter()
        record, store = generate(directory, records)
        print(f"generated {records:,} records ({record.stat().st_size / 1e6:.0f} MB) and "
              f"{store.stat().st_size / 1e6:.1f} MB of robots.txt captures in {time.perf_counter() - start:.1f} s")
        base = child(CHILD_BASELINE, directory)
        run = child(CHILD_EVALUATE, directory)
    rate = float(run["items"]) / float(run["seconds"])  # type: ignore[arg-type]
    base_rate = float(base["items"]) / float(base["seconds"])  # type: ignore[arg-type]
    print("\n| measurement | records | seconds | records/s | vs json.loads baseline | peak RSS MB |")
    print("|---|---:|---:|---:|---:|---:|")
    print(f"| json.loads per line (baseline) | {base['items']:,} | {float(base['seconds']):.2f} | {base_rate:,.0f} "  # type: ignore[arg-type]
          f"| 1.00 | {int(base['rss_peak_kb']) / 1024:.0f} |")  # type: ignore[call-overload]
    print(f"| collection record judged | {run['items']:,} | {float(run['seconds']):.2f} | {rate:,.0f} "  # type: ignore[arg-type]
          f"| {rate / base_rate:.2f} | {int(run['rss_peak_kb']) / 1024:.0f} |")  # type: ignore[call-overload]
    print(f"\nstatus {run['status']}, reserved_included {run['reserved_included']:,}, channels {run['channels']}, "
          f"robots_unknown {run['robots_unknown']:,}; RSS after imports {int(run['rss_before_kb']) / 1024:.0f} MB"  # type: ignore[call-overload]
          f"; load average {' '.join(f'{x:.1f}' for x in __import__('os').getloadavg())}")
    _ = resource


if __name__ == "__main__":
    main()

"""Prometheus metrics: decisions by verdict and rule, evaluation latency, errors, waiver health.

Each app gets its own registry, so several apps in one test process do not collide. Counters
are per process; with several uvicorn workers set PROMETHEUS_MULTIPROC_DIR (an empty, writable
folder) and every worker's /metrics reports the sum over all workers. Waiver gauges are read
from the database at scrape time, so they agree across workers and replicas anyway.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from collections.abc import Set as AbstractSet

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from service.decision import Decision
from service.store import Store
from service.store.integrity import Tamper
from service.waivers import report

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class WaiverCollector(Collector):
    def __init__(self, store: Store, known_rules: Callable[[], AbstractSet[str]], warn_days: int) -> None:
        self.store, self.known_rules, self.warn_days = store, known_rules, warn_days

    def collect(self) -> Iterator[GaugeMetricFamily]:
        assessed = report(self.store.list_waivers(), self.known_rules(), self.warn_days)
        active = GaugeMetricFamily("cleangate_waivers_active", "Waivers in force (unrevoked, unexpired).")
        active.add_metric([], len(assessed))
        expiring = GaugeMetricFamily("cleangate_waivers_expiring_soon",
                                     "Active waivers expiring within CLEANGATE_WAIVER_WARN_DAYS.")
        expiring.add_metric([], sum(a["expiring_soon"] for a in assessed))
        unknown = GaugeMetricFamily("cleangate_waivers_unknown_rule",
                                    "Active waivers naming a rule the loaded policies do not define.")
        unknown.add_metric([], sum(bool(a["unknown_rules"]) for a in assessed))
        expiry = GaugeMetricFamily("cleangate_waiver_expiry_timestamp_seconds",
                                   "When each active waiver expires (Unix time).", labels=["waiver_id", "system"])
        for a in assessed:
            expiry.add_metric([a["id"], a["system"]], _unix(a["expires_at"]))
        yield from (active, expiring, unknown, expiry)


def _unix(text: str) -> float:
    from service.timestamps import parse_utc

    return parse_utc(text).timestamp()


class AppMetrics:
    def __init__(self, store: Store, known_rules: Callable[[], AbstractSet[str]], warn_days: int) -> None:
        self.registry = CollectorRegistry()
        self.decisions = Counter("cleangate_decisions", "Decisions made, by verdict.", ["verdict"],
                                 registry=self.registry)
        self.rules = Counter("cleangate_rule_decisions",
                             "Decisions in which a rule fired, by rule, severity and whether it was waived.",
                             ["rule", "severity", "waived"], registry=self.registry)
        self.latency = Histogram("cleangate_evaluation_seconds",
                                 "POST /v1/evaluate time: load, evaluate and commit to the log.",
                                 buckets=LATENCY_BUCKETS, registry=self.registry)
        self.errors = Counter("cleangate_errors", "Requests that failed, by kind.", ["kind"], registry=self.registry)
        self.integrity = Counter("cleangate_integrity_refusals",
                                 "Waiver and token rows refused because they do not match the hash chain.",
                                 ["table"], registry=self.registry)
        self.waivers = WaiverCollector(store, known_rules, warn_days)
        self.registry.register(self.waivers)

    def refused(self, tamper: Tamper) -> None:
        self.integrity.labels(tamper.table).inc()

    def observe(self, decision: Decision, seconds: float) -> None:
        self.decisions.labels(decision.verdict).inc()
        for rule, severity, waived in {(f.rule, f.severity, "true" if f.waived else "false")
                                       for f in decision.findings}:
            self.rules.labels(rule, severity, waived).inc()
        self.latency.observe(seconds)

    def render(self) -> bytes:
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            registry = CollectorRegistry()
            MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
            registry.register(self.waivers)
            return generate_latest(registry)
        return generate_latest(self.registry)

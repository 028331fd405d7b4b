"""Cached token and waiver look-ups keep revocation bounded across replicas.

CLEANGATE_LOOKUP_CACHE_SECONDS lets a gate process reuse a token or waiver look-up for at most
that long (at most 5 s). Two real gate processes on one PostgreSQL database: a token and a
waiver are used on both (so both have them cached), then revoked through one. The revoking
gate refuses at once; the other within the bound. Waiting past the bound is not a speed
assertion: it is the promise docs/configuration.md makes.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from service.store.lookupcache import MAX_SECONDS, LookupCache
from tests.conftest import EXAMPLES
from tests.store_fixtures import GateProcess, PgSchema, gate_env, require_postgres

UNMARKED = (EXAMPLES / "image-generator-unmarked.yaml").read_bytes()  # blocked on AIACT-50-2 unless waived
CACHE_SECONDS = 2.0


def test_entries_age_out_and_the_bound_cannot_be_raised_past_five_seconds() -> None:
    cache: LookupCache[str, int] = LookupCache(0.2)
    cache.put("a", 1)
    assert cache.get("a") == 1
    time.sleep(0.3)
    assert cache.get("a") is None
    assert LookupCache[str, int](60).seconds == MAX_SECONDS == 5.0
    off: LookupCache[str, int] = LookupCache(0)
    off.put("a", 1)
    assert off.get("a") is None
    small: LookupCache[int, int] = LookupCache(5, size=3)
    for i in range(10):
        small.put(i, i)
    assert [small.get(i) for i in range(10)] == [None] * 7 + [7, 8, 9]


@pytest.fixture
def two_replicas(tmp_path: Path) -> Iterator[tuple[GateProcess, GateProcess]]:
    require_postgres()
    schema = PgSchema()
    env = gate_env(schema.url, "cg_boot_" + secrets.token_urlsafe(24)) | {
        "CLEANGATE_LOOKUP_CACHE_SECONDS": str(CACHE_SECONDS), "CLEANGATE_LOG_LEVEL": "warning"}
    first = GateProcess(env, 1, tmp_path / "a.log")
    second = GateProcess(env, 1, tmp_path / "b.log")
    try:
        first.start()
        second.start()
        yield first, second
    finally:
        first.kill()
        second.kill()
        schema.drop()


def _evaluate(gate: GateProcess, secret: str) -> httpx.Response:
    return httpx.post(f"{gate.url}/v1/evaluate", content=UNMARKED, timeout=60,
                      headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/yaml"})


def _waived(gate: GateProcess, secret: str) -> int:
    r = _evaluate(gate, secret)
    assert r.status_code == 200, r.text
    return int(r.json()["summary"]["waived"])


@pytest.mark.slow
def test_revocation_through_one_replica_takes_effect_on_the_other_within_the_bound(
        two_replicas: tuple[GateProcess, GateProcess]) -> None:
    a, b = two_replicas
    tokens = {}
    for name in ("ci-revoked", "ci-kept"):
        r = httpx.post(f"{a.url}/v1/tokens", json={"name": name, "scopes": ["evaluate"]}, headers=a.admin_headers)
        assert r.status_code == 201, r.text
        tokens[name] = r.json()["token"]
    r = httpx.post(f"{a.url}/v1/waivers", headers=a.admin_headers, json={
        "rules": ["AIACT-50-2"], "system": "Pixelforge*", "justification": "marking ships next sprint",
        "ticket": "T-16", "approver": "dpo", "expires_at": (datetime.now(UTC) + timedelta(days=5)).isoformat()})
    assert r.status_code == 201, r.text
    waiver = r.json()["id"]
    for gate in (a, b):  # both replicas now hold the token and the waiver in their caches
        assert _evaluate(gate, tokens["ci-revoked"]).status_code == 200
        assert _waived(gate, tokens["ci-kept"]) > 0

    assert httpx.post(f"{a.url}/v1/tokens/ci-revoked/revoke", headers=a.admin_headers).status_code == 200
    assert httpx.post(f"{a.url}/v1/waivers/{waiver}/revoke", json={"reason": "fixed"},
                      headers=a.admin_headers).status_code == 200
    revoked_at = time.monotonic()
    # The replica that revoked refuses at once, although it had both cached.
    assert _evaluate(a, tokens["ci-revoked"]).status_code == 401
    assert _waived(a, tokens["ci-kept"]) == 0
    # The other one within the bound: wait it out, then it must refuse too.
    time.sleep(max(0.0, revoked_at + CACHE_SECONDS + 0.2 - time.monotonic()))
    assert _evaluate(b, tokens["ci-revoked"]).status_code == 401
    decision = _evaluate(b, tokens["ci-kept"])
    assert decision.status_code == 200 and decision.json()["summary"]["waived"] == 0
    assert decision.json()["verdict"] == "block"

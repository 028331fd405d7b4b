"""The store interface hands back domain types: every moment a record carries is a UTC-aware
datetime (on SQLite and PostgreSQL alike), while what the store keeps and its hash chain seals
is still the same fixed-width `utc_text` (issue 20, "layers that do not leak")."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from sbom.errors import Kind
from service.attest.keys import generate
from service.gate import Gate
from service.settings import Settings
from service.store import DecisionFilter, Store, StoreError, WaiverRequest
from service.store.checkpoints import take
from service.timestamps import utc_text
from tests.conftest import EXAMPLES

UNMARKED = (EXAMPLES / "image-generator-unmarked.yaml").read_bytes()


def _utc_moment(value: object) -> datetime:
    """The value is a datetime in UTC (aware, offset zero), not text."""
    assert isinstance(value, datetime), f"expected a datetime, got {type(value).__name__}: {value!r}"
    assert value.tzinfo is not None and value.utcoffset() == timedelta(0), value
    return value


def _stored(store: Store, kind: str, entry_id: str) -> dict[str, Any]:
    """The newest chain record of that kind and entry, as the store keeps it."""
    return [r for r in store.export() if r["kind"] == kind and r["entry_id"] == entry_id][-1]


def test_decisions_come_back_with_datetimes(store: Store, gate: Gate) -> None:
    before = datetime.now(UTC)
    recorded = store.record_decision(gate.evaluate(UNMARKED), UNMARKED.decode(), "ci")
    moment = _utc_moment(recorded.recorded_at)
    assert before - timedelta(seconds=1) <= moment <= datetime.now(UTC) + timedelta(seconds=1)
    fetched = store.get_decision(recorded.decision_id)
    assert fetched is not None and _utc_moment(fetched.recorded_at) == moment
    listed = store.list_decisions(DecisionFilter(), 10, None)
    summaries = store.list_decision_summaries(DecisionFilter(), 10, None)
    streamed = list(store.iter_decisions())
    from_export = list(Store.iter_decisions(store))  # the interface's default, read from export()
    for value in (listed[0].recorded_at, summaries[0]["recorded_at"], streamed[0].recorded_at,
                  from_export[0].recorded_at, listed[0].summary()["recorded_at"]):
        assert _utc_moment(value) == moment
    assert isinstance(summaries[0]["created_at"], str)  # the decision's own field stays its JSON text
    assert _stored(store, "decision", recorded.decision_id)["created_at"] == utc_text(moment)
    # the filters take datetimes and compare them with the stored moment
    assert [d.decision_id for d in store.list_decisions(DecisionFilter(since=moment), 10, None)] == \
        [recorded.decision_id]
    assert store.list_decisions(DecisionFilter(since=moment + timedelta(microseconds=1)), 10, None) == []
    assert store.verify().ok


def test_waivers_come_back_with_datetimes(store: Store) -> None:
    soon = datetime.now(UTC) + timedelta(days=30)
    request = WaiverRequest(rules=("AIACT-50-2",), system="pixel-*", justification="C2PA in 2.4",
                            ticket="COMP-42", approver="dpo@example.com",
                            expires_at=soon.astimezone(timezone(timedelta(hours=2))))  # the store moves it to UTC
    created = store.create_waiver(request, "admin", 90)
    _utc_moment(created.created_at)
    assert _utc_moment(created.expires_at) == soon and created.revoked_at is None
    public = created.public()
    assert public["expires_at"] == utc_text(soon) and public["created_at"] == utc_text(created.created_at)
    sealed = json.loads(_stored(store, "waiver.created", created.id)["payload"])
    assert sealed["expires_at"] == utc_text(soon) and sealed["created_at"] == utc_text(created.created_at)
    for found in (store.list_waivers()[0], store.matching_waivers("pixel-forge", None, None)[0],
                  (store.cached_waivers("pixel-forge", None, None) or [created])[0]):
        assert found == created
    revoked = store.revoke_waiver(created.id, "admin", "fixed")
    assert _utc_moment(revoked.revoked_at) >= created.created_at
    assert store.list_waivers(include_inactive=True)[0] == revoked
    assert store.list_waivers() == [] and store.matching_waivers("pixel-forge", None, None) == []
    assert store.verify().ok  # the sealed rows still match their chain records byte for byte


def test_tokens_come_back_with_datetimes(store: Store) -> None:
    created, _secret = store.create_token("ci-types", ("read",), "admin")
    _utc_moment(created.created_at)
    assert created.revoked_at is None
    assert [t for t in store.list_tokens() if t.name == "ci-types"] == [created]
    revoked = store.revoke_token("ci-types", "admin")
    assert _utc_moment(revoked.revoked_at) >= created.created_at and revoked.created_at == created.created_at
    assert [t for t in store.list_tokens() if t.name == "ci-types"] == [revoked]
    assert revoked.public()["revoked_at"] == utc_text(revoked.revoked_at)
    assert store.verify().ok


def test_checkpoints_come_back_with_the_signed_time(store: Store, gate: Gate, db_url: str) -> None:
    store.record_decision(gate.evaluate(UNMARKED), UNMARKED.decode(), "ci")
    taken = take(store, generate("ecdsa-p256"), Settings(database_url=db_url))
    latest = store.latest_checkpoint()
    assert latest is not None and _utc_moment(latest.created_at) == _utc_moment(taken.record.created_at)
    signed = json.loads(base64.b64decode(latest.envelope["payload"]))
    assert signed["time"] == utc_text(latest.created_at)  # the signed text is the stored moment


def test_a_stored_time_edited_into_nonsense_is_a_store_failure_that_says_so(store: Store, gate: Gate,
                                                                           db_url: str) -> None:
    from sqlalchemy import create_engine, text

    recorded = store.record_decision(gate.evaluate(UNMARKED), UNMARKED.decode(), "ci")
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET created_at = 'yesterday' WHERE entry_id = :id"),
                     {"id": recorded.decision_id})
    engine.dispose()
    with pytest.raises(StoreError) as caught:
        store.get_decision(recorded.decision_id)
    assert caught.value.kind is Kind.FAILED and "'yesterday'" in caught.value.message
    assert "audit verify" in caught.value.message
    assert not store.verify().ok  # and the chain names the edited record

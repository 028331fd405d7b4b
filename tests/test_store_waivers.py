"""Waivers: bounded expiry, scope matching, applied at evaluation (visible as waived, verdict
recomputed), no longer applied once expired or revoked, loud about expiry and unknown rules,
and every change is a record in the hash chain."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime, timedelta

import pytest

from service.cli.main import main
from service.decision import Decision
from service.gate import Gate
from service.problems import http_status
from service.store import Store, StoreError, WaiverRequest
from service.store.recorder import evaluate_and_record
from service.waivers import report
from tests.conftest import AS_OF, EXAMPLES

UNMARKED = (EXAMPLES / "image-generator-unmarked.yaml").read_bytes()  # blocks on AIACT-50-2


def _request(**overrides: object) -> WaiverRequest:
    fields: dict[str, object] = {
        "rules": ("AIACT-50-2",), "system": "pixel-forge", "justification": "C2PA signing ships in 2.4",
        "ticket": "COMP-42", "approver": "dpo@example.com", "expires_at": datetime.now(UTC) + timedelta(days=30),
    }
    fields.update(overrides)
    return WaiverRequest(**fields)  # type: ignore[arg-type]


def _evaluate(gate: Gate, store: Store, repository: str | None = None) -> Decision:
    return asyncio.run(evaluate_and_record(gate, store, UNMARKED, None, as_of=AS_OF,
                                           ci={"repository": repository}, source=None, token="ci"))


def _system(gate: Gate) -> str:
    return gate.load(UNMARKED).policy_input.system.name


def test_waiver_turns_block_into_pass_and_the_finding_stays_visible(store: Store, gate: Gate) -> None:
    before = _evaluate(gate, store)
    assert before.verdict == "block"
    waiver = store.create_waiver(_request(system=_system(gate)), "admin", 90)
    after = _evaluate(gate, store)
    assert after.verdict == "pass"
    waived = [f for f in after.findings if f.rule == "AIACT-50-2"]
    assert waived and all(f.waived and f.waiver_id == waiver.id for f in waived)
    assert after.summary.waived == len(waived) and after.summary.block == 0
    stored = store.get_decision(after.decision_id)
    assert stored is not None and stored.decision["findings"][0]["waived"] is True


def test_revoked_and_expired_waivers_no_longer_apply(store: Store, gate: Gate, db_url: str) -> None:
    first = store.create_waiver(_request(system=_system(gate)), "admin", 90)
    assert _evaluate(gate, store).verdict == "pass"
    store.revoke_waiver(first.id, "admin", "signing shipped")
    assert _evaluate(gate, store).verdict == "block"
    expires = datetime.now(UTC) + timedelta(seconds=1.5)
    second = store.create_waiver(_request(system=_system(gate), expires_at=expires), "admin", 90)
    assert _evaluate(gate, store).verdict == "pass"
    # let time pass (editing expires_at in the database would be refused as tampering)
    time.sleep(max(0.0, (expires - datetime.now(UTC)).total_seconds()) + 0.1)
    assert _evaluate(gate, store).verdict == "block"
    assert {w.id for w in store.list_waivers(include_inactive=True)} == {first.id, second.id}
    assert store.list_waivers() == []


@pytest.mark.parametrize(("scope", "repository", "applies"), [
    ({"system": "Pixelforge *"}, None, True),
    ({"system": "pixelforge studio"}, None, False),  # names match case-sensitively
    ({"version": "1.*"}, None, True),
    ({"system": "other-system"}, None, False),
    ({"version": "9.9.9"}, None, False),
    ({"repository": "acme/pixel-forge"}, "acme/pixel-forge", True),
    ({"repository": "acme/*"}, "acme/pixel-forge", True),
    ({"repository": "acme/pixel-forge"}, "evil/pixel-forge", False),
    ({"repository": "acme/pixel-forge"}, None, False),
])
def test_waiver_scope(store: Store, gate: Gate, scope: dict[str, str], repository: str | None,
                      applies: bool) -> None:
    store.create_waiver(_request(**{"system": _system(gate), **scope}), "admin", 90)
    assert _evaluate(gate, store, repository).verdict == ("pass" if applies else "block")


@pytest.mark.parametrize(("overrides", "pointer"), [
    ({"expires_at": datetime.now(UTC) - timedelta(hours=1)}, "/expires_at"),
    ({"expires_at": datetime.now(UTC) + timedelta(days=91)}, "/expires_at"),
    ({"rules": ()}, "/rules"),
    ({"rules": ("AIACT-50-2", "bad id!")}, "/rules/1"),
    ({"justification": "  "}, "/justification"),
    ({"ticket": ""}, "/ticket"),
])
def test_invalid_waivers_are_refused_naming_the_field(store: Store, overrides: dict[str, object],
                                                      pointer: str) -> None:
    with pytest.raises(StoreError) as caught:
        store.create_waiver(_request(**overrides), "admin", 90)
    assert caught.value.pointer == pointer
    assert store.list_waivers(include_inactive=True) == []


def test_expiring_and_unknown_rule_waivers_are_reported(store: Store, gate: Gate) -> None:
    store.create_waiver(_request(expires_at=datetime.now(UTC) + timedelta(days=3)), "admin", 90)
    store.create_waiver(_request(rules=("AIACT-50-2", "GONE-1")), "admin", 90)
    store.create_waiver(_request(), "admin", 90)
    items = report(store.list_waivers(), {r.id for r in gate.bundle.rules}, warn_days=14)
    assert sorted(i["expiring_soon"] for i in items) == [False, False, True]
    assert [i["unknown_rules"] for i in items if i["unknown_rules"]] == [["GONE-1"]]
    assert sum(bool(i["warnings"]) for i in items) == 2


def test_waiver_changes_are_chained(store: Store) -> None:
    waiver = store.create_waiver(_request(), "alice", 90)
    store.revoke_waiver(waiver.id, "bob", "done")
    with pytest.raises(StoreError) as again:
        store.revoke_waiver(waiver.id, "bob", None)
    assert http_status(again.value) == 409
    events = [(r["kind"], r["entry_id"], r["actor"]) for r in store.export()]
    assert events == [("waiver.created", waiver.id, "alice"), ("waiver.revoked", waiver.id, "bob")]
    assert store.verify().ok


def test_waiver_cli_create_list_revoke(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--database-url", db_url]
    assert main(["waiver", "create", *base, "--rule", "AIACT-50-2", "--rule", "NOT-A-RULE", "--system", "pixel-forge",
                 "--justification", "j", "--ticket", "COMP-1", "--approver", "dpo", "--expires", "5d"]) == 0
    waiver_id = capsys.readouterr().out.strip()
    assert main(["waiver", "list", *base]) == 3  # expiring within 14 days and naming an unknown rule
    captured = capsys.readouterr()
    assert waiver_id in captured.out
    assert "WARNING" in captured.err and "NOT-A-RULE" in captured.err and "within 14 days" in captured.err
    assert main(["waiver", "create", *base, "--rule", "AIACT-50-2", "--system", "x", "--justification", "j",
                 "--ticket", "T", "--approver", "a", "--expires", "400d"]) == 2
    assert "/expires_at" in capsys.readouterr().err
    assert main(["waiver", "revoke", *base, waiver_id, "--reason", "fixed"]) == 0
    assert main(["waiver", "list", *base]) == 0
    assert waiver_id not in capsys.readouterr().out

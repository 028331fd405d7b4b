"""Attacks on the decision log's integrity, on a real gate over SQLite and PostgreSQL, with the database edited
directly as an attacker with write access would: a waiver widened (expiry 9999, system `*`),
a read token upgraded to admin, an admin token inserted. Each is refused, counted in the
metrics and reported by `audit verify`. Then the rewrite of the chain's tail together with its
head, which verifies on its own, is caught by a signed checkpoint taken before it."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text

from service.cli.main import main
from service.gate import Gate
from service.settings import Settings
from service.store import Store, WaiverRequest, chain
from tests.conftest import AS_OF_TEXT, EXAMPLES
from tests.store_fixtures import BACKENDS, GateProcess, database_url_for, gate_env

UNMARKED = (EXAMPLES / "image-generator-unmarked.yaml").read_bytes()
COMPLIANT = (EXAMPLES / "chatbot-compliant.yaml").read_bytes()
AS_OF_PARAMS = {"as_of": AS_OF_TEXT}


def _sql(db_url: str, statement: str, **params: object) -> None:
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text(statement), params)
    engine.dispose()


@pytest.fixture(scope="module", params=BACKENDS)
def attacked(request: pytest.FixtureRequest,
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[GateProcess, str]]:
    tmp = tmp_path_factory.mktemp("attacks")
    urls = database_url_for(request.param, tmp)
    url = next(urls)
    proc = GateProcess(gate_env(url, "cg_boot_" + secrets.token_urlsafe(16)), 1, tmp / "gate.log").start()
    yield proc, url
    proc.kill()
    urls.close()


def _evaluate(gate: GateProcess, data: bytes) -> dict[str, Any]:
    r = httpx.post(f"{gate.url}/v1/evaluate", content=data, params=AS_OF_PARAMS,
                   headers={**gate.admin_headers, "Content-Type": "application/yaml"})
    assert r.status_code == 200, r.text
    return dict(r.json())


def _refusals(gate: GateProcess, table: str) -> float:
    metrics = httpx.get(f"{gate.url}/metrics", headers=gate.admin_headers).text
    match = re.search(rf'cleangate_integrity_refusals_total{{table="{table}"}} ([0-9.]+)', metrics)
    return float(match.group(1)) if match else 0.0


def _token(gate: GateProcess, name: str, scopes: list[str]) -> str:
    r = httpx.post(f"{gate.url}/v1/tokens", json={"name": name, "scopes": scopes}, headers=gate.admin_headers)
    assert r.status_code == 201, r.text
    return str(r.json()["token"])


def _verify_rows(gate: GateProcess) -> list[dict[str, str]]:
    body = httpx.get(f"{gate.url}/v1/audit/verify", headers=gate.admin_headers).json()
    assert body["ok"] is False
    return list(body["rows_not_matching_chain"])


@pytest.mark.slow
def test_widened_waiver_is_not_applied(attacked: tuple[GateProcess, str]) -> None:
    gate, db_url = attacked
    expires = (datetime.now(UTC) + timedelta(days=10)).isoformat()
    r = httpx.post(f"{gate.url}/v1/waivers", headers=gate.admin_headers, json={
        "rules": ["AIACT-50-2"], "system": "some other system", "justification": "j", "ticket": "T-1",
        "approver": "dpo", "expires_at": expires})
    assert r.status_code == 201, r.text
    waiver_id = r.json()["id"]
    assert _evaluate(gate, UNMARKED)["verdict"] == "block"  # the waiver is for another system
    before = _refusals(gate, "waivers")
    _sql(db_url, "UPDATE waivers SET expires_at = '9999-12-31T23:59:59.999999Z', system = '*' WHERE id = :id",
         id=waiver_id)
    decision = _evaluate(gate, UNMARKED)
    assert decision["verdict"] == "block" and decision["summary"]["waived"] == 0
    assert _refusals(gate, "waivers") > before
    listed = httpx.get(f"{gate.url}/v1/waivers", params={"all": "true"}, headers=gate.admin_headers).json()
    assert waiver_id not in [w["id"] for w in listed["items"]]
    rows = _verify_rows(gate)
    assert any(r["id"] == waiver_id and "expires_at" in r["reason"] and "system" in r["reason"] for r in rows)
    assert main(["audit", "verify", "--database-url", db_url]) == 1
    # revoking the tampered row is refused too: the chain would otherwise record the widened content
    assert httpx.post(f"{gate.url}/v1/waivers/{waiver_id}/revoke", json={"reason": "x"},
                      headers=gate.admin_headers).status_code == 409


@pytest.mark.slow
def test_read_token_upgraded_to_admin_is_refused(attacked: tuple[GateProcess, str]) -> None:
    gate, db_url = attacked
    name = "reader-" + secrets.token_hex(3)
    secret = _token(gate, name, ["read"])
    headers = {"Authorization": f"Bearer {secret}"}
    assert httpx.get(f"{gate.url}/v1/decisions", headers=headers).status_code == 200
    assert httpx.get(f"{gate.url}/v1/tokens", headers=headers).status_code == 403
    before = _refusals(gate, "api_tokens")
    _sql(db_url, "UPDATE api_tokens SET scopes = 'admin' WHERE name = :n", n=name)
    assert httpx.get(f"{gate.url}/v1/tokens", headers=headers).status_code == 401
    assert httpx.get(f"{gate.url}/v1/decisions", headers=headers).status_code == 401  # not even read any more
    assert _refusals(gate, "api_tokens") > before
    assert any(r["label"] == name and "scopes" in r["reason"] for r in _verify_rows(gate))


@pytest.mark.slow
def test_inserted_admin_token_is_refused(attacked: tuple[GateProcess, str]) -> None:
    gate, db_url = attacked
    secret = "cg_" + secrets.token_urlsafe(32)
    row_id = str(uuid.uuid4())
    _sql(db_url, "INSERT INTO api_tokens (id, name, secret_hash, scopes, created_at, created_by) "
                 "VALUES (:id, 'intruder', :h, 'admin', '2026-11-30T00:00:00.000000Z', 'admin')",
         id=row_id, h=hashlib.sha256(secret.encode()).hexdigest())
    before = _refusals(gate, "api_tokens")
    r = httpx.post(f"{gate.url}/v1/tokens", json={"name": "escalated", "scopes": ["admin"]},
                   headers={"Authorization": f"Bearer {secret}"})
    assert r.status_code == 401
    assert _refusals(gate, "api_tokens") > before
    assert any(r["id"] == row_id and "no chain record" in r["reason"] for r in _verify_rows(gate))
    names = [t["name"] for t in httpx.get(f"{gate.url}/v1/tokens", headers=gate.admin_headers).json()["items"]]
    assert "intruder" not in names


# -- the same defences at the store, including a chain record edited along with the row ---------


def _request(system: str) -> WaiverRequest:
    return WaiverRequest(rules=("AIACT-50-2",), system=system, justification="j", ticket="T", approver="dpo",
                         expires_at=datetime.now(UTC) + timedelta(days=5))


def test_row_and_its_record_edited_together_is_refused(store: Store, db_url: str) -> None:
    """Editing the waiver.created payload too (and re-hashing that record) is caught: the next
    record's prev_hash no longer fits."""
    waiver = store.create_waiver(_request("narrow"), "admin", 90)
    store.create_token("after", ("read",), "admin")  # a record after the waiver's
    engine = create_engine(db_url)
    with engine.begin() as conn:
        rec = dict(conn.execute(text("SELECT * FROM audit_log WHERE entry_id = :id"), {"id": waiver.id})
                   .mappings().one())
        payload = json.loads(rec["payload"])
        payload["system"] = "*"
        rec["payload"] = json.dumps(payload, sort_keys=True, separators=(",", ":"))
        rec["hash"] = chain.record_hash(rec, rec["prev_hash"])
        conn.execute(text("UPDATE audit_log SET payload = :p, hash = :h WHERE seq = :s"),
                     {"p": rec["payload"], "h": rec["hash"], "s": rec["seq"]})
        conn.execute(text("UPDATE waivers SET system = '*' WHERE id = :id"), {"id": waiver.id})
    engine.dispose()
    refused: list[str] = []
    store.set_integrity_listener(lambda t: refused.append(t.reason))
    assert store.matching_waivers("anything", None, None) == []
    assert refused and "not linked into the chain" in refused[0]
    assert not store.verify().ok


def test_untouched_rows_still_work_and_revocation_is_in_the_chain(store: Store) -> None:
    waiver = store.create_waiver(_request("sys-*"), "admin", 90)
    assert [w.id for w in store.matching_waivers("sys-a", None, None)] == [waiver.id]
    store.revoke_waiver(waiver.id, "admin", "done")
    _, secret = store.create_token("ci", ("evaluate",), "admin")
    assert store.authenticate(secret) is not None
    store.revoke_token("ci", "admin")
    assert store.authenticate(secret) is None
    records = {r["kind"]: json.loads(r["payload"]) for r in store.export()}
    assert records["waiver.revoked"]["revoke_reason"] == "done" and records["waiver.revoked"]["system"] == "sys-*"
    assert records["token.revoked"]["revoked_at"] and records["token.created"]["secret_hash"]
    result = store.verify()
    assert result.ok and not result.rows


def test_unrevoking_a_token_in_the_database_is_refused(store: Store, db_url: str) -> None:
    _, secret = store.create_token("gone", ("admin",), "admin")
    store.revoke_token("gone", "admin")
    _sql(db_url, "UPDATE api_tokens SET revoked_at = NULL WHERE name = 'gone'")
    assert store.authenticate(secret) is None
    assert any("revoked_at" in r["reason"] for r in store.verify().public()["rows_not_matching_chain"])


def test_settings_record_only_when_they_change(store: Store) -> None:
    snapshot = {"policy": {"revision": "r1", "digest": "sha256:aa"}, "data": {"x": 1}}
    assert store.record_settings(snapshot, "gate-start") is True
    assert store.record_settings(snapshot, "gate-start") is False
    assert store.record_settings({**snapshot, "data": {"x": 2}}, "gate-start") is True
    kinds = [r["kind"] for r in store.export()]
    assert kinds.count("settings.loaded") == 2 and store.verify().ok


# -- signed checkpoints against a tail + head rewrite ------------------------------------------


def _rewrite_from(db_url: str, start_seq: int) -> None:
    """Edit record `start_seq` and re-hash it and every later record and the head: a chain that
    verifies on its own."""
    engine = create_engine(db_url)
    with engine.begin() as conn:
        rows = [dict(r) for r in conn.execute(text("SELECT * FROM audit_log ORDER BY seq")).mappings()]
        prev = chain.GENESIS
        for rec in rows:
            if rec["seq"] == start_seq:
                rec["verdict"] = "pass"
            if rec["seq"] >= start_seq:
                rec["prev_hash"] = prev
                rec["hash"] = chain.record_hash(rec, prev)
                conn.execute(text("UPDATE audit_log SET verdict = :v, prev_hash = :p, hash = :h WHERE seq = :s"),
                             {"v": rec["verdict"], "p": rec["prev_hash"], "h": rec["hash"], "s": rec["seq"]})
            prev = rec["hash"]
        conn.execute(text("UPDATE chain_head SET seq = :s, hash = :h WHERE id = 1"), {"s": rows[-1]["seq"], "h": prev})
    engine.dispose()


def test_tail_and_head_rewrite_is_caught_by_an_earlier_checkpoint(store: Store, gate: Gate, db_url: str,
                                                                  tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from service.attest.keys import load_signing_key_file
    from service.store.checkpoints import take

    assert main(["attest", "keygen", "--out", str(tmp_path / "gate.pem")]) == 0
    key = load_signing_key_file(tmp_path / "gate.pem")
    for _ in range(3):
        store.record_decision(gate.evaluate(UNMARKED), UNMARKED.decode(), "ci")
    settings = Settings(database_url=db_url, checkpoint_dir=tmp_path / "shipped")
    taken = take(store, key, settings)
    assert taken.new and taken.record.seq == 3
    assert take(store, key, settings).new is False  # the head did not move
    held = tmp_path / "shipped" / "latest.json"  # what was shipped off the machine
    store.record_decision(gate.evaluate(COMPLIANT), COMPLIANT.decode(), "ci")
    pub = tmp_path / "gate.pub.pem"
    monkeypatch.delenv("CLEANGATE_SIGNING_KEY_FILE", raising=False)
    args = ["audit", "verify", "--database-url", db_url, "--checkpoint", str(held), "--key", str(pub)]
    assert main(args) == 0
    assert "extends 1 signed checkpoint" in capsys.readouterr().out

    _rewrite_from(db_url, 2)  # the block at record 2 becomes a pass; everything after re-hashed
    assert store.verify().ok  # on its own the rewritten chain verifies ...
    assert main(args) == 1  # ... but not against the checkpoint taken before the rewrite
    assert "the log was rewritten after that checkpoint" in capsys.readouterr().out

    export = tmp_path / "log.jsonl"
    assert main(["audit", "export", "--database-url", db_url, "-o", str(export)]) == 0
    assert main(["audit", "verify", "--file", str(export), "--checkpoint", str(held), "--key", str(pub)]) == 1

    # a checkpoint signed by another key is not trusted at all (exit 2, nothing checked)
    assert main(["attest", "keygen", "--out", str(tmp_path / "other.pem")]) == 0
    assert main([*args[:-1], str(tmp_path / "other.pub.pem")]) == 2
    assert "no signature verifies" in capsys.readouterr().err


def test_truncated_log_below_a_checkpoint_is_caught(store: Store, gate: Gate, db_url: str, tmp_path: Path) -> None:
    from service.attest.keys import generate

    key = generate("ecdsa-p256")
    for _ in range(3):
        store.record_decision(gate.evaluate(UNMARKED), UNMARKED.decode(), "ci")
    from service.store.checkpoints import take

    record = take(store, key, Settings(database_url=db_url)).record
    _sql(db_url, "DELETE FROM audit_log WHERE seq = 3")
    last = store.export()
    prev = list(last)[-1]
    _sql(db_url, "UPDATE chain_head SET seq = 2, hash = :h WHERE id = 1", h=prev["hash"])
    assert store.verify().ok
    result = store.verify([chain.Anchor(record.seq, record.hash, "test")])
    assert not result.ok and "the log ends at 2" in str(result.reason)


def test_upgrade_seals_rows_written_before_0002(db_url: str) -> None:
    """A database from revision 0001 with a token and a waiver keeps working after the upgrade:
    the migration appends their current state to the chain."""
    from alembic import command
    from alembic.config import Config

    from service.store.sql import MIGRATIONS, SqlStore, hash_secret

    old = SqlStore(Settings(database_url=db_url).effective_database_url())
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with old.engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.commit()
    old.close()
    secret = "cg_" + secrets.token_urlsafe(32)
    _sql(db_url, "INSERT INTO api_tokens (id, name, secret_hash, scopes, created_at, created_by) VALUES "
                 "('t1', 'legacy', :h, 'evaluate', '2026-11-01T00:00:00.000000Z', 'cli')", h=hash_secret(secret))
    _sql(db_url, "INSERT INTO waivers (id, rules, system, justification, ticket, approver, expires_at, created_at) "
                 "VALUES ('w1', '[\"AIACT-50-2\"]', 'legacy-system', 'j', 'T', 'dpo', :e, "
                 "'2026-11-01T00:00:00.000000Z')",
         e=(datetime.now(UTC) + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%S.%fZ"))
    from service.store import open_store

    upgraded = open_store(Settings(database_url=db_url))
    try:
        assert upgraded.authenticate(secret) is not None
        assert [w.id for w in upgraded.matching_waivers("legacy-system", None, None)] == ["w1"]
        kinds = [r["kind"] for r in upgraded.export()]
        assert kinds == ["waiver.sealed", "token.sealed"]
        assert upgraded.verify().ok
    finally:
        upgraded.close()


# -- signed records: a forged record appended to the chain ---------------------------------------


def _append_forged_token(db_url: str, secret: str) -> None:
    """What an attacker with write access but no key can do: insert the row AND append a
    correctly hashed token.created record for it, moving the head. The chain verifies."""
    from service.store import integrity
    from service.store.sql import dumps, hash_secret

    engine = create_engine(db_url)
    with engine.begin() as conn:
        head = conn.execute(text("SELECT seq, hash FROM chain_head WHERE id = 1")).one()
        row = {"id": str(uuid.uuid4()), "name": "forged", "secret_hash": hash_secret(secret), "scopes": "admin",
               "created_at": "2026-11-30T00:00:00.000000Z", "created_by": "admin", "revoked_at": None}
        conn.execute(text("INSERT INTO api_tokens (id, name, secret_hash, scopes, created_at, created_by) "
                          "VALUES (:id, :name, :secret_hash, :scopes, :created_at, :created_by)"), row)
        record = {"seq": head.seq + 1, "kind": "token.created", "entry_id": row["id"],
                  "created_at": "2026-11-30T00:00:00.000000Z", "system": None, "verdict": None, "repository": None,
                  "actor": "admin", "payload": dumps(integrity.token_state(row)), "manifest": None,
                  "prev_hash": head.hash}
        record["hash"] = chain.record_hash(record, head.hash)
        conn.execute(text("INSERT INTO audit_log (seq, kind, entry_id, created_at, system, verdict, repository, "
                          "actor, payload, manifest, prev_hash, hash) VALUES (:seq, :kind, :entry_id, :created_at, "
                          ":system, :verdict, :repository, :actor, :payload, :manifest, :prev_hash, :hash)"), record)
        conn.execute(text("UPDATE chain_head SET seq = :s, hash = :h WHERE id = 1"),
                     {"s": record["seq"], "h": record["hash"]})
    engine.dispose()


def test_forged_appended_record_is_refused_when_records_must_be_signed(db_url: str, tmp_path: Path) -> None:
    from service.store import open_store

    assert main(["attest", "keygen", "--out", str(tmp_path / "gate.pem")]) == 0
    settings = Settings(database_url=db_url, signing_key_file=tmp_path / "gate.pem", require_signed_records=True)
    signed = open_store(settings)
    try:
        _, good = signed.create_token("ci", ("evaluate",), "admin")
        assert signed.authenticate(good) is not None  # signed by the gate's key: accepted
        forged_secret = "cg_" + secrets.token_urlsafe(32)
        _append_forged_token(db_url, forged_secret)
        refused: list[str] = []
        signed.set_integrity_listener(lambda t: refused.append(t.reason))
        assert signed.authenticate(forged_secret) is None
        assert refused and "is not signed" in refused[0]
        result = signed.verify()
        assert result.broken_seq is None  # the chain itself verifies: only the signature tells
        assert not result.ok and any(r["label"] == "forged" for r in result.rows)
    finally:
        signed.close()
    # without the requirement the forged record is indistinguishable (documented limit)
    lax = open_store(Settings(database_url=db_url))
    try:
        assert lax.authenticate(forged_secret) is not None
    finally:
        lax.close()

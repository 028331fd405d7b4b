"""The decision log is a hash chain: whatever is edited, deleted or reordered in the database,
`audit verify` (store, CLI and an offline export) names the first record that no longer fits."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from service.cli.main import main
from service.gate import Gate
from service.store import DecisionFilter, Store, WaiverRequest
from tests.conftest import AS_OF_TEXT, EXAMPLES


def _fill(store: Store, gate: Gate, count: int = 6) -> list[str]:
    """Decisions interleaved with a waiver and a token change, as a real log looks."""
    ids = []
    for i in range(count):
        name = "image-generator-unmarked.yaml" if i % 2 else "chatbot-compliant.yaml"
        data = (EXAMPLES / name).read_bytes()
        decision = gate.evaluate(data, as_of=datetime.fromisoformat(AS_OF_TEXT).date(),
                                 ci={"repository": f"acme/repo{i % 3}", "commit": f"c{i}"})
        ids.append(store.record_decision(decision, data.decode(), "ci-token").decision_id)
        if i == 2:
            store.create_waiver(WaiverRequest(rules=("AIACT-50-2",), system="other", justification="j", ticket="T-1",
                                              approver="dpo", expires_at=datetime.now(UTC) + timedelta(days=3)),
                                "admin", 90)
            _FILLED["secret"] = store.create_token("ci-extra", ("evaluate",), "admin")[1]
    return ids


_FILLED: dict[str, str] = {}


def _sql(db_url: str, *statements: str) -> None:
    engine = create_engine(db_url)
    with engine.begin() as conn:
        for statement in statements:
            conn.execute(text(statement))
    engine.dispose()


def test_intact_chain_verifies_in_store_cli_and_export(store: Store, gate: Gate, db_url: str,
                                                       tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _fill(store, gate)
    result = store.verify()
    assert result.ok and result.checked == 8 and result.head_seq == 8
    assert main(["audit", "verify", "--database-url", db_url]) == 0
    assert "chain OK: 8 records" in capsys.readouterr().out
    export = tmp_path / "log.jsonl"
    assert main(["audit", "export", "--database-url", db_url, "-o", str(export)]) == 0
    rows = [json.loads(line) for line in export.read_text().splitlines()]
    assert [r["kind"] for r in rows].count("decision") == 6
    assert {"waiver.created", "token.created"} <= {r["kind"] for r in rows}
    # the chain holds the secret's sha256 (so an edited hash is caught), never the secret itself
    assert all(_FILLED["secret"] not in json.dumps(r) for r in rows)
    assert any("secret_hash" in r["payload"] for r in rows if r["kind"] == "token.created")
    assert main(["audit", "verify", "--file", str(export)]) == 0


@pytest.mark.parametrize(("tamper", "broken_seq", "reason"), [
    ("UPDATE audit_log SET verdict = 'pass' WHERE seq = 2", 2, "edited"),
    ("UPDATE audit_log SET actor = 'mallory' WHERE seq = 5", 5, "edited"),
    ("UPDATE audit_log SET payload = replace(payload, '\"block\"', '\"pass\"') WHERE seq = 6", 6, "edited"),
    ("UPDATE audit_log SET manifest = manifest || ' ' WHERE seq = 7", 7, "edited"),
    ("DELETE FROM audit_log WHERE seq = 3", 4, "deleted"),
    ("DELETE FROM audit_log WHERE seq = 8", 8, "deleted from or added at the end"),
])
def test_tampering_is_detected_at_the_first_broken_record(store: Store, gate: Gate, db_url: str, tamper: str,
                                                           broken_seq: int, reason: str,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    _fill(store, gate)
    _sql(db_url, tamper)
    result = store.verify()
    assert not result.ok
    assert result.broken_seq == broken_seq
    assert reason in (result.reason or "")
    assert main(["audit", "verify", "--database-url", db_url]) == 1
    assert f"chain BROKEN at record {broken_seq}" in capsys.readouterr().out


def test_swapping_two_records_is_detected(store: Store, gate: Gate, db_url: str) -> None:
    """Exchange the seq numbers of records 2 and 5 (every other column stays intact)."""
    _fill(store, gate)
    _sql(db_url, "UPDATE audit_log SET seq = 1000 WHERE seq = 2", "UPDATE audit_log SET seq = 2 WHERE seq = 5",
         "UPDATE audit_log SET seq = 5 WHERE seq = 1000")
    result = store.verify()
    assert not result.ok and result.broken_seq == 2


def test_rehashing_an_edited_record_still_breaks_the_next_link(store: Store, gate: Gate, db_url: str) -> None:
    """An attacker who recomputes the edited record's own hash is caught by the record after it."""
    from service.store import chain

    _fill(store, gate)
    row = next(r for r in store.export() if r["seq"] == 2)
    assert row["verdict"] == "block"
    row["verdict"] = "pass"
    new_hash = chain.record_hash(row, row["prev_hash"])
    _sql(db_url, f"UPDATE audit_log SET verdict = 'pass', hash = '{new_hash}' WHERE seq = 2")
    result = store.verify()
    assert not result.ok and result.broken_seq == 3 and "prev_hash" in (result.reason or "")


def test_forged_record_appended_without_moving_the_head_is_detected(store: Store, gate: Gate,
                                                                   db_url: str) -> None:
    """A well-formed, correctly hashed record added after the last one: only the head knows."""
    from service.store import chain
    from service.store.models import audit_log

    _fill(store, gate)
    forged = next(r for r in store.export() if r["seq"] == 8)
    forged.update(seq=9, entry_id="forged-decision", prev_hash=forged["hash"])
    forged["hash"] = chain.record_hash(forged, forged["prev_hash"])
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(audit_log.insert().values(**forged))
    engine.dispose()
    result = store.verify()
    assert not result.ok and result.broken_seq == 9 and "added at the end" in (result.reason or "")


def test_tampered_export_file_is_detected_offline(store: Store, gate: Gate, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    _fill(store, gate)
    rows = list(store.export())
    rows[1]["actor"] = "someone-else"
    path = tmp_path / "log.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert main(["audit", "verify", "--file", str(path), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["first_broken"]["seq"] == 2


def test_stored_decision_keeps_manifest_token_and_ci_context(store: Store, gate: Gate) -> None:
    ids = _fill(store, gate, count=2)
    stored = store.get_decision(ids[1])
    assert stored is not None
    assert stored.token == "ci-token"
    assert stored.manifest == (EXAMPLES / "image-generator-unmarked.yaml").read_text()
    assert stored.decision["verdict"] == "block"
    assert stored.decision["context"]["repository"] == "acme/repo1"
    assert stored.decision["policy"]["digest"] == gate.bundle.digest
    assert store.get_decision("no-such-id") is None


def test_nul_in_a_system_name_is_stored_and_verifies(store: Store, gate: Gate) -> None:
    """YAML's "\\0" escape can put NUL into a name; PostgreSQL text cannot hold it, the log still must."""
    data = b'apiVersion: cleangate/v1\nsystem:\n  name: "bad\\0name"\n'
    decision = gate.evaluate(data)
    assert decision.manifest.system == "bad\x00name"
    stored = store.record_decision(decision, data.decode(), "ci")
    assert store.get_decision(stored.decision_id).decision["manifest"]["system"] == "bad\x00name"  # type: ignore[union-attr]
    assert [d.decision_id for d in store.list_decisions(DecisionFilter(system="bad\x00name"), 10, None)] == [
        stored.decision_id]
    assert store.get_decision("x\x00") is None
    assert store.verify().ok


def test_db_upgrade_creates_the_schema_once(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "upgrade", "--database-url", db_url]) == 0
    assert main(["db", "upgrade", "--database-url", db_url]) == 0  # nothing pending: no error, no change
    assert "newest schema" in capsys.readouterr().err
    engine = create_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == ["0003"]
        assert conn.execute(text("SELECT seq, hash FROM chain_head")).all() == [(0, "0" * 64)]
    engine.dispose()
    assert main(["db", "upgrade", "--database-url", "postgresql://nobody@127.0.0.1:1/x"]) == 2
    assert "cannot open the database" in capsys.readouterr().err

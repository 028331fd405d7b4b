"""Store and CLI refuse what they cannot hold, naming the field, on SQLite and PostgreSQL:
times outside years 1-9999 in UTC, early years stored fixed-width, waiver text over the API's
limits (the CLI goes through the same check), NUL in a revoke reason, the reserved
`bootstrap-admin` token name; and the audit CLI names files that are not exports or paths it
cannot write instead of a traceback."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from service.cli.main import main
from service.gate import Gate
from service.problems import http_status
from service.store import DecisionFilter, Store, StoreError, WaiverRequest
from service.store.recorder import evaluate_and_record
from service.timestamps import utc_text
from tests.conftest import EXAMPLES

UNMARKED = (EXAMPLES / "image-generator-unmarked.yaml").read_bytes()


def _request(**overrides: object) -> WaiverRequest:
    fields: dict[str, object] = {
        "rules": ("AIACT-50-2",), "system": "pixel-forge", "justification": "j", "ticket": "COMP-42",
        "approver": "dpo@example.com", "expires_at": datetime.now(UTC) + timedelta(days=30),
    }
    fields.update(overrides)
    return WaiverRequest(**fields)  # type: ignore[arg-type]


def test_utc_text_is_fixed_width_and_refuses_years_outside_1_to_9999() -> None:
    assert utc_text(datetime(500, 1, 1, tzinfo=UTC)) == "0500-01-01T00:00:00.000000Z"
    assert utc_text(datetime(1, 1, 1)) == "0001-01-01T00:00:00.000000Z"  # naive is UTC, not server-local
    with pytest.raises(ValueError, match="outside years"):
        utc_text(datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-5))))
    with pytest.raises(ValueError, match="outside years"):
        utc_text(datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5))))


def test_early_since_finds_every_decision(store: Store, gate: Gate) -> None:
    """`0500-...` used to be written `500-...`, which sorts after every real time: nothing found."""
    decision = asyncio.run(evaluate_and_record(gate, store, UNMARKED, None, as_of=date(2026, 9, 15), ci={},
                                               source=None, token="ci"))
    found = store.list_decisions(DecisionFilter(since=datetime(500, 1, 1, tzinfo=UTC)), 10, None)
    assert [d.decision_id for d in found] == [decision.decision_id]


@pytest.mark.parametrize("expires", [datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-5))),
                                     datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5)))])
def test_out_of_range_expiry_is_refused_naming_expires_at(store: Store, expires: datetime) -> None:
    with pytest.raises(StoreError) as err:
        store.create_waiver(_request(expires_at=expires), "t", 90)
    assert err.value.pointer == "/expires_at" and "outside years" in err.value.message


@pytest.mark.parametrize(("field", "size"), [("system", 301), ("version", 101), ("repository", 501),
                                             ("justification", 5001), ("ticket", 501), ("approver", 201)])
def test_waiver_text_limits_are_the_stores(store: Store, field: str, size: int) -> None:
    with pytest.raises(StoreError) as err:
        store.create_waiver(_request(**{field: "x" * size}), "t", 90)
    assert err.value.pointer == f"/{field}"
    store.create_waiver(_request(**{field: "x" * (size - 1)}), "t", 90)  # the limit itself is allowed


def test_revoke_reason_with_nul_is_refused(store: Store) -> None:
    waiver = store.create_waiver(_request(), "t", 90)
    with pytest.raises(StoreError) as err:
        store.revoke_waiver(waiver.id, "t", "a\x00b")
    assert err.value.pointer == "/reason" and http_status(err.value) == 422
    assert store.revoke_waiver(waiver.id, "t", "fixed").revoke_reason == "fixed"  # not revoked by the refusal


def test_bootstrap_admin_name_is_reserved_and_names_are_never_reused(store: Store) -> None:
    with pytest.raises(StoreError) as err:
        store.create_token("bootstrap-admin", ("read",), "t")
    assert err.value.pointer == "/name" and http_status(err.value) == 422 and "reserved" in err.value.message
    store.create_token("ci", ("evaluate",), "t")
    store.revoke_token("ci", "t")
    with pytest.raises(StoreError) as err:
        store.create_token("ci", ("evaluate",), "t")
    assert http_status(err.value) == 409
    assert "never reused" in err.value.message and "revoke it" not in err.value.message


def _waiver_cli(db_url: str, *extra: str) -> list[str]:
    return ["waiver", "create", "--database-url", db_url, "--rule", "AIACT-50-2", "--system", "s",
            "--justification", "j", "--ticket", "T", "--approver", "a", *extra]


def test_waiver_cli_refuses_what_the_api_refuses(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(_waiver_cli(db_url, "--expires", "30d", "--repository", "r" * 100_000)) == 2
    assert "/repository: repository is 100000 characters; at most 500" in capsys.readouterr().err
    assert main(_waiver_cli(db_url, "--expires", "9999-12-31T23:59:59-05:00")) == 2
    assert "/expires_at" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        main(_waiver_cli(db_url, "--expires", "99999999d"))
    assert exited.value.code == 2
    assert "too many days" in capsys.readouterr().err


def test_token_cli_refuses_bootstrap_admin(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["token", "create", "--database-url", db_url, "bootstrap-admin", "--scope", "read"]) == 2
    assert "reserved" in capsys.readouterr().err


@pytest.mark.parametrize(("content", "why"), [
    (b"[1,2]\n", "line 1 is not a JSON object"),
    (b"\xff\xfe\x00garbage\n", "line 1 is not UTF-8 text"),
    (b"root:x:0:0:root:/root:/bin/bash\n", "line 1 is not a JSON object"),
    (b'{"seq": 1}\n', "line 1 lacks entry_id, hash, kind, prev_hash"),
])
def test_audit_verify_refuses_a_file_that_is_not_an_export(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                           content: bytes, why: str) -> None:
    path = tmp_path / "f.jsonl"
    path.write_bytes(content)
    assert main(["audit", "verify", "--file", str(path)]) == 2
    assert f"is not a cleangate audit export: {why}" in capsys.readouterr().err


def test_audit_export_names_an_unwritable_path_and_a_real_export_verifies(
        db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["audit", "export", "--database-url", db_url, "-o"]
    assert main([*base, str(tmp_path / "missing" / "x.jsonl")]) == 2
    assert "cannot write" in capsys.readouterr().err
    assert main([*base, str(tmp_path)]) == 2
    assert "Is a directory" in capsys.readouterr().err
    assert main(["token", "create", "--database-url", db_url, "ci", "--scope", "read"]) == 0
    out = tmp_path / "log.jsonl"
    assert main([*base, str(out)]) == 0
    assert main(["audit", "verify", "--file", str(out)]) == 0
    lines = out.read_text().splitlines()
    out.write_text(lines[0] + "\n[1,2]\n")  # an altered export is BROKEN (exit 1), not "not an export"
    assert main(["audit", "verify", "--file", str(out)]) == 1
    assert json.loads(lines[0])["kind"] == "token.created"

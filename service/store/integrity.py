"""Rows that change a verdict or access must match their record in the hash chain.

Every waiver and token change appends a chain record carrying the row's full state after the
change (for tokens: name, scopes, the sha256 of the secret, revocation). Reading a row, the
store compares it with the latest such record; a row that was edited, or inserted without a
record, is refused — never applied, never authenticated — counted, and reported by
`audit verify`. The functions here are pure so the live check and `audit verify` agree.

What the read-time check covers: an edited row (scopes upgraded, expiry moved, scope
widened), a row inserted directly, a row whose chain record was edited (its hash no longer
fits) or re-hashed alone (the next record's prev_hash no longer fits). Rewriting the whole chain
tail and head is what signed checkpoints catch (`audit verify --checkpoint`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from service.store import chain

WAIVER_KINDS = ("waiver.created", "waiver.revoked", "waiver.sealed")
TOKEN_KINDS = ("token.created", "token.revoked", "token.sealed")
SETTINGS_KIND = "settings.loaded"
WAIVER_FIELDS = ("id", "rules", "system", "version", "repository", "justification", "ticket", "approver",
                 "expires_at", "created_at", "created_by", "revoked_at", "revoked_by", "revoke_reason")
TOKEN_FIELDS = ("id", "name", "scopes", "secret_hash", "created_at", "created_by", "revoked_at")


@dataclass(frozen=True)
class Tamper:
    """A row the gate refused because it does not match the chain."""

    table: str
    """`waivers` or `api_tokens`."""
    row_id: str
    label: str
    """The token's name or the waiver's system, for people reading the report."""
    reason: str

    def public(self) -> dict[str, str]:
        return {"table": self.table, "id": self.row_id, "label": self.label, "reason": self.reason}


def waiver_state(row: Any) -> dict[str, Any]:
    """The state a chain record holds for a waiver row (rules as a sorted list)."""
    m = row._mapping if hasattr(row, "_mapping") else row
    state = {name: m[name] for name in WAIVER_FIELDS}
    rules = state["rules"]
    state["rules"] = sorted(json.loads(rules) if isinstance(rules, str) else list(rules))
    return state


def token_state(row: Any) -> dict[str, Any]:
    m = row._mapping if hasattr(row, "_mapping") else row
    state = {name: m[name] for name in TOKEN_FIELDS}
    scopes = state["scopes"]
    state["scopes"] = scopes.split(",") if isinstance(scopes, str) else list(scopes)
    return state


def recorded_state(record: dict[str, Any]) -> dict[str, Any] | None:
    try:
        payload = json.loads(record["payload"])
    except (TypeError, ValueError):
        return None
    return payload if isinstance(payload, dict) else None


def differences(state: dict[str, Any], recorded: dict[str, Any] | None, fields: tuple[str, ...]) -> list[str]:
    if recorded is None:
        return list(fields)
    return [name for name in fields if state.get(name) != recorded.get(name)]


def judge(table: str, row_id: str, label: str, state: dict[str, Any], record: dict[str, Any] | None,
          fields: tuple[str, ...], next_prev_hash: str | None, head: tuple[int, str],
          keys: list[Any] | None = None) -> Tamper | None:
    """None when the row is what its latest chain record says and that record sits in the chain
    (and, with `keys`, was signed by one of them)."""
    if record is None:
        return Tamper(table, row_id, label, "no chain record: the row was written directly to the database")
    if chain.record_hash(record, record["prev_hash"]) != record["hash"]:
        return Tamper(table, row_id, label, f"its chain record {record['seq']} does not match its hash: "
                                            "the record was edited")
    linked = next_prev_hash == record["hash"] if next_prev_hash is not None else (
        head[0] == record["seq"] and head[1] == record["hash"])
    if not linked:
        return Tamper(table, row_id, label, f"its chain record {record['seq']} is not linked into the chain "
                                            "(the next record or the head names another hash): the record was "
                                            "replaced")
    diff = differences(state, recorded_state(record), fields)
    if diff:
        return Tamper(table, row_id, label, f"differs from its chain record {record['seq']} ({record['kind']}) in "
                                            + ", ".join(diff) + ": the row was edited in the database")
    if keys is not None:
        problem = signature_problem(record, keys)
        if problem:
            return Tamper(table, row_id, label, problem)
    return None


RECORD_TYPE = "application/vnd.cleangate.record.v1+json"
"""DSSE payload type of a signed waiver/token record (CLEANGATE_REQUIRE_SIGNED_RECORDS)."""


def _signed_bytes(kind: str, entry_id: str, state: dict[str, Any]) -> bytes:
    body = {"kind": kind, "entry_id": entry_id, "state": {k: v for k, v in state.items() if k != "signature"}}
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sign_state(kind: str, entry_id: str, state: dict[str, Any], key: Any) -> list[dict[str, str]]:
    """The DSSE signatures over (kind, entry id, state), to store in the record's payload."""
    from securesystemslib.dsse import Envelope

    envelope = Envelope(_signed_bytes(kind, entry_id, state), RECORD_TYPE, {})
    envelope.sign(key.signer)
    signatures: list[dict[str, str]] = envelope.to_dict()["signatures"]
    return signatures


def signature_problem(record: dict[str, Any], keys: list[Any]) -> str | None:
    """None when a trusted key signed this record's state; else why not. Someone who can write
    the database can append a correctly hashed record, but cannot sign one."""
    from service.attest.envelope import EnvelopeFormatError, SignatureInvalid, open_envelope

    state = recorded_state(record) or {}
    signatures = state.get("signature")
    if not signatures:
        return f"its chain record {record.get('seq')} is not signed (CLEANGATE_REQUIRE_SIGNED_RECORDS)"
    import base64

    data = {"payload": base64.b64encode(_signed_bytes(str(record["kind"]), str(record["entry_id"]), state)).decode(),
            "payloadType": RECORD_TYPE, "signatures": signatures}
    try:
        open_envelope(data, keys)
    except (EnvelopeFormatError, SignatureInvalid) as exc:
        return f"its chain record {record.get('seq')} is not signed by a trusted key ({exc})"
    return None

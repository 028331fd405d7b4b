"""What the gate needs from storage, independent of the database behind it.

The API and CLI talk to this interface only, so the SQLAlchemy implementation (SQLite or
PostgreSQL) can be swapped or tested through the same calls. The promises a caller may rely on:
- `record_decision` returns only after the decision is committed and linked into the hash chain,
  so an HTTP 200 means the decision is in the log;
- every change to waivers and tokens is itself appended to the same chain;
- `verify` re-derives every hash and names the first record that does not fit.

Moments cross this interface as UTC-aware datetimes both ways; the store keeps (and hashes) them
as `utc_text`, and the edges (API, CLI, pages, reports) show them with the same `utc_text`.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from sbom.errors import FieldProblem, Kind, Problem
from service.decide import Waiver
from service.decision import Decision
from service.store.chain import Anchor
from service.store.integrity import Tamper
from service.timestamps import parse_utc, utc_text

Scope = Literal["evaluate", "read", "admin", "backdate"]
SCOPES: tuple[Scope, ...] = ("evaluate", "read", "admin", "backdate")
"""`backdate` lets an `evaluate` token judge at a past date (?as_of= before today): a past date can
switch duties off (Art 50 before 2 August 2026), so it is a privilege, and the decision names who asked."""
EventKind = Literal["decision", "waiver.created", "waiver.revoked", "waiver.sealed", "token.created",
                    "token.revoked", "token.sealed", "settings.loaded"]


@dataclass(frozen=True)
class Principal:
    """Who made a request: a token's name and scopes (never its secret)."""

    name: str
    scopes: frozenset[str]

    def allows(self, scope: str) -> bool:
        return scope in self.scopes or "admin" in self.scopes


def _text(moment: datetime | None) -> str | None:
    """`utc_text` of a moment that may be absent (not yet revoked)."""
    return None if moment is None else utc_text(moment)


@dataclass(frozen=True)
class TokenRecord:
    """A token as the store returns it: moments are UTC-aware datetimes; `public()` is its JSON."""

    id: str
    name: str
    scopes: tuple[str, ...]
    created_at: datetime
    created_by: str | None
    revoked_at: datetime | None = None

    def public(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "scopes": list(self.scopes), "created_at": utc_text(self.created_at),
                "created_by": self.created_by, "revoked_at": _text(self.revoked_at)}


@dataclass(frozen=True)
class WaiverRecord:
    """A waiver as the store (or a repository file) returns it: moments are UTC-aware datetimes."""

    id: str
    rules: tuple[str, ...]
    system: str
    version: str | None
    repository: str | None
    justification: str
    ticket: str
    approver: str
    expires_at: datetime
    created_at: datetime
    created_by: str | None
    revoked_at: datetime | None = None
    revoked_by: str | None = None
    revoke_reason: str | None = None

    def as_waiver(self) -> Waiver:
        return Waiver(id=self.id, rules=frozenset(self.rules))

    def public(self) -> dict[str, Any]:
        """The waiver as JSON, moments as `utc_text` (the store seals the same text)."""
        return {k: list(v) if isinstance(v, tuple) else utc_text(v) if isinstance(v, datetime) else v
                for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class WaiverRequest:
    """A waiver as an approver asks for it; the store validates and stamps it."""

    rules: tuple[str, ...]
    system: str
    justification: str
    ticket: str
    approver: str
    expires_at: datetime
    version: str | None = None
    repository: str | None = None


@dataclass(frozen=True)
class DecisionFilter:
    system: str | None = None
    verdict: str | None = None
    repository: str | None = None
    since: datetime | None = None
    """Recorded at or after (aware or naive UTC; the store formats it)."""
    until: datetime | None = None


@dataclass(frozen=True)
class StoredDecision:
    """A logged decision; `recorded_at` (UTC-aware) is when the log took it, `decision` its JSON."""

    seq: int
    decision_id: str
    recorded_at: datetime
    token: str | None
    decision: dict[str, Any]
    manifest: str | None = None
    hash: str = ""

    def summary(self) -> dict[str, Any]:
        """The listing fields; `recorded_at` stays a datetime, `created_at` is the decision's own text."""
        d = self.decision
        ctx = d.get("context") or {}
        return {
            "decision_id": self.decision_id, "seq": self.seq, "recorded_at": self.recorded_at,
            "created_at": d.get("created_at"), "verdict": d.get("verdict"),
            "system": (d.get("manifest") or {}).get("system"),
            "system_version": (d.get("manifest") or {}).get("system_version"),
            "repository": ctx.get("repository"), "commit": ctx.get("commit"), "token": self.token,
            "summary": d.get("summary"), "hash": self.hash,
        }


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    head_seq: int
    head_hash: str
    broken_seq: int | None = None
    broken_entry: str | None = None
    reason: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    rows: list[dict[str, str]] = field(default_factory=list)
    """Waiver and token rows that do not match their chain records (refused by the gate)."""
    checkpoints: int = 0
    """How many signed checkpoints the log was checked against."""

    def public(self) -> dict[str, Any]:
        out: dict[str, Any] = {"ok": self.ok, "checked": self.checked,
                               "head": {"seq": self.head_seq, "hash": self.head_hash}}
        if self.broken_seq is not None or self.reason is not None:
            out["first_broken"] = {"seq": self.broken_seq, "entry_id": self.broken_entry, "reason": self.reason}
        if self.rows:
            out["rows_not_matching_chain"] = self.rows
        if self.checkpoints:
            out["checkpoints_checked"] = self.checkpoints
        return out


@dataclass(frozen=True)
class CheckpointRecord:
    """A signed checkpoint; `created_at` is the signed time as a UTC-aware datetime."""

    seq: int
    hash: str
    created_at: datetime
    keyid: str
    envelope: dict[str, Any]


class StoreError(Problem):
    """A request the store refuses (unknown id, bad waiver); `pointer` names the field.

    `kind` says what went wrong (not found, conflict, invalid, unavailable); the API maps it to
    a status (service/api/problems.py). A store that is unavailable asks the client to retry."""

    def __init__(self, message: str, pointer: str = "", kind: Kind = Kind.INVALID, code: str | None = None) -> None:
        super().__init__(message)
        self.message, self.pointer, self.kind, self.code = message, pointer, kind, code
        self.title = message
        self.retry_after = 5 if kind is Kind.UNAVAILABLE else None

    @property
    def errors(self) -> list[FieldProblem]:
        return [FieldProblem(self.pointer, self.message)]


class Store(ABC):
    @abstractmethod
    def migrate(self) -> None:
        """Bring the schema to the newest revision; safe when several processes start at once."""

    @abstractmethod
    def record_decision(self, decision: Decision, manifest: str, token: str | None) -> StoredDecision: ...

    @abstractmethod
    def get_decision(self, decision_id: str) -> StoredDecision | None: ...

    @abstractmethod
    def list_decisions(self, filt: DecisionFilter, limit: int, before_seq: int | None) -> list[StoredDecision]: ...

    def list_decision_summaries(self, filt: DecisionFilter, limit: int, before_seq: int | None) -> list[dict[str, Any]]:
        """`StoredDecision.summary()` of each listed decision (`recorded_at` a datetime); stores
        override it to build the summaries without loading every full decision (GET /v1/decisions)."""
        return [d.summary() for d in self.list_decisions(filt, limit, before_seq)]

    def iter_decisions(self) -> Iterator[StoredDecision]:
        """Every decision with its manifest, oldest first, streamed: reports over the whole log
        (service/reports/) read it once, in one pass. This default filters `export()`; stores
        override it to skip the other records in the database."""
        for record in self.export():
            if record.get("kind") == "decision":
                yield StoredDecision(int(record["seq"]), str(record["entry_id"]), parse_utc(str(record["created_at"])),
                                     record.get("actor"), json.loads(record["payload"]), record.get("manifest"),
                                     str(record.get("hash") or ""))

    @abstractmethod
    def verify(self, anchors: Iterable[Anchor] = ()) -> VerifyResult:
        """Re-derive every hash, check the log still contains each anchor (a signed checkpoint),
        and compare every waiver and token row with its latest chain record."""

    @abstractmethod
    def head(self) -> tuple[int, str]:
        """The chain head: last seq and its hash."""

    @abstractmethod
    def record_settings(self, snapshot: dict[str, Any], actor: str | None) -> bool:
        """Append a `settings.loaded` record unless the latest one holds the same snapshot."""

    @abstractmethod
    def add_checkpoint(self, checkpoint: CheckpointRecord) -> bool:
        """Store a signed checkpoint; False when one for that seq exists already."""

    @abstractmethod
    def latest_checkpoint(self) -> CheckpointRecord | None: ...

    @abstractmethod
    def set_integrity_listener(self, listener: Callable[[Tamper], None] | None) -> None:
        """Called for every row refused because it does not match the chain (for metrics)."""

    @abstractmethod
    def export(self) -> Iterator[dict[str, Any]]:
        """Every chain record, oldest first, as stored (one JSON Lines row each)."""

    @abstractmethod
    def create_waiver(self, request: WaiverRequest, actor: str | None, max_days: int) -> WaiverRecord: ...

    @abstractmethod
    def revoke_waiver(self, waiver_id: str, actor: str | None, reason: str | None) -> WaiverRecord: ...

    @abstractmethod
    def list_waivers(self, include_inactive: bool = False) -> list[WaiverRecord]: ...

    @abstractmethod
    def matching_waivers(self, system: str, version: str | None, repository: str | None) -> list[WaiverRecord]:
        """Active (unrevoked, unexpired) waivers whose scope matches this manifest and pipeline."""

    @abstractmethod
    def create_token(self, name: str, scopes: tuple[str, ...], actor: str | None) -> tuple[TokenRecord, str]:
        """Store a new token hashed; the secret is returned once and never again."""

    @abstractmethod
    def revoke_token(self, name: str, actor: str | None) -> TokenRecord: ...

    @abstractmethod
    def list_tokens(self) -> list[TokenRecord]: ...

    @abstractmethod
    def authenticate(self, secret: str) -> Principal | None: ...

    def cached_principal(self, secret: str) -> Principal | None:
        """A principal this process authenticated within CLEANGATE_LOOKUP_CACHE_SECONDS, without
        a database round trip; None means "ask `authenticate`" (never "refused")."""
        return None

    def cached_waivers(self, system: str, version: str | None, repository: str | None) -> list[WaiverRecord] | None:
        """`matching_waivers` as this process answered it within CLEANGATE_LOOKUP_CACHE_SECONDS,
        minus waivers that expired since; None means "ask `matching_waivers`"."""
        return None

    @abstractmethod
    def ping(self) -> None:
        """Raise if the database cannot be reached (readiness)."""

    @abstractmethod
    def close(self) -> None: ...



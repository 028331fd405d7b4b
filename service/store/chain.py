"""The hash chain: how one log record is encoded and hashed, and how a sequence is checked.

Pure functions over plain dicts, so `cleangate audit verify --file export.jsonl` checks an
exported log with exactly the code that checks the live database. A record's hash is
sha256 over sorted-key compact JSON of every stored field plus the previous record's hash;
`seq` is part of it, so deleting, inserting or swapping rows breaks the chain as surely as
editing one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64
HASHED_FIELDS = ("seq", "kind", "entry_id", "created_at", "system", "verdict", "repository", "actor",
                 "payload", "manifest")


def canonical(record: dict[str, Any], prev_hash: str) -> bytes:
    body = {name: record.get(name) for name in HASHED_FIELDS}
    body["prev_hash"] = prev_hash
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def record_hash(record: dict[str, Any], prev_hash: str) -> str:
    return hashlib.sha256(canonical(record, prev_hash)).hexdigest()


@dataclass
class Break:
    seq: int | None
    entry_id: str | None
    reason: str


@dataclass(frozen=True)
class Anchor:
    """A (seq, hash) the log must still contain: a signed checkpoint held off the machine."""

    seq: int
    hash: str
    label: str


class ChainChecker:
    """Feed records oldest first; remembers the first break and keeps counting.

    `anchors` are checkpoints taken earlier: the record at each anchor's seq must carry the
    anchor's hash, which catches a rewrite of the tail together with the head (a chain that
    verifies on its own but is not the one that was checkpointed).
    """

    def __init__(self, anchors: Iterable[Anchor] = ()) -> None:
        self.expected_seq = 1
        self.prev_hash = GENESIS
        self.checked = 0
        self.first_break: Break | None = None
        self.anchors = {a.seq: a for a in anchors}
        self.anchors_met: set[int] = set()
        self.governance: dict[str, dict[str, Any]] = {}
        """The latest waiver/token record per entry id, for comparing the tables afterwards."""

    def _fail(self, record: dict[str, Any], reason: str) -> None:
        if self.first_break is None:
            self.first_break = Break(record.get("seq"), record.get("entry_id"), reason)

    def feed(self, record: dict[str, Any]) -> None:
        self.checked += 1
        seq = record.get("seq")
        if seq != self.expected_seq:
            self._fail(record, f"expected record {self.expected_seq} next, found {seq}: "
                               "records were deleted, inserted or reordered")
        elif record.get("prev_hash") != self.prev_hash:
            self._fail(record, "prev_hash does not match the hash of the record before it")
        elif record_hash(record, self.prev_hash) != record.get("hash"):
            self._fail(record, "content does not match its hash: the record was edited")
        anchor = self.anchors.get(seq) if isinstance(seq, int) else None
        if anchor is not None:
            self.anchors_met.add(anchor.seq)
            if record.get("hash") != anchor.hash:
                self._fail(record, f"record {seq} has hash {str(record.get('hash'))[:12]}, but the signed "
                                   f"checkpoint {anchor.label} says {anchor.hash[:12]}: the log was rewritten "
                                   "after that checkpoint")
        kind = str(record.get("kind") or "")
        if kind.startswith(("waiver.", "token.")):
            self.governance[str(record.get("entry_id"))] = record
        if isinstance(seq, int):
            self.expected_seq = seq + 1
        self.prev_hash = str(record.get("hash"))

    def finish(self, head_seq: int | None, head_hash: str | None) -> None:
        """Compare with the chain head, which catches a truncated tail."""
        if self.first_break is not None:
            return
        last_seq = self.expected_seq - 1
        for seq, anchor in sorted(self.anchors.items()):
            if seq not in self.anchors_met:
                self.first_break = Break(seq, None, f"the signed checkpoint {anchor.label} covers record {seq}, "
                                                    f"the log ends at {last_seq}: records were removed or the "
                                                    "log was rewritten")
                return
        if head_seq is None:
            return
        if head_seq != last_seq or (head_hash or GENESIS) != self.prev_hash:
            self.first_break = Break(
                min(head_seq, last_seq) + 1, None,
                f"the chain head says record {head_seq} ({(head_hash or '')[:12]}) is the last, "
                f"the log ends at {last_seq}: records were deleted from or added at the end, "
                "or the head was altered",
            )


def check(records: Iterable[dict[str, Any]], anchors: Iterable[Anchor] = ()) -> ChainChecker:
    checker = ChainChecker(anchors)
    for record in records:
        checker.feed(record)
    return checker

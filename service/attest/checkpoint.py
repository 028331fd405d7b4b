"""Signed checkpoints of the decision log's head: (seq, hash, time) in a DSSE envelope.

Someone who can write to the database can rewrite the chain's tail and its head together so
that it verifies again. A checkpoint signed by the gate and kept elsewhere (object storage, a
Git repository, a transparency log) defeats that: `audit verify --checkpoint FILE` requires the
record at the checkpoint's seq to still carry the checkpoint's hash.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from securesystemslib.signer import SSlibKey

from service.attest import envelope
from service.attest.keys import SigningKey

PAYLOAD_TYPE = "application/vnd.cleangate.checkpoint.v1+json"
TYPE = "https://cleangate.dev/log-checkpoint/v1"


class CheckpointError(ValueError):
    """Not a checkpoint, or one no trusted key signed."""


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    time: str
    log: str
    keyid: str = ""

    def label(self) -> str:
        return f"of record {self.seq} at {self.time}"


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def sign(seq: int, head_hash: str, key: SigningKey, log: str, time: str | None = None) -> dict[str, Any]:
    body = {"_type": TYPE, "log": log, "seq": seq, "hash": head_hash, "time": time or now_text()}
    payload = json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return envelope.sign(payload, PAYLOAD_TYPE, key)


def open_checkpoint(data: Any, keys: list[SSlibKey]) -> Checkpoint:
    """The checkpoint, only after a trusted key's signature verified."""
    try:
        opened = envelope.open_envelope(data, keys)
    except (envelope.EnvelopeFormatError, envelope.SignatureInvalid) as exc:
        raise CheckpointError(str(exc)) from None
    if opened.payload_type != PAYLOAD_TYPE:
        raise CheckpointError(f"payloadType is {opened.payload_type!r}; expected {PAYLOAD_TYPE}")
    try:
        body = json.loads(opened.payload)
    except ValueError:
        raise CheckpointError("the signed payload is not JSON") from None
    if not isinstance(body, dict) or body.get("_type") != TYPE:
        raise CheckpointError("the signed payload is not a cleangate log checkpoint")
    seq, head_hash, time = body.get("seq"), body.get("hash"), body.get("time")
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0 or not isinstance(head_hash, str) \
            or not isinstance(time, str):
        raise CheckpointError("checkpoint: expected integer seq, string hash and time")
    return Checkpoint(seq, head_hash, time, str(body.get("log", "")), opened.keyid)


def read_checkpoint_file(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CheckpointError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        return json.loads(text)
    except ValueError:
        raise CheckpointError(f"{path} is not JSON: expected a checkpoint envelope") from None


def write_to_dir(folder: Path, seq: int, signed: dict[str, Any]) -> Path:
    """`checkpoint-<seq>.json` plus `latest.json`, each replaced atomically, for a shipper to pick up."""
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(signed, sort_keys=True) + "\n"
    target = folder / f"checkpoint-{seq:012d}.json"
    for path in (target, folder / "latest.json"):
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".checkpoint-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    return target

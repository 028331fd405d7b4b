"""Taking a checkpoint: read the head, sign it, store it (and write it out); used by the CLI,
the API and the server's periodic task alike."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from service.attest import checkpoint as cp
from service.attest.keys import SigningKey
from service.settings import Settings
from service.store.interface import CheckpointRecord, Store
from service.timestamps import utc_text


@dataclass(frozen=True)
class Taken:
    record: CheckpointRecord
    new: bool


def take(store: Store, key: SigningKey, settings: Settings) -> Taken:
    """A checkpoint of the current head; the stored one when the head has not moved since."""
    seq, head_hash = store.head()
    latest = store.latest_checkpoint()
    if latest is not None and latest.seq == seq and latest.hash == head_hash:
        return Taken(latest, False)
    created = datetime.now(UTC)
    signed = cp.sign(seq, head_hash, key, settings.verifier_id, utc_text(created))
    record = CheckpointRecord(seq, head_hash, created, key.keyid, signed)
    new = store.add_checkpoint(record)
    if settings.checkpoint_dir is not None:
        cp.write_to_dir(settings.checkpoint_dir, seq, signed)
    return Taken(record if new else (store.latest_checkpoint() or record), new)


def due(store: Store, settings: Settings, now: Any) -> bool:
    """Whether the periodic task should take one: interval passed and the head moved."""
    if settings.checkpoint_interval <= 0:
        return False
    latest = store.latest_checkpoint()
    if latest is None:
        return store.head()[0] > 0
    if now - latest.created_at < timedelta(seconds=settings.checkpoint_interval):
        return False
    return store.head()[0] != latest.seq

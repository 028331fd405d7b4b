"""DSSE envelopes (securesystemslib): sign a payload, and open one only with a trusted key.

`open_envelope` returns the payload only after a signature verified with one of the given
keys, so nothing downstream ever reads an unverified statement.
"""

from __future__ import annotations

import binascii
import json
from dataclasses import dataclass
from typing import Any

from securesystemslib import exceptions
from securesystemslib.dsse import Envelope
from securesystemslib.signer import Key, SSlibKey

from service.attest.keys import SigningKey

MAX_ENVELOPE_BYTES = 8 * 1024 * 1024


class EnvelopeFormatError(ValueError):
    """Not a DSSE envelope at all (usage error, exit 2)."""


class SignatureInvalid(ValueError):
    """A DSSE envelope that no trusted key signed (verification failure, exit 1)."""


@dataclass(frozen=True)
class Opened:
    payload: bytes
    payload_type: str
    keyid: str


def sign(payload: bytes, payload_type: str, key: SigningKey) -> dict[str, Any]:
    envelope = Envelope(payload, payload_type, {})
    envelope.sign(key.signer)
    out: dict[str, Any] = envelope.to_dict()
    return out


def parse(data: Any) -> Envelope:
    if not isinstance(data, dict):
        raise EnvelopeFormatError("expected a JSON object with payload, payloadType and signatures")
    missing = [k for k in ("payload", "payloadType", "signatures") if k not in data]
    if missing:
        raise EnvelopeFormatError("not a DSSE envelope: no " + ", ".join(missing))
    if not isinstance(data["signatures"], list) or not all(isinstance(s, dict) for s in data["signatures"]):
        raise EnvelopeFormatError("signatures: expected a list of objects with keyid and sig")
    if not isinstance(data["payload"], str) or not isinstance(data["payloadType"], str):
        raise EnvelopeFormatError("payload and payloadType: expected strings")
    try:
        return Envelope.from_dict(json.loads(json.dumps(data)))  # from_dict edits its argument
    except (KeyError, ValueError, TypeError, binascii.Error, exceptions.FormatError) as exc:
        raise EnvelopeFormatError(f"not a DSSE envelope: {type(exc).__name__}: {exc}") from None


def open_envelope(data: Any, keys: list[SSlibKey]) -> Opened:
    envelope = parse(data)
    if not envelope.signatures:
        raise SignatureInvalid("the envelope carries no signature")
    try:
        accepted = envelope.verify(list[Key](keys), 1)
    except exceptions.VerificationError:
        signed = ", ".join(sorted(envelope.signatures)) or "(none)"
        trusted = ", ".join(k.keyid for k in keys)
        raise SignatureInvalid(f"no signature verifies with a trusted key: signed by key id {signed}; "
                               f"trusted: {trusted}") from None
    return Opened(envelope.payload, envelope.payload_type, next(iter(accepted)))

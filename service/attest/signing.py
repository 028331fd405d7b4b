"""The gate's key from settings, and the two things it signs: decisions and checkpoints.

Loaded once (server start, CLI command start); a configured key that cannot be loaded stops
the command with a message naming the setting, rather than producing unsigned output.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from securesystemslib.signer import SSlibKey

from service.attest import envelope
from service.attest.keys import KeyError_, SigningKey, load_public_key_spec, load_signing_key, load_signing_key_file
from service.attest.statement import PAYLOAD_TYPE, Subject, payload_bytes, statement_for
from service.settings import Settings


def signing_key_from(settings: Settings) -> SigningKey | None:
    """The configured signing key, None when none is configured; KeyError_ when it is unusable."""
    password = settings.signing_key_password.get_secret_value().encode() if settings.signing_key_password else None
    if settings.signing_key is not None and settings.signing_key_file is not None:
        raise KeyError_("set CLEANGATE_SIGNING_KEY or CLEANGATE_SIGNING_KEY_FILE, not both")
    if settings.signing_key is not None:
        return load_signing_key(settings.signing_key.get_secret_value().encode(), "CLEANGATE_SIGNING_KEY",
                                settings.signing_key_id, password)
    if settings.signing_key_file is not None:
        return load_signing_key_file(settings.signing_key_file, settings.signing_key_id, password)
    return None


def trusted_keys(settings: Settings, extra: Sequence[str] = (), signing: SigningKey | None = None) -> list[SSlibKey]:
    """Verification keys: the given specs, CLEANGATE_VERIFY_KEYS, and the signing key's public half."""
    keys = [load_public_key_spec(spec) for spec in [*extra, *settings.verify_keys]]
    if signing is not None:
        keys.append(signing.public)
    unique: dict[tuple[str, str], SSlibKey] = {}
    for k in keys:
        unique.setdefault((k.keyid, k.keyval["public"]), k)
    return list(unique.values())


def attest(decision: dict[str, Any], key: SigningKey, verifier_id: str, facts: Subject | None = None) -> dict[str, Any]:
    """A DSSE envelope over the decision's in-toto Statement."""
    statement = statement_for(decision, facts, verifier_id)
    return envelope.sign(payload_bytes(statement), PAYLOAD_TYPE, key)

"""The console's session cookie and CSRF tokens.

Signing in once with an API token gives a cookie that holds the token *encrypted and
authenticated* (AES-256-GCM): the browser never sees the raw token and JavaScript cannot read
the cookie at all (HttpOnly). The token is checked against the store on every request, so a
revoked token ends every session it opened. A session also expires on its own (`TTL_SECONDS`).

The key comes from CLEANGATE_UI_SESSION_KEY, else is derived from CLEANGATE_ADMIN_TOKEN (so all
workers of one gate share it without extra configuration), else is random per process (sessions
then end when the process restarts, and the gate warns when it has several workers).

CSRF: every form carries a token that is an HMAC of the session's random id (or, on the
sign-in form, of a random pre-session cookie); a POST without the right one is refused.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

COOKIE = "cleangate_session"
LOGIN_COOKIE = "cleangate_login"
TTL_SECONDS = 8 * 3600
"""A working day: long enough not to interrupt a review, short enough that a forgotten laptop
does not stay signed in for a week."""
MAX_COOKIE_CHARS = 4096
_AAD = b"cleangate-ui-session-v1"


@dataclass(frozen=True)
class Session:
    secret: str
    """The API token the user signed in with (only ever held server-side in clear)."""
    sid: str
    """Random per sign-in; CSRF tokens are bound to it."""
    expires: int


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def derive_key(ui_key: str | None, admin_token: str | None) -> tuple[bytes, bool]:
    """The 32-byte key, and whether it is shared by every process of this gate."""
    material = ui_key or admin_token
    if not material:
        return os.urandom(32), False
    hkdf = HKDF(algorithm=SHA256(), length=32, salt=b"cleangate-ui", info=b"session-and-csrf")
    return hkdf.derive(material.encode("utf-8")), True


class SessionCodec:
    """Seals and opens session cookies; mints and checks CSRF tokens."""

    def __init__(self, key: bytes, ttl: int = TTL_SECONDS) -> None:
        self._aead = AESGCM(key)
        self._mac_key = hashlib.sha256(b"csrf|" + key).digest()
        self.ttl = ttl

    def seal(self, secret: str, now: float | None = None) -> tuple[str, Session]:
        session = Session(secret, _b64(secrets.token_bytes(16)), int((now or time.time()) + self.ttl))
        payload = json.dumps({"t": session.secret, "s": session.sid, "e": session.expires}).encode("utf-8")
        nonce = secrets.token_bytes(12)
        return _b64(nonce + self._aead.encrypt(nonce, payload, _AAD)), session

    def open(self, cookie: str | None, now: float | None = None) -> Session | None:
        """The session in a cookie, or None when it is absent, forged, tampered with or expired."""
        if not cookie or len(cookie) > MAX_COOKIE_CHARS:
            return None
        try:
            raw = _unb64(cookie)
            payload = json.loads(self._aead.decrypt(raw[:12], raw[12:], _AAD))
            session = Session(str(payload["t"]), str(payload["s"]), int(payload["e"]))
        except (InvalidTag, ValueError, KeyError, TypeError, binascii.Error):
            return None
        return session if session.expires > (now or time.time()) else None

    def csrf_token(self, bound_to: str) -> str:
        return _b64(hmac.new(self._mac_key, bound_to.encode("utf-8"), hashlib.sha256).digest())

    def csrf_ok(self, bound_to: str | None, token: str | None) -> bool:
        if not bound_to or not token:
            return False
        return hmac.compare_digest(self.csrf_token(bound_to).encode("ascii"), token.encode("utf-8", "replace"))


def new_login_nonce() -> str:
    return _b64(secrets.token_bytes(16))

"""API tokens as the domain sees them: which names and scopes a token may have.

The rules live here, not in the SQL store, so every way of creating a token (the API, the CLI,
the console) refuses the same tokens with the same words, and the bootstrap admin's name is
known without importing the database layer (service/api/auth.py needs it).
"""

from __future__ import annotations

import re

from service.store.interface import SCOPES, StoreError

BOOTSTRAP_NAME = "bootstrap-admin"  # the CLEANGATE_ADMIN_TOKEN principal: no stored token may take its name
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,199}$")


def validate_token(name: str, scopes: tuple[str, ...]) -> tuple[str, ...]:
    """The scopes in their canonical order; StoreError (422, naming the field) for a bad token."""
    if not NAME.match(name):
        raise StoreError(f"token name {name!r} is not valid: use letters, digits, '.', '_', '@', '-' "
                         "(at most 200)", "/name")
    if name == BOOTSTRAP_NAME:
        raise StoreError(f"token name {name!r} is reserved for the CLEANGATE_ADMIN_TOKEN bootstrap admin",
                         "/name")
    bad = [s for s in scopes if s not in SCOPES]
    if bad or not scopes:
        raise StoreError(f"scopes {list(scopes)!r} are not valid: expected one or more of "
                         + ", ".join(SCOPES), "/scopes")
    return tuple(s for s in SCOPES if s in scopes)

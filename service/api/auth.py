"""Bearer-token access control: every route but health declares the scope it needs.

`require("read")` is a dependency object rather than a function so that tests (and readers)
can find, for every route, the scope that guards it. Scopes: `evaluate` (POST /v1/evaluate),
`read` (decisions, audit verify, catalogue, metrics), `admin` (tokens, waivers, export;
implies the others). The bootstrap token from CLEANGATE_ADMIN_TOKEN is compared in constant
time and never stored; database tokens are looked up by their sha256. Secrets never reach a
log line: only the token's name is kept on the request.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from anyio import to_thread
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException

from service.api.ratelimit import FailureLimiter
from service.settings import Settings
from service.store import Principal, Store
from service.tokens import BOOTSTRAP_NAME

bearer = HTTPBearer(auto_error=False, description="API token: `Authorization: Bearer <token>`")
CredentialsDep = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


class RequireScope:
    def __init__(self, scope: str) -> None:
        self.scope = scope

    async def __call__(self, request: Request, credentials: CredentialsDep) -> Principal:
        # Read from app state as service/api/deps.py does (that module builds its scope
        # dependencies from this one, so this one cannot depend on it).
        settings: Settings = request.app.state.settings
        store: Store = request.app.state.store
        challenge = {"WWW-Authenticate": "Bearer"}
        limiter: FailureLimiter | None = getattr(request.app.state, "auth_limiter", None)
        client = request.client.host if request.client else "unknown"
        wait = limiter.retry_after(client) if limiter else None
        if wait is not None:
            _count(request, "rate_limited")
            raise HTTPException(429, "too many invalid API tokens from this client; retry later",
                                headers={"Retry-After": str(wait)})
        if credentials is None or not credentials.credentials:
            _count(request, "unauthorized")
            raise HTTPException(401, "missing API token (Authorization: Bearer <token>)", headers=challenge)
        principal = await authenticate(credentials.credentials, settings, store)
        if principal is None:
            _count(request, "unauthorized")
            if limiter:
                limiter.failed(client)
            raise HTTPException(401, "API token is not valid or was revoked", headers=challenge)
        if not principal.allows(self.scope):
            _count(request, "forbidden")
            raise HTTPException(403, f"token {principal.name!r} lacks the {self.scope!r} scope")
        request.state.principal = principal
        return principal


async def authenticate(secret: str, settings: Settings, store: Store) -> Principal | None:
    admin = settings.admin_token.get_secret_value() if settings.admin_token else ""
    if admin and hmac.compare_digest(secret.encode("utf-8"), admin.encode("utf-8")):
        return Principal(BOOTSTRAP_NAME, frozenset({"admin"}))
    cached = store.cached_principal(secret)  # CLEANGATE_LOOKUP_CACHE_SECONDS: no thread, no round trip
    if cached is not None:
        return cached
    return await to_thread.run_sync(store.authenticate, secret)  # a database round trip: off the event loop


def _count(request: Request, kind: str) -> None:
    metrics = getattr(request.app.state, "metrics", None)
    if metrics is not None:
        metrics.errors.labels(kind).inc()


_cache: dict[str, RequireScope] = {}


def require(scope: str) -> RequireScope:
    return _cache.setdefault(scope, RequireScope(scope))

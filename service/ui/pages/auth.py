"""Sign in with an API token, sign out.

The token is posted once, checked like a bearer token (same store, same failure limiter), and
then lives only inside the encrypted session cookie. `next` is followed only to a console page,
so the sign-in form cannot be used to send someone elsewhere.
"""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from service.api.auth import authenticate
from service.api.ratelimit import FailureLimiter
from service.ui.forms import FormError, read_form
from service.ui.session import COOKIE, LOGIN_COOKIE, new_login_nonce
from service.ui.web import PREFIX, codec, log, refuse, render, same_origin, viewer

router = APIRouter(include_in_schema=False)
MAX_TOKEN_CHARS = 500


NEXT = re.compile(r"/ui/[A-Za-z0-9_-][A-Za-z0-9/_.-]*(\?[A-Za-z0-9_.~%+=&-]*)?")


def safe_next(target: str | None) -> str:
    """`next` only when it is a plain console path: no scheme, host, `..` or backslash."""
    if target and NEXT.fullmatch(target) and "//" not in target and ".." not in target \
            and not target.startswith(PREFIX + "/login"):
        return target
    return PREFIX + "/decisions"


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _login_page(request: Request, status: int = 200, error: str | None = None, target: str | None = None) -> Response:
    nonce = request.cookies.get(LOGIN_COOKIE) or new_login_nonce()
    response = render(request, "login.html", None, status=status, error=error,
                      csrf=codec(request).csrf_token("login|" + nonce),
                      next=safe_next(target or request.query_params.get("next")))
    response.set_cookie(LOGIN_COOKIE, nonce, max_age=3600, path=PREFIX, httponly=True, samesite="strict",
                        secure=_secure(request))
    return response


@router.get(PREFIX + "/login")
async def login_form(request: Request) -> Response:
    return _login_page(request)


@router.post(PREFIX + "/login")
async def login(request: Request) -> Response:
    try:
        form = await read_form(request, 64 * 1024)
    except FormError as exc:
        return refuse(request, None, 400, str(exc))
    nonce = request.cookies.get(LOGIN_COOKIE)
    if not same_origin(request) or not codec(request).csrf_ok("login|" + nonce if nonce else None, form.get("csrf")):
        return refuse(request, None, 403, "The sign-in form was not sent from this console (missing or wrong CSRF "
                                          "token). Reload the sign-in page and try again.")
    limiter: FailureLimiter = request.app.state.auth_limiter
    client = request.client.host if request.client else "unknown"
    if limiter.retry_after(client) is not None:
        return _login_page(request, 429, "Too many invalid tokens from this address; wait a minute and retry.",
                           form.get("next"))
    secret = form.get("token").strip()
    principal = None
    if 0 < len(secret) <= MAX_TOKEN_CHARS:
        principal = await authenticate(secret, request.app.state.settings, request.app.state.store)
    if principal is None:
        limiter.failed(client)
        request.app.state.metrics.errors.labels("unauthorized").inc()
        log.info("console sign-in refused", extra={"client": client})
        return _login_page(request, 401, "That token is not valid or was revoked.", form.get("next"))
    log.info("console sign-in", extra={"token": principal.name, "client": client})
    cookie, _ = codec(request).seal(secret)
    response = RedirectResponse(safe_next(form.get("next")), status_code=303)
    response.set_cookie(COOKIE, cookie, max_age=codec(request).ttl, path=PREFIX, httponly=True,
                        samesite="strict", secure=_secure(request))
    response.delete_cookie(LOGIN_COOKIE, path=PREFIX, httponly=True, samesite="strict")
    return response


@router.post(PREFIX + "/logout")
async def logout(request: Request) -> Response:
    who = await viewer(request)
    try:
        form = await read_form(request, 64 * 1024)
    except FormError as exc:
        return refuse(request, who, 400, str(exc))
    if who is not None and not codec(request).csrf_ok(who.session.sid, form.get("csrf")):
        return refuse(request, who, 403, "Sign-out was not sent from this console (missing or wrong CSRF token).")
    response = RedirectResponse(PREFIX + "/login", status_code=303)
    response.delete_cookie(COOKIE, path=PREFIX, httponly=True, samesite="strict")
    return response


@router.get(PREFIX)
@router.get(PREFIX + "/")
async def home() -> Response:
    return RedirectResponse(PREFIX + "/decisions", status_code=303)

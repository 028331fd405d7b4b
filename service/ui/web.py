"""What every console page shares: templates, security headers, who is signed in, CSRF.

Templates are Jinja2 with autoescaping on for every template, and nothing from a manifest or a
decision is ever marked safe: a system named `<script>` is shown as those eight characters.
Every /ui response carries a strict Content-Security-Policy (scripts, styles and images only
from the gate itself, no inline script or style, no framing) and is never cached.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from service.api.auth import authenticate
from service.store import Principal
from service.ui.session import COOKIE, Session, SessionCodec, derive_key
from service.ui.views import moment_text

log = logging.getLogger("cleangate.ui")
HERE = Path(__file__).parent
PREFIX = "/ui"
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]

templates = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                        trim_blocks=True, lstrip_blocks=True)
templates.filters["q"] = lambda value: quote(str(value), safe="")


def http_url(value: object) -> str:
    """A link target only when it is an http(s) URL: a manifest or CI header saying
    `javascript:...` gets shown as text, never made clickable."""
    text = str(value or "")
    return text if text.lower().startswith(("https://", "http://")) and len(text) <= 2000 else ""


templates.filters["http_url"] = http_url
templates.filters["utc"] = moment_text


class SecurityHeaders:
    """ASGI middleware: the headers above on every response under /ui, error pages included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not str(scope.get("path", "")).startswith(PREFIX):
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                ours = {k for k, _ in SECURITY_HEADERS}
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in ours]
                message["headers"] = kept + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, with_headers)


def make_codec(ui_key: str | None, admin_token: str | None, workers: int) -> SessionCodec:
    key, shared = derive_key(ui_key, admin_token)
    if not shared and workers > 1:
        log.warning("neither CLEANGATE_UI_SESSION_KEY nor CLEANGATE_ADMIN_TOKEN is set: each worker has its own "
                    "console session key, so console users are signed out when they reach another worker")
    return SessionCodec(key)


def codec(request: Request) -> SessionCodec:
    found: SessionCodec = request.app.state.ui_codec
    return found


class Viewer:
    """The signed-in user of one request: token name, scopes and the CSRF token for its forms."""

    def __init__(self, principal: Principal, session: Session, csrf: str) -> None:
        self.principal, self.session, self.csrf = principal, session, csrf

    @property
    def name(self) -> str:
        return self.principal.name

    def can(self, scope: str) -> bool:
        return self.principal.allows(scope)


async def viewer(request: Request) -> Viewer | None:
    """The signed-in user, or None (no cookie, forged, expired, or the token was revoked)."""
    session = codec(request).open(request.cookies.get(COOKIE))
    if session is None:
        return None
    principal = await authenticate(session.secret, request.app.state.settings, request.app.state.store)
    if principal is None:
        return None
    return Viewer(principal, session, codec(request).csrf_token(session.sid))


def to_login(request: Request) -> RedirectResponse:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    response = RedirectResponse(f"{PREFIX}/login?next={quote(target, safe='')}", status_code=303)
    response.delete_cookie(COOKIE, path=PREFIX, httponly=True, samesite="strict")
    return response


def render(request: Request, template: str, viewer: Viewer | None, status: int = 200, **context: Any) -> HTMLResponse:
    html = templates.get_template(template).render(request=request, viewer=viewer, prefix=PREFIX, **context)
    return HTMLResponse(html, status_code=status)


def refuse(request: Request, viewer: Viewer | None, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", viewer, status=status, status_code=status, message=message)


def same_origin(request: Request) -> bool:
    """A browser's Origin header, when sent, must be this gate (a second line behind CSRF tokens)."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    host = request.headers.get("host", "")
    return origin in (f"http://{host}", f"https://{host}")


def csrf_refusal(request: Request, who: Viewer, token: str | None) -> Response | None:
    if not same_origin(request) or not codec(request).csrf_ok(who.session.sid, token):
        return refuse(request, who, 403, "This form was not sent from a page of this console (missing or wrong "
                                         "CSRF token). Reload the page and submit it again.")
    return None


async def page_viewer(request: Request, scope: str) -> Viewer | Response:
    """The viewer of a page that needs `scope`, or the response to send instead: the sign-in
    redirect for nobody, a 403 page for a token without the scope."""
    who = await viewer(request)
    if who is None:
        return to_login(request)
    if not who.can(scope):
        return refuse(request, who, 403, f"Your token {who.name!r} lacks the {scope!r} scope this page needs.")
    return who

"""CLEANGATE_MAX_BODY_BYTES for every endpoint, before any route (or its auth) sees the body.

A pure ASGI middleware, so it works on the byte stream: a declared Content-Length over the
limit is refused before a byte is read, and a chunked body is counted as it arrives and cut
off at the limit. Without it, FastAPI would buffer and parse a JSON body of any size.
"""

from __future__ import annotations

import asyncio

from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sbom.limits import SIZE_SETTING, TooLarge
from service.api import problems


class BodyTooLarge(TooLarge):
    """Raised from `receive`; the app's ManifestError handler turns it into 413 problem+json."""

    def __init__(self, size: int, limit: int, setting: str = SIZE_SETTING) -> None:
        super().__init__(size, limit, "request body", setting)
        self.setting = setting


def too_large(exc: BodyTooLarge) -> JSONResponse:
    """The 413 the middleware answers itself, in the same form as the app's ManifestError handler."""
    return problems.problem(problems.http_status(exc), exc.title, str(exc.problems[0]), exc.problems)


class BodyStalled(StarletteHTTPException):
    """Raised from `receive` when the body stops arriving; the app answers 408 problem+json."""

    def __init__(self, seconds: float) -> None:
        super().__init__(408, f"the request body stopped arriving for {seconds:g} s (CLEANGATE_BODY_TIMEOUT_SECONDS)")


UPLOAD_SETTING = "CLEANGATE_EVIDENCE_MAX_UPLOAD_BYTES"


class BodyLimit:
    """Size limit, and a stalled-body timeout: a client that stops sending half-way through a
    body would otherwise hold its connection (and a request slot) for ever."""

    def __init__(self, app: ASGIApp, limit: int, multipart_limit: int | None = None, timeout: float = 30.0) -> None:
        self.app, self.default_limit, self.timeout = app, limit, timeout
        self.multipart_limit = multipart_limit or limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        # A multipart evaluation carries evidence files (CLEANGATE_EVIDENCE_MAX_UPLOAD_BYTES); the
        # manifest part inside it is still held to CLEANGATE_MAX_BODY_BYTES by the route.
        multipart = any(k == b"content-type" and v.lower().startswith(b"multipart/form-data")
                        for k, v in scope.get("headers", ()))
        limit = self.multipart_limit if multipart else self.default_limit
        setting = UPLOAD_SETTING if multipart and self.multipart_limit != self.default_limit else SIZE_SETTING
        for key, value in scope.get("headers", ()):
            if key == b"content-length":
                declared = value.decode("latin-1").strip()
                if declared.isdigit() and int(declared) > limit:
                    await too_large(BodyTooLarge(int(declared), limit, setting))(scope, receive, send)
                    return
        received = 0
        started = False
        body_done = False

        async def counted() -> Message:
            nonlocal received, body_done
            if body_done:
                message = await receive()  # after the body, receive waits for a disconnect: no timeout
            else:
                try:
                    message = await asyncio.wait_for(receive(), timeout=self.timeout)
                except TimeoutError:
                    raise BodyStalled(self.timeout) from None
            if message["type"] == "http.request":
                body_done = not message.get("more_body", False)
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(received, limit, setting)
            return message

        async def tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, tracking)
        except BodyTooLarge as exc:  # only if no handler turned it into a response first
            if started:
                raise
            await too_large(exc)(scope, receive, send)

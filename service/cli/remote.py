"""Evaluate on a gate server: the same Decision, produced by `POST /v1/evaluate`.

Problem responses from the server become `ManifestError`s, so a manifest the server refuses is
reported exactly like one refused offline (exit 2, the field named). A server that cannot be
reached, or keeps answering 5xx, is retried with exponential backoff a bounded number of times
and then raises `GateUnavailable`: the CLI fails closed on it unless told `--on-error warn`.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING

from sbom.errors import FieldProblem, ManifestError
from sbom.load import sniff_syntax
from service.cli.ci_context import ci_headers
from service.decision import Decision

if TYPE_CHECKING:
    import httpx

RETRY_STATUSES = {429, 500, 502, 503, 504}


class GateUnavailable(ManifestError):
    """The gate could not give an answer (connection failed, timed out, or 5xx every time)."""

    def __init__(self, url: str, detail: str, attempts: int, on_error: str = "fail") -> None:
        # The --on-error warn hint only where it would change something: not when it is already on.
        hint = "check --server" + (", or use --on-error warn" if on_error != "warn" else "")
        super().__init__(
            "gate server unavailable",
            [FieldProblem("", f"{url}: {detail} (after {attempts} attempt{'s' if attempts != 1 else ''})",
                          f"a reachable cleangate server ({hint})")],
            status=503,
        )


class RemoteGate:
    def __init__(self, url: str, token: str | None = None, *, timeout: float = 30.0, retries: int = 3,
                 backoff: float = 1.0, max_backoff: float = 16.0,
                 ci: Mapping[str, str | None] | None = None, on_error: str = "fail") -> None:
        self.url = url.rstrip("/")
        self.on_error = on_error
        self.token = token
        self.timeout = timeout
        self.attempts = max(1, retries + 1)
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.ci = dict(ci or {})

    @classmethod
    def from_args(cls, args: argparse.Namespace, ci: Mapping[str, str | None] | None = None) -> RemoteGate:
        return cls(args.server, args.token or os.environ.get("CLEANGATE_TOKEN"), timeout=args.timeout,
                   retries=args.retries, backoff=args.retry_backoff, ci=ci, on_error=args.on_error)

    def delay(self, attempt: int, response: httpx.Response | None = None) -> float:
        """Seconds to wait before retry number `attempt` (1-based): Retry-After if given, else doubling."""
        if response is not None:
            after = response.headers.get("retry-after", "")
            if after.isdigit():
                return min(float(after), self.max_backoff)
        return float(min(self.backoff * 2 ** (attempt - 1), self.max_backoff))

    def evaluate(self, data: bytes, *, as_of: date | None = None, source: str | None = None) -> Decision:

        text = data.decode("utf-8", errors="replace")
        content_type = "application/json" if sniff_syntax(text) == "json" else "application/yaml"
        headers = {"Content-Type": content_type, **ci_headers(self.ci)}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        params = {k: v for k, v in {"as_of": as_of.isoformat() if as_of else None, "source": source}.items() if v}
        response = self._post(data, headers, params)
        if response.status_code == 200:
            try:
                return Decision.model_validate_json(response.content)
            except ValueError:
                # A proxy's login page or another service at that URL: no answer from a gate.
                raise GateUnavailable(self.url, "answered HTTP 200 with something that is not a cleangate decision",
                                      1, self.on_error) from None
        try:
            body = response.json()
        except ValueError:
            body = {}
        problems = [
            FieldProblem(e.get("pointer", ""), e.get("message", ""), e.get("expected"))
            for e in (body.get("errors") or []) if isinstance(e, dict)
        ] if isinstance(body, dict) else []
        title = body.get("title") if isinstance(body, dict) else None
        if not problems and isinstance(body, dict) and body.get("detail"):
            problems = [FieldProblem("", str(body["detail"]))]
        raise ManifestError(title or f"gate answered HTTP {response.status_code}", problems, response.status_code)

    def _post(self, data: bytes, headers: dict[str, str], params: dict[str, str]) -> httpx.Response:
        import httpx  # only remote mode pays for importing the HTTP client

        detail = ""
        for attempt in range(1, self.attempts + 1):
            response: httpx.Response | None = None
            try:
                response = httpx.post(f"{self.url}/v1/evaluate", content=data, headers=headers, params=params,
                                      timeout=self.timeout)
            except httpx.TransportError as exc:
                detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            else:
                if response.status_code not in RETRY_STATUSES:
                    return response
                detail = f"HTTP {response.status_code}"
            if attempt < self.attempts:
                wait = self.delay(attempt, response)
                print(f"cleangate: {self.url}: {detail}; retrying in {wait:g}s ({attempt}/{self.attempts - 1})",
                      file=sys.stderr)
                time.sleep(wait)
        raise GateUnavailable(self.url, detail, self.attempts, self.on_error)

"""Evaluate on a gate server: the same Decision, produced by `POST /v1/evaluate`.

Problem responses from the server become `ManifestError`s, so a manifest the server refuses is
reported exactly like one refused offline (exit 2, the field named).
"""

from __future__ import annotations

import argparse
import os
from datetime import date

from sbom.errors import FieldProblem, ManifestError
from sbom.load import sniff_syntax
from service.decision import Decision


class RemoteGate:
    def __init__(self, url: str, token: str | None = None, timeout: float = 30.0) -> None:
        self.url = url.rstrip("/")
        self.token = token
        self.timeout = timeout

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> RemoteGate:
        return cls(args.server, args.token or os.environ.get("CLEANGATE_TOKEN"))

    def evaluate(self, data: bytes, *, as_of: date | None = None, source: str | None = None) -> Decision:
        import httpx  # only remote mode pays for importing the HTTP client

        text = data.decode("utf-8", errors="replace")
        content_type = "application/json" if sniff_syntax(text) == "json" else "application/yaml"
        headers = {"Content-Type": content_type}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        params = {k: v for k, v in {"as_of": as_of.isoformat() if as_of else None, "source": source}.items() if v}
        try:
            response = httpx.post(f"{self.url}/v1/evaluate", content=data, headers=headers, params=params,
                                  timeout=self.timeout)
        except httpx.HTTPError as exc:
            raise ManifestError("gate server unreachable", [FieldProblem("", str(exc) or type(exc).__name__)],
                                status=503) from None
        if response.status_code == 200:
            return Decision.model_validate_json(response.content)
        try:
            body = response.json()
        except ValueError:
            body = {}
        problems = [
            FieldProblem(e.get("pointer", ""), e.get("message", ""), e.get("expected"))
            for e in (body.get("errors") or []) if isinstance(e, dict)
        ] if isinstance(body, dict) else []
        title = body.get("title") if isinstance(body, dict) else None
        raise ManifestError(title or f"gate answered HTTP {response.status_code}", problems, response.status_code)

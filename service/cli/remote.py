"""Evaluate on a gate server: the same Decision, produced by `POST /v1/evaluate`.

Problem responses from the server become `ManifestError`s, so a manifest the server refuses is
reported exactly like one refused offline (exit 2, the field named). A server that cannot be
reached is retried with exponential backoff a bounded number of times and then raises
`GateUnavailable`: the CLI fails closed on it unless told `--on-error warn`.

"Unreachable" is narrow on purpose, because `--on-error warn` turns it into a pass: a refused
connection, a DNS or TLS failure, a connect timeout, or a 502/503/504 (or 429) that is not the
gate's own problem document -- a proxy or load balancer with no gate behind it. Everything that
shows the gate *received* this manifest -- a 500, the gate's 503 `evaluation_timeout`, a read
timeout or a dropped connection after the request was sent -- raises `GateRequestFailed`
(exit 2 under any --on-error): otherwise a manifest that makes the gate fail or stall would
pass a pipeline that runs with --on-error warn.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING
from urllib.parse import urlsplit, urlunsplit

from sbom.errors import FieldProblem, Kind, ManifestError
from sbom.load import FactsFile, sniff_syntax
from service.cli.ci_context import ci_headers
from service.decision import Decision

if TYPE_CHECKING:
    import httpx

RETRY_STATUSES = {429, 502, 503, 504}
REQUEST_FAILURE_CODES = {"evaluation_timeout", "evaluation_failed"}
"""Problem `code`s with which the gate says "this manifest failed", not "I am unavailable"."""


def redact_url(url: str) -> str:
    """The URL as it may be shown: a password in it (`https://user:pass@host`) becomes `***`."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


class GateUnavailable(ManifestError):
    """The gate could not give an answer (connection failed, timed out, or 5xx every time)."""

    def __init__(self, url: str, detail: str, attempts: int, on_error: str = "fail") -> None:
        # The --on-error warn hint only where it would change something: not when it is already on.
        hint = "check --server" + (", or use --on-error warn" if on_error != "warn" else "")
        super().__init__(
            "gate server unavailable",
            [FieldProblem("", f"{url}: {detail} (after {attempts} attempt{'s' if attempts != 1 else ''})",
                          f"a reachable cleangate server ({hint})")],
            kind=Kind.UNAVAILABLE,
        )


class GateRequestFailed(ManifestError):
    """The gate received this manifest and failed on it: never "unavailable", always exit 2."""

    def __init__(self, url: str, detail: str, kind: Kind, received_status: int | None = None) -> None:
        super().__init__(
            "the gate failed on this manifest",
            [FieldProblem("", f"{url}: {detail}",
                          "a decision; this is a failure of this manifest, not an outage, "
                          "so --on-error warn does not apply")],
            kind=kind, received_status=received_status,
        )


def _gate_problem_code(response: httpx.Response) -> str | None:
    """The `code` of a cleangate problem document, if the response is one."""
    if not response.headers.get("content-type", "").startswith("application/problem+json"):
        return None
    try:
        body = response.json()
    except ValueError:
        return None
    code = body.get("code") if isinstance(body, dict) else None
    return code if isinstance(code, str) else None


def _problem_title(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    title = body.get("title") if isinstance(body, dict) else None
    return str(title)[:300] if title else ""


class RemoteGate:
    def __init__(self, url: str, token: str | None = None, *, timeout: float = 30.0, retries: int = 3,
                 backoff: float = 1.0, max_backoff: float = 16.0,
                 ci: Mapping[str, str | None] | None = None, on_error: str = "fail") -> None:
        self.url = url.rstrip("/")
        self.on_error = on_error
        self.shown_url = redact_url(self.url)
        """What messages say: never the password of a `user:pass@host` URL."""
        self.token = token
        self.timeout = timeout
        self.attempts = max(1, retries + 1)
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.ci = dict(ci or {})
        self.attestations: dict[str, dict[str, object]] = {}

    @classmethod
    def from_args(cls, args: argparse.Namespace, ci: Mapping[str, str | None] | None = None,
                  token: str | None = None) -> RemoteGate:
        """`token`: --token, else CLEANGATE_TOKEN (`Settings.token`), as `check` resolved it."""
        return cls(args.server, token, timeout=args.timeout,
                   retries=args.retries, backoff=args.retry_backoff, ci=ci, on_error=args.on_error)

    def delay(self, attempt: int, response: httpx.Response | None = None) -> float:
        """Seconds to wait before retry number `attempt` (1-based): Retry-After if given, else doubling."""
        if response is not None:
            after = response.headers.get("retry-after", "")
            if after.isdigit():
                return min(float(after), self.max_backoff)
        return float(min(self.backoff * 2 ** (attempt - 1), self.max_backoff))

    def evaluate(self, data: bytes, *, as_of: date | None = None, source: str | None = None,
                 evidence: dict[str, bytes] | None = None, bom_signature: bytes | None = None,
                 attest: bool = False, facts: FactsFile | None = None) -> Decision:
        """With `evidence`, `bom_signature` or `facts`, sends multipart/form-data (docs/evidence.md,
        docs/api.md); with `attest`, the server signs the decision too and the envelope lands in
        `attestations`."""
        text = data.decode("utf-8", errors="replace")
        syntax = sniff_syntax(text)
        content_type = {"json": "application/json", "xml": "application/xml"}.get(syntax, "application/yaml")
        if evidence or bom_signature or facts:
            data, content_type = _multipart(data, content_type, source, evidence or {}, bom_signature, facts)
        headers = {"Content-Type": content_type, **ci_headers(self.ci)}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        params = {k: v for k, v in {"as_of": as_of.isoformat() if as_of else None, "source": source,
                                    "attest": "true" if attest else None}.items() if v}
        response = self._post(data, headers, params)
        if response.status_code == 200:
            try:
                decision = Decision.model_validate_json(response.content)
                if attest:
                    envelope = response.json().get("attestation")
                    if not isinstance(envelope, dict):
                        raise ValueError("no attestation")
                    self.attestations[decision.decision_id] = envelope
                return decision
            except ValueError:
                # A proxy's login page or another service at that URL: no answer from a gate.
                raise GateUnavailable(self.shown_url,
                                      "answered HTTP 200 with something that is not a cleangate decision", 1,
                                      self.on_error) from None
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
        raise ManifestError(title or f"gate answered HTTP {response.status_code}", problems,
                            received_status=response.status_code)

    def _post(self, data: bytes, headers: dict[str, str], params: dict[str, str]) -> httpx.Response:
        import httpx  # only remote mode pays for importing the HTTP client

        detail = ""
        for attempt in range(1, self.attempts + 1):
            response: httpx.Response | None = None
            try:
                response = httpx.post(f"{self.url}/v1/evaluate", content=data, headers=headers, params=params,
                                      timeout=self.timeout)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol,
                    httpx.ProxyError) as exc:
                # nothing reached a gate: refused, DNS, TLS handshake, no route
                detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            except httpx.TimeoutException:
                raise GateRequestFailed(
                    self.shown_url, f"the gate accepted the request but gave no answer within {self.timeout:g} s",
                        Kind.UPSTREAM_TIMEOUT,
                ) from None
            except httpx.TransportError as exc:
                raise GateRequestFailed(
                    self.shown_url, f"the connection broke after the request was sent ({type(exc).__name__})",
                        Kind.UPSTREAM_FAILED,
                ) from None
            else:
                code = _gate_problem_code(response)
                if response.status_code >= 500 and (response.status_code not in RETRY_STATUSES
                                                    or code in REQUEST_FAILURE_CODES):
                    title = _problem_title(response)
                    raise GateRequestFailed(
                        self.shown_url, f"HTTP {response.status_code}" + (f" {code}" if code else "")
                        + (f": {title}" if title else ""), Kind.FAILED, response.status_code,
                    )
                if response.status_code not in RETRY_STATUSES:
                    return response
                detail = f"HTTP {response.status_code}"
            if attempt < self.attempts:
                wait = self.delay(attempt, response)
                print(f"cleangate: {self.shown_url}: {detail}; retrying in {wait:g}s ({attempt}/{self.attempts - 1})",
                      file=sys.stderr)
                time.sleep(wait)
        raise GateUnavailable(self.shown_url, detail, self.attempts, self.on_error)


def _multipart(manifest: bytes, content_type: str, source: str | None, evidence: dict[str, bytes],
               bom_signature: bytes | None, facts: FactsFile | None = None) -> tuple[bytes, str]:
    """The multipart body and its Content-Type, encoded by httpx (parts `manifest`, `evidence`, `bom_signature`,
    `facts`)."""
    import httpx

    files: list[tuple[str, tuple[str, bytes, str]]] = [
        ("manifest", (source or "manifest", manifest, content_type)),
        *[("evidence", (name, blob, "application/octet-stream")) for name, blob in evidence.items()],
    ]
    if bom_signature is not None:
        files.append(("bom_signature", ("bom.sig", bom_signature, "application/octet-stream")))
    if facts is not None:
        files.append(("facts", (facts.label, facts.data, "application/yaml")))
    request = httpx.Request("POST", "http://gate.invalid/v1/evaluate", files=files)
    return request.read(), request.headers["content-type"]

"""Offline verification of a cleangate attestation against the AI-BOM about to be deployed.

The order matters: first the signature (nothing unsigned is read), then that the statement is
about exactly these bytes, then what it says (verdict, policy, age). Every check that fails is
reported, not only the first, so a deploy log shows all reasons at once.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from securesystemslib.signer import SSlibKey

from service.attest import envelope as dsse
from service.attest.statement import PAYLOAD_TYPE, RESULT, StatementError, parse_statement, subject_digests

FUTURE_SKEW = timedelta(minutes=5)
"""A timeVerified this far ahead of the verifier's clock is accepted (clock skew), no further."""


class AttestationFormatError(ValueError):
    """The file is not an attestation or bundle (exit 2)."""


@dataclass
class Requirements:
    require: str = "warn"
    """`pass`: only a pass verdict; `warn`: pass or warn (VSA PASSED)."""
    max_age: timedelta | None = None
    policy_revision: str | None = None
    policy_digest: str | None = None
    now: datetime | None = None


@dataclass
class Verification:
    ok: bool = False
    problems: list[str] = field(default_factory=list)
    keyid: str | None = None
    statement: dict[str, Any] | None = None

    def public(self) -> dict[str, Any]:
        cg = ((self.statement or {}).get("predicate") or {}).get("cleangate") or {}
        pred = (self.statement or {}).get("predicate") or {}
        return {"ok": self.ok, "problems": self.problems, "keyid": self.keyid,
                "decision_id": cg.get("decisionId"), "verdict": cg.get("verdict"),
                "verification_result": pred.get("verificationResult"), "time_verified": pred.get("timeVerified"),
                "policy": cg.get("policy"), "system": cg.get("system")}


def read_envelopes(text: str) -> list[Any]:
    """One envelope (a JSON object, possibly pretty-printed) or a bundle: one per line (JSON Lines)."""
    stripped = text.strip()
    if not stripped:
        raise AttestationFormatError("the file is empty")
    try:
        return [json.loads(stripped)]
    except ValueError:
        pass
    out = []
    for number, line in enumerate(stripped.splitlines(), 1):
        if not line.strip():
            continue
        try:
            out.append(json.loads(line))
        except ValueError:
            raise AttestationFormatError(f"line {number} is not JSON: expected a DSSE envelope or "
                                         "JSON Lines of them") from None
    return out


def _parse_time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def check_statement(statement: dict[str, Any], bom_sha256: str, req: Requirements,
                    facts_sha256: str | None = None) -> list[str]:
    problems = []
    boms = subject_digests(statement, "ai-bom")
    if not any(d == bom_sha256 for _, d in boms):
        named = ", ".join(f"{n} (sha256:{d[:16]}...)" for n, d in boms) or "no AI-BOM"
        problems.append(f"subject: the attestation is about {named}, not this AI-BOM (sha256:{bom_sha256[:16]}...)")
    if facts_sha256 is not None:
        facts = subject_digests(statement, "facts")
        if not any(d == facts_sha256 for _, d in facts):
            problems.append("subject: the attestation does not name this facts file "
                            f"(sha256:{facts_sha256[:16]}...)" + ("" if facts else "; it names no facts file"))
    pred = statement["predicate"]
    cg = pred["cleangate"]
    verdict = cg.get("verdict")
    if RESULT.get(str(verdict)) != pred.get("verificationResult"):
        problems.append(f"predicate: verificationResult {pred.get('verificationResult')!r} does not fit the "
                        f"verdict {verdict!r}")
    if req.require == "pass" and verdict != "pass":
        problems.append(f"verdict: the gate said {verdict!r}; --require pass accepts only 'pass'")
    elif verdict not in ("pass", "warn"):
        problems.append(f"verdict: the gate said {verdict!r} (verificationResult {pred.get('verificationResult')})")
    policy = cg.get("policy") or {}
    if req.policy_revision is not None and policy.get("revision") != req.policy_revision:
        problems.append(f"policy: revision {policy.get('revision')!r}, expected {req.policy_revision!r}")
    if req.policy_digest is not None and policy.get("digest") not in (req.policy_digest, "sha256:" + req.policy_digest):
        problems.append(f"policy: digest {policy.get('digest')!r}, expected {req.policy_digest!r}")
    verified = _parse_time(pred.get("timeVerified"))
    now = req.now or datetime.now(UTC)
    if verified is None:
        problems.append(f"timeVerified: {pred.get('timeVerified')!r} is not an ISO 8601 time")
    else:
        if verified > now + FUTURE_SKEW:
            problems.append(f"timeVerified: {pred.get('timeVerified')} is in the future")
        if req.max_age is not None and now - verified > req.max_age:
            problems.append(f"timeVerified: {pred.get('timeVerified')} is older than --max-age "
                            f"({_age(now - verified)} old)")
    return problems


def _age(delta: timedelta) -> str:
    hours = delta.total_seconds() / 3600
    return f"{hours / 24:.1f} days" if hours >= 48 else f"{hours:.1f} hours"


def verify(envelopes: list[Any], keys: list[SSlibKey], bom: bytes, req: Requirements,
           facts: bytes | None = None) -> Verification:
    """The first envelope that is signed by a trusted key and is about this AI-BOM decides;
    when none is, the problems of each are reported."""
    bom_sha = hashlib.sha256(bom).hexdigest()
    facts_sha = hashlib.sha256(facts).hexdigest() if facts is not None else None
    results: list[Verification] = []
    for index, data in enumerate(envelopes):
        label = f"attestation {index + 1}: " if len(envelopes) > 1 else ""
        result = Verification()
        try:
            opened = dsse.open_envelope(data, keys)
        except dsse.EnvelopeFormatError as exc:
            raise AttestationFormatError(f"{label}{exc}") from None
        except dsse.SignatureInvalid as exc:
            result.problems.append(f"{label}signature: {exc}")
            results.append(result)
            continue
        result.keyid = opened.keyid
        if opened.payload_type != PAYLOAD_TYPE:
            result.problems.append(f"{label}payloadType is {opened.payload_type!r}; expected {PAYLOAD_TYPE}")
            results.append(result)
            continue
        try:
            result.statement = parse_statement(opened.payload)
        except StatementError as exc:
            result.problems.append(f"{label}{exc}")
            results.append(result)
            continue
        result.problems = [label + p for p in check_statement(result.statement, bom_sha, req, facts_sha)]
        result.ok = not result.problems
        if result.ok:
            return result
        results.append(result)
    about_this = [r for r in results if r.statement is not None and not any("subject:" in p for p in r.problems)]
    chosen = about_this[0] if about_this else Verification(problems=[p for r in results for p in r.problems])
    return chosen

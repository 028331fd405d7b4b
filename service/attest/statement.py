"""The attestation's content: an in-toto Statement v1 whose predicate is a SLSA VSA v1.

Built from the decision as JSON (the stored payload on the server, `model_dump` offline), so
the server's `GET /v1/decisions/{id}/attestation` and `cleangate check --attest` say the same
thing about the same decision. The in-toto-attestation library validates the Statement's
shape; the JSON itself is written here so that counts stay integers (the library's protobuf
Struct would turn every number into a float).

VSA fields (https://slsa.dev/spec/v1.0/verification_summary): verifier id and component
versions, timeVerified (the decision's time), resourceUri, policy uri and digest,
verificationResult PASSED (pass, warn) or FAILED (block), verifiedLevels. cleangate's own
verdict and the evidence behind it sit under `predicate.cleangate`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from google.protobuf import json_format
from in_toto_attestation.v1.resource_descriptor import ResourceDescriptor
from in_toto_attestation.v1.statement import STATEMENT_TYPE_URI, Statement

from service import __version__

PAYLOAD_TYPE = "application/vnd.in-toto+json"
PREDICATE_TYPE = "https://slsa.dev/verification_summary/v1"
DEFAULT_VERIFIER_ID = "urn:cleangate:gate"
ROLE = "cleangate.role"
"""Subject annotation saying what the digest is of: `ai-bom` or `facts`."""
RESULT = {"pass": "PASSED", "warn": "PASSED", "block": "FAILED"}


@dataclass(frozen=True)
class Subject:
    role: str
    name: str
    sha256: str


def _digest_hex(value: str) -> str:
    return value.removeprefix("sha256:")


def subjects_for(decision: dict[str, Any], facts: Subject | None = None) -> list[Subject]:
    """The AI-BOM the decision is about, and the facts file merged into it when there was one.

    Hook for facts files: pass `facts`, or let the decision carry `facts.digest` (and
    `facts.source`), which is where a decision that merged a facts file records it.
    """
    manifest = decision.get("manifest") or {}
    out = [Subject("ai-bom", manifest.get("source") or "ai-bom", _digest_hex(str(manifest.get("digest", ""))))]
    recorded = decision.get("facts")
    if facts is None and isinstance(recorded, dict) and recorded.get("digest"):
        facts = Subject("facts", str(recorded.get("source") or "facts"), _digest_hex(str(recorded["digest"])))
    if facts is not None:
        out.append(facts)
    return out


def _waivers_applied(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    by_id: dict[str, set[str]] = {}
    for f in findings:
        if f.get("waived") and f.get("waiver_id"):
            by_id.setdefault(str(f["waiver_id"]), set()).add(str(f.get("rule")))
    return [{"id": wid, "rules": sorted(rules)} for wid, rules in sorted(by_id.items())]


def _undetermined(decision: dict[str, Any]) -> dict[str, Any]:
    """Rules that could not be decided for want of a fact, and the facts missing (when the
    decision records gaps); both empty for a decision made before that mechanism existed."""
    rules = sorted({str(r.get("rule")) for r in decision.get("rules") or [] if r.get("status") == "undetermined"})
    rules += sorted({str(f.get("rule")) for f in decision.get("findings") or []
                     if f.get("undetermined") and f.get("rule") not in rules})
    gaps = [{"fact": g.get("fact"), "rules": g.get("rules") or []} for g in decision.get("gaps") or []
            if isinstance(g, dict)]
    return {"rules": rules, "gaps": gaps}


def predicate_for(decision: dict[str, Any], verifier_id: str = DEFAULT_VERIFIER_ID) -> dict[str, Any]:
    verdict = str(decision.get("verdict"))
    policy = decision.get("policy") or {}
    engine = decision.get("engine") or {}
    manifest = decision.get("manifest") or {}
    context = decision.get("context") or {}
    findings = [f for f in decision.get("findings") or [] if isinstance(f, dict)]
    system = str(manifest.get("system") or "")
    resource = "urn:cleangate:system:" + quote(system, safe="")
    if manifest.get("system_version"):
        resource += "@" + quote(str(manifest["system_version"]), safe="")
    return {
        "verifier": {"id": verifier_id, "version": {"cleangate": __version__,
                                                    str(engine.get("name") or "engine"): str(engine.get("version"))}},
        "timeVerified": decision.get("created_at"),
        "resourceUri": resource,
        "policy": {"uri": f"urn:cleangate:policy-bundle:{policy.get('revision')}",
                   "digest": {"sha256": _digest_hex(str(policy.get("digest", "")))}},
        "verificationResult": RESULT.get(verdict, "FAILED"),
        "verifiedLevels": [f"CLEANGATE_VERDICT_{verdict.upper()}"],
        "cleangate": {
            "decisionId": decision.get("decision_id"),
            "verdict": verdict,
            "asOf": decision.get("as_of"),
            "asOfSource": decision.get("as_of_source"),
            "policy": {"revision": policy.get("revision"), "digest": policy.get("digest")},
            "system": {"name": system, "version": manifest.get("system_version"), "format": manifest.get("format")},
            "summary": decision.get("summary") or {},
            "findings": [{"rule": f.get("rule"), "severity": f.get("severity"), "waived": bool(f.get("waived")),
                          "undetermined": bool(f.get("undetermined"))} for f in findings],
            "waiversApplied": _waivers_applied(findings),
            "undetermined": _undetermined(decision),
            "context": {k: context.get(k) for k in ("provider", "repository", "commit", "ref", "pipeline_url")
                        if context.get(k)},
        },
    }


def _descriptor(subject: Subject) -> ResourceDescriptor:
    return ResourceDescriptor(name=subject.name, digest={"sha256": subject.sha256}, annotations={ROLE: subject.role})


def statement_for(decision: dict[str, Any], facts: Subject | None = None,
                  verifier_id: str = DEFAULT_VERIFIER_ID) -> dict[str, Any]:
    """The Statement as a JSON object, validated by in-toto-attestation before it is signed."""
    subjects = [_descriptor(s) for s in subjects_for(decision, facts)]
    predicate = predicate_for(decision, verifier_id)
    statement = Statement([s.pb for s in subjects], PREDICATE_TYPE, predicate)
    statement.validate()
    return {
        "_type": STATEMENT_TYPE_URI,
        "subject": [json_format.MessageToDict(s.pb) for s in subjects],
        "predicateType": PREDICATE_TYPE,
        "predicate": predicate,
    }


def payload_bytes(statement: dict[str, Any]) -> bytes:
    return json.dumps(statement, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


class StatementError(ValueError):
    """The signed payload is not a cleangate verification statement."""


def parse_statement(payload: bytes) -> dict[str, Any]:
    """Check the payload is an in-toto Statement v1 (with the library) carrying our predicate."""
    try:
        data = json.loads(payload)
    except (ValueError, UnicodeDecodeError):
        raise StatementError("the signed payload is not JSON") from None
    if not isinstance(data, dict):
        raise StatementError("the signed payload is not a JSON object")
    try:
        pb = json_format.ParseDict(data, Statement([], "", {}).pb)
        Statement.copy_from_pb(pb).validate()
    except (json_format.ParseError, ValueError) as exc:
        raise StatementError(f"not an in-toto Statement v1: {exc}") from None
    if data.get("predicateType") != PREDICATE_TYPE:
        raise StatementError(f"predicateType is {data.get('predicateType')!r}; expected {PREDICATE_TYPE}")
    predicate = data.get("predicate")
    if not isinstance(predicate, dict) or not isinstance(predicate.get("cleangate"), dict):
        raise StatementError("the predicate has no cleangate section: not a cleangate attestation")
    return data


def subject_digests(statement: dict[str, Any], role: str) -> list[tuple[str, str]]:
    """(name, sha256) of every subject with this role."""
    out = []
    for s in statement.get("subject") or []:
        if isinstance(s, dict) and (s.get("annotations") or {}).get(ROLE) == role:
            out.append((str(s.get("name")), str((s.get("digest") or {}).get("sha256"))))
    return out

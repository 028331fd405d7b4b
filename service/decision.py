"""What the gate answers: a verdict, the findings that explain it, and the evidence of what ran.

This is the public contract of the API, the CLI's JSON output and the decision log, so its
field names are stable and documented in docs/decision.md.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from sbom.model import Verified, VerifiedBomSignature

Verdict = Literal["pass", "warn", "block"]
Severity = Literal["block", "warn", "info"]
RuleStatus = Literal["failed", "passed", "not_applicable", "error", "waived"]


class Location(BaseModel):
    line: int
    column: int


class Finding(BaseModel):
    rule: str = Field(description="Stable rule id, e.g. AIACT-50-2.")
    regulation: str
    reference: str = Field(description="Article or clause, e.g. 'Art. 50(2)'.")
    severity: Severity
    title: str
    message: str = Field(description="What is wrong, naming the offending item.")
    remediation: str
    path: str = Field(description="JSON pointer into the submitted manifest.")
    input_path: str = Field(description="JSON pointer into the policy input document.")
    url: str | None = None
    location: Location | None = Field(None, description="Line and column in the manifest text, where known.")
    waived: bool = False
    waiver_id: str | None = None


class RuleOutcome(BaseModel):
    rule: str
    title: str
    regulation: str
    reference: str
    severity: Severity
    status: RuleStatus


class ManifestInfo(BaseModel):
    format: str
    format_version: str
    digest: str = Field(description="sha256 of the submitted bytes.")
    system: str
    system_version: str | None = None
    source: str | None = Field(None, description="File name or label the caller gave.")
    signature: VerifiedBomSignature | None = Field(
        None, description="The BOM's signature as the gate verified it (who signed it); None when unsigned."
    )


class PolicyInfo(BaseModel):
    revision: str
    digest: str


class EngineInfo(BaseModel):
    name: str
    version: str


class Summary(BaseModel):
    block: int = 0
    warn: int = 0
    info: int = 0
    waived: int = 0
    rules_evaluated: int = 0
    rules_passed: int = 0
    rules_not_applicable: int = 0


class Decision(BaseModel):
    decision_id: str
    created_at: str = Field(description="UTC time of the decision, ISO 8601.")
    as_of: str = Field(description="The date rules were judged at.")
    verdict: Verdict
    summary: Summary
    findings: list[Finding]
    rules: list[RuleOutcome] = Field(description="Every rule evaluated and how it came out (audit evidence).")
    manifest: ManifestInfo
    policy: PolicyInfo
    engine: EngineInfo
    evaluation_ms: float
    context: dict[str, str | None] = Field(default_factory=dict, description="CI context of the request.")
    verified: Verified | None = Field(
        None, description="Evidence the gate checked itself (C2PA samples, digests, signatures), as policies saw it."
    )

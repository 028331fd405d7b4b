"""What the gate answers: a verdict, the findings that explain it, and the evidence of what ran.

This is the public contract of the API, the CLI's JSON output and the decision log, so its
field names are stable and documented in docs/decision.md.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from sbom.model import Verified, VerifiedBomSignature
from service.severity import Severity

Verdict = Literal["pass", "warn", "block"]
RuleStatus = Literal["failed", "passed", "not_applicable", "undetermined", "error", "waived"]
AsOfSource = Literal["clock", "caller"]
UndeterminedSeverity = Literal["block", "warn"]


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
    file: str | None = Field(
        None, description="The file `path` points into, when a BOM and a facts file were submitted together.")
    url: str | None = None
    location: Location | None = Field(None, description="Line and column in the manifest text, where known.")
    waived: bool = False
    waiver_id: str | None = None
    undetermined: bool = Field(
        False, description="The finding says a fact that decides whether the rule applies is missing, not that "
        "the rule is broken; `path`/`input_path` point where the fact belongs.",
    )


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
    facts: str | None = Field(None, description="The deployment-facts file merged with the BOM, if any.")
    facts_digest: str | None = Field(None, description="sha256 of the facts file.")
    claimed_as_of: str | None = Field(
        None, description="The judging date the manifest asked for (context.as_of): recorded, never used.",
    )
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
    rules_undetermined: int = 0


class Gap(BaseModel):
    """A fact the gate needs to decide whether rules apply, and where to state it."""

    fact: str = Field(description="JSON pointer into the policy input document where the fact belongs.")
    path: str = Field(description="JSON pointer into the submitted manifest (the nearest part that exists).")
    file: str | None = Field(None, description="The file `path` points into, when a BOM and a facts file came "
                             "together (facts belong in the facts file).")
    location: Location | None = Field(None, description="Line and column in the manifest text, where known.")
    expected: str = Field(description="The values the fact can take.")
    why: str = Field(description="Why the fact decides the verdict.")
    rules: list[str] = Field(description="Rule ids that stay undetermined until the fact is stated.")
    regulations: list[str]


class InferredFact(BaseModel):
    """A fact the gate read from a standard field that does not state it (docs/input.md, inference)."""

    fact: str = Field(description="JSON pointer into the policy input document.")
    value: Any
    source: str = Field(description="JSON pointer of the field it was read from.")
    field: str = Field(description="The standard field in words, e.g. modelCard.modelParameters.task.")
    file: str | None = None


class Decision(BaseModel):
    decision_id: str
    created_at: str = Field(description="UTC time of the decision, ISO 8601.")
    as_of: str = Field(description="The date rules were judged at: the caller's, or the day of evaluation.")
    as_of_source: AsOfSource = Field(
        "clock", description="`clock` (the day of evaluation) or `caller` (--as-of, ?as_of=); never the manifest.",
    )
    as_of_requested_by: str | None = Field(
        None, description="Who asked for a judging date other than today (the API token's name) on the server.",
    )
    verdict: Verdict
    summary: Summary
    findings: list[Finding]
    gaps: list[Gap] = Field(
        default_factory=list,
        description="Facts to state to get a verdict on the undetermined rules, one per missing fact.",
    )
    undetermined_severity: UndeterminedSeverity = Field(
        "block", description="Severity given to undetermined blocking duties (setting "
        "cleangate.config.undetermined_severity: block by default, or warn).",
    )
    rules: list[RuleOutcome] = Field(description="Every rule evaluated and how it came out (audit evidence).")
    findings_omitted: int = Field(
        0, ge=0, description="Findings left out because the decision outgrew the stored-size bound "
        "(docs/governance.md); the verdict and summary still count them. Blocking findings are kept first.")
    gaps_omitted: int = Field(0, ge=0, description="Gaps left out for the same bound.")
    manifest: ManifestInfo
    policy: PolicyInfo
    engine: EngineInfo
    evaluation_ms: float
    context: dict[str, str | None] = Field(default_factory=dict, description="CI context of the request.")
    inferred: list[InferredFact] = Field(
        default_factory=list, description="Facts inferred from standard fields; a stated fact always wins.")
    verified: Verified | None = Field(
        None, description="Evidence the gate checked itself (C2PA samples, digests, signatures), as policies saw it."
    )

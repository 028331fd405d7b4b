"""Response models of the JSON endpoints: what a client can rely on, in the OpenAPI schema.

The routes build plain dicts (from the store's records, the bundle's rules, the waiver report)
and FastAPI validates them against these models on the way out. So that the answers stay what
they were before the models existed, byte for byte:

- fields are declared in the order the dicts are built (the serialised key order follows the
  model, not the dict);
- every model forbids unknown fields: a key added to a dict without its model is a 500 in the
  tests, never a field silently dropped from the answer;
- a key the dict leaves out is left out of the answer (`response_model_exclude_unset` on the
  routes whose dicts omit keys, e.g. `/v1/audit/verify`), never added as `null`;
- free-form documents (a stored decision as it was recorded, the manifest, a JSON Schema) stay
  `dict[str, Any]` fields inside a named model, so they pass through untouched.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel


class ApiModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Health(ApiModel):
    status: Literal["ok"]


class Ready(ApiModel):
    status: Literal["ready"]
    policy_revision: str


# --- the rule catalogue and the input schema


class EngineInfo(ApiModel):
    name: str
    version: str


class RulePublic(ApiModel):
    id: str
    regulation: str
    reference: str
    severity: str
    title: str
    description: str
    remediation: str
    url: str | None
    applies_when: str | None
    package: str
    file: str
    line: int


class PolicyCatalogue(ApiModel):
    revision: str
    digest: str
    engine: EngineInfo
    rules: list[RulePublic]


class InputSchema(RootModel[dict[str, Any]]):
    """A JSON Schema (draft 2020-12) document, passed through as sbom/schema.py builds it."""

    model_config = ConfigDict(json_schema_extra={
        "type": "object", "required": ["$schema", "type", "properties"],
        "properties": {"$schema": {"type": "string"}, "type": {"const": "object"}, "properties": {"type": "object"},
                       "required": {"type": "array", "items": {"type": "string"}}, "$defs": {"type": "object"}},
    })


# --- the decision log


class DecisionSummary(ApiModel):
    decision_id: str
    seq: int
    recorded_at: str
    created_at: str | None
    verdict: str | None
    system: str | None
    system_version: str | None
    repository: str | None
    commit: str | None
    token: str | None
    summary: dict[str, Any] | None = Field(description="Rule counts by outcome, as in the decision")
    hash: str


class DecisionPage(ApiModel):
    items: list[DecisionSummary]
    next_cursor: int | None = Field(description="Pass as `cursor` for the next page; null on the last one")


class StoredDecisionOut(ApiModel):
    decision_id: str
    seq: int
    recorded_at: str
    token: str | None
    hash: str
    decision: dict[str, Any] = Field(description="The Decision as it was recorded (see POST /v1/evaluate)")
    manifest: str | None = Field(description="The manifest text as it was sent, when it was stored")


class ChainHead(ApiModel):
    seq: int | None
    hash: str | None


class BrokenRecord(ApiModel):
    seq: int | None
    entry_id: str | None
    reason: str | None


class RowMismatch(ApiModel):
    table: str
    id: str
    label: str
    reason: str


class VerifyReport(ApiModel):
    ok: bool
    checked: int
    head: ChainHead
    first_broken: BrokenRecord | None = None
    rows_not_matching_chain: list[RowMismatch] | None = None
    checkpoints_checked: int | None = None


# --- signatures: DSSE envelopes, keys, checkpoints


class DsseSignature(ApiModel):
    keyid: str
    sig: str


class DsseEnvelope(ApiModel):
    payload: str = Field(description="base64 of the signed statement")
    payloadType: str
    signatures: list[DsseSignature]


class PublicKey(ApiModel):
    keyid: str
    scheme: str
    public_key: str = Field(description="PEM")


class PublicKeys(ApiModel):
    keys: list[PublicKey]


class Checkpoint(ApiModel):
    seq: int
    hash: str
    created_at: str
    keyid: str
    checkpoint: DsseEnvelope


class NewCheckpoint(ApiModel):
    seq: int
    hash: str
    created_at: str
    keyid: str
    new: bool = Field(description="false when the head was already checkpointed and that checkpoint is returned")
    checkpoint: DsseEnvelope


# --- tokens and waivers


class TokenOut(ApiModel):
    id: str
    name: str
    scopes: list[str]
    created_at: str
    created_by: str | None
    revoked_at: str | None


class NewToken(TokenOut):
    token: str = Field(description="The secret: shown in this answer and nowhere else")


class TokenList(ApiModel):
    items: list[TokenOut]


class WaiverOut(ApiModel):
    id: str
    rules: list[str]
    system: str
    version: str | None
    repository: str | None
    justification: str
    ticket: str
    approver: str
    expires_at: str
    created_at: str
    created_by: str | None
    revoked_at: str | None
    revoked_by: str | None
    revoke_reason: str | None
    status: Literal["active", "expired", "revoked"]
    days_left: float
    expiring_soon: bool
    unknown_rules: list[str]
    warnings: list[str]


class WaiverList(ApiModel):
    items: list[WaiverOut]
    warnings: list[str]


# --- OPA's Data API


class DataProvenanceBundle(ApiModel):
    revision: str


class DataProvenance(ApiModel):
    version: str
    revision: str
    bundles: dict[str, DataProvenanceBundle]


class DataAnswer(ApiModel):
    decision_id: str
    result: Any = Field(None, description="The value of data.<path>; absent when it is undefined")
    provenance: DataProvenance | None = None

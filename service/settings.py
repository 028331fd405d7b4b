"""Every knob of the gate in one place, read from CLEANGATE_* environment variables.

The CLI and the server build the same `Settings`, so a limit set for `cleangate serve` also
holds for `cleangate check`, and tests change configuration rather than code.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from sbom.limits import DEFAULT_LIMITS, Limits
from service.evidence.interface import EvidenceConfig
from service.evidence.limits import EvidenceLimits
from service.evidence.trust import TrustListError, load_anchors

MIN_ADMIN_TOKEN = 24
"""Shortest CLEANGATE_ADMIN_TOKEN the server starts with (docs/configuration.md)."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CLEANGATE_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = Field(8080, ge=0, le=65535)
    workers: int = Field(1, ge=1, le=64)
    policy_dirs: Annotated[list[Path], NoDecode] = Field(
        default_factory=list, description="Extra policy folders (os.pathsep-separated in the environment)."
    )
    policy_data: Annotated[list[Path], NoDecode] = Field(
        default_factory=list, description="JSON files merged over policies/data (organisation settings)."
    )
    max_body_bytes: int = Field(DEFAULT_LIMITS.max_bytes, ge=1024)
    max_depth: int = Field(DEFAULT_LIMITS.max_depth, ge=4, le=10_000)
    max_nodes: int = Field(DEFAULT_LIMITS.max_nodes, ge=100)
    database_url: str | None = Field(
        None, description="SQLAlchemy URL of the decision log; default: a SQLite file at `database_path`."
    )
    database_path: Path = Field(Path("cleangate.db"), description="SQLite file used when no database_url is set.")
    admin_token: SecretStr | None = Field(
        None, description="Bootstrap admin token (CLEANGATE_ADMIN_TOKEN); accepted as-is, never stored."
    )
    ui_session_key: SecretStr | None = Field(
        None, description="Key for the web console's session cookies (CLEANGATE_UI_SESSION_KEY); default: derived "
                          "from the admin token, else random per process (docs/ui.md).",
    )
    record_decisions: bool = Field(
        True, description="Store every decision in the log. Off only for benchmarks: the gate warns at start."
    )
    waiver_max_days: int = Field(90, ge=1, le=3650, description="Longest expiry a waiver may be granted for.")
    waiver_warn_days: int = Field(14, ge=0, le=365, description="Waivers expiring within this many days are flagged.")
    eval_workers: int = Field(
        1, ge=1, le=64, description="Evaluation processes per server worker (manifests are judged off the event loop)."
    )
    request_timeout_seconds: float = Field(
        90.0, ge=0.1, le=3600,
        description="Time budget of one evaluation; past it the request fails closed with a 503 problem.",
    )
    shutdown_grace_seconds: float = Field(
        10.0, ge=0, le=3600, description="On SIGTERM, how long in-flight requests may finish before they are cut.",
    )
    idle_timeout_seconds: float = Field(
        10.0, gt=0, le=3600, description="A connection with no request in progress for this long is closed.",
    )
    body_timeout_seconds: float = Field(
        30.0, gt=0, le=3600, description="A request body that sends nothing for this long gets a 408 problem.",
    )
    max_connections: int = Field(
        2048, ge=1, le=1_000_000,
        description="Connections per server worker; past it requests get an immediate 503. Needs that many "
                    "open files plus 256 (the server raises its soft limit up to the hard one).",
    )
    lookup_cache_seconds: float = Field(
        0.0, ge=0, le=5,
        description="How long a server process may reuse a token or waiver look-up; revoking through another "
                    "process or replica takes effect within this (0: ask the database on every request).",
    )
    db_lock_timeout_seconds: float = Field(
        5.0, gt=0, le=600,
        description="Longest wait for a database lock (the chain head) or a pooled connection; past it a 503.",
    )
    db_statement_timeout_seconds: float = Field(
        30.0, gt=0, le=3600, description="Longest a single database statement may run (PostgreSQL).",
    )
    ready_timeout_seconds: float = Field(
        2.0, gt=0, le=60, description="/readyz reports not ready when the database does not answer within this.",
    )
    auth_max_failures: int = Field(
        20, ge=1, le=100_000, description="Wrong API tokens one client may send within the window before 429.",
    )
    auth_failure_window_seconds: float = Field(
        60.0, gt=0, le=86_400, description="The window of auth_max_failures; a limited client waits until it passes.",
    )
    log_level: str = "info"
    c2pa_trust_anchors: Annotated[list[Path], NoDecode] = Field(
        default_factory=list, description="PEM files of C2PA trust anchors (the C2PA Trust List bundle, a private CA); "
        "a sample whose signer chains to one is Trusted. None ship with cleangate.",
    )
    model_signing_keys: Annotated[list[Path], NoDecode] = Field(
        default_factory=list, description="PEM public keys accepted for OpenSSF model-signing signatures."
    )
    model_signing_certificates: Annotated[list[Path], NoDecode] = Field(
        default_factory=list, description="PEM certificate chain certificate-based model signatures must chain to."
    )
    bom_signing_keys: Annotated[list[Path], NoDecode] = Field(
        default_factory=list, description="PEM public keys or certificates accepted for signed BOMs (JSF or detached)."
    )
    evidence_max_sample_bytes: int = Field(50 * 1024 * 1024, ge=1024, description="Largest C2PA sample read.")
    evidence_max_artifact_bytes: int = Field(1024**3, ge=1024, description="Largest file hashed.")
    evidence_max_files: int = Field(64, ge=1, le=10_000, description="Evidence files checked per request.")
    evidence_max_seconds: float = Field(60.0, gt=0, le=3600, description="Evidence checking time per request.")
    evidence_max_upload_bytes: int = Field(
        64 * 1024 * 1024, ge=1024, description="Largest multipart request (manifest plus evidence parts)."
    )
    signing_key: SecretStr | None = Field(
        None, description="PEM private key (Ed25519 or ECDSA P-256) that signs attestations and checkpoints."
    )
    signing_key_file: Path | None = Field(None, description="File holding that PEM key (instead of signing_key).")
    signing_key_password: SecretStr | None = Field(None, description="Password of an encrypted PEM signing key.")
    signing_key_id: str | None = Field(
        None, max_length=200, description="Key id to sign with; default: the sha256 id derived from the public key."
    )
    verify_keys: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Public keys trusted for attestations and checkpoints, `[KEYID=]PATH` (os.pathsep-separated); "
                    "the signing key's own public key is always trusted.",
    )
    require_signed_records: bool = Field(
        False, description="Refuse waiver and token rows whose chain record no trusted key signed (forged appends)."
    )
    verifier_id: str = Field("urn:cleangate:gate", max_length=500, description="VSA verifier.id of this gate.")
    checkpoint_interval: int = Field(
        3600, ge=0, le=31 * 86400, description="Seconds between signed checkpoints of the log (0: on demand only)."
    )
    checkpoint_dir: Path | None = Field(
        None, description="Folder every signed checkpoint is also written to (ship it off the machine from there)."
    )
    engine: Literal["regorus", "opa", "opa-server"] = Field(
        "regorus", description="Rego engine: regorus (embedded, default), opa (the OPA Go library, installed apart) "
                               "or opa-server (an OPA server at CLEANGATE_OPA_URL, through opa-python-client).",
    )
    opa_url: str | None = Field(None, description="OPA server for CLEANGATE_ENGINE=opa-server: http(s)://host:port.")
    opa_token: SecretStr | None = Field(None, description="Bearer token the gate sends to that OPA server.")
    opa_timeout: float = Field(5.0, gt=0, le=120, description="Seconds to wait for each answer of the OPA server.")
    opa_push: bool = Field(
        False, description="Push the gate's policies and data to the OPA server at start (Policy API) "
                           "instead of expecting it to serve the bundle from `cleangate policy bundle`.",
    )

    @field_validator("c2pa_trust_anchors", "model_signing_keys", "model_signing_certificates", "bom_signing_keys",
                     mode="before")
    @classmethod
    def _split_evidence_paths(cls, value: object) -> object:
        if isinstance(value, str):
            return [Path(p) for p in value.split(os.pathsep) if p]
        return value

    def evidence_config(self) -> EvidenceConfig:
        """Read the configured anchor and key files once; a missing or unreadable one is a start-up error."""
        anchors, count = load_anchors(self.c2pa_trust_anchors)
        bom_keys = []
        for path in self.bom_signing_keys:
            try:
                bom_keys.append((path.name, path.read_bytes()))
            except OSError as exc:
                raise TrustListError(f"BOM signing key {path}: {exc.strerror or exc}") from None
        for path in [*self.model_signing_keys, *self.model_signing_certificates]:
            if not path.is_file():
                raise TrustListError(f"model signing key or certificate {path}: not a readable file")
        return EvidenceConfig(
            c2pa_trust_anchors_pem=anchors, c2pa_trust_anchor_count=count,
            model_keys=tuple(self.model_signing_keys), model_certificates=tuple(self.model_signing_certificates),
            bom_keys=tuple(bom_keys),
            limits=EvidenceLimits(max_sample_bytes=self.evidence_max_sample_bytes,
                                  max_artifact_bytes=self.evidence_max_artifact_bytes,
                                  max_files=self.evidence_max_files, max_seconds=self.evidence_max_seconds),
        )

    @field_validator("admin_token")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        """A guessable bootstrap token is an open admin door: refuse it at start-up."""
        if value is not None and 0 < len(value.get_secret_value()) < MIN_ADMIN_TOKEN:
            raise ValueError(f"too short: use at least {MIN_ADMIN_TOKEN} characters of a random string "
                             "(e.g. `openssl rand -base64 32`)")
        return value

    @field_validator("policy_dirs", "policy_data", mode="before")
    @classmethod
    def _split_paths(cls, value: object) -> object:
        if isinstance(value, str):
            return [Path(p) for p in value.split(os.pathsep) if p]
        return value

    @field_validator("verify_keys", mode="before")
    @classmethod
    def _split_keys(cls, value: object) -> object:
        if isinstance(value, str):
            return [p for p in value.split(os.pathsep) if p]
        return value

    def effective_database_url(self) -> str:
        """The URL the store opens: plain `postgresql://` gets the psycopg 3 driver we ship."""
        url = self.database_url or f"sqlite:///{self.database_path}"
        for prefix in ("postgresql://", "postgres://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix):]
        return url

    def limits(self) -> Limits:
        return Limits(max_bytes=self.max_body_bytes, max_depth=self.max_depth, max_nodes=self.max_nodes)

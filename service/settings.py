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

    # Each description is the "meaning" column of docs/configuration.md, generated from here
    # (service/settings_doc.py; `cleangate schema --write docs`): write it for an operator.
    host: str = Field("127.0.0.1", description="`cleangate serve`: address to listen on.")
    port: int = Field(8080, ge=0, le=65535, description="`cleangate serve`: port to listen on (0: any free port).")
    workers: int = Field(1, ge=1, le=64, description="`cleangate serve`: server worker processes; `--workers`.")
    policy_dirs: Annotated[list[Path], NoDecode] = Field(
        default_factory=list, description="Extra policy folders, `:`-separated (an organisation's own packages); "
                                          "`--policies DIR`.",
    )
    policy_data: Annotated[list[Path], NoDecode] = Field(
        default_factory=list, description="JSON files, `:`-separated, merged over `policies/data` (organisation "
                                          "settings, see below); `--data FILE`.",
    )
    max_body_bytes: int = Field(
        DEFAULT_LIMITS.max_bytes, ge=1024,
        description="Largest manifest accepted (8 MiB: a 10,000-dataset manifest, pretty-printed, is ~7 MiB).",
    )
    max_depth: int = Field(DEFAULT_LIMITS.max_depth, ge=4, le=10_000, description="Deepest nesting accepted.")
    max_nodes: int = Field(
        DEFAULT_LIMITS.max_nodes, ge=100,
        description="Most values accepted, after expanding YAML aliases (10,000 datasets are ~220,000).",
    )
    database_url: str | None = Field(
        None, description="Decision log database, e.g. `postgresql://user@host/db` ([governance.md](governance.md)); "
                          "default: a SQLite file at `CLEANGATE_DATABASE_PATH`; `--database-url`.",
    )
    database_path: Path = Field(Path("cleangate.db"), description="SQLite file used when no database URL is set.")
    admin_token: SecretStr | None = Field(
        None, description="Bootstrap admin token accepted by the server (never stored); at least 24 characters of "
                          "a random string (`openssl rand -base64 32`), or the server refuses to start.",
    )
    token: SecretStr | None = Field(
        None, description="API token `cleangate check --server` sends (`--token` wins); the client's, not read by "
                          "the server.",
    )
    ui_session_key: SecretStr | None = Field(
        None, description="Key of the web console's session cookies and CSRF tokens ([ui.md](ui.md)); default: "
                          "derived from `CLEANGATE_ADMIN_TOKEN`, else random per process (console users are then "
                          "signed out on restart, and with several workers when they reach another one).",
    )
    record_decisions: bool = Field(
        True, description="`false` stops storing decisions (benchmarks only; logged as a warning at start).",
    )
    waiver_max_days: int = Field(90, ge=1, le=3650, description="Longest expiry a waiver may be granted for.")
    waiver_warn_days: int = Field(
        14, ge=0, le=365, description="Waivers expiring within this many days are flagged (\"expiring soon\").",
    )
    eval_workers: int = Field(
        1, ge=1, le=64, description="Evaluation processes per server worker: manifests are parsed and judged there, "
                                    "never on the event loop.",
    )
    request_timeout_seconds: float = Field(
        90.0, ge=0.1, le=3600,
        description="Time budget of one evaluation (waiting for a free evaluation process and evidence checks "
                    "included; keep it above `CLEANGATE_EVIDENCE_MAX_SECONDS`); past it the request fails closed "
                    "with a 503 problem, `code: evaluation_timeout`, and the process judging it is killed and "
                    "replaced.",
    )
    shutdown_grace_seconds: float = Field(
        10.0, ge=0, le=3600, description="`cleangate serve`: on SIGTERM, in-flight requests get this long to "
                                         "finish, then they are cut and their evaluation processes killed.",
    )
    idle_timeout_seconds: float = Field(
        10.0, gt=0, le=3600, description="`cleangate serve`: a connection with no request in progress (never sent "
                                         "one, or its headers never finish) is closed after this long.",
    )
    body_timeout_seconds: float = Field(
        30.0, gt=0, le=3600,
        description="A request body that sends nothing for this long is answered 408 (problem+json) and dropped.",
    )
    max_connections: int = Field(
        2048, ge=1, le=1_000_000,
        description="`cleangate serve`: open connections per server worker; past it requests get an immediate 503 "
                    "instead of queueing. Needs that many open files plus 256 (the server raises its soft limit "
                    "up to the hard one).",
    )
    lookup_cache_seconds: float = Field(
        0.0, ge=0, le=5,
        description="How long a server process may reuse a token or waiver look-up instead of asking the database. "
                    "**Revocation bound**: a token or waiver revoked through another process or replica keeps "
                    "working in this one for at most this long; in the process that revoked it, never. A new "
                    "waiver applies on other replicas within the same bound. Only look-ups that passed the "
                    "hash-chain check are reused, so a row edited in the database never widens anything and is "
                    "refused once the entry ages out. 0 asks the database on every request "
                    "([deploy.md](deploy.md#scaling-out)).",
    )
    db_lock_timeout_seconds: float = Field(
        5.0, gt=0, le=600,
        description="Longest wait for a database lock (the chain head), SQLite's busy timeout, or a pooled "
                    "connection; past it the request gets a 503 problem `code: store_busy` with Retry-After.",
    )
    db_statement_timeout_seconds: float = Field(
        30.0, gt=0, le=3600,
        description="PostgreSQL `statement_timeout` of every session (migrations run without both timeouts).",
    )
    ready_timeout_seconds: float = Field(
        2.0, gt=0, le=60, description="`/readyz` answers 503 when the database does not answer `SELECT 1` within "
                                      "this; `/healthz` never touches the database or the thread pool.",
    )
    auth_max_failures: int = Field(
        20, ge=1, le=100_000,
        description="A client that sends more wrong API tokens than this within "
                    "`CLEANGATE_AUTH_FAILURE_WINDOW_SECONDS` gets 429 with `Retry-After` for every request until "
                    "the window passes (per server worker, in memory); counted in "
                    "`cleangate_errors_total{kind=\"rate_limited\"}`.",
    )
    auth_failure_window_seconds: float = Field(
        60.0, gt=0, le=86_400, description="The window of `CLEANGATE_AUTH_MAX_FAILURES`.",
    )
    log_level: str = Field(
        "info", description="uvicorn log level, and of the JSON `cleangate.*` logs (`warning` drops per-decision "
                            "lines).",
    )
    c2pa_trust_anchors: Annotated[list[Path], NoDecode] = Field(
        default_factory=list, description="PEM files, `:`-separated, of C2PA trust anchors (the C2PA Trust List "
        "bundle, a private CA); a sample whose signer chains to one is Trusted. None ship with cleangate "
        "([evidence.md](evidence.md)).",
    )
    model_signing_keys: Annotated[list[Path], NoDecode] = Field(
        default_factory=list, description="PEM public keys, `:`-separated, accepted for OpenSSF model-signing "
                                          "signatures."
    )
    model_signing_certificates: Annotated[list[Path], NoDecode] = Field(
        default_factory=list, description="PEM certificate chain certificate-based model signatures must chain to."
    )
    bom_signing_keys: Annotated[list[Path], NoDecode] = Field(
        default_factory=list, description="PEM public keys or certificates accepted for signed BOMs (JSF or detached)."
    )
    evidence_max_sample_bytes: int = Field(
        50 * 1024 * 1024, ge=1024,
        description="Largest C2PA sample read ([evidence.md](evidence.md#limits-hostile-evidence-is-a-finding-or-a-"
                    "4xx-never-a-crash-or-a-hang)).",
    )
    evidence_max_artifact_bytes: int = Field(1024**3, ge=1024, description="Largest evidence file hashed.")
    evidence_max_files: int = Field(64, ge=1, le=10_000, description="Evidence files checked per request.")
    evidence_max_seconds: float = Field(60.0, gt=0, le=3600, description="Evidence checking time per request.")
    evidence_max_upload_bytes: int = Field(
        64 * 1024 * 1024, ge=1024, description="Largest multipart request (manifest plus evidence parts)."
    )
    signing_key: SecretStr | None = Field(
        None, description="The gate's Ed25519 or ECDSA P-256 PEM private key (the PEM text) signing attestations "
                          "and checkpoints ([attestations.md](attestations.md)); `check --signing-key`.",
    )
    signing_key_file: Path | None = Field(
        None, description="File holding that PEM key (instead of `CLEANGATE_SIGNING_KEY`)."
    )
    signing_key_password: SecretStr | None = Field(None, description="Password of an encrypted PEM signing key.")
    signing_key_id: str | None = Field(
        None, max_length=200, description="Key id to sign with; default: the sha256 id derived from the public key."
    )
    verify_keys: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Public keys trusted for attestations and checkpoints, `[KEYID=]PATH`, `:`-separated, for "
                    "`attest verify` and `audit verify --checkpoint` (`--key`); the signing key's own public key "
                    "is always trusted.",
    )
    require_signed_records: bool = Field(
        False, description="Refuse waiver and token rows whose chain record no trusted key signed (forged appends; "
                           "[governance.md](governance.md#what-the-chain-covers)).",
    )
    verifier_id: str = Field(
        "urn:cleangate:gate", max_length=500, description="`verifier.id` in attestations, `log` in checkpoints."
    )
    checkpoint_interval: int = Field(
        3600, ge=0, le=31 * 86400,
        description="Seconds between signed checkpoints of the log head taken by the server (0: on demand only).",
    )
    checkpoint_dir: Path | None = Field(
        None, description="Folder every checkpoint is also written to (`checkpoint-<seq>.json`, `latest.json`) for "
                          "shipping off the machine.",
    )
    engine: Literal["regorus", "opa", "opa-server"] = Field(
        "regorus", description="Rego engine: regorus (embedded, default), opa (the OPA Go library in-process, "
                               "installed apart) or opa-server (an OPA server at `CLEANGATE_OPA_URL`, through "
                               "opa-python-client); [engines.md](engines.md).",
    )
    opa_url: str | None = Field(
        None, description="OPA server for `CLEANGATE_ENGINE=opa-server`: `http(s)://host:port`."
    )
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

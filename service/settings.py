"""Every knob of the gate in one place, read from CLEANGATE_* environment variables.

The CLI and the server build the same `Settings`, so a limit set for `cleangate serve` also
holds for `cleangate check`, and tests change configuration rather than code.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from sbom.limits import Limits

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
    max_body_bytes: int = Field(5 * 1024 * 1024, ge=1024)
    max_depth: int = Field(64, ge=4, le=10_000)
    max_nodes: int = Field(200_000, ge=100)
    database_url: str | None = Field(
        None, description="SQLAlchemy URL of the decision log; default: a SQLite file at `database_path`."
    )
    database_path: Path = Field(Path("cleangate.db"), description="SQLite file used when no database_url is set.")
    admin_token: SecretStr | None = Field(
        None, description="Bootstrap admin token (CLEANGATE_ADMIN_TOKEN); accepted as-is, never stored."
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
        30.0, ge=0.1, le=3600,
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

    def effective_database_url(self) -> str:
        """The URL the store opens: plain `postgresql://` gets the psycopg 3 driver we ship."""
        url = self.database_url or f"sqlite:///{self.database_path}"
        for prefix in ("postgresql://", "postgres://"):
            if url.startswith(prefix):
                return "postgresql+psycopg://" + url[len(prefix):]
        return url

    def limits(self) -> Limits:
        return Limits(max_bytes=self.max_body_bytes, max_depth=self.max_depth, max_nodes=self.max_nodes)

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

from sbom.limits import Limits


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
    log_level: str = "info"
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

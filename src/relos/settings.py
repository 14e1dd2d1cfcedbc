"""One Settings object, read from RELOS_* environment variables; nothing connects at import time.

The variables are read as pydantic-settings would read them (the name in any case; what is passed to
`Settings(...)` wins over the environment; a value is validated, and refused, as the field's type says) by
a few lines here instead: importing pydantic-settings took about a tenth of a command's start.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from pydantic import BaseModel, ConfigDict, Field, SecretStr

PREFIX = "relos_"


def default_data_dir() -> Path:
    return Path(user_data_dir("relos", appauthor=False))


class Settings(BaseModel):
    """Runtime configuration. Every field can be set as RELOS_<FIELD> in the environment."""

    model_config = ConfigDict(extra="ignore", validate_default=True, defer_build=True)  # built below

    def __init__(self, **values: Any) -> None:
        environment = {k.lower(): v for k, v in os.environ.items()}
        found = {name: environment[PREFIX + name] for name in type(self).model_fields if PREFIX + name in environment}
        super().__init__(**{**found, **values})

    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    #: Server processes `relos serve` starts (PostgreSQL only: SQLite serves one, its writes queue on one file lock).
    workers: int = Field(default=1, ge=1, le=64)
    #: Connections each process keeps open to PostgreSQL, and how many more it may open at a peak. A request holds one
    #: while it runs, so the pool is sized to what a process runs at once (16 changes, relos.api.idempotency, and
    #: reads beside them): a connection opened beyond it is closed again after its request, a new PostgreSQL backend
    #: each time. 4 processes × (16 + 4) stay below PostgreSQL's default max_connections (100).
    db_pool_size: int = Field(default=16, ge=1)
    db_max_overflow: int = Field(default=4, ge=0)
    #: Seconds a request waits for a free connection before it is refused as busy (503).
    db_pool_timeout_seconds: float = Field(default=30.0, gt=0)
    #: Seconds one SQL statement of the server may run on PostgreSQL before PostgreSQL cancels it and the request is
    #: answered 503 (`slow`), so that a slow request cannot hold a connection for long (0: no limit). Commands at the
    #: console (`relos …`) are not limited.
    db_statement_timeout_seconds: float = Field(default=30.0, ge=0)
    max_request_bytes: int = 1_000_000
    secret_key: SecretStr | None = None  # unset: generated into data_dir by `relos init`
    cookie_secure: bool = True  # RELOS_COOKIE_SECURE=false only for plain http on a local machine
    #: How far ahead of this machine's clock a fact (an arrival, a delivery, a payment…) may be dated before it
    #: is refused as lying in the future (relos.domain.recorded): the clocks of two machines differ a little.
    clock_tolerance_minutes: int = Field(default=5, ge=0, le=1440)
    #: The audit chain's signed checkpoints (JSON lines, appended only); unset: audit-checkpoints.jsonl in data_dir.
    audit_checkpoint_file: Path | None = None
    #: How often the server signs a checkpoint of the audit chain (0: only on demand, `relos audit checkpoint`).
    audit_checkpoint_minutes: int = Field(default=60, ge=0)
    #: Who reads GET /metrics besides clients on the loopback interface: `Authorization: Bearer <this>`.
    metrics_token: SecretStr | None = None
    #: Clients on the loopback interface read /metrics without the token (false behind a proxy on this machine).
    metrics_from_loopback: bool = True
    #: Sign-in attempts a client address may make in 15 minutes (0: no limit); the account's lock-out stays.
    sign_in_attempts_per_address: int = Field(default=20, ge=0)
    #: The file every worker process counts those attempts in together (unset: `relos serve --workers N` sets it to
    #: sign-in-attempts.sqlite3 in data_dir for its workers; one process alone counts in its memory).
    sign_in_counts_file: Path | None = None
    #: Requests a client (its API token, else its address) may make a minute (0: no limit).
    rate_limit_per_minute: int = Field(default=0, ge=0)
    #: Seconds the next part of a request body may take to arrive before the request is refused (408; 0: none).
    request_body_timeout_seconds: float = Field(default=30.0, ge=0)

    @property
    def effective_checkpoint_file(self) -> Path:
        """Where the audit chain's signed checkpoints are appended."""
        return self.audit_checkpoint_file or self.data_dir / "audit-checkpoints.jsonl"

    @property
    def effective_database_url(self) -> str:
        """The configured URL, or an SQLite file in the user's data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'relos.sqlite3'}"


@contextmanager
def _no_pydantic_plugins() -> Iterator[None]:
    """Pydantic looks for its plugins through every installed package's metadata the first time a model is
    built (about 30 ms, a tenth of a command's start, and RELOS uses none): not for the settings."""
    before = os.environ.get("PYDANTIC_DISABLE_PLUGINS")
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
    try:
        yield
    finally:
        if before is None:
            del os.environ["PYDANTIC_DISABLE_PLUGINS"]
        else:
            os.environ["PYDANTIC_DISABLE_PLUGINS"] = before


with _no_pydantic_plugins():
    Settings.model_rebuild(force=True)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()

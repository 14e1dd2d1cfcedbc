"""What the server does for its operator, wired in one call: JSON logs with request ids (relos.api.request_log),
GET /metrics (relos.api.metrics), the client limits (relos.api.rate_limits) and the audit chain's periodic signed
checkpoint (every RELOS_AUDIT_CHECKPOINT_MINUTES while the server runs, when the chain has grown)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime

from fastapi import FastAPI

from relos import logs
from relos.api import metrics as metrics_module
from relos.api.rate_limits import ClientLimits
from relos.api.request_log import RequestLog
from relos.db.runtime import Database
from relos.services.people import audit_checkpoints
from relos.settings import Settings

log = logging.getLogger("relos.audit")


def install(app: FastAPI, settings: Settings, database: Database) -> None:
    """Call after every other middleware is added: the request log wraps them all (429s are logged too)."""
    logs.configure()
    metrics = metrics_module.Metrics(database)
    app.state.metrics = metrics
    metrics_module.install(app, metrics)
    app.add_middleware(
        ClientLimits,
        sign_ins_per_address=settings.sign_in_attempts_per_address,
        per_minute=settings.rate_limit_per_minute,
        body_timeout=settings.request_body_timeout_seconds or None,
        sign_in_counts=settings.sign_in_counts_file,
    )
    app.add_middleware(RequestLog, observers=(metrics.observe,), wants_body=metrics.wants_body)
    if settings.audit_checkpoint_minutes:
        _checkpoint_periodically(app, settings, database)


def sign_if_grown(settings: Settings, database: Database, last: int) -> int:
    """Sign a checkpoint when the chain holds more than `last` entries; the chain's length either way."""
    with database.uow(read_only=True) as uow:
        length = uow.audit.length()
    if length == last:
        return last
    signed = audit_checkpoints.write_checkpoint(
        database.uow(read_only=True),
        key=audit_checkpoints.signing_key(settings.data_dir),
        path=settings.effective_checkpoint_file,
        now=datetime.now(UTC),
    )
    log.info("audit checkpoint signed", extra={"audit_seq": signed.seq, "audit_hash": signed.hash})
    return signed.seq


def _checkpoint_periodically(app: FastAPI, settings: Settings, database: Database) -> None:
    period = settings.audit_checkpoint_minutes * 60
    state: dict[str, asyncio.Task[None]] = {}

    async def loop() -> None:
        last = -1
        while True:
            await asyncio.sleep(period)
            try:
                last = await asyncio.to_thread(sign_if_grown, settings, database, last)
            except Exception:  # a broken chain or an unreadable key is logged, and tried again next period
                log.exception("audit checkpoint not signed")

    async def start() -> None:
        state["task"] = asyncio.get_running_loop().create_task(loop())

    async def stop() -> None:
        task = state.pop("task", None)
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    app.router.on_startup.append(start)
    app.router.on_shutdown.append(stop)

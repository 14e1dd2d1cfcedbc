"""The server's exchange worker: while `relos serve` runs, it syncs with each partner whose address is set
(`relos peers address`) every so many seconds — posting everything unacknowledged to the partner's inbox and
importing the answer (relos.services.exchange.sync). A partner that does not answer, or refuses, is logged and
tried again later, waiting twice as long each time (up to an hour) until it answers again. An instance without
a party, or without addresses, does nothing."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime

from fastapi import FastAPI

from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.domain.errors import RelosError
from relos.services.exchange import sync
from relos.services.exchange.keys import current_key
from relos.settings import Settings

log = logging.getLogger("relos.exchange")
#: How often the worker looks whether a partner is due; and, while there is none to sync with, whether one was added.
TICK_SECONDS = 1.0
IDLE_SECONDS = 10.0
MAX_BACK_OFF_SECONDS = 3600.0
WORKER = Actor.operator("exchange-worker")


@dataclass
class Schedule:
    """When each partner is next due, and how long the worker waits after a failure."""

    due: dict[str, float] = field(default_factory=dict)
    back_off: dict[str, float] = field(default_factory=dict)

    def next_after(self, party: str, *, now: float, every: float, failed: bool) -> None:
        if failed:
            wait = min(max(self.back_off.get(party, every) * 2, every), MAX_BACK_OFF_SECONDS)
            self.back_off[party] = wait
        else:
            wait = every
            self.back_off.pop(party, None)
        self.due[party] = now + wait


def sync_due(settings: Settings, database: Database, schedule: Schedule, now: float) -> float:
    """Sync with every partner due at `now` (monotonic seconds), one attempt each; the seconds until the worker
    looks again."""
    with database.uow(read_only=True) as uow:
        addresses = uow.exchange.addresses() if uow.exchange.own_party() is not None else []
    if not addresses:
        return IDLE_SECONDS
    for a in addresses:
        if schedule.due.get(a.party, 0.0) > now:
            continue
        failed = False
        try:
            report = sync.sync(
                database.uow(), actor=WORKER, peer=a.party, key=current_key(settings.data_dir),
                now=datetime.now(UTC), post=sync.http_post(a.url), attempts=1,
            )  # fmt: skip
            if report.applied or report.refused or report.acknowledged:
                log.info(
                    "exchange synced",
                    extra={"partner": a.party, "applied": len(report.applied), "refused": len(report.refused),
                           "acknowledged": report.acknowledged},
                )  # fmt: skip
        except RelosError as exc:
            failed = True
            log.warning("exchange not synced", extra={"partner": a.party, "reason": str(exc)})
        schedule.next_after(a.party, now=now, every=float(a.every_seconds), failed=failed)
    return TICK_SECONDS


def install(app: FastAPI, settings: Settings, database: Database) -> None:
    state: dict[str, asyncio.Task[None]] = {}
    schedule = Schedule()

    async def loop() -> None:
        clock = asyncio.get_running_loop()
        wait = TICK_SECONDS
        while True:
            await asyncio.sleep(wait)
            try:
                wait = await asyncio.to_thread(sync_due, settings, database, schedule, clock.time())
            except Exception:  # the database away, a key unreadable: logged, tried again later
                log.exception("exchange worker failed")
                wait = IDLE_SECONDS

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

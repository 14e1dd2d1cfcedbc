"""The composition root of the HTTP server (`relos serve`): the REST API and the web application
in one ASGI application. The web's landing page takes "/" (the API alone redirects it to /docs)."""

from __future__ import annotations

import logging

import anyio.to_thread
from fastapi import FastAPI
from fastapi.routing import iter_route_contexts

from relos.api.app import create_app as create_api
from relos.api.route_guard import guard_included_routers
from relos.clock import Clock
from relos.db.runtime import Database
from relos.settings import Settings
from relos.web.app import install

log = logging.getLogger("relos.server")
#: Database connections each server process opens at start (at most its pool's size).
CONNECTIONS_AHEAD = 4


def create_app(
    settings: Settings | None = None, database: Database | None = None, clock: Clock | None = None
) -> FastAPI:
    app = create_api(settings, database, clock)
    app.router.routes[:] = [r for r in app.router.routes if getattr(r, "path", None) != "/"]
    install(app)
    guard_included_routers(app)  # the web's routers too (relos.api.route_guard)

    async def prepare() -> None:
        """What a process would otherwise do on its first requests, done at start-up (before it takes any), so
        that no client's request waits for it: FastAPI prepares each route of an included router (its
        dependencies, its handler) the first time a request is routed through that router; a unit of work loads each
        repository's module on first use; the database's driver loads and its first connections open on first
        use."""
        for _ in iter_route_contexts(app.routes):
            pass
        database: Database = app.state.database
        await anyio.to_thread.run_sync(database.load_repositories)
        try:
            await anyio.to_thread.run_sync(database.connect_ahead, CONNECTIONS_AHEAD)
        except Exception as unreachable:  # served all the same: /api/v1/ready tells, requests connect when they can
            log.warning("the database did not answer at start-up: %s", unreachable)

    app.router.on_startup.append(prepare)
    return app

"""The composition root of the HTTP server (`relos serve`): the REST API and the web application
in one ASGI application. The web's landing page takes "/" (the API alone redirects it to /docs)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts

from relos.api.app import create_app as create_api
from relos.api.route_guard import guard_included_routers
from relos.clock import Clock
from relos.db.runtime import Database
from relos.settings import Settings
from relos.web.app import install


def create_app(
    settings: Settings | None = None, database: Database | None = None, clock: Clock | None = None
) -> FastAPI:
    app = create_api(settings, database, clock)
    app.router.routes[:] = [r for r in app.router.routes if getattr(r, "path", None) != "/"]
    install(app)
    guard_included_routers(app)  # the web's routers too (relos.api.route_guard)

    async def prepare_routes() -> None:
        """FastAPI prepares each route of an included router (its dependencies, its handler) the first time a
        request is routed through that router: at start-up instead, so that no client's request waits for it."""
        for _ in iter_route_contexts(app.routes):
            pass

    app.router.on_startup.append(prepare_routes)
    return app

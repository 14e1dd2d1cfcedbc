"""The FastAPI application: routers under /api/v1, problem+json errors, OpenAPI at /api/v1/openapi.json."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import RedirectResponse

from relos import __version__
from relos.api import docs, exchange_worker, idempotency, operations, problems
from relos.api.limits import RequestSizeLimit
from relos.api.route_guard import guard_included_routers
from relos.api.routers import agreements, audit, facilities, meta, people
from relos.api.routers import clearances as clearances_router
from relos.api.routers import deployments as deployments_router
from relos.api.routers import exchange as exchange_router
from relos.api.routers import exchange_mutual as exchange_mutual_router
from relos.api.routers import ledger as ledger_router
from relos.api.routers import orders as orders_router
from relos.api.routers import planning as planning_router
from relos.api.routers import reach_compare as reach_compare_router
from relos.api.schemas.meta import Health
from relos.clock import Clock
from relos.db.runtime import Database
from relos.settings import Settings, get_settings

API_PREFIX = "/api/v1"


def create_app(
    settings: Settings | None = None, database: Database | None = None, clock: Clock | None = None
) -> FastAPI:
    """The application; `clock` (default: the real time, with the settings' tolerance) is the one every route
    that dates or judges something by the present reads (relos.api.deps.ClockDep)."""
    settings = settings or get_settings()
    app = FastAPI(
        title="RELOS",
        version=__version__,
        description="Administration of reciprocal military logistics-support agreements",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # served offline by relos.api.docs
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.database = database or Database.from_settings(settings)
    app.state.clock = clock or Clock.from_settings(settings)
    problems.install(app)
    docs.install(app, openapi_url=f"{API_PREFIX}/openapi.json")
    idempotency.install(app)
    app.add_middleware(RequestSizeLimit, max_bytes=settings.max_request_bytes)
    operations.install(app, settings, app.state.database)  # logs, metrics, client limits, audit checkpoints
    exchange_worker.install(app, settings, app.state.database)  # syncs with partners whose address is set

    # Each router is included into the application itself, not into an /api/v1 router included in turn: FastAPI
    # tries an included router's routes one by one, and again once the request is routed into it, so every level
    # of inclusion scans the routes before the one asked for again. The routes, their order and the OpenAPI
    # document are the same either way.
    for router in (
        agreements.router,
        facilities.router,
        people.router,
        audit.router,
        planning_router.router,
        reach_compare_router.router,
        orders_router.router,
        ledger_router.router,
        clearances_router.router,
        deployments_router.router,
        exchange_router.router,
        exchange_mutual_router.router,
    ):
        app.include_router(router, prefix=API_PREFIX, responses=problems.PROBLEM_RESPONSES)

    @app.get(f"{API_PREFIX}/health", tags=["meta"], responses=problems.PROBLEM_RESPONSES)
    async def health() -> Health:
        """The process answers (it touches no database: see /ready)."""
        return Health(status="ok", version=__version__)

    app.include_router(meta.router, prefix=API_PREFIX, responses=problems.PROBLEM_RESPONSES)

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse("/docs")

    guard_included_routers(app)  # a request tries only the routers whose paths could match it
    return app

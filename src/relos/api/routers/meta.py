"""/api/v1/ready: whether this instance can serve (its database answers, its schema is current).

`/api/v1/health` (in relos.api.app) says only that the process answers; a load balancer sends requests
to an instance when `ready` is 200 and restarts it when `health` fails.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from relos import __version__
from relos.api.deps import DatabaseDep
from relos.api.problems import DATABASE_UNAVAILABLE, database_problem, problem
from relos.api.schemas.meta import Ready
from relos.db.failures import DATABASE_ERRORS
from relos.db.migrate import schema_heads

router = APIRouter(tags=["meta"])


@router.get("/ready", response_model=Ready)
def ready(database: DatabaseDep) -> Ready | JSONResponse:
    """200 when the database answers and its migrations are at head; else 503 problem+json with Retry-After."""
    try:
        applied, expected = schema_heads(database.engine)
    except DATABASE_ERRORS as exc:
        return database_problem(exc)
    if applied != expected:
        response = problem(
            503,
            "Not ready",
            f"the database schema is at {sorted(applied) or 'nothing'}, RELOS needs {sorted(expected)}: "
            "run `relos init` to migrate it",
            type_=DATABASE_UNAVAILABLE,
            reason="schema",
        )
        response.headers["Retry-After"] = "30"
        return response
    return Ready(status="ready", version=__version__, schema_version=sorted(applied))

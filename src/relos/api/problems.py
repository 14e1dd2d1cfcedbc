"""Errors over HTTP as RFC 9457 problem+json: each names the field (and line) that is wrong, and the refusal's
stable `code` (relos.domain.errors) beside its English message."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from relos.db.failures import DATABASE_ERRORS, outage
from relos.domain.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    RuleViolated,
    SaidError,
)

PROBLEM = "application/problem+json"
REQUEST_TOO_LARGE = "/problems/request-too-large"
DATABASE_UNAVAILABLE = "/problems/database-unavailable"
INTERNAL_ERROR = "/problems/internal-error"
#: The project's type and title of problems Starlette raises as HTTPException, by status.
_HTTP_TYPES = {413: (REQUEST_TOO_LARGE, "Request body too large")}
log = logging.getLogger("relos.api")


def problem(status: int, title: str, detail: str, *, type_: str = "about:blank", **extra: Any) -> JSONResponse:
    body = {"type": type_, "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def install(app: FastAPI) -> None:
    @app.exception_handler(InvalidInput)
    async def _invalid(_: Request, exc: InvalidInput) -> JSONResponse:
        errors = [
            {"field": p.field, "line": p.line, "message": p.message}
            | ({"rule": p.rule} if p.rule else {})
            | ({"code": p.refusal_code} if p.refusal_code else {})
            for p in exc.problems
        ]
        return problem(422, "Invalid input", str(exc), type_="/problems/invalid-input", errors=errors)

    @app.exception_handler(RuleViolated)
    async def _violated(_: Request, exc: RuleViolated) -> JSONResponse:
        violations = [{"rule": v.rule, "message": v.message, **v.details} for v in exc.violations]
        return problem(
            409,
            "Rule of the agreement violated",
            str(exc),
            type_="/problems/rule-violated",
            violations=violations,
        )

    @app.exception_handler(NotFound)
    async def _not_found(_: Request, exc: NotFound) -> JSONResponse:
        return problem(404, "Not found", str(exc), type_="/problems/not-found")

    @app.exception_handler(Forbidden)
    async def _forbidden(_: Request, exc: Forbidden) -> JSONResponse:
        return problem(403, "Forbidden", str(exc), type_="/problems/forbidden", **_coded(exc))

    @app.exception_handler(Conflict)
    async def _conflict(_: Request, exc: Conflict) -> JSONResponse:
        return problem(409, "Conflict", str(exc), type_="/problems/conflict", **_coded(exc))

    @app.exception_handler(NotAuthenticated)
    async def _not_authenticated(_: Request, exc: NotAuthenticated) -> JSONResponse:
        response = problem(401, "Not authenticated", str(exc), type_="/problems/not-authenticated", **_coded(exc))
        response.headers["WWW-Authenticate"] = 'Bearer realm="relos"'
        return response

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            {
                "field": ".".join(str(p) for p in e["loc"] if p not in ("body", "query", "path")) or "body",
                "line": None,
                "message": e["msg"],
            }
            for e in exc.errors()
        ]
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        return problem(422, "Invalid input", detail, type_="/problems/invalid-input", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        type_, title = _HTTP_TYPES.get(exc.status_code, ("about:blank", str(exc.detail)))
        return problem(exc.status_code, title, str(exc.detail), type_=type_)

    for error in DATABASE_ERRORS:
        app.add_exception_handler(error, _database)
    app.add_exception_handler(Exception, _unexpected)


def _coded(exc: SaidError) -> dict[str, Any]:
    """The refusal's stable code beside its English `detail` (the web says it in the reader's language)."""
    return {"code": exc.code} if exc.code else {}


async def _database(_: Request, exc: Exception) -> JSONResponse:
    return database_problem(exc)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error("unexpected error in %s %s", request.method, request.url.path, exc_info=exc)
    return internal_problem()


def database_problem(exc: Exception) -> JSONResponse:
    """503 when the database is busy, unreachable, read-only or full (Retry-After when retrying may help);
    500 for any other failure."""
    found = outage(exc)
    if found is None:
        log.error("unexpected error", exc_info=exc)
        return internal_problem()
    log.warning("database unavailable (%s): %s", found.kind, exc)
    response = problem(503, "Database unavailable", found.detail, type_=DATABASE_UNAVAILABLE, reason=found.kind)
    if found.retry_after is not None:
        response.headers["Retry-After"] = str(found.retry_after)
    return response


def internal_problem() -> JSONResponse:
    """Any other failure: answered 500 problem+json (never text/plain); the caller logs it."""
    return problem(
        500, "Internal error", "the server failed to complete the request; it has been logged", type_=INTERNAL_ERROR
    )


_PROBLEM_SCHEMA = {
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
    },
    "required": ["type", "title", "status", "detail"],
}


def _documented(description: str) -> dict[str, Any]:
    return {"description": description, "content": {PROBLEM: {"schema": _PROBLEM_SCHEMA}}}


#: The problems any endpoint under /api/v1 may answer with, for the OpenAPI document.
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _documented("the request body cannot be read (e.g. not UTF-8 JSON)"),
    401: _documented("no valid token or session"),
    403: _documented("the acting user lacks the authority"),
    404: _documented("no such record, or one the acting user may not see"),
    409: _documented("a rule of an agreement, or the record's state, forbids it"),
    413: _documented("the request body is too large"),
    422: _documented("invalid input; `errors` names each field"),
    503: _documented("the database is busy or unreachable (`Retry-After` says when to retry), read-only or full"),
}

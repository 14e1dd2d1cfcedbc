"""Errors over HTTP as RFC 9457 problem+json: each names the field (and line) that is wrong."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from relos.domain.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolated

PROBLEM = "application/problem+json"


def problem(status: int, title: str, detail: str, *, type_: str = "about:blank", **extra: Any) -> JSONResponse:
    body = {"type": type_, "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM)


def install(app: FastAPI) -> None:
    @app.exception_handler(InvalidInput)
    async def _invalid(_: Request, exc: InvalidInput) -> JSONResponse:
        errors = [{"field": p.field, "line": p.line, "message": p.message} for p in exc.problems]
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
        return problem(403, "Forbidden", str(exc), type_="/problems/forbidden")

    @app.exception_handler(Conflict)
    async def _conflict(_: Request, exc: Conflict) -> JSONResponse:
        return problem(409, "Conflict", str(exc), type_="/problems/conflict")

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
        return problem(exc.status_code, str(exc.detail), str(exc.detail))

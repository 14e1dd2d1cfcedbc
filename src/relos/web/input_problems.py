"""A form field the web application could not take (FastAPI's check of the request, made with pydantic: a
field missing, a text too long, a number or day that is none) as a refusal with a stable code, so the page says
it in the reader's language instead of pydantic's English ("Input should be a valid integer…"). The kinds
pydantic reports most are mapped one by one; any other keeps pydantic's sentence in English pages and says
"the value is not accepted" in others (`input_not_accepted`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from relos.domain.errors import FieldProblem
from relos.web.common import not_a_day

#: The longest piece of what was typed a refusal repeats.
SHOWN = 40


def field_of(error: Mapping[str, Any]) -> str:
    """The field pydantic names (`loc`), without where it was found (body, query, path)."""
    return ".".join(str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path")) or "form"


def problem_of(error: Mapping[str, Any]) -> FieldProblem:
    """One of pydantic's errors (`RequestValidationError.errors()`) as a coded problem of its field."""
    where, kind = field_of(error), str(error.get("type") or "")
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    given = error.get("input")
    text = "" if given is None or isinstance(given, Mapping) else str(given)[:SHOWN]
    if kind == "missing":
        return FieldProblem.of(where, "form_required", "required")
    if kind == "string_too_long":
        return FieldProblem.of(
            where,
            "text_too_long",
            "at most {max} characters ({given} typed)",
            max=ctx.get("max_length"),
            given=len(str(given or "")),
        )
    if kind == "string_too_short":
        return FieldProblem.of(where, "text_too_short", "at least {min} characters", min=ctx.get("min_length"))
    if kind in ("int_parsing", "int_from_float"):
        return FieldProblem.of(where, "not_whole_number", "{value!r} is not a whole number", value=text)
    if kind in ("float_parsing", "decimal_parsing", "finite_number"):
        return FieldProblem.of(where, "not_number", "{value!r} is not a number", value=text)
    if kind.startswith("date_") or kind.startswith("datetime_"):
        return not_a_day(where, text)
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return _bound(where, kind, ctx)
    if kind in ("bool_parsing", "bool_type"):
        return FieldProblem.of(where, "not_yes_or_no", "{value!r} is neither yes nor no", value=text)
    if kind in ("literal_error", "enum"):
        return FieldProblem.of(where, "not_a_choice", "{value!r} is not one of the choices", value=text)
    return FieldProblem.of(where, "input_not_accepted", "not accepted: {reason}", reason=str(error.get("msg") or ""))


def _bound(where: str, kind: str, ctx: Mapping[str, Any]) -> FieldProblem:
    if kind == "greater_than":
        return FieldProblem.of(where, "number_above", "must be more than {limit}", limit=ctx.get("gt"))
    if kind == "greater_than_equal":
        return FieldProblem.of(where, "number_at_least", "must be at least {limit}", limit=ctx.get("ge"))
    if kind == "less_than":
        return FieldProblem.of(where, "number_below", "must be less than {limit}", limit=ctx.get("lt"))
    return FieldProblem.of(where, "number_at_most", "must be at most {limit}", limit=ctx.get("le"))

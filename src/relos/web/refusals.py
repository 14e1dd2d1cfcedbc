"""A refusal as a page shows it: the status the API would give, a heading, and one line per field or violated
rule with its particulars, and each line's stable code with its params (the page says it in its language:
web/i18n/problems.py); when it refuses a form, which form (so the card says what was refused). It travels to the
page in a flash, so it turns into JSON and back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from relos.domain.errors import (
    Conflict,
    FieldProblem,
    Forbidden,
    InvalidInput,
    NotFound,
    RelosError,
    RuleViolated,
    SaidError,
)
from relos.web.i18n.problems import json_params

#: Particulars a limit's row lays out in the explanation table (not repeated under the rule's line).
TABLE_KEYS = frozenset({"rule", "limit", "at", "total", "max", "earliest_window"})
#: Particulars that are a zero-based position in the request (the 1st ship, the 2nd line): said from 1.
POSITIONS = frozenset({"ship", "line"})


@dataclass(frozen=True)
class RefusalLine:
    where: str
    message: str
    violation: dict[str, Any]  # the rule, its particulars and the service's message; empty for a field
    particulars: list[tuple[str, str]]
    code: str = ""  # the refusal's stable code ("" when the line has none)
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PageError:
    """`title` is a catalogue key; `items` one (where, message) per field or rule; `details` each violated
    rule's particulars, in the order of `items` (e.g. a refused approval's limit, first instant, total,
    maximum and earliest window); `action` the refused form's code (catalogue `refused.<action>`), empty for
    a page's own error."""

    title: str
    status: int
    items: list[tuple[str, str]] = field(default_factory=list)
    details: list[dict[str, Any]] = field(default_factory=list)
    action: str = ""
    codes: list[dict[str, Any]] = field(default_factory=list)  # per item: {"code": ..., "params": {...}}

    def of_form(self, action: str) -> PageError:
        return replace(self, action=action)

    @property
    def limit_rows(self) -> list[dict[str, Any]]:
        """The violations that are a limit exceeded (each with its first instant, total and maximum)."""
        return [d for d in self.details if "limit" in d]

    @property
    def lines(self) -> list[RefusalLine]:
        """One line per item: where (field or rule), the message, the violated rule with its particulars (for
        a page to say in its language), and the particulars to list (a limit's are left to the table)."""
        out: list[RefusalLine] = []
        for i, (where, message) in enumerate(self.items):
            d = self.details[i] if i < len(self.details) else {}
            shown = [] if "limit" in d else [(k, _text(k, _named(d, k, v))) for k, v in d.items() if _shown(d, k)]
            violation = {**d, "message": message} if d else {}
            said = self.codes[i] if i < len(self.codes) else {}
            code, params = str(said.get("code") or ""), said.get("params") or {}
            out.append(RefusalLine(where, message, violation, [(k, v) for k, v in shown if v], code, params))
        return out

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "status": self.status,
            "items": [list(item) for item in self.items],
            "details": self.details,
            "action": self.action,
            "codes": self.codes,
        }

    @classmethod
    def from_json(cls, data: object) -> PageError | None:
        if not isinstance(data, Mapping) or not isinstance(data.get("title"), str):
            return None
        status = data.get("status")
        items = data.get("items") or []
        details = data.get("details") or []
        return cls(
            title=data["title"],
            status=status if isinstance(status, int) else 400,
            items=[(str(i[0]), str(i[1])) for i in items if isinstance(i, list) and len(i) == 2],
            details=[d for d in details if isinstance(d, dict)],
            action=str(data.get("action") or ""),
            codes=[c for c in data.get("codes") or [] if isinstance(c, dict)],
        )


def page_error(exc: RelosError) -> PageError:
    """The same statuses as the API's problem+json (api/problems.py)."""
    if isinstance(exc, InvalidInput):
        items = [(_where(p), p.message) for p in exc.problems]
        codes = [_code(p.refusal_code, p.params) for p in exc.problems]
        return PageError("error.invalid_input", 422, items, codes=codes)
    if isinstance(exc, RuleViolated):
        return PageError(
            "error.rule_violated",
            409,
            [(v.rule, v.message) for v in exc.violations],
            [{"rule": v.rule, **v.details} for v in exc.violations],
        )
    if isinstance(exc, NotFound):
        return PageError("not_found", 404)
    codes = [_code(exc.code, exc.params)] if isinstance(exc, SaidError) else []
    if isinstance(exc, Forbidden):
        return PageError("error.forbidden", 403, [("", str(exc))], codes=codes)
    if isinstance(exc, Conflict):
        return PageError("error.conflict", 409, [("", str(exc))], codes=codes)
    return PageError("error.refused", 400, [("", str(exc))], codes=codes)


def invalid(problem: FieldProblem) -> PageError:
    """A form's own problem (made with `FieldProblem.of`, so it keeps its code) as the page shows it."""
    return page_error(InvalidInput(problem))


def as_input(error: PageError) -> InvalidInput:
    """A form's own problem (a day not typed as one) refused as the service refuses its input, code kept."""
    where, message = error.items[0]
    said = error.codes[0] if error.codes else {}
    return InvalidInput(FieldProblem(where, message, code=str(said.get("code") or ""), params=said.get("params") or {}))


def _code(code: str, params: Mapping[str, Any]) -> dict[str, Any]:
    return {"code": code, "params": json_params(params)}


def _where(p: FieldProblem) -> str:
    return f"{p.field} (line {p.line})" if p.line is not None else p.field


def _shown(details: Mapping[str, Any], key: str) -> bool:
    """A limit's particulars go to the table; a record's reference stands in for its id (see `_named`)."""
    if key in TABLE_KEYS:
        return False
    return not (key.endswith("_reference") and f"{key.removesuffix('_reference')}_id" in details)


def _named(details: Mapping[str, Any], key: str, value: object) -> object:
    """A record named by its id (`deployment_id`) is shown by its reference when the particulars give one."""
    if key.endswith("_id"):
        return details.get(f"{key.removesuffix('_id')}_reference") or value
    return value


def _text(key: str, value: object) -> str:
    if value is None or isinstance(value, dict):
        return ""
    if key in POSITIONS and isinstance(value, int) and not isinstance(value, bool):
        return str(value + 1)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)

"""The exchange page (`/admin/exchange`): for each partner, what was sent and is not yet acknowledged (and since
when), what was received — applied, refused here with the rules, waiting for the numbers missing — and what the
partner refused of ours, each rule said in the page's language. services.exchange.status reads it;
administrators and auditors see it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from relos.domain.errors import RelosError
from relos.services.exchange import status
from relos.web import session as web
from relos.web.common import page_error, render, render_error, to_sign_in

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class RuleLine:
    """A rule a refusal named, as the `problem` filter says it (by its code, with its particulars)."""

    code: str
    params: Mapping[str, Any]
    message: str
    violation: Mapping[str, Any] | None  # a rule of an agreement: the `refusal` filter says it


def rule_lines(rules: list[Mapping[str, Any]]) -> list[RuleLine]:
    lines = []
    for r in rules:
        params = r.get("params") or {}
        violated = (
            {**params, "rule": r.get("rule"), "message": r.get("message")} if r.get("kind") == "violation" else None
        )
        lines.append(RuleLine(str(r.get("rule") or ""), params, str(r.get("message") or ""), violated))
    return lines


@router.get("/admin/exchange", response_class=HTMLResponse)
def exchange_page(request: Request) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    try:
        found = status.exchange_status(
            web.database(request).uow(read_only=True), actor=session.actor, now=web.clock(request).now()
        )
    except RelosError as exc:
        return render_error(request, session, page_error(exc))
    return render(request, "admin/exchange.html", session, exchange=found, rule_lines=rule_lines)

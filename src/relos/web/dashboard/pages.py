"""The page after sign-in (`/`): the user's agreements with their status on a chosen day, days to expiry and
to the extension decision; the visiting forces present now against each cap and a chart of the next 90 days
against the caps in effect (overrides marked); what waits for the user; reimbursements overdue and nearly due;
recent activity. All of it is services.dashboard's, at the application's clock (relos.clock)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from relos.services.dashboard.overview import dashboard
from relos.services.dashboard.results import PresenceAgainstCaps
from relos.web import session as web
from relos.web.charts import step_chart
from relos.web.common import PageError, parse_day, render, to_sign_in

router = APIRouter(include_in_schema=False)
TOTALS = ("warships", "aircraft", "personnel")
#: Where each kind of waiting record is read and acted on.
RECORD_PAGES = {"deployment": "/deployments/", "clearance": "/clearances/", "order": "/orders/"}


@router.get("/", response_class=HTMLResponse)
def dashboard_page(request: Request) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    now = web.clock(request).now()
    today = now.date()
    day = parse_day(request.query_params.get("at"), field_name="at")
    error = day if isinstance(day, PageError) else None
    at = day if isinstance(day, date) else today
    board = dashboard(web.database(request).uow(read_only=True), actor=session.actor, now=now, on=at)
    return render(
        request,
        "dashboard/dashboard.html",
        session,
        error.status if error else 200,
        board=board,
        agreements=board["agreements"],
        charts=[_charts(p) for p in board["presence"]],
        record_pages=RECORD_PAGES,
        totals=TOTALS,
        today=today,
        at=at,
        at_query="" if at == today else f"?at={at.isoformat()}",
        error=error,
    )


def _charts(p: PresenceAgainstCaps) -> dict[str, Any]:
    """A direction's presence with the geometry of a chart per total."""
    return {"p": p, "charts": {name: step_chart(p["steps"][name], p["start"], p["end"]) for name in TOTALS}}

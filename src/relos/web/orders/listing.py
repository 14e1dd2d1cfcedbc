"""The list of support orders: filtered (agreement, status), sorted (newest or oldest first, by reference) and
paged on the server by keyset (a page of PAGE orders at most; "next" carries the last order's id, so an order
added meanwhile neither shifts a page nor shows twice), and the same list as CSV in the page's language
(every order the filters keep, read a page at a time). The "find by reference" box leads to an order's page."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from relos.domain.actor import Actor, Role
from relos.domain.errors import RelosError
from relos.domain.orders.model import OrderStatus
from relos.services import locale_format
from relos.services.agreements.register import list_agreements
from relos.services.orders import lifecycle as service
from relos.services.orders.results import OrderSummary
from relos.web import session as web
from relos.web.common import MAX_ID, list_filters, page_error, render, render_error, to_sign_in
from relos.web.csv_export import keyset_download
from relos.web.i18n import translator
from relos.web.i18n.names import Names
from relos.web.references import find_box

router = APIRouter(include_in_schema=False)
STATUSES = [s.value for s in OrderStatus]
PAGE = 50
EXPORT_PAGE = 500
#: The sorts the list offers: (service's sort, descending).
SORTS = {"newest": ("created", True), "oldest": ("created", False), "reference": ("reference", False)}


def _view(request: Request) -> dict[str, str]:
    agreement, status = list_filters(request)
    sort = request.query_params.get("sort") or "newest"
    return {"agreement": agreement, "status": status, "sort": sort if sort in SORTS else "newest"}


def _rows(request: Request, actor: Actor, view: dict[str, str], *, after: str | None, limit: int) -> list[Any]:
    sort, descending = SORTS[view["sort"]]
    return service.list_orders(
        web.database(request).uow(),
        actor=actor,
        agreement_id=view["agreement"] or None,
        status=view["status"] or None,
        after=after,
        limit=limit,
        sort=sort,
        descending=descending,
    )


@router.get("/orders", response_class=HTMLResponse)
def orders_page(request: Request) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    found = find_box(request, base="/orders")
    if found is not None:
        return found
    view = _view(request)
    after = (request.query_params.get("after") or "").strip()[:MAX_ID] or None
    agreements = list_agreements(web.database(request).uow(), actor=session.actor, at=datetime.now(UTC).date())
    error = None
    try:
        rows = _rows(request, session.actor, view, after=after, limit=PAGE + 1)
    except RelosError as exc:
        rows, error = [], page_error(exc)
    shown, more = rows[:PAGE], len(rows) > PAGE
    query = {k: v for k, v in view.items() if v}
    return render(
        request,
        "orders/orders.html",
        session,
        error.status if error else 200,
        orders=shown,
        agreements=[v.agreement for v in agreements],
        given=view,
        statuses=STATUSES,
        sorts=list(SORTS),
        query=query,
        next_after=shown[-1]["id"] if more and shown else None,
        paged=after is not None,
        may_create=Role.REQUESTER in session.actor.roles,
        error=error,
    )


@router.get("/orders.csv")
def orders_csv(request: Request) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    view = _view(request)
    try:
        first = _rows(request, session.actor, view, after=None, limit=EXPORT_PAGE)
    except RelosError as exc:
        return render_error(request, session, page_error(exc))
    lang = web.language(request, session)
    names, t = Names(web.database(request), session.actor, lang), translator(lang)
    return keyset_download(
        "orders.csv",
        [t(f"csv.{h}") for h in HEADINGS],
        first,
        lambda last: _rows(request, session.actor, view, after=last, limit=EXPORT_PAGE),
        lambda o: _cells(o, lang, t, names),
        page=EXPORT_PAGE,
    )


HEADINGS = (
    "reference",
    "title",
    "created",
    "agreement",
    "requesting",
    "unit",
    "supplying",
    "facility",
    "lines",
    "status",
    "version",
)


def _cells(o: OrderSummary, lang: str, t: Any, names: Names) -> list[str]:
    return [
        o["reference"],
        o["title"],
        locale_format.day(o["created_at"][:10], lang),
        names.agreement(o["agreement_id"]),
        names.party(o["requesting_party"]),
        o["requesting_unit"],
        names.party(o["supplying_party"]),
        names.facility(o["facility_id"]),
        str(o["lines"]),
        t(f"order_status.{o['status']}"),
        str(o["version"]),
    ]

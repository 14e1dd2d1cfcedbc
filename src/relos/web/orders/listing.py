"""The list of support orders: filtered (agreement, status), sorted (newest or oldest first, by reference) and
paged on the server by keyset (a page of PAGE orders at most; "next" carries the last order's id, so an order
added meanwhile neither shifts a page nor shows twice), and the same list as CSV in the page's language
(every order the filters keep, read a page at a time). The "find by reference" box leads to an order's page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from relos.domain.actor import Actor, Role
from relos.domain.orders.model import OrderStatus
from relos.services import locale_format
from relos.services.agreements.register import list_agreements
from relos.services.orders import lifecycle as service
from relos.services.orders.results import OrderSummary
from relos.web import session as web
from relos.web.common import list_filters, render, to_sign_in
from relos.web.paged_list import Words, csv_download, read_page, sort_of
from relos.web.references import find_box

router = APIRouter(include_in_schema=False)
PAGE = 50
EXPORT_PAGE = 500
STATUSES = [s.value for s in OrderStatus]
#: The sorts the list offers: (service's sort, descending); the first is the default.
SORTS = {"newest": ("created", True), "oldest": ("created", False), "reference": ("reference", False)}


def _view(request: Request) -> dict[str, str]:
    agreement, status = list_filters(request)
    return {"agreement": agreement, "status": status, "sort": sort_of(request, SORTS)}


def _fetch(request: Request, actor: Actor, view: dict[str, str]) -> Callable[[str | None, int], list[OrderSummary]]:
    sort, descending = SORTS[view["sort"]]

    def fetch(after: str | None, limit: int) -> list[OrderSummary]:
        rows: list[OrderSummary] = service.list_orders(
            web.database(request).uow(),
            actor=actor,
            agreement_id=view["agreement"] or None,
            status=view["status"] or None,
            after=after,
            limit=limit,
            sort=sort,
            descending=descending,
        )
        return rows

    return fetch


@router.get("/orders", response_class=HTMLResponse)
def orders_page(request: Request) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    found = find_box(request, base="/orders")
    if found is not None:
        return found
    view = _view(request)
    agreements = list_agreements(web.database(request).uow(), actor=session.actor, at=datetime.now(UTC).date())
    page = read_page(request, _fetch(request, session.actor, view), page=PAGE)
    return render(
        request,
        "orders/orders.html",
        session,
        page.status,
        orders=page.rows,
        agreements=[v.agreement for v in agreements],
        given=view,
        statuses=STATUSES,
        sorts=list(SORTS),
        query={k: v for k, v in view.items() if v},
        next_after=page.next_after,
        paged=page.paged,
        may_create=Role.REQUESTER in session.actor.roles,
        error=page.error,
    )


@router.get("/orders.csv")
def orders_csv(request: Request) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    fetch = _fetch(request, session.actor, _view(request))
    return csv_download(request, session, "orders.csv", [f"csv.{h}" for h in HEADINGS], fetch, _cells, page=EXPORT_PAGE)


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


def _cells(o: OrderSummary, words: Words) -> list[str]:
    lang, t, names = words.lang, words.t, words.names
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

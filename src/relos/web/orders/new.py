"""A new support order, and an amendment of a draft, as forms. The new order's page first asks under which
agreement and at which facility (a plain GET form: no script), then shows the supplier's price list there
(item, unit, list price) and a row per line to pick from it; a price departing from the list asks for its
reason. The amendment's page shows the order's lines in the same rows. The services price, check and refuse;
a refusal comes back on the same page naming the line and field, with what was typed; the form's one-time
key makes a double submit one order (one version)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from relos.domain.actor import Role
from relos.domain.errors import RelosError
from relos.domain.ledger.obligations import ReimbursementMethod
from relos.domain.orders.catalogue import Category
from relos.domain.orders.rules import NOTE_MAX_CHARS
from relos.domain.references import RecordKind
from relos.services.agreements.register import list_agreements
from relos.services.facilities.catalogue import list_facilities
from relos.services.orders import lifecycle as service
from relos.services.orders.price_lists import offered_items
from relos.services.orders.results import PriceOffer
from relos.services.references import record_id
from relos.web import session as web
from relos.web.common import MAX_ID, PageError, page_error, parse_day, render, render_error, require_id, to_sign_in
from relos.web.once import act_once, form_fields, new_key, web_key
from relos.web.orders.lines import field_names, form_rows, line_inputs, row_count, rows_of
from relos.web.refusals import as_input

router = APIRouter(include_in_schema=False)
CATEGORIES = [c.value for c in Category]
METHODS = [m.value for m in ReimbursementMethod]


@router.get("/orders/new", response_class=HTMLResponse)
def new_order_page(request: Request) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    q = request.query_params
    agreement = (q.get("agreement") or "").strip()[:MAX_ID]
    facility = (q.get("facility") or "").strip()[:MAX_ID]
    uow = web.database(request).uow
    today = web.clock(request).now().date()
    agreements = [v.agreement for v in list_agreements(uow(), actor=session.actor, at=today)]
    facilities: list[Any] = []
    offer: PriceOffer | None = None
    error: PageError | None = None
    try:
        if agreement:
            views = list_facilities(uow(), actor=session.actor, agreement=agreement, open_to=session.actor.party)
            facilities = [v.facility for v in views]
        if agreement and facility:
            offer = _offer(request, session, agreement, facility, None)
    except RelosError as exc:
        error = page_error(exc)
    return render(
        request,
        "orders/new.html",
        session,
        error.status if error else 200,
        agreements=agreements,
        facilities=facilities,
        chosen={"agreement": agreement, "facility": facility},
        offer=offer,
        rows=row_count(q.get("rows")),
        may_create=Role.REQUESTER in session.actor.roles,
        categories=CATEGORIES,
        methods=METHODS,
        note_max=NOTE_MAX_CHARS,
        defaults={},
        form_key=new_key(),
        error=error,
    )


@router.post("/orders/new", response_class=HTMLResponse)
async def create_order(request: Request) -> Response:
    fields = await form_fields(request)
    rows = rows_of(fields)
    needed_by = parse_day(fields.get("needed_by"), field_name="needed_by")
    agreement, facility = fields.get("agreement", "")[:MAX_ID], fields.get("facility", "")[:MAX_ID]

    def call(s: web.WebSession, uow: Any) -> Any:
        if isinstance(needed_by, PageError):
            raise as_input(needed_by)
        offer = _offer(request, s, agreement, facility, None)
        return service.create_order(
            uow,
            actor=s.actor,
            agreement_id=agreement,
            requesting_unit=fields.get("requesting_unit", "").strip(),
            facility_id=facility,
            lines=line_inputs(rows, offer["items"], web.language(request, s)),
            deployment_id=_deployment(request, s, fields.get("deployment", "")),
            needed_by=needed_by,
            note=fields.get("note", "").strip(),
            title=fields.get("title", "").strip() or None,
            idempotency_key=web_key(fields.get("key", "")),
            now=web.clock(request).now(),
        )

    return act_once(
        request,
        kind="",
        csrf=fields.get("csrf", ""),
        key=fields.get("key", ""),
        done="done.order_created",
        call=call,
        fields=fields,
        target=lambda made: f"/orders/{made['id']}",
        keyed=False,
        rename=field_names([r.number for r in rows]),
    )


@router.get("/orders/{order_id}/amend", response_class=HTMLResponse)
def amend_page(request: Request, order_id: str) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    uow = web.database(request).uow
    try:
        require_id("order", order_id)
        order = service.get_order(uow(), actor=session.actor, order_id=order_id)
        offer = _offer(request, session, order["agreement_id"], order["facility_id"], order["requesting_party"])
    except RelosError as exc:
        return render_error(request, session, page_error(exc))
    return render(
        request,
        "orders/amend.html",
        session,
        o=order,
        offer=offer,
        rows=row_count(request.query_params.get("rows"), len(order["lines"]) + 1),
        may_amend=Role.REQUESTER in session.actor.roles and session.actor.party == order["requesting_party"],
        categories=CATEGORIES,
        methods=METHODS,
        defaults=form_rows(order["lines"]),
        form_key=new_key(),
    )


@router.post("/orders/{order_id}/amend", response_class=HTMLResponse)
async def amend_order(request: Request, order_id: str) -> Response:
    fields = await form_fields(request)
    rows = rows_of(fields)

    def call(s: web.WebSession, uow: Any) -> Any:
        require_id("order", order_id)
        order = service.get_order(web.database(request).uow(), actor=s.actor, order_id=order_id)
        offer = _offer(request, s, order["agreement_id"], order["facility_id"], order["requesting_party"])
        return service.amend_order(
            uow,
            actor=s.actor,
            order_id=order_id,
            lines=line_inputs(rows, offer["items"], web.language(request, s)),
            reason=fields.get("reason", "").strip(),
            now=web.clock(request).now(),
        )

    return act_once(
        request,
        kind="order",
        csrf=fields.get("csrf", ""),
        key=fields.get("key", ""),
        done="done.order_amended",
        call=call,
        fields=fields,
        target=lambda _: f"/orders/{order_id}",
        rename=field_names([r.number for r in rows]),
    )


def _offer(request: Request, session: web.WebSession, agreement: str, facility: str, party: str | None) -> PriceOffer:
    """What the supplier's price list offers the requesting `party` (default the user's) today."""
    return offered_items(
        web.database(request).uow(),
        actor=session.actor,
        agreement_id=agreement,
        facility_id=facility,
        on=web.clock(request).now().date(),
        party=party,
    )


def _deployment(request: Request, session: web.WebSession, typed: str) -> str | None:
    """The deployment the order serves, typed as its reference (RUS-DEP-2027-0014) or its id; None if empty.
    A reference the user may not see is not found, as its id would be."""
    key = typed.strip()[:MAX_ID]
    if not key:
        return None
    uow = web.database(request).uow(read_only=True)
    return record_id(uow, actor=session.actor, kind=RecordKind.DEPLOYMENT, key=key)

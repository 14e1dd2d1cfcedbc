"""A support order's page: its lines, prices and departures from the price list, signatures, deliveries and
receipts, versions, and its ledger activity; and the lifecycle as forms (sign, accept, cancel with reason,
record a delivery, receipt one; amending, billing, payments and settlements in kind: web/orders/new.py and
billing.py), each shown when the user's roles and party could take that step (the list: listing.py). The
services decide: a refusal comes back (303, web/forms.py) on the order's page naming the field or rule, with
the API's status and what was typed."""

from __future__ import annotations

import re
import uuid
from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from relos.domain.errors import InvalidInput, RelosError
from relos.domain.orders.rules import NOTE_MAX_CHARS
from relos.domain.references import RecordKind
from relos.services.orders import deliveries, ledger_activity, results
from relos.services.orders import lifecycle as service
from relos.web import session as web
from relos.web.common import (
    MAX_ID,
    Csrf,
    PageError,
    act_on_record,
    day_required,
    invalid,
    page_error,
    parse_day,
    record_page,
    render,
    render_error,
    require_id,
)
from relos.web.orders.actions import available_actions, ledger_actions, may_amend
from relos.web.references import by_reference
from relos.web.refusals import RefusalLine, as_input

router = APIRouter(include_in_schema=False)


@router.get("/orders/{order_id}", response_class=HTMLResponse)
def order_page(request: Request, order_id: str) -> Response:
    return by_reference(request, RecordKind.ORDER, order_id, base="/orders") or record_page(
        request, order_id, show=_order_page
    )


def _order_page(request: Request, session: web.WebSession, order_id: str) -> Response:
    uow = web.database(request).uow
    try:
        require_id("order", order_id)
        order = service.get_order(uow(), actor=session.actor, order_id=order_id)
    except RelosError as exc:
        return render_error(request, session, page_error(exc))
    ledger = _ledger_activity(request, session, order)
    return render(
        request,
        "orders/order.html",
        session,
        o=order,
        incomplete=[
            RefusalLine(_line_field(order, p["field"]), p["message"], {}, [], p["code"], dict(p["params"]))
            for p in order["incomplete"]
        ],
        note_max=NOTE_MAX_CHARS,
        ledger=ledger,
        actions=available_actions(session.actor, order),
        ledger_actions=ledger_actions(session.actor, order, ledger),
        may_amend=may_amend(session.actor, order),
        today=web.clock(request).today(),
        form_key=uuid.uuid4().hex,
    )


def _line_field(order: results.Order, name: str) -> str:
    """`lines[i].price_reason` as the page's user knows it: `line 2 price_reason` (the order's line number)."""
    match = re.fullmatch(r"lines\[(\d+)\](.*)", name)
    if match is None or int(match[1]) >= len(order["lines"]):
        return name
    return f"line {order['lines'][int(match[1])]['line_no']}{match[2].replace('.', ' ')}"


def _ledger_activity(request: Request, session: web.WebSession, order: results.Order) -> dict[str, Any]:
    """What the ledger holds for this order (read by its id, whatever the days), or why it could not be read."""
    try:
        return dict(
            ledger_activity.order_ledger_activity(
                web.database(request).uow(), actor=session.actor, order_id=order["id"], today=web.clock(request).today()
            )
        )
    except RelosError as exc:  # say so, do not hide it
        return {"obligations": [], "invoices": [], "payments": [], "unreadable": [str(exc)]}


def _act(
    request: Request, order_id: str, csrf: str, done: str, call: Any, fields: dict[str, str] | None = None
) -> Response:
    return act_on_record(request, kind="order", csrf=csrf, done=f"done.{done}", call=call, fields=fields)


@router.post("/orders/{order_id}/sign", response_class=HTMLResponse)
def sign(request: Request, order_id: str, csrf: Csrf = "") -> Response:
    now = web.clock(request).now()  # the signature is dated by the application's clock, as the page shows it
    return _act(
        request,
        order_id,
        csrf,
        "signed",
        lambda s, uow: service.sign_order(uow, actor=s.actor, order_id=order_id, now=now),
    )


@router.post("/orders/{order_id}/accept", response_class=HTMLResponse)
def accept(request: Request, order_id: str, csrf: Csrf = "") -> Response:
    return _act(
        request,
        order_id,
        csrf,
        "accepted",
        lambda s, uow: service.accept_order(uow, actor=s.actor, order_id=order_id, now=web.clock(request).now()),
    )


@router.post("/orders/{order_id}/cancel", response_class=HTMLResponse)
def cancel(
    request: Request, order_id: str, csrf: Csrf = "", reason: Annotated[str, Form(max_length=2_000)] = ""
) -> Response:
    return _act(
        request,
        order_id,
        csrf,
        "cancelled",
        lambda s, uow: service.cancel_order(
            uow, actor=s.actor, order_id=order_id, reason=reason.strip(), now=web.clock(request).now()
        ),
        fields={"reason": reason},
    )


@router.post("/orders/{order_id}/deliveries", response_class=HTMLResponse)
async def record_delivery(request: Request, order_id: str) -> Response:
    form = await request.form()
    # the note whole (the service refuses one over its limit, naming it); the other fields are short
    fields = {k: str(v) if k == "note" else str(v)[:200] for k, v in form.items()}
    on = _required_day(fields.get("delivered_on"), "delivered_on")
    lines = _line_quantities(fields)

    def call(s: web.WebSession, uow: Any) -> None:
        if isinstance(on, PageError):
            raise as_input(on)
        try:
            deliveries.record_delivery(
                uow,
                actor=s.actor,
                order_id=order_id,
                delivered_on=on,
                now=web.clock(request).now(),
                tolerance=web.clock(request).tolerance,
                lines=lines,
                note=fields.get("note", "").strip(),
                idempotency_key=_key(fields),
            )
        except InvalidInput as exc:
            raise _by_order_line(exc, lines) from exc

    return _act(request, order_id, fields.get("csrf", ""), "delivered", call, fields=fields)


@router.post("/orders/{order_id}/deliveries/{delivery_id}/receipt", response_class=HTMLResponse)
def receipt(
    request: Request,
    order_id: str,
    delivery_id: str,
    csrf: Csrf = "",
    receipted_on: Annotated[str, Form(max_length=20)] = "",
    receiving_unit: Annotated[str, Form(max_length=200)] = "",
    note: Annotated[str, Form()] = "",  # whole: the service refuses one over its limit, naming the field
    key: Annotated[str, Form(max_length=64)] = "",
) -> Response:
    on = _required_day(receipted_on, "receipted_on")

    def call(s: web.WebSession, uow: Any) -> None:
        if isinstance(on, PageError):
            raise as_input(on)
        deliveries.receipt_delivery(
            uow,
            actor=s.actor,
            order_id=order_id,
            delivery_id=delivery_id[:MAX_ID],
            receipted_on=on,
            now=web.clock(request).now(),
            tolerance=web.clock(request).tolerance,
            receiving_unit=receiving_unit.strip() or None,
            note=note.strip(),
            idempotency_key=f"web-receipt:{key}" if key else None,
        )

    fields = {"receipted_on": receipted_on, "receiving_unit": receiving_unit, "note": note}
    return _act(request, order_id, csrf, "receipted", call, fields=fields)


def _required_day(text: str | None, field_name: str) -> Any:
    day = parse_day(text, field_name=field_name)
    return invalid(day_required(field_name)) if day is None else day


def _line_quantities(fields: dict[str, str]) -> list[tuple[int, object]]:
    """`qty_<line_no>` fields with something in them, as (line_no, quantity text) for the service."""
    out: list[tuple[int, object]] = []
    for name, value in fields.items():
        if name.startswith("qty_") and name[4:].isdigit() and value.strip():
            out.append((int(name[4:]), value.strip()))
    return sorted(out)


def _by_order_line(exc: InvalidInput, lines: list[tuple[int, object]]) -> InvalidInput:
    """The service names `lines[i]` of the list it was given; the form's user knows the order's line numbers."""
    problems = []
    for p in exc.problems:
        name = p.field
        match = re.fullmatch(r"lines\[(\d+)\](.*)", name)
        if match and int(match[1]) < len(lines):
            name = f"line {lines[int(match[1])][0]}{match[2].replace('.', ' ')}"
        problems.append(replace(p, field=name))
    return InvalidInput(problems, source=exc.source)


def _key(fields: dict[str, str]) -> str | None:
    """The form's one-time key: submitting the same form twice records one delivery."""
    key = fields.get("key", "").strip()
    return f"web-delivery:{key}" if key else None

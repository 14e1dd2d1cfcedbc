"""An order's reimbursement as forms on its page: the supplier's finance officer bills it (issues the invoice),
the debtor's finance officer records a payment against an invoice (amount, currency, day, reference), the
debtor's logistics officer records a settlement in kind (RIK, EVE) against an obligation. Each form carries a
one-time key the use case keeps, so sending it twice makes one invoice, payment or settlement; the services
decide and refuse, and a refusal comes back on the order's page naming the field, with what was typed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from relos.services.ledger import reimbursement
from relos.services.orders import deliveries
from relos.services.orders import lifecycle as service
from relos.web import session as web
from relos.web.common import MAX_ID, PageError, day_required, parse_day, require_id
from relos.web.once import act_once, form_fields, web_key
from relos.web.orders.lines import field_names, typed_number
from relos.web.refusals import as_input, invalid

router = APIRouter(include_in_schema=False)


Step = Callable[[web.WebSession, Any, date, dict[str, str]], Any]


async def _step(request: Request, order_id: str, day_field: str, done: str, run: Step) -> Response:
    """Read the form, check its day (`day_field`) and that the order is the user's to see, then `run` the use case
    with the session, unit of work, day and fields; answer as every form does (web/once.py)."""
    fields = await form_fields(request)
    day = parse_day(fields.get(day_field), field_name=day_field)
    on = invalid(day_required(day_field)) if day is None else day

    def call(s: web.WebSession, uow: Any) -> Any:
        require_id("order", order_id)
        service.get_order(web.database(request).uow(), actor=s.actor, order_id=order_id)
        if isinstance(on, PageError):
            raise as_input(on)
        return run(s, uow, on, fields)

    return act_once(
        request,
        kind="order",
        csrf=fields.get("csrf", ""),
        key=fields.get("key", ""),
        done=done,
        call=call,
        fields=fields,
        target=lambda _: f"/orders/{order_id}#ledger-activity",
        keyed=False,
        rename=field_names(),
    )


def _once_at(request: Request, fields: dict[str, str]) -> dict[str, Any]:
    """The form's one-time key, and the present (and its tolerance) a recorded day is judged by."""
    clock = web.clock(request)
    return {"idempotency_key": web_key(fields.get("key", "")), "now": clock.now(), "tolerance": clock.tolerance}


@router.post("/orders/{order_id}/bill", response_class=HTMLResponse)
async def bill(request: Request, order_id: str) -> Response:
    def run(s: web.WebSession, uow: Any, on: date, fields: dict[str, str]) -> Any:
        return reimbursement.bill_order(
            uow, actor=s.actor, order_id=order_id, issued_on=on, **_once_at(request, fields)
        )

    return await _step(request, order_id, "issued_on", "done.billed", run)


@router.post("/orders/{order_id}/invoices/{invoice_id}/payments", response_class=HTMLResponse)
async def pay(request: Request, order_id: str, invoice_id: str) -> Response:
    def run(s: web.WebSession, uow: Any, on: date, fields: dict[str, str]) -> Any:
        return reimbursement.record_payment(
            uow,
            actor=s.actor,
            invoice_id=invoice_id[:MAX_ID],
            amount=typed_number(fields.get("amount", ""), web.language(request, s)),
            currency=fields.get("currency", "").strip().upper(),
            paid_on=on,
            reference=fields.get("reference", "").strip(),
            **_once_at(request, fields),
        )

    return await _step(request, order_id, "paid_on", "done.paid", run)


@router.post("/orders/{order_id}/obligations/{obligation_id}/in-kind", response_class=HTMLResponse)
async def in_kind(request: Request, order_id: str, obligation_id: str) -> Response:
    def run(s: web.WebSession, uow: Any, on: date, fields: dict[str, str]) -> Any:
        return deliveries.satisfy_in_kind(
            uow,
            actor=s.actor,
            obligation_id=obligation_id[:MAX_ID],
            value=typed_number(fields.get("value", ""), web.language(request, s)),
            currency=fields.get("currency", "").strip().upper(),
            satisfied_on=on,
            delivery_ref=fields.get("delivery_ref", "").strip(),
            **_once_at(request, fields),
        )

    return await _step(request, order_id, "satisfied_on", "done.satisfied_in_kind", run)

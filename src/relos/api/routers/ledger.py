"""/api/v1 ledger: billing, payments, deliveries in kind, conversions, rates, balances, statements."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Header, Query
from fastapi.responses import Response

from relos.api.deps import ActorDep, ClockDep, UowDep
from relos.api.schemas.orders import BillIn, ConvertIn, InKindIn, PaymentIn, RateIn, ReversalIn
from relos.services.ledger import reimbursement, results, statements
from relos.services.ledger.formats import to_csv, to_pdf
from relos.services.ledger.statement_words import language_of
from relos.services.orders import deliveries
from relos.services.orders import results as order_results

router = APIRouter(tags=["ledger"])
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=128)]


@router.post("/orders/{order_id}/invoices", status_code=201)
def bill_order(
    order_id: str, body: BillIn, uow: UowDep, actor: ActorDep, clock: ClockDep, idempotency_key: IdempotencyKey = None
) -> results.Billing:
    """422 (`recorded_in_future`) for an invoice dated in the future."""
    return reimbursement.bill_order(
        uow,
        actor=actor,
        order_id=order_id,
        issued_on=body.issued_on,
        idempotency_key=idempotency_key,
        now=clock.now(),
        tolerance=clock.tolerance,
    )


@router.post("/orders/{order_id}/closure")
def close_order(order_id: str, uow: UowDep, actor: ActorDep, clock: ClockDep) -> order_results.Order:
    return reimbursement.close_order(uow, actor=actor, order_id=order_id, now=clock.now())


@router.post("/payments", status_code=201)
def record_payment(
    body: PaymentIn, uow: UowDep, actor: ActorDep, clock: ClockDep, idempotency_key: IdempotencyKey = None
) -> results.Payment:
    """422 (`recorded_in_future`) for a payment dated in the future."""
    return reimbursement.record_payment(
        uow,
        actor=actor,
        invoice_id=body.invoice_id,
        amount=body.amount,
        currency=body.currency,
        paid_on=body.paid_on,
        reference=body.reference,
        idempotency_key=idempotency_key,
        now=clock.now(),
        tolerance=clock.tolerance,
    )


@router.post("/payments/{payment_id}/reversal", status_code=201)
def reverse_payment(
    payment_id: str,
    body: ReversalIn,
    uow: UowDep,
    actor: ActorDep,
    clock: ClockDep,
    idempotency_key: IdempotencyKey = None,
) -> results.PaymentReversal:
    """422 (`recorded_in_future`) for a correction dated in the future."""
    return reimbursement.reverse_payment(
        uow,
        actor=actor,
        payment_id=payment_id,
        reason=body.reason,
        on=body.on,
        idempotency_key=idempotency_key,
        now=clock.now(),
        tolerance=clock.tolerance,
    )


@router.post("/obligations/{obligation_id}/in-kind", status_code=201)
def satisfy_in_kind(
    obligation_id: str,
    body: InKindIn,
    uow: UowDep,
    actor: ActorDep,
    clock: ClockDep,
    idempotency_key: IdempotencyKey = None,
) -> order_results.InKindSatisfaction:
    """422 (`recorded_in_future`) for a settlement in kind dated in the future."""
    return deliveries.satisfy_in_kind(
        uow,
        actor=actor,
        obligation_id=obligation_id,
        value=body.value,
        currency=body.currency,
        satisfied_on=body.satisfied_on,
        delivery_ref=body.delivery_ref,
        idempotency_key=idempotency_key,
        now=clock.now(),
        tolerance=clock.tolerance,
    )


@router.post("/obligations/conversions")
def convert_overdue(
    body: ConvertIn, uow: UowDep, actor: ActorDep, clock: ClockDep
) -> list[results.ConvertedObligation]:
    """422 (`recorded_in_future`) for a conversion dated in the future."""
    return reimbursement.convert_overdue(
        uow, actor=actor, on=body.on, agreement_id=body.agreement_id, now=clock.now(), tolerance=clock.tolerance
    )


@router.post("/exchange-rates", status_code=201)
def record_rate(body: RateIn, uow: UowDep, actor: ActorDep, clock: ClockDep) -> results.ExchangeRate:
    """422 (`recorded_in_future`) for a rate dated in the future."""
    return reimbursement.record_rate(
        uow,
        actor=actor,
        base=body.base,
        quote=body.quote,
        rate=body.rate,
        on=body.on,
        source=body.source,
        now=clock.now(),
        tolerance=clock.tolerance,
    )


@router.get("/balances")
def balances(
    uow: UowDep, actor: ActorDep, agreement_id: str | None = None, before: date | None = None
) -> list[results.AgreementBalance]:
    return statements.ledger_balances(uow, actor=actor, agreement_id=agreement_id, before=before)


@router.get(
    "/statements/{agreement_id}",
    response_model=results.Statement,
    responses={200: {"content": {"text/csv": {}, "application/pdf": {}}}},
)
def statement(
    agreement_id: str,
    uow: UowDep,
    actor: ActorDep,
    clock: ClockDep,
    period: str = Query(max_length=40, description="2026, 2026-Q2, 2026-03 or 2026-01-01..2026-07-01"),
    format: str = Query(default="json", pattern="^(json|csv|pdf)$"),
    settlement_currency: str | None = Query(default=None, max_length=3),
    lang: str = Query(default="en", pattern="^(en|ru)$", description="the CSV's and PDF's language: en or ru"),
) -> results.Statement | Response:
    """The statement as JSON (the schema below), or laid out as CSV or PDF (`format`) to download: the document a
    finance officer signs and sends, in English or Russian (`lang`), each table titled in both."""
    st = statements.ledger_statement(
        uow,
        actor=actor,
        agreement_id=agreement_id,
        period=period,
        settlement_currency=settlement_currency,
        today=clock.today(),
    )
    name = f"statement-{agreement_id}-{st['period']['label']}"
    if format == "csv":
        return Response(
            to_csv(st, language_of(lang)),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    if format == "pdf":
        return Response(
            to_pdf(st, language_of(lang)),
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'},
        )
    return st

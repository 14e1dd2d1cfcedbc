"""The ledger's posting steps, shared by this instance's own use cases (relos.services.ledger.reimbursement) and
what the partner's instance sends (relos.services.orders.exchanged_ledger): bill an order and invoice it, post a
payment, post a payment's correction (the reversing entry), and post the cash debt an overdue in-kind obligation
becomes. Each runs inside the caller's transaction, re-checks the domain's rules, settles or reopens the order as
the posting leaves it, and audits what it did.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import partial

from uuid6 import uuid7

from relos.domain.actor import Actor
from relos.domain.errors import Conflict, FieldProblem, InvalidInput, NotFound
from relos.domain.ledger.cash import (
    Invoice,
    Payment,
    check_invoice,
    check_payment,
    invoice_due_date,
    invoice_transaction,
    payment_transaction,
)
from relos.domain.ledger.obligations import InKindSatisfaction, Obligation, ReimbursementTerms, conversion_transaction
from relos.domain.ledger.transactions import reverse
from relos.domain.orders import lifecycle
from relos.domain.orders.model import OrderHistory, OrderStatus
from relos.services.ledger import results
from relos.services.ledger.settling import billed_debts, order_position, settle_if_done
from relos.services.orders.common import ledger_call, visible_agreement
from relos.services.unit_of_work import UnitOfWork


def invoice_json(inv: Invoice) -> results.Invoice:
    return {
        "id": inv.id,
        "creditor": inv.creditor,
        "debtor": inv.debtor,
        "issued_on": inv.issued_on.isoformat(),
        "due_on": inv.due_on.isoformat() if inv.due_on else None,
        "amount": str(inv.amount.amount),
        "currency": inv.amount.currency,
        "obligation_ids": list(inv.obligation_ids),
    }


def post_billing(
    uow: UnitOfWork,
    *,
    actor: Actor,
    history: OrderHistory,
    issued_on: date,
    now: datetime,
    ids: tuple[str, str] | None = None,
) -> results.Billing:
    """Bill the order and invoice what is accrued in cash (the invoice and its transaction given `ids`, else new
    ones), settle it when nothing is left owing and audit it, recorded at `now`, inside the caller's transaction:
    the supplier's own billing, or one its instance sent (relos.services.orders.exchanged)."""
    order = history.order
    lifecycle.require_open(order, action="billing")
    _, terms = visible_agreement(uow, actor, order.agreement_id)
    position = order_position(uow, order)
    if order.status is OrderStatus.BILLED:
        if position.accrued.is_zero():
            raise Conflict.of(
                "conflict.order_billed_nothing_more_owed",
                "order {order_id} is billed and nothing more is owed in cash",
                order_id=order.id,
            )
        billed = order
    else:
        billed = lifecycle.bill(history, user_id=actor.user_id)
    invoice: Invoice | None = None
    if position.accrued.is_positive():
        invoice_id, txn_id = ids or (str(uuid7()), str(uuid7()))
        debts = billed_debts(uow, order.id)
        invoice = Invoice(
            id=invoice_id,
            agreement_id=order.agreement_id,
            creditor=order.supplying_party,
            debtor=order.requesting_party,
            issued_on=issued_on,
            due_on=invoice_due_date(issued_on, ReimbursementTerms(terms.in_kind_months, terms.payment_days)),
            amount=position.accrued,
            obligation_ids=tuple(debt.obligation_id for debt in debts),
        )
        problems = check_invoice(invoice, accrued=position.accrued, billed=debts)
        if problems:
            raise InvalidInput(
                [FieldProblem(v.field, v.message, rule=v.rule, code=v.rule) for v in problems],
                source="invoice",
            )
        inv = invoice
        txn = ledger_call(
            lambda: invoice_transaction(inv, accrued=position.accrued, transaction_id=txn_id, billed=debts)
        )
        uow.ledger.post(txn, kind="invoice", order_id=order.id, recorded_by=actor.user_id, now=now)
        uow.claims.add_invoice(invoice, order_id=order.id, issued_by=actor.user_id, transaction_id=txn_id)
    uow.orders.save(billed, document=None, recorded_by=actor.user_id, now=now)
    settled = settle_if_done(uow, billed, now=now)
    result: results.Billing = {
        "order_id": order.id,
        "status": settled.status.value,
        "invoice": invoice_json(invoice) if invoice else None,
    }
    uow.audit.record(
        actor=actor,
        action="order.billed",
        entity="order",
        entity_id=order.id,
        before=None,
        after=result,
        agreement_id=order.agreement_id,
    )
    return result


def post_payment(
    uow: UnitOfWork, *, actor: Actor, history: OrderHistory, invoice: Invoice, payment: Payment, reference: str,
    txn_id: str, now: datetime,
) -> results.Payment:  # fmt: skip
    """Check `payment` against its invoice and the payments before it, post it, settle the order when nothing
    is left owing and audit it, inside the caller's transaction: the payer's own, or one its instance sent."""
    order_id = history.order.id
    corrected = uow.claims.corrected_payments(invoice.id)
    prior = uow.claims.payments(invoice_ids=[invoice.id]) + [p for p, _ in corrected]
    reversed_on = {p.id: on for p, on in corrected}
    refused = check_payment(payment, invoice=invoice, prior=prior, reversed_on=reversed_on)
    if refused:
        raise InvalidInput(
            [FieldProblem(v.field, v.message, rule=v.rule, code=v.rule) for v in refused], source="payment"
        )
    txn = ledger_call(
        lambda: payment_transaction(
            payment, invoice=invoice, prior=prior, transaction_id=txn_id, reversed_on=reversed_on
        )
    )
    uow.ledger.post(txn, kind="payment", order_id=order_id, recorded_by=actor.user_id, now=now)
    uow.claims.add_payment(
        payment, order_id=order_id, reference=reference, recorded_by=actor.user_id, transaction_id=txn_id
    )
    settled = settle_if_done(uow, history.order, now=now)
    result: results.Payment = {
        "id": payment.id,
        "invoice_id": invoice.id,
        "order_id": order_id,
        "payer": payment.payer,
        "payee": payment.payee,
        "amount": str(payment.amount.amount),
        "currency": payment.amount.currency,
        "paid_on": payment.paid_on.isoformat(),
        "reference": reference,
        "order_status": settled.status.value,
    }
    uow.audit.record(
        actor=actor,
        action="payment.recorded",
        entity="order",
        entity_id=order_id,
        before=None,
        after=result,
        agreement_id=invoice.agreement_id,
    )
    return result


def post_conversion(
    uow: UnitOfWork, *, actor: Actor, obligation: Obligation, satisfactions: list[InKindSatisfaction], on: date,
    txn_id: str, now: datetime,
) -> results.ConvertedObligation | None:  # fmt: skip
    """Post the cash debt an overdue in-kind obligation becomes on `on` (None when it was returned in kind in
    full) and audit it, inside the caller's transaction: the creditor's own, or one its instance sent."""
    ob = obligation
    txn = ledger_call(partial(conversion_transaction, ob, satisfactions=satisfactions, on=on, transaction_id=txn_id))
    if txn is None:
        return None
    amount = txn.postings[0].amount
    uow.ledger.post(txn, kind="conversion", order_id=ob.order_id, recorded_by=actor.user_id, now=now)
    uow.claims.add_conversion(ob, on=on, amount_minor=amount.to_minor(), transaction_id=txn_id)
    row: results.ConvertedObligation = {
        "obligation_id": ob.id,
        "order_id": ob.order_id,
        "debtor": ob.debtor,
        "creditor": ob.creditor,
        "method": ob.method.value,
        "due_on": ob.due_on.isoformat() if ob.due_on else None,
        "cash_debt": str(amount.amount),
        "currency": amount.currency,
        "transaction_id": txn_id,
    }
    uow.audit.record(
        actor=actor,
        action="obligation.converted_to_cash",
        entity="obligation",
        entity_id=ob.id,
        before=None,
        after=row,
        agreement_id=ob.agreement_id,
    )
    return row


def post_reversal(
    uow: UnitOfWork, *, actor: Actor, history: OrderHistory, payment_id: str, txn_id: str, reason: str, on: date,
    reversal_id: str, now: datetime,
) -> results.PaymentReversal:  # fmt: skip
    """Post the entry reversing payment `payment_id` (its transaction `txn_id`) as `reversal_id`, reopen a settled
    order (billed again: the invoice is outstanding) and audit it, inside the caller's transaction: the payer's
    own correction, or one its instance sent."""
    order_id = history.order.id
    original = uow.ledger.get(txn_id)
    if original is None:
        raise NotFound("transaction", txn_id)
    reversal = ledger_call(
        partial(reverse, original, id=reversal_id, on=on, description=f"Correction of payment {payment_id}: {reason}")
    )
    uow.ledger.post(reversal, kind="reversal", order_id=order_id, recorded_by=actor.user_id, now=now)
    uow.claims.add_reversal(
        reversed_id=txn_id, reversal_id=reversal_id, reason=reason, on=on, recorded_by=actor.user_id
    )
    order = history.order
    if order.status is OrderStatus.SETTLED:
        order = lifecycle.reopen(order)
        uow.orders.save(order, document=None, recorded_by=actor.user_id, now=now)
    result: results.PaymentReversal = {
        "payment_id": payment_id,
        "reversal_transaction_id": reversal_id,
        "reason": reason,
        "on": on.isoformat(),
        "order_status": order.status.value,
    }
    uow.audit.record(
        actor=actor,
        action="payment.reversed",
        entity="order",
        entity_id=order_id,
        before=None,
        after=result,
        agreement_id=history.order.agreement_id,
    )
    return result

"""Use cases of cash reimbursement: bill an order, record a payment, close a settled order; the
job that turns overdue in-kind obligations into cash debts; recording exchange rates.

An invoice, a payment and its reversal, a conversion to a cash debt and an exchange rate are facts: dated in the
future they are refused (relos.domain.recorded, rule ``recorded_in_future``, judged at `now` with the clock
`tolerance`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import partial

from uuid6 import uuid7

from relos.domain.actor import Actor, Role
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
from relos.domain.ledger.obligations import (
    InKindSatisfaction,
    Obligation,
    ReimbursementTerms,
    conversion_transaction,
    due_for_conversion,
)
from relos.domain.ledger.rates import ExchangeRate
from relos.domain.ledger.transactions import reverse
from relos.domain.orders import lifecycle
from relos.domain.orders.model import OrderHistory, OrderStatus
from relos.domain.orders.terms import parse_decimal
from relos.domain.recorded import DEFAULT_TOLERANCE, in_future, refuse_future
from relos.services.exchange.authority import require_deciding_instance
from relos.services.ledger import results
from relos.services.ledger.settlement_gate import require_settled
from relos.services.ledger.settling import billed_debts, order_position, settle_if_done
from relos.services.orders import results as orders
from relos.services.orders.common import (
    ledger_call,
    money_in,
    order_json,
    remember,
    replayed,
    visible_agreement,
    visible_order,
)
from relos.services.people.authority import require_own_party, require_role
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
    uow: UnitOfWork, *, actor: Actor, history: OrderHistory, issued_on: date, ids: tuple[str, str] | None = None
) -> results.Billing:
    """Bill the order and invoice what is accrued in cash (the invoice and its transaction given `ids`, else new
    ones), settle it when nothing is left owing and audit it, inside the caller's transaction: the supplier's
    own billing, or one its instance sent (relos.services.orders.exchanged)."""
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
        uow.ledger.post(txn, kind="invoice", order_id=order.id, recorded_by=actor.user_id)
        uow.claims.add_invoice(invoice, order_id=order.id, issued_by=actor.user_id, transaction_id=txn_id)
    uow.orders.save(billed, document=None, recorded_by=actor.user_id)
    settled = settle_if_done(uow, billed)
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


def bill_order(
    uow: UnitOfWork,
    *,
    actor: Actor,
    order_id: str,
    issued_on: date,
    idempotency_key: str | None = None,
    now: datetime | None = None,
    tolerance: timedelta = DEFAULT_TOLERANCE,
) -> results.Billing:
    """The supplier's billing officer bills what is owed in cash (a further invoice after a conversion); an
    invoice is a fact: dated in the future (at `now`, default the real clock) it is refused."""
    require_role(actor, Role.FINANCE_OFFICER, action="billing an order")
    refuse_future([("issued_on", issued_on)], now=now or datetime.now(UTC), tolerance=tolerance, source="invoice")
    request = {"order_id": order_id, "on": issued_on.isoformat()}
    with uow:
        uow.lock(f"order:{order_id}")
        first = replayed(
            uow, key=idempotency_key, actor=actor, action="order.bill", request=request, result=results.Billing
        )
        if first is not None:
            return first
        history = visible_order(uow, actor, order_id)
        require_own_party(actor, history.order.supplying_party, action="billing an order")
        require_deciding_instance(uow, party=history.order.supplying_party, action="billing an order")
        result = post_billing(uow, actor=actor, history=history, issued_on=issued_on)
        remember(uow, key=idempotency_key, actor=actor, action="order.bill", request=request, result=result)
        uow.commit()
        return result


def record_payment(
    uow: UnitOfWork,
    *,
    actor: Actor,
    invoice_id: str,
    amount: object,
    currency: str,
    paid_on: date,
    reference: str = "",
    idempotency_key: str | None = None,
    now: datetime | None = None,
    tolerance: timedelta = DEFAULT_TOLERANCE,
) -> results.Payment:
    """A payment against an invoice; refused for a closed order, an over-payment, a paid invoice, and a day
    still to come (at `now`, default the real clock)."""
    require_role(actor, Role.FINANCE_OFFICER, action="recording a payment")
    problems: list[FieldProblem] = []
    money = money_in(amount, currency, field="amount", problems=problems)
    future = in_future("paid_on", paid_on, now=now or datetime.now(UTC), tolerance=tolerance)
    if future is not None:
        problems.append(future)
    if problems or money is None:
        raise InvalidInput(problems, source="payment")
    request = {"invoice_id": invoice_id, "amount": str(money), "on": paid_on.isoformat(), "reference": reference}
    with uow:
        found = uow.claims.get_invoice(invoice_id)
        if found is None:
            raise NotFound("invoice", invoice_id)
        invoice, order_id = found
        uow.lock(f"order:{order_id}")
        first = replayed(
            uow, key=idempotency_key, actor=actor, action="payment.record", request=request, result=results.Payment
        )
        if first is not None:
            return first
        history = visible_order(uow, actor, order_id)
        lifecycle.require_open(history.order, action="a payment")
        require_settled(uow, invoice)
        if not actor.is_operator and actor.party not in (invoice.debtor, invoice.creditor):
            require_own_party(actor, invoice.debtor, action="recording a payment")
        require_deciding_instance(uow, party=invoice.debtor, action="recording a payment")
        payment = Payment(
            id=str(uuid7()),
            agreement_id=invoice.agreement_id,
            payer=invoice.debtor,
            payee=invoice.creditor,
            paid_on=paid_on,
            amount=money,
            invoice_id=invoice.id,
        )
        result = post_payment(
            uow, actor=actor, history=history, invoice=invoice, payment=payment, reference=reference,
            txn_id=str(uuid7()),
        )  # fmt: skip
        remember(uow, key=idempotency_key, actor=actor, action="payment.record", request=request, result=result)
        uow.commit()
        return result


def post_payment(
    uow: UnitOfWork, *, actor: Actor, history: OrderHistory, invoice: Invoice, payment: Payment, reference: str,
    txn_id: str,
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
    uow.ledger.post(txn, kind="payment", order_id=order_id, recorded_by=actor.user_id)
    uow.claims.add_payment(
        payment, order_id=order_id, reference=reference, recorded_by=actor.user_id, transaction_id=txn_id
    )
    settled = settle_if_done(uow, history.order)
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


def reverse_payment(
    uow: UnitOfWork,
    *,
    actor: Actor,
    payment_id: str,
    reason: str,
    on: date,
    idempotency_key: str | None = None,
    now: datetime | None = None,
    tolerance: timedelta = DEFAULT_TOLERANCE,
) -> results.PaymentReversal:
    """Correct a payment recorded in error: post the reversing entry (never an edit); the invoice is
    outstanding again and a settled order goes back to billed. Refused once the order is closed, and when
    dated in the future (at `now`, default the real clock)."""
    require_role(actor, Role.FINANCE_OFFICER, action="correcting a payment")
    if not reason.strip():
        raise InvalidInput.of("reason", "correction_needs_reason", "a correction needs its reason")
    refuse_future([("on", on)], now=now or datetime.now(UTC), tolerance=tolerance, source="payment correction")
    request = {"payment_id": payment_id, "reason": reason, "on": on.isoformat()}
    with uow:
        found = uow.claims.get_payment(payment_id)
        if found is None:
            raise NotFound("payment", payment_id)
        payment, order_id, txn_id, already = found
        uow.lock(f"order:{order_id}")
        first = replayed(
            uow,
            key=idempotency_key,
            actor=actor,
            action="payment.reverse",
            request=request,
            result=results.PaymentReversal,
        )
        if first is not None:
            return first
        history = visible_order(uow, actor, order_id)
        lifecycle.require_open(history.order, action="a correction")
        if not actor.is_operator and actor.party not in (payment.payer, payment.payee):
            require_own_party(actor, payment.payer, action="correcting a payment")
        if already:
            raise Conflict.of(
                "conflict.payment_reversed_already", "payment {payment_id} is reversed already", payment_id=payment_id
            )
        original = uow.ledger.get(txn_id)
        if original is None:
            raise NotFound("transaction", txn_id)
        reversal_id = str(uuid7())
        reversal = ledger_call(
            partial(
                reverse, original, id=reversal_id, on=on, description=f"Correction of payment {payment_id}: {reason}"
            )
        )
        uow.ledger.post(reversal, kind="reversal", order_id=order_id, recorded_by=actor.user_id)
        uow.claims.add_reversal(
            reversed_id=txn_id, reversal_id=reversal_id, reason=reason, on=on, recorded_by=actor.user_id
        )
        order = history.order
        if order.status is OrderStatus.SETTLED:
            order = lifecycle.reopen(order)
            uow.orders.save(order, document=None, recorded_by=actor.user_id)
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
        remember(uow, key=idempotency_key, actor=actor, action="payment.reverse", request=request, result=result)
        uow.commit()
        return result


def close_order(uow: UnitOfWork, *, actor: Actor, order_id: str) -> orders.Order:
    """Close a settled order: nothing may be posted against it any more."""
    require_role(actor, Role.FINANCE_OFFICER, action="closing an order")
    with uow:
        uow.lock(f"order:{order_id}")
        history = visible_order(uow, actor, order_id)
        closed = lifecycle.close(history.order)
        uow.orders.save(closed, document=None, recorded_by=actor.user_id)
        after = uow.orders.get(order_id)
        assert after is not None
        result = order_json(after)
        uow.audit.record(
            actor=actor,
            action="order.closed",
            entity="order",
            entity_id=order_id,
            before={"status": history.order.status.value},
            after={"status": closed.status.value},
            agreement_id=closed.agreement_id,
        )
        uow.commit()
        return result


def convert_overdue(
    uow: UnitOfWork,
    *,
    actor: Actor,
    on: date,
    agreement_id: str | None = None,
    now: datetime | None = None,
    tolerance: timedelta = DEFAULT_TOLERANCE,
) -> list[results.ConvertedObligation]:
    """Turn every in-kind obligation not satisfied by its due date into a cash debt (posted events), for what
    was not returned in kind by `on`. The conversion is a fact: dated in the future (at `now`, default the real
    clock) it is refused."""
    require_role(actor, Role.FINANCE_OFFICER, action="converting overdue in-kind obligations")
    refuse_future([("on", on)], now=now or datetime.now(UTC), tolerance=tolerance, source="conversion")
    with uow:
        uow.lock("ledger:conversions")
        own = uow.exchange.own_party()  # in a party's instance, the creditor's conversions only
        candidates = [
            ob
            for ob in uow.claims.obligations(agreement_id=agreement_id, in_kind_due_before=on)
            if actor.may_see((ob.creditor, ob.debtor)) and own in (None, ob.creditor)
        ]
        ids = [ob.id for ob in candidates]
        # what was returned in kind by the conversion's day (a return is dated before the due date, so on or
        # before `on`; one dated later is not the conversion's to count)
        satisfactions = [s for s in uow.claims.satisfactions(ids) if s.satisfied_on <= on]
        due = due_for_conversion(
            candidates, satisfactions=satisfactions, converted_ids=uow.claims.conversions(ids), on=on
        )
        converted: list[results.ConvertedObligation] = []
        for ob in due:
            mine = [s for s in satisfactions if s.obligation_id == ob.id]
            row = post_conversion(uow, actor=actor, obligation=ob, satisfactions=mine, on=on, txn_id=str(uuid7()))
            if row is not None:
                converted.append(row)
        uow.commit()
        return converted


def post_conversion(
    uow: UnitOfWork, *, actor: Actor, obligation: Obligation, satisfactions: list[InKindSatisfaction], on: date,
    txn_id: str,
) -> results.ConvertedObligation | None:  # fmt: skip
    """Post the cash debt an overdue in-kind obligation becomes on `on` (None when it was returned in kind in
    full) and audit it, inside the caller's transaction: the creditor's own, or one its instance sent."""
    ob = obligation
    txn = ledger_call(partial(conversion_transaction, ob, satisfactions=satisfactions, on=on, transaction_id=txn_id))
    if txn is None:
        return None
    amount = txn.postings[0].amount
    uow.ledger.post(txn, kind="conversion", order_id=ob.order_id, recorded_by=actor.user_id)
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


def record_rate(
    uow: UnitOfWork,
    *,
    actor: Actor,
    base: str,
    quote: str,
    rate: object,
    on: date,
    source: str,
    now: datetime | None = None,
    tolerance: timedelta = DEFAULT_TOLERANCE,
) -> results.ExchangeRate:
    """Record an exchange rate (1 base = rate quote) with its source and date, for settlement; a rate is one that
    was quoted: dated in the future (at `now`, default the real clock) it is refused."""
    require_role(actor, Role.FINANCE_OFFICER, action="recording an exchange rate")
    refuse_future([("on", on)], now=now or datetime.now(UTC), tolerance=tolerance, source="exchange rate")
    number = parse_decimal(rate)
    if number is None:
        raise InvalidInput.of("rate", "not_decimal_number", "{rate!r} is not a decimal number", rate=rate)
    value = ledger_call(lambda: ExchangeRate(base, quote, number, source, on))
    with uow:
        rate_id = uow.ledger.add_rate(value, recorded_by=actor.user_id)
        result: results.ExchangeRate = {
            "id": rate_id,
            "base": base,
            "quote": quote,
            "rate": str(number),
            "on": on.isoformat(),
            "source": source,
        }
        uow.audit.record(
            actor=actor,
            action="rate.recorded",
            entity="exchange_rate",
            entity_id=rate_id,
            before=None,
            after=result,
            subject_party=actor.party,
        )
        uow.commit()
        return result

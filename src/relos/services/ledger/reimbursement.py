"""Use cases of cash reimbursement: bill an order, record a payment, correct one, close a settled order; the
job that turns overdue in-kind obligations into cash debts; recording exchange rates. The posting steps they share
with what the partner's instance sends are in relos.services.ledger.postings.

An invoice, a payment and its reversal, a conversion to a cash debt and an exchange rate are facts: dated in the
future they are refused (relos.domain.recorded, rule ``recorded_in_future``, judged at `now` with the clock
`tolerance`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from uuid6 import uuid7

from relos.domain.actor import Actor, Role
from relos.domain.errors import Conflict, FieldProblem, InvalidInput, NotFound
from relos.domain.ledger.cash import (
    Payment,
)
from relos.domain.ledger.obligations import (
    due_for_conversion,
)
from relos.domain.ledger.rates import ExchangeRate
from relos.domain.orders import lifecycle
from relos.domain.orders.terms import parse_decimal
from relos.domain.recorded import DEFAULT_TOLERANCE, in_future, refuse_future
from relos.services.exchange.authority import require_deciding_instance
from relos.services.ledger import results
from relos.services.ledger.postings import post_billing, post_conversion, post_payment, post_reversal
from relos.services.ledger.settlement_gate import require_settled
from relos.services.orders import results as orders
from relos.services.orders.common import (
    ledger_call,
    money_in,
    order_json,
    remember,
    replayed,
    visible_order,
)
from relos.services.people.authority import require_own_party, require_role
from relos.services.unit_of_work import UnitOfWork


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
    at = now or datetime.now(UTC)
    refuse_future([("issued_on", issued_on)], now=at, tolerance=tolerance, source="invoice")
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
        result = post_billing(uow, actor=actor, history=history, issued_on=issued_on, now=at)
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
    at = now or datetime.now(UTC)
    future = in_future("paid_on", paid_on, now=at, tolerance=tolerance)
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
            txn_id=str(uuid7()), now=at,
        )  # fmt: skip
        remember(uow, key=idempotency_key, actor=actor, action="payment.record", request=request, result=result)
        uow.commit()
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
    at = now or datetime.now(UTC)
    refuse_future([("on", on)], now=at, tolerance=tolerance, source="payment correction")
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
        require_deciding_instance(uow, party=payment.payer, action="correcting a payment")
        if already:
            raise Conflict.of(
                "conflict.payment_reversed_already", "payment {payment_id} is reversed already", payment_id=payment_id
            )
        result = post_reversal(
            uow, actor=actor, history=history, payment_id=payment_id, txn_id=txn_id, reason=reason, on=on,
            reversal_id=str(uuid7()), now=at,
        )  # fmt: skip
        remember(uow, key=idempotency_key, actor=actor, action="payment.reverse", request=request, result=result)
        uow.commit()
        return result


def close_order(uow: UnitOfWork, *, actor: Actor, order_id: str, now: datetime | None = None) -> orders.Order:
    """Close a settled order: nothing may be posted against it any more (recorded at `now`, default the real
    clock)."""
    require_role(actor, Role.FINANCE_OFFICER, action="closing an order")
    with uow:
        uow.lock(f"order:{order_id}")
        history = visible_order(uow, actor, order_id)
        closed = lifecycle.close(history.order)
        uow.orders.save(closed, document=None, recorded_by=actor.user_id, now=now or datetime.now(UTC))
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
    at = now or datetime.now(UTC)
    refuse_future([("on", on)], now=at, tolerance=tolerance, source="conversion")
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
            row = post_conversion(
                uow, actor=actor, obligation=ob, satisfactions=mine, on=on, txn_id=str(uuid7()), now=at
            )
            if row is not None:
                converted.append(row)
        uow.commit()
        return converted


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
    at = now or datetime.now(UTC)
    refuse_future([("on", on)], now=at, tolerance=tolerance, source="exchange rate")
    number = parse_decimal(rate)
    if number is None:
        raise InvalidInput.of("rate", "not_decimal_number", "{rate!r} is not a decimal number", rate=rate)
    value = ledger_call(lambda: ExchangeRate(base, quote, number, source, on))
    with uow:
        rate_id = uow.ledger.add_rate(value, recorded_by=actor.user_id, now=at)
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

"""Use cases of deliveries: the supplier records a delivery, the receiving unit receipts it (which
posts the obligation), and the debtor's deliveries in kind satisfy RIK/EVE obligations.

Each day given is a fact: a delivery, a receipt or a settlement in kind dated in the future is refused
(relos.domain.recorded, rule ``recorded_in_future``, judged at `now` with the clock `tolerance`). Satisfying
an obligation in kind is services.orders.in_kind (re-exported here).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import partial

from uuid6 import uuid7

from relos.domain.actor import Actor, Role
from relos.domain.errors import FieldProblem, InvalidInput, NotFound
from relos.domain.ledger.money import Money
from relos.domain.ledger.obligations import (
    Obligation,
    ReceiptedDelivery,
    ReimbursementMethod,
    ReimbursementTerms,
    obligation_from_delivery,
    obligation_transaction,
)
from relos.domain.orders import lifecycle
from relos.domain.orders.model import LINE_ROUNDING, Delivery, DeliveryLine, OrderHistory, Receipt
from relos.domain.orders.rules import note_problem
from relos.domain.orders.terms import OrderTerms
from relos.domain.recorded import DEFAULT_TOLERANCE
from relos.services.exchange.authority import require_deciding_instance
from relos.services.orders import results
from relos.services.orders.common import (
    delivery_json,
    happened,
    ledger_call,
    quantity_in,
    remember,
    replayed,
    require_in_force,
    visible_agreement,
    visible_order,
)
from relos.services.orders.in_kind import post_satisfaction, satisfy_in_kind  # re-exported
from relos.services.people.authority import require_own_party, require_role
from relos.services.unit_of_work import UnitOfWork


def _quantities(lines: list[tuple[int, object]], *, problems: list[FieldProblem]) -> tuple[DeliveryLine, ...]:
    parsed: list[DeliveryLine] = []
    for i, (line_no, quantity) in enumerate(lines):
        q = quantity_in(quantity, field=f"lines[{i}].quantity", problems=problems)
        if q is not None:
            parsed.append(DeliveryLine(int(line_no), q))
    return tuple(parsed)


def _note(note: str, *, problems: list[FieldProblem]) -> None:
    problem = note_problem(note)
    if problem is not None:
        problems.append(problem)


def record_delivery(
    uow: UnitOfWork,
    *,
    actor: Actor,
    order_id: str,
    delivered_on: date,
    lines: list[tuple[int, object]],
    note: str = "",
    idempotency_key: str | None = None,
    now: datetime | None = None,
    tolerance: timedelta = DEFAULT_TOLERANCE,
) -> results.RecordedDelivery:
    """The supplier hands over (part of) the order; refused beyond what is left to deliver, and when dated in
    the future (at `now`, default the real clock)."""
    require_role(actor, Role.LOGISTICS_OFFICER, action="recording a delivery")
    at = now or datetime.now(UTC)
    problems: list[FieldProblem] = []
    parsed = _quantities(lines, problems=problems)
    _note(note, problems=problems)
    happened("delivered_on", delivered_on, now=at, tolerance=tolerance, problems=problems)
    if problems:
        raise InvalidInput(problems, source="delivery")
    request = {
        "order_id": order_id,
        "on": delivered_on.isoformat(),
        "lines": [[ln, str(q)] for ln, q in lines],
        "note": note,
    }
    with uow:
        uow.lock(f"order:{order_id}")
        first = replayed(
            uow,
            key=idempotency_key,
            actor=actor,
            action="delivery.record",
            request=request,
            result=results.RecordedDelivery,
        )
        if first is not None:
            return first
        history = visible_order(uow, actor, order_id)
        require_own_party(actor, history.order.supplying_party, action="recording a delivery")
        require_deciding_instance(uow, party=history.order.supplying_party, action="recording a delivery")
        delivery = Delivery(str(uuid7()), order_id, delivered_on, parsed, actor.user_id, note)
        result = post_delivery(uow, actor=actor, history=history, delivery=delivery, now=at)
        remember(uow, key=idempotency_key, actor=actor, action="delivery.record", request=request, result=result)
        uow.commit()
        return result


def post_delivery(
    uow: UnitOfWork, *, actor: Actor, history: OrderHistory, delivery: Delivery, now: datetime
) -> results.RecordedDelivery:
    """Check `delivery` against the order and the agreement in force on its day, store it as recorded at `now`
    and audit it (inside the caller's transaction): the supplier's own, or one its instance sent
    (relos.services.orders.exchanged)."""
    stored, _ = visible_agreement(uow, actor, history.order.agreement_id)
    require_in_force(stored, delivery.delivered_on, action="delivering support")
    after = lifecycle.check_delivery(history, delivery)
    uow.orders.add_delivery(delivery, now=now)
    uow.orders.save(after, document=None, recorded_by=actor.user_id, now=now)
    result: results.RecordedDelivery = {**delivery_json(delivery, None), "order_status": after.status.value}
    uow.audit.record(
        actor=actor,
        action="delivery.recorded",
        entity="order",
        entity_id=delivery.order_id,
        before=None,
        after=result,
        agreement_id=history.order.agreement_id,
    )
    return result


#: The ids an obligation and its transaction are given, by reimbursement method (new ones when absent).
ObligationIds = dict[ReimbursementMethod, tuple[str, str]]


def _obligations(
    history: OrderHistory, receipt: Receipt, terms: OrderTerms, ids: ObligationIds | None = None
) -> list[tuple[Obligation, str]]:
    """One obligation per reimbursement method for the quantities receipted, with its transaction id."""
    order = history.order
    values: dict[ReimbursementMethod, Money] = {}
    for rl in receipt.lines:
        line = order.line(rl.line_no)
        if line is None or rl.quantity == 0:
            continue
        value = (line.unit_price * rl.quantity).quantize(rounding=LINE_ROUNDING)
        values[line.method] = values[line.method] + value if line.method in values else value
    reimbursement = ReimbursementTerms(in_kind_period_months=terms.in_kind_months, payment_days=terms.payment_days)
    found: list[tuple[Obligation, str]] = []
    for method, value in sorted(values.items()):
        if value.is_zero():
            continue
        delivery = ReceiptedDelivery(
            delivery_id=receipt.delivery_id,
            order_id=order.id,
            agreement_id=order.agreement_id,
            supplier=order.supplying_party,
            receiver=order.requesting_party,
            receipted_on=receipt.receipted_on,
            value=value,
            method=method,
        )
        ob_id, txn_id = ids[method] if ids and method in ids else (str(uuid7()), str(uuid7()))
        ob = ledger_call(partial(obligation_from_delivery, delivery, obligation_id=ob_id, terms=reimbursement))
        found.append((ob, txn_id))
    return found


def post_receipt(
    uow: UnitOfWork,
    *,
    actor: Actor,
    history: OrderHistory,
    receipt: Receipt,
    now: datetime,
    ids: ObligationIds | None = None,
) -> results.ReceiptedDelivery:
    """Check `receipt`, store it, post the obligations it creates (given `ids`, else new ones) and audit it, inside
    the caller's transaction: the receiving unit's own, or one its instance sent."""
    order = history.order
    delivery = next((d for d in history.deliveries if d.id == receipt.delivery_id), None)
    if delivery is None:
        raise NotFound("delivery", receipt.delivery_id)
    lifecycle.check_receipt(history, receipt)
    _, terms = visible_agreement(uow, actor, order.agreement_id)
    posted = _obligations(history, receipt, terms, ids)
    uow.orders.add_receipt(receipt, now=now)
    obligations: list[results.Obligation] = []
    for ob, txn_id in posted:
        txn = ledger_call(partial(obligation_transaction, ob, transaction_id=txn_id))
        uow.ledger.post(txn, kind="obligation", order_id=order.id, recorded_by=actor.user_id, now=now)
        uow.claims.add_obligation(ob, transaction_id=txn_id)
        obligations.append(obligation_json(ob))
    result: results.ReceiptedDelivery = {**delivery_json(delivery, receipt), "obligations": obligations}
    uow.audit.record(
        actor=actor,
        action="delivery.receipted",
        entity="order",
        entity_id=order.id,
        before=None,
        after=result,
        agreement_id=order.agreement_id,
    )
    return result


def receipt_delivery(
    uow: UnitOfWork,
    *,
    actor: Actor,
    order_id: str,
    delivery_id: str,
    receipted_on: date,
    lines: list[tuple[int, object]] | None = None,
    receiving_unit: str | None = None,
    note: str = "",
    idempotency_key: str | None = None,
    now: datetime | None = None,
    tolerance: timedelta = DEFAULT_TOLERANCE,
) -> results.ReceiptedDelivery:
    """The receiving unit receipts a delivery (as delivered unless `lines` say less); posts the obligation.
    Refused when dated in the future (at `now`, default the real clock)."""
    require_role(actor, Role.LOGISTICS_OFFICER, action="receipting a delivery")
    at = now or datetime.now(UTC)
    problems: list[FieldProblem] = []
    given = _quantities(lines, problems=problems) if lines is not None else None
    _note(note, problems=problems)
    happened("receipted_on", receipted_on, now=at, tolerance=tolerance, problems=problems)
    if problems:
        raise InvalidInput(problems, source="receipt")
    request = {
        "order_id": order_id,
        "delivery_id": delivery_id,
        "on": receipted_on.isoformat(),
        "lines": repr(lines),
        "note": note,
    }
    with uow:
        uow.lock(f"order:{order_id}")
        first = replayed(
            uow,
            key=idempotency_key,
            actor=actor,
            action="delivery.receipt",
            request=request,
            result=results.ReceiptedDelivery,
        )
        if first is not None:
            return first
        history = visible_order(uow, actor, order_id)
        order = history.order
        require_own_party(actor, order.requesting_party, action="receipting a delivery")
        require_deciding_instance(uow, party=order.requesting_party, action="receipting a delivery")
        delivery = next((d for d in history.deliveries if d.id == delivery_id), None)
        if delivery is None:
            raise NotFound("delivery", delivery_id)
        receipt = Receipt(
            id=str(uuid7()),
            delivery_id=delivery_id,
            order_id=order_id,
            receipted_on=receipted_on,
            lines=given if given is not None else delivery.lines,
            receipted_by=actor.user_id,
            receiving_unit=receiving_unit or order.requesting_unit,
            note=note,
        )
        result = post_receipt(uow, actor=actor, history=history, receipt=receipt, now=at)
        remember(uow, key=idempotency_key, actor=actor, action="delivery.receipt", request=request, result=result)
        uow.commit()
        return result


def obligation_json(ob: Obligation) -> results.Obligation:
    return {
        "id": ob.id,
        "order_id": ob.order_id,
        "delivery_id": ob.delivery_id,
        "creditor": ob.creditor,
        "debtor": ob.debtor,
        "method": ob.method.value,
        "value": str(ob.value.amount),
        "currency": ob.value.currency,
        "incurred_on": ob.incurred_on.isoformat(),
        "due_on": ob.due_on.isoformat() if ob.due_on else None,
    }


__all__ = [
    "obligation_json", "post_delivery", "post_receipt", "post_satisfaction", "receipt_delivery", "record_delivery",
    "satisfy_in_kind",
]  # fmt: skip

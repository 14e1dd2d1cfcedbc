"""An order's life: draft → signed → accepted → (partly) delivered → billed → settled → closed.

Each step is a pure function from the order's history to the next order (or the checked
delivery/receipt), raising Conflict for a wrong state, InvalidInput for bad input and
RuleViolated for a broken rule. Amendment makes a new version that must be signed again;
cancellation is possible until the first delivery.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from relos.domain.errors import Conflict, FieldProblem, Forbidden, InvalidInput, RuleViolated, Violation
from relos.domain.orders.model import DELIVERABLE, Delivery, OrderHistory, OrderLine, OrderStatus, Receipt, Signature
from relos.domain.orders.model import SupportOrder as Order
from relos.domain.orders.rules import (
    completeness_problems,
    duties_conflict,
    exclusion_violations,
    line_problems,
    quantity_problem,
)
from relos.domain.orders.terms import OrderTerms


def _require(order: Order, *states: OrderStatus, action: str) -> None:
    if order.status not in states:
        wanted = " or ".join(s.value for s in states)
        raise Conflict.of(
            "conflict.order_needs",
            "order {order_id} is {status}; {action} needs it {wanted}",
            order_id=order.id,
            reference=order.reference or order.id,
            status=order.status.value,
            action=action,
            wanted=wanted,
        )


def _duties(history: OrderHistory, user_id: str, duty: str) -> None:
    why = duties_conflict(history, user_id=user_id, duty=duty)
    if why:
        raise Forbidden(why)


def check_new_order(order: Order, terms: OrderTerms) -> None:
    """Raise when a new (or amended) order is malformed or asks for what the agreement excludes."""
    problems = line_problems(order.lines, terms)
    if problems:
        raise InvalidInput(problems, source=f"order {order.id}")
    excluded = exclusion_violations(order.lines, terms)
    if excluded:
        raise RuleViolated(excluded)


def sign(history: OrderHistory, *, party: str, user_id: str, at: datetime) -> Order:
    """An authorised official signs for one party; the order binds when both have signed."""
    order = history.order
    _require(order, OrderStatus.DRAFT, action="signing")
    if party not in (order.requesting_party, order.supplying_party):
        raise Forbidden.of(
            "forbidden.not_party_order", "{party} is not a party to order {order_id}", party=party, order_id=order.id
        )
    if order.signed_by(party):
        raise Conflict.of(
            "conflict.order_version_already_signed",
            "order {order_id} version {version} is already signed for {party}",
            order_id=order.id,
            version=order.version,
            party=party,
        )
    problems = completeness_problems(order)
    if problems:
        raise InvalidInput(problems, source=f"order {order.id} is incomplete and cannot be signed")
    _duties(history, user_id, "sign")
    signatures = (*order.signatures, Signature(party=party, user_id=user_id, signed_at=at, version=order.version))
    signed = replace(order, signatures=signatures)
    both = signed.signed_by(order.requesting_party) and signed.signed_by(order.supplying_party)
    return replace(signed, status=OrderStatus.SIGNED) if both else signed


def accept(history: OrderHistory, *, user_id: str) -> Order:
    order = history.order
    _require(order, OrderStatus.SIGNED, action="accepting")
    return replace(order, status=OrderStatus.ACCEPTED, accepted_by=user_id)


def check_delivery(history: OrderHistory, delivery: Delivery) -> Order:
    """The order after `delivery`; refuses unknown lines, quantities ≤ 0 or beyond what remains."""
    order = history.order
    _require(order, *DELIVERABLE, action="recording a delivery")
    problems: list[FieldProblem] = []
    if not delivery.lines:
        problems.append(FieldProblem.of("lines", "delivery_needs_least_one_line", "a delivery needs at least one line"))
    seen: set[int] = set()
    for i, dl in enumerate(delivery.lines):
        at = f"lines[{i}]"
        if dl.line_no in seen:
            problems.append(
                FieldProblem.of(
                    f"{at}.line_no", "line_appears_twice", "line {line_no} appears twice", line_no=dl.line_no
                )
            )
        seen.add(dl.line_no)
        if order.line(dl.line_no) is None:
            problems.append(
                FieldProblem.of(
                    f"{at}.line_no",
                    "order_no_line",
                    "order {order_id} has no line {line_no}",
                    order_id=order.id,
                    line_no=dl.line_no,
                )
            )
            continue
        q = quantity_problem(dl.quantity, field=f"{at}.quantity")
        if q:
            problems.append(q)
            continue
        remaining = history.remaining(dl.line_no)
        if dl.quantity > remaining:
            line = order.line(dl.line_no)
            unit = line.unit if line else ""
            problems.append(
                FieldProblem.of(
                    f"{at}.quantity",
                    "more_left_deliver_line",
                    "{quantity} {unit} is more than the {remaining} {unit} left to deliver on line {line_no}",
                    quantity=dl.quantity,
                    unit=unit,
                    remaining=remaining,
                    line_no=dl.line_no,
                )
            )
    if delivery.delivered_on < order.created_at.date():
        problems.append(
            FieldProblem.of(
                "delivered_on",
                "before_order_was_made",
                "{delivered_on} is before the order was made",
                delivered_on=delivery.delivered_on,
            )
        )
    if problems:
        raise InvalidInput(problems, source=f"delivery for order {order.id}")
    after = OrderHistory(order, (*history.deliveries, delivery), history.receipts)
    status = OrderStatus.DELIVERED if after.fully_delivered else OrderStatus.PARTLY_DELIVERED
    return replace(order, status=status)


def check_receipt(history: OrderHistory, receipt: Receipt) -> None:
    """The receiving unit acknowledges a delivery: quantities up to what was delivered, once."""
    order = history.order
    _require(order, *DELIVERABLE, OrderStatus.DELIVERED, action="receipting a delivery")
    delivery = next((d for d in history.deliveries if d.id == receipt.delivery_id), None)
    if delivery is None:
        raise InvalidInput.of(
            "delivery_id",
            "order_no_delivery",
            "order {order_id} has no delivery {delivery_id}",
            order_id=order.id,
            delivery_id=receipt.delivery_id,
        )
    if history.receipt_of(delivery.id):
        raise Conflict.of(
            "conflict.delivery_receipted_already",
            "delivery {delivery_id} is receipted already",
            delivery_id=delivery.id,
        )
    if receipt.receiving_unit != order.requesting_unit:
        raise Forbidden.of(
            "forbidden.only_receiving_unit_receipts_deliveries",
            "only the receiving unit {requesting_unit} receipts deliveries of order {order_id}",
            requesting_unit=order.requesting_unit,
            order_id=order.id,
        )
    _duties(history, receipt.receipted_by, "receipt")
    delivered = {dl.line_no: dl.quantity for dl in delivery.lines}
    problems: list[FieldProblem] = []
    for i, rl in enumerate(receipt.lines):
        if rl.line_no not in delivered:
            problems.append(
                FieldProblem.of(
                    f"lines[{i}].line_no",
                    "delivery_no_line",
                    "delivery {delivery_id} has no line {line_no}",
                    delivery_id=delivery.id,
                    line_no=rl.line_no,
                )
            )
        elif rl.quantity < 0:
            problems.append(
                FieldProblem.of(
                    f"lines[{i}].quantity",
                    "must_not_negative_got",
                    "must not be negative, got {quantity}",
                    quantity=rl.quantity,
                )
            )
        elif rl.quantity > delivered[rl.line_no]:
            problems.append(
                FieldProblem.of(
                    f"lines[{i}].quantity",
                    "receipted_but_delivered",
                    "{quantity} receipted but {delivered} delivered",
                    quantity=rl.quantity,
                    delivered=delivered[rl.line_no],
                )
            )
    if receipt.receipted_on < delivery.delivered_on:
        problems.append(
            FieldProblem.of(
                "receipted_on",
                "before_delivery",
                "{receipted_on} is before the delivery",
                receipted_on=receipt.receipted_on,
            )
        )
    if problems:
        raise InvalidInput(problems, source=f"receipt of delivery {delivery.id}")


def bill(history: OrderHistory, *, user_id: str) -> Order:
    order = history.order
    _require(order, OrderStatus.PARTLY_DELIVERED, OrderStatus.DELIVERED, action="billing")
    if not history.all_receipted:
        raise Conflict.of(
            "conflict.order_deliveries_not_yet_receipted",
            "order {order_id} has deliveries not yet receipted; receipt them before billing",
            order_id=order.id,
        )
    _duties(history, user_id, "bill")
    return replace(order, status=OrderStatus.BILLED, billed_by=user_id)


def settle(order: Order) -> Order:
    _require(order, OrderStatus.BILLED, action="settling")
    return replace(order, status=OrderStatus.SETTLED)


def reopen(order: Order) -> Order:
    """A settled order owes again after a correction (a reversed payment): back to billed."""
    _require(order, OrderStatus.SETTLED, OrderStatus.BILLED, action="correcting a payment")
    return replace(order, status=OrderStatus.BILLED)


def close(order: Order) -> Order:
    if order.status is not OrderStatus.SETTLED:
        raise Conflict.of(
            "conflict.order_only_settled_order_closed",
            "order {order_id} is {status}: only a settled order is closed (open reimbursement stays visible "
            "until it is settled)",
            order_id=order.id,
            reference=order.reference or order.id,
            status=order.status.value,
        )
    return replace(order, status=OrderStatus.CLOSED)


def cancel(history: OrderHistory, *, reason: str) -> Order:
    order = history.order
    _require(order, OrderStatus.DRAFT, OrderStatus.SIGNED, OrderStatus.ACCEPTED, action="cancelling")
    if history.deliveries:
        raise Conflict.of(
            "conflict.order_deliveries_cannot_cancelled",
            "order {order_id} has deliveries; it cannot be cancelled",
            order_id=order.id,
        )
    if not reason.strip():
        raise InvalidInput.of("reason", "cancellation_needs_reason", "a cancellation needs its reason")
    return replace(order, status=OrderStatus.CANCELLED, note=reason)


def amend(history: OrderHistory, *, lines: tuple[OrderLine, ...], reason: str, terms: OrderTerms) -> Order:
    """A new version with new lines; it must be signed again by both parties."""
    order = history.order
    _require(order, OrderStatus.DRAFT, OrderStatus.SIGNED, OrderStatus.ACCEPTED, action="amending")
    if history.deliveries:
        raise Conflict.of(
            "conflict.order_deliveries_amend_no_more",
            "order {order_id} has deliveries; amend it no more (order the rest separately)",
            order_id=order.id,
        )
    if not reason.strip():
        raise InvalidInput.of("reason", "amendment_needs_reason", "an amendment needs its reason")
    amended = replace(
        order,
        lines=lines,
        version=order.version + 1,
        status=OrderStatus.DRAFT,
        accepted_by=None,
        amendment_reason=reason,
    )
    check_new_order(amended, terms)
    return amended


def require_open(order: Order, *, action: str) -> None:
    """Payments and postings are refused once an order is closed or cancelled."""
    if order.status in (OrderStatus.CLOSED, OrderStatus.CANCELLED):
        raise Conflict.of(
            "conflict.order_refused",
            "order {order_id} is {status}; {action} is refused",
            order_id=order.id,
            reference=order.reference or order.id,
            status=order.status.value,
            action=action,
        )


__all__ = [
    "Violation",
    "accept",
    "amend",
    "bill",
    "cancel",
    "check_delivery",
    "check_new_order",
    "check_receipt",
    "close",
    "reopen",
    "require_open",
    "settle",
    "sign",
]

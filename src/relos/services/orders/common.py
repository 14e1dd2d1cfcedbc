"""What the order and ledger use cases share: reading input into domain values, loading an
order or agreement the actor may see, the JSON forms of orders, and idempotency keys.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from relos.domain.actor import Actor
from relos.domain.agreements import status_at
from relos.domain.errors import Conflict, FieldProblem, InvalidInput, NotFound, RuleViolated
from relos.domain.ledger.errors import LedgerError
from relos.domain.ledger.money import Money
from relos.domain.orders.model import Delivery, OrderHistory, OrderLine, OrderStatus, Receipt, SupportOrder
from relos.domain.orders.rules import completeness_problems, not_in_force_violation, order_value
from relos.domain.orders.terms import OrderTerms, order_terms, parse_decimal
from relos.domain.recorded import in_future
from relos.services.agreements.ports import StoredAgreement
from relos.services.ledger.ports import StoredKey
from relos.services.orders import results
from relos.services.people.authority import require_visible
from relos.services.unit_of_work import UnitOfWork

T = TypeVar("T")
R = TypeVar("R", bound=Mapping[str, Any])


def ledger_call(fn: Callable[[], T]) -> T:
    """Run a ledger-domain call, turning its LedgerError into InvalidInput naming the field."""
    try:
        return fn()
    except LedgerError as exc:
        raise InvalidInput.for_field(exc.field, exc.message) from exc


def money_in(amount: object, currency: object, *, field: str, problems: list[FieldProblem]) -> Money | None:
    """Money from user input, or None with the problem appended (unknown currency, not a number)."""
    number = parse_decimal(amount)
    if number is None:
        problems.append(
            FieldProblem.of(field, "not_decimal_number_2", "{amount!r} is not a decimal number", amount=amount)
        )
        return None
    try:
        return Money.of(number, currency, field=field)
    except LedgerError as exc:
        problems.append(FieldProblem(exc.field, exc.message))
        return None


def quantity_in(value: object, *, field: str, problems: list[FieldProblem]) -> Decimal | None:
    number = parse_decimal(value)
    if number is None:
        problems.append(
            FieldProblem.of(field, "not_decimal_number_3", "{value!r} is not a decimal number", value=value)
        )
    return number


def visible_agreement(uow: UnitOfWork, actor: Actor, agreement_id: str) -> tuple[StoredAgreement, OrderTerms]:
    stored = uow.agreements.get(agreement_id)
    if stored is None:
        raise NotFound("agreement", agreement_id)
    require_visible(actor, stored.agreement.parties, kind="agreement", key=agreement_id)
    terms, problems = order_terms(stored.agreement)
    if problems:
        raise InvalidInput(problems, source=f"agreement {agreement_id}'s reimbursement terms")
    return stored, terms


def require_in_force(stored: StoredAgreement, on: date, *, action: str) -> None:
    """Refuse `action` on a day the agreement is not in force (rule `not_in_force`)."""
    status = status_at(stored.agreement, stored.events, on)
    violation = not_in_force_violation(status, agreement_id=stored.agreement.id, action=action)
    if violation is not None:
        raise RuleViolated([violation])


def visible_order(uow: UnitOfWork, actor: Actor, order_id: str) -> OrderHistory:
    history = uow.orders.get(order_id)
    if history is None:
        raise NotFound("order", order_id)
    order = history.order
    require_visible(actor, (order.requesting_party, order.supplying_party), kind="order", key=order_id)
    return history


def amount_json(m: Money) -> results.Amount:
    return {"amount": str(m.amount), "currency": m.currency}


def money_json(m: Money | None) -> results.Amount | None:
    return None if m is None else amount_json(m)


def line_json(ln: OrderLine) -> results.OrderLine:
    return {
        "line_no": ln.line_no,
        "category": ln.category.value,
        "item_code": ln.item_code,
        "description": ln.description,
        "quantity": str(ln.quantity),
        "unit": ln.unit,
        "unit_price": amount_json(ln.unit_price),
        "value": amount_json(ln.value),
        "method": ln.method.value,
        "list_price": money_json(ln.list_price),
        "price_list_id": ln.price_list_id,
        "price_reason": ln.price_reason,
        "departs_from_list": ln.departs_from_list,
    }


def order_document(order: SupportOrder) -> results.OrderDocument:
    """The canonical JSON of one version of an order (what both parties sign)."""
    return {
        "id": order.id,
        "reference": order.reference,
        "title": order.title,
        "version": order.version,
        "agreement_id": order.agreement_id,
        "requesting_party": order.requesting_party,
        "requesting_unit": order.requesting_unit,
        "supplying_party": order.supplying_party,
        "facility_id": order.facility_id,
        "deployment_id": order.deployment_id,
        "needed_by": order.needed_by.isoformat() if order.needed_by else None,
        "requested_by": order.requested_by,
        "lines": [line_json(ln) for ln in order.lines],
        "amendment_reason": order.amendment_reason,
    }


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def delivery_json(d: Delivery, r: Receipt | None) -> results.Delivery:
    return {
        "id": d.id,
        "order_id": d.order_id,
        "delivered_on": d.delivered_on.isoformat(),
        "lines": [{"line_no": dl.line_no, "quantity": str(dl.quantity)} for dl in d.lines],
        "recorded_by": d.recorded_by,
        "note": d.note,
        "receipt": None
        if r is None
        else {
            "id": r.id,
            "receipted_on": r.receipted_on.isoformat(),
            "receipted_by": r.receipted_by,
            "receiving_unit": r.receiving_unit,
            "lines": [{"line_no": rl.line_no, "quantity": str(rl.quantity)} for rl in r.lines],
            "note": r.note,
        },
    }


def order_json(history: OrderHistory) -> results.Order:
    order = history.order
    return {
        **order_document(order),
        "status": order.status.value,
        "created_at": order.created_at.isoformat(),
        "accepted_by": order.accepted_by,
        "billed_by": order.billed_by,
        "note": order.note,
        "incomplete": [
            {
                "field": p.field,
                "message": p.message,
                "code": p.refusal_code,
                "params": {k: str(v) for k, v in p.params.items()},
            }
            for p in completeness_problems(order)
        ]
        if order.status is OrderStatus.DRAFT
        else [],
        "value": {cur: str(m.amount) for cur, m in order_value(order).items()},
        "signatures": [
            {"party": s.party, "user_id": s.user_id, "signed_at": s.signed_at.isoformat(), "version": s.version}
            for s in order.signatures
        ],
        "remaining": [{"line_no": ln.line_no, "quantity": str(history.remaining(ln.line_no))} for ln in order.lines],
        "deliveries": [delivery_json(d, history.receipt_of(d.id)) for d in history.deliveries],
    }


# -- idempotency keys ---------------------------------------------------------------------------
def fingerprint(action: str, request: dict[str, Any]) -> str:
    return hashlib.sha256(canonical({"action": action, "request": request}).encode()).hexdigest()


def replayed(
    uow: UnitOfWork, *, key: str | None, actor: Actor, action: str, request: dict[str, Any], result: type[R]
) -> R | None:
    """The first result for `key` when this request was made before; None when it is new.

    `result` is the type of what `action` answers (the stored JSON is that result, as it was first
    given). Call inside the transaction; it serialises with every other request of the same user and key.
    Keys are per user; one reused by its user for a different request is a Conflict.
    """
    if key is None:
        return None
    if not key.strip() or len(key) > 128:
        raise InvalidInput.of("idempotency_key", "must_1_128_characters", "must be 1-128 characters")
    uow.lock(f"idempotency:{actor.user_id}:{key}")
    stored = uow.ledger.get_key(key, actor=actor.user_id)
    if stored is None:
        return None
    if stored.action != action or stored.fingerprint != fingerprint(action, request):
        raise Conflict.of(
            "conflict.idempotency_key_was_used_different",
            "idempotency key {key!r} was used for a different request",
            key=key,
        )
    first: R = json.loads(stored.result)
    return first


def remember(
    uow: UnitOfWork,
    *,
    key: str | None,
    actor: Actor,
    action: str,
    request: dict[str, Any],
    result: Mapping[str, Any],
) -> None:
    if key is not None:
        uow.ledger.put_key(StoredKey(key, actor.user_id, action, fingerprint(action, request), canonical(result)))


def day_or_today(value: date | None, today: date) -> date:
    return value if value is not None else today


def happened(
    field: str, day: date, *, now: datetime | None, tolerance: timedelta, problems: list[FieldProblem]
) -> None:
    """A day recorded as having happened must not lie in the future (relos.domain.recorded)."""
    problem = in_future(field, day, now=now or datetime.now(UTC), tolerance=tolerance)
    if problem is not None:
        problems.append(problem)

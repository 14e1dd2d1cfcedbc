"""What the `take_*` functions of a support order's exchange share (relos.services.orders.exchanged): who a
received document acts as, the order it is about and whether its sender decides it, its days and quantities, and
the refusals when the sender is not the authority or a fact comes out here otherwise than the partner says."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from relos.domain.actor import Actor
from relos.domain.errors import Conflict, FieldProblem, InvalidInput, NotFound, RuleViolated, Violation
from relos.domain.orders.model import DeliveryLine, OrderHistory
from relos.domain.recorded import DEFAULT_TOLERANCE, in_future
from relos.services.orders.common import quantity_in
from relos.services.unit_of_work import UnitOfWork


def person(sender: str, body: Mapping[str, Any], field: str) -> Actor:
    """The partner's official who did what a document says, as this instance names them (`IND:ind.finance`)."""
    return Actor(f"{sender}:{body.get(field) or 'unknown'}", sender, frozenset())


def not_authority(sender: str, role: str, record_id: str) -> Conflict:
    return Conflict.of(
        "conflict.exchange_not_authority_order",
        "{sender} is not the {role} of order {record_id}: it does not decide this",
        sender=sender,
        role=role,
        record_id=record_id,
    )


def differs(what: str, record_id: str, ours: object, theirs: object) -> RuleViolated:
    return RuleViolated(
        [
            Violation(
                "exchange_order_differs",
                f"{what} of order {record_id} comes out here as {ours}, not as the partner's {theirs}",
                {"what": what, "record_id": record_id, "ours": str(ours), "theirs": str(theirs)},
            )
        ]
    )


def held(uow: UnitOfWork, record_id: str, *, sender: str, own: str, sender_is: str) -> OrderHistory:
    """The order a document is about, which the sender must be the `sender_is` ("supplier"/"requester") of."""
    uow.lock(f"order:{record_id}")
    history = uow.orders.get(record_id)
    if history is None:
        raise NotFound("order", record_id)
    o = history.order
    expected = (o.supplying_party, o.requesting_party) if sender_is == "supplier" else (
        o.requesting_party, o.supplying_party)  # fmt: skip
    if expected != (sender, own):
        raise not_authority(sender, sender_is, record_id)
    return history


def day(body: Mapping[str, Any], field: str, now: datetime) -> date:
    """A day the document says something happened: a day, and not in the future here (rule recorded_in_future)."""
    try:
        found = date.fromisoformat(str(body.get(field)))
    except ValueError:
        raise InvalidInput.of(field, "exchange_not_day", "{value!r} is not a day", value=body.get(field)) from None
    future = in_future(field, found, now=now, tolerance=DEFAULT_TOLERANCE)
    if future is not None:
        raise InvalidInput([future], source="document")
    return found


def quantities(body: Mapping[str, Any]) -> tuple[DeliveryLine, ...]:
    problems: list[FieldProblem] = []
    found = []
    for i, line in enumerate(body.get("lines") or []):
        q = quantity_in(line.get("quantity"), field=f"lines[{i}].quantity", problems=problems)
        if q is not None:
            found.append(DeliveryLine(int(line.get("line_no") or 0), q))
    if problems:
        raise InvalidInput(problems, source="document")
    return tuple(found)

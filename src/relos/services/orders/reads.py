"""Reading support orders: one order with its versions, and the list of orders a party may see, a page at a
time (keyset paging)."""

from __future__ import annotations

from relos.domain.actor import Actor
from relos.domain.errors import InvalidInput
from relos.domain.orders.model import OrderStatus
from relos.services.orders import results
from relos.services.orders.common import order_json, visible_order
from relos.services.unit_of_work import UnitOfWork


def get_order(uow: UnitOfWork, *, actor: Actor, order_id: str) -> results.OrderWithVersions:
    with uow:
        history = visible_order(uow, actor, order_id)
        return {
            **order_json(history),
            "versions": [
                {
                    "version": v.version,
                    "reason": v.reason,
                    "recorded_by": v.recorded_by,
                    "recorded_at": v.recorded_at.isoformat(),
                }
                for v in uow.orders.versions(order_id)
            ],
        }


#: How a list of orders may be sorted: by when it was made, or by its reference.
SORTS = ("created", "reference")


def list_orders(
    uow: UnitOfWork,
    *,
    actor: Actor,
    agreement_id: str | None = None,
    status: str | None = None,
    after: str | None = None,
    limit: int | None = None,
    sort: str = "created",
    descending: bool = False,
) -> list[results.OrderSummary]:
    """Oldest first (`sort`: "created" or "reference"; `descending`: the other way). `after`: those following
    that order in this order (keyset paging); `limit`: at most that many."""
    if sort not in SORTS:
        raise InvalidInput.of("sort", "not_one_4", "{sort!r} is not one of {SORTS}", sort=sort, SORTS=", ".join(SORTS))
    wanted = None
    if status is not None:
        try:
            wanted = OrderStatus(status)
        except ValueError:
            raise InvalidInput.of(
                "status", "not_order_status", "{status!r} is not an order status", status=status
            ) from None
    with uow:
        parties = None if actor.party is None else (actor.party,)
        orders = uow.orders.list(
            agreement_id=agreement_id,
            status=wanted,
            parties=parties,
            after=after,
            limit=limit,
            sort=sort,
            descending=descending,
        )
        return [
            {
                "id": o.id,
                "reference": o.reference,
                "title": o.title,
                "agreement_id": o.agreement_id,
                "status": o.status.value,
                "version": o.version,
                "requesting_party": o.requesting_party,
                "requesting_unit": o.requesting_unit,
                "supplying_party": o.supplying_party,
                "facility_id": o.facility_id,
                "created_at": o.created_at.isoformat(),
                "lines": len(o.lines),
                "items": [ln.description or ln.item_code for ln in o.lines],
                "needed_by": o.needed_by.isoformat() if o.needed_by else None,
            }
            for o in orders
            if actor.may_see((o.requesting_party, o.supplying_party))
        ]

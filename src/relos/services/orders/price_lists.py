"""Use case of price lists: a supplying party records the prices it charges (national, or for one facility),
valid over [valid_from, valid_until) and naming their source; support orders take their prices from them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from uuid6 import uuid7

from relos.domain.actor import Actor, Role
from relos.domain.errors import FieldProblem, InvalidInput
from relos.domain.orders.pricing import PriceList, PriceListItem, price_list_problems
from relos.domain.parties import party_problem
from relos.services.orders import results
from relos.services.orders.common import money_in
from relos.services.people.authority import require_own_party, require_role
from relos.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class PriceItemInput:
    item_code: str
    unit: str
    price: object
    currency: str
    description: str = ""


def add_price_list(
    uow: UnitOfWork,
    *,
    actor: Actor,
    supplying_party: str,
    facility_id: str | None,
    valid_from: date,
    valid_until: date | None,
    source: str,
    items: list[PriceItemInput],
) -> results.PriceList:
    """Record a supplying party's price list (national when `facility_id` is None)."""
    require_role(actor, Role.LOGISTICS_OFFICER, Role.FINANCE_OFFICER, action="recording a price list")
    require_own_party(actor, supplying_party, action="recording a price list")
    problems: list[FieldProblem] = []
    bad_party = party_problem(supplying_party, field="supplying_party")
    if bad_party:
        problems.append(bad_party)
    parsed: list[PriceListItem] = []
    for i, item in enumerate(items):
        price = money_in(item.price, item.currency, field=f"items[{i}].price", problems=problems)
        if price is not None:
            parsed.append(PriceListItem(item.item_code, item.unit, price, item.description))
    price_list = PriceList(
        id=str(uuid7()),
        supplying_party=supplying_party,
        facility_id=facility_id or None,
        valid_from=valid_from,
        valid_until=valid_until,
        source=source,
        items=tuple(parsed),
    )
    problems += price_list_problems(price_list)
    if problems:
        raise InvalidInput(problems, source="price list")
    with uow:
        uow.orders.add_price_list(price_list, recorded_by=actor.user_id)
        after = price_list_json(price_list)
        uow.audit.record(
            actor=actor,
            action="price_list.added",
            entity="price_list",
            entity_id=price_list.id,
            before=None,
            after=after,
            subject_party=price_list.supplying_party,
        )
        uow.commit()
        return after


def price_list_json(pl: PriceList) -> results.PriceList:
    return {
        "id": pl.id,
        "supplying_party": pl.supplying_party,
        "facility_id": pl.facility_id,
        "valid_from": pl.valid_from.isoformat(),
        "valid_until": pl.valid_until.isoformat() if pl.valid_until else None,
        "source": pl.source,
        "items": [
            {
                "item_code": i.item_code,
                "unit": i.unit,
                "price": str(i.price.amount),
                "currency": i.price.currency,
                "description": i.description,
            }
            for i in pl.items
        ],
    }

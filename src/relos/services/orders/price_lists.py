"""Use cases of price lists: a supplying party records the prices it charges (national, or for one facility),
valid over [valid_from, valid_until) and naming their source; support orders take their prices from them, and a
requesting party reads what the supplier's lists offer at a facility on a day (the prices a line would take)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from uuid6 import uuid7

from relos.domain.actor import Actor, Role
from relos.domain.errors import FieldProblem, InvalidInput
from relos.domain.orders.pricing import PriceList, PriceListItem, list_price, price_list_problems
from relos.domain.parties import party_problem
from relos.services.exchange.authority import require_deciding_instance
from relos.services.orders import results
from relos.services.orders.common import money_in, visible_agreement
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
    now: datetime | None = None,
) -> results.PriceList:
    """Record a supplying party's price list (national when `facility_id` is None), recorded at `now` (default the
    real clock)."""
    require_role(actor, Role.LOGISTICS_OFFICER, Role.FINANCE_OFFICER, action="recording a price list")
    require_own_party(actor, supplying_party, action="recording a price list")
    price_list = checked_price_list(str(uuid7()), supplying_party, facility_id, valid_from, valid_until, source, items)
    with uow:
        require_deciding_instance(uow, party=supplying_party, action="recording a price list")
        after = store_price_list(uow, actor=actor, price_list=price_list, now=now or datetime.now(UTC))
        uow.commit()
        return after


def checked_price_list(
    price_list_id: str, supplying_party: str, facility_id: str | None, valid_from: date, valid_until: date | None,
    source: str, items: list[PriceItemInput],
) -> PriceList:  # fmt: skip
    """The price list as given, or InvalidInput naming every problem (its party, an item's price, its dates)."""
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
        id=price_list_id,
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
    return price_list


def store_price_list(uow: UnitOfWork, *, actor: Actor, price_list: PriceList, now: datetime) -> results.PriceList:
    """Keep the price list and audit it, inside the caller's transaction (the supplier's own, or one its
    instance sent: relos.services.orders.exchanged)."""
    uow.orders.add_price_list(price_list, recorded_by=actor.user_id, now=now)
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
    return after


def offered_items(
    uow: UnitOfWork, *, actor: Actor, agreement_id: str, facility_id: str, on: date, party: str | None = None
) -> results.PriceOffer:
    """The items the supplier (the partner of `party`, default the actor's) lists for `facility_id` on `on`, each
    at the price an order line takes: the facility's list first, else the national one (domain.orders.pricing)."""
    requesting = party or actor.party
    if requesting is None:
        raise InvalidInput.of(
            "requesting_party", "operator_names_requesting_party", "the operator names the requesting party"
        )
    with uow:
        stored, _ = visible_agreement(uow, actor, agreement_id)
        if requesting not in stored.agreement.parties:
            raise InvalidInput.of(
                "requesting_party",
                "not_party_5",
                "{requesting} is not a party to {agreement_id}",
                requesting=requesting,
                agreement_id=agreement_id,
            )
        supplier = stored.agreement.partner_of(requesting)
        lists = [pl for pl in uow.orders.price_lists(supplier) if pl.valid_on(on)]
    seen: dict[tuple[str, str], results.OfferedItem] = {}
    for pl in sorted(lists, key=lambda p: (p.facility_id is not None, p.valid_from)):
        for item in pl.items:
            key = (item.item_code, item.unit)
            if key in seen or pl.facility_id not in (None, facility_id):
                continue
            found = list_price(
                lists,
                supplying_party=supplier,
                facility_id=facility_id,
                item_code=item.item_code,
                unit=item.unit,
                on=on,
            )
            if found is None:
                continue
            source = next(p for p in lists if p.id == found.price_list_id)
            listed = source.item(item.item_code, item.unit)
            seen[key] = {
                "item_code": item.item_code,
                "unit": item.unit,
                "description": listed.description if listed else item.description,
                "price": str(found.price.amount),
                "currency": found.price.currency,
                "price_list_id": found.price_list_id,
                "source": found.source,
                "facility_id": source.facility_id,
            }
    return {
        "agreement_id": agreement_id,
        "requesting_party": requesting,
        "supplying_party": supplier,
        "facility_id": facility_id,
        "on": on.isoformat(),
        "items": sorted(seen.values(), key=lambda i: (i["item_code"], i["unit"])),
    }


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

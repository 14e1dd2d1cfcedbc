"""Actors and a priced order under RELOS, shared by the order and ledger integration tests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from relos.db.runtime import Database
from relos.domain.actor import Actor, Role
from relos.services.orders import lifecycle as order_service
from relos.services.orders.lifecycle import LineInput
from relos.services.orders.price_lists import PriceItemInput, add_price_list


def person(user_id: str, party: str, *roles: Role) -> Actor:
    return Actor(user_id=user_id, party=party, roles=frozenset(roles))


REQUESTER = person("ind.requester", "IND", Role.REQUESTER)
IND_SIGNER = person("ind.captain", "IND", Role.HOST_APPROVER)
RUS_SIGNER = person("rus.commander", "RUS", Role.HOST_APPROVER)
RUS_LOGISTICS = person("rus.logistics", "RUS", Role.LOGISTICS_OFFICER)
IND_RECEIVER = person("ind.supply_officer", "IND", Role.LOGISTICS_OFFICER)
RUS_BILLING = person("rus.finance", "RUS", Role.FINANCE_OFFICER)
IND_FINANCE = person("ind.finance", "IND", Role.FINANCE_OFFICER)

CREATED = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def price_list(db: Database) -> dict[str, Any]:
    return add_price_list(
        db.uow(),
        actor=RUS_LOGISTICS,
        supplying_party="RUS",
        facility_id=None,
        valid_from=date(2026, 1, 1),
        valid_until=date(2027, 1, 1),
        source="Test price list (national), 2026",
        items=[
            PriceItemInput("F-76", "L", "95.50", "RUB", "Naval distillate fuel"),
            PriceItemInput("WATER-POTABLE", "m3", "120.00", "RUB", "Potable water"),
        ],
    )


def fuel_and_water() -> list[LineInput]:
    return [
        LineInput("petroleum_oils_lubricants", "F-76", "Naval distillate fuel", "1000", "L", "cash"),
        LineInput(
            "water",
            "WATER-POTABLE",
            "Potable water",
            "50",
            "m3",
            "replacement_in_kind",
            unit_price="110.00",
            currency="RUB",
            price_reason="Port discount agreed by the harbour master",
        ),
    ]


def draft(
    db: Database, lines: list[LineInput] | None = None, agreement_id: str = "relos-ind-rus", **kwargs: Any
) -> dict[str, Any]:
    return order_service.create_order(
        db.uow(),
        actor=REQUESTER,
        agreement_id=agreement_id,
        requesting_unit="INS Tabar",
        facility_id="RU-VVO",
        lines=fuel_and_water() if lines is None else lines,
        now=CREATED,
        **kwargs,
    )


def accepted(db: Database) -> dict[str, Any]:
    order = draft(db)
    order_service.sign_order(db.uow(), actor=IND_SIGNER, order_id=order["id"], now=CREATED)
    order_service.sign_order(db.uow(), actor=RUS_SIGNER, order_id=order["id"], now=CREATED)
    return order_service.accept_order(db.uow(), actor=RUS_LOGISTICS, order_id=order["id"], now=CREATED)

"""A support order walked across the two parties' instances of the exchange tests (exchange_helpers): Russia's
price list crosses to India; India's requester orders fuel and water for its deployment at the Russian base and
its official signs; Russia's signs and accepts, delivers; India receipts; Russia bills; India pays — each step
in the instance of the party that decides it, each crossing by file bundle."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from tests.integration.exchange_helpers import IND_REQUESTER, OPERATOR, Instance, day

from relos.domain.actor import Actor, Role
from relos.services.exchange import reconcile, settlement
from relos.services.ledger import reimbursement
from relos.services.orders import deliveries
from relos.services.orders import lifecycle as orders
from relos.services.orders.lifecycle import LineInput
from relos.services.orders.price_lists import PriceItemInput, add_price_list

IND_SIGNER = Actor("ind.captain", "IND", frozenset({Role.HOST_APPROVER}))
IND_RECEIVER = Actor("ind.supply_officer", "IND", frozenset({Role.LOGISTICS_OFFICER}))
IND_FINANCE = Actor("ind.finance", "IND", frozenset({Role.FINANCE_OFFICER}))
RUS_SIGNER = Actor("rus.commander", "RUS", frozenset({Role.HOST_APPROVER}))
RUS_SUPPLY = Actor("rus.supply", "RUS", frozenset({Role.LOGISTICS_OFFICER}))
RUS_FINANCE = Actor("rus.finance", "RUS", frozenset({Role.FINANCE_OFFICER}))


def price_list(russia: Instance) -> str:
    """Russia's national price list of fuel and water for 2026: its id."""
    made = add_price_list(
        russia.db.uow(), actor=RUS_SUPPLY, supplying_party="RUS", facility_id=None, valid_from=date(2026, 1, 1),
        valid_until=date(2027, 1, 1), source="Test price list (national), 2026",
        items=[PriceItemInput("F-76", "L", "95.50", "RUB", "Naval distillate fuel"),
               PriceItemInput("WATER-POTABLE", "m3", "120.00", "RUB", "Potable water")],
    )  # fmt: skip
    return str(made["id"])


def fuel_and_water() -> list[LineInput]:
    return [
        LineInput("petroleum_oils_lubricants", "F-76", "Naval distillate fuel", "1000", "L", "cash"),
        LineInput("water", "WATER-POTABLE", "Potable water", "50", "m3", "cash"),
    ]


def ordered(india: Instance, deployment_id: str | None, lines: list[LineInput] | None = None) -> str:
    """India's requester orders for its deployment at the base and India's official signs: the order's id."""
    made = orders.create_order(
        india.db.uow(), actor=IND_REQUESTER, agreement_id="relos-ind-rus", requesting_unit="INS Test 0",
        facility_id="RU-TST", lines=lines or fuel_and_water(), deployment_id=deployment_id, now=day(1),
    )  # fmt: skip
    orders.sign_order(india.db.uow(), actor=IND_SIGNER, order_id=made["id"], now=day(1))
    return str(made["id"])


def accepted_in_russia(russia: Instance, order_id: str) -> None:
    orders.sign_order(russia.db.uow(), actor=RUS_SIGNER, order_id=order_id, now=day(1))
    orders.accept_order(russia.db.uow(), actor=RUS_SUPPLY, order_id=order_id)


def delivered_in_russia(russia: Instance, order_id: str, *, fuel: str = "1000", water: str = "50") -> str:
    """Russia's supply officer hands over fuel and water on day 2: the delivery's id."""
    done = deliveries.record_delivery(
        russia.db.uow(), actor=RUS_SUPPLY, order_id=order_id, delivered_on=day(2).date(),
        lines=[(1, fuel), (2, water)], now=day(2),
    )  # fmt: skip
    return str(done["id"])


def receipted_in_india(india: Instance, order_id: str, delivery_id: str) -> dict[str, Any]:
    return dict(
        deliveries.receipt_delivery(
            india.db.uow(),
            actor=IND_RECEIVER,
            order_id=order_id,
            delivery_id=delivery_id,
            receipted_on=day(3).date(),
            now=day(3),
        )
    )


def billed_in_russia(russia: Instance, order_id: str) -> dict[str, Any]:
    billed = reimbursement.bill_order(
        russia.db.uow(), actor=RUS_FINANCE, order_id=order_id, issued_on=day(4).date(), now=day(4)
    )
    assert billed["invoice"] is not None
    return dict(billed["invoice"])


def paid_in_india(india: Instance, invoice: dict[str, Any], *, currency: str | None = None) -> dict[str, Any]:
    return dict(
        reimbursement.record_payment(
            india.db.uow(),
            actor=IND_FINANCE,
            invoice_id=invoice["id"],
            amount=invoice["amount"],
            currency=currency or invoice["currency"],
            paid_on=day(5).date(),
            reference="SWIFT 0001",
            now=day(5),
        )
    )


def billed(india: Instance, russia: Instance, order_id: str) -> tuple[dict[str, Any], bytes]:
    """Russia accepts and delivers the order both signed, India receipts it, Russia bills it: the invoice, and
    Russia's bundle with it, not taken by India yet (the two ledgers differ by the invoice until it is)."""
    accepted_in_russia(russia, order_id)
    delivery_id = delivered_in_russia(russia, order_id)
    india.take(russia.export("IND", now=day(2)), now=day(2))
    receipted_in_india(india, order_id, delivery_id)
    russia.take(india.export("RUS", now=day(3)), now=day(3))
    invoice = billed_in_russia(russia, order_id)
    return invoice, russia.export("IND", now=day(4))


def billed_not_crossed(india: Instance, russia: Instance) -> tuple[dict[str, Any], bytes]:
    """Russia's price list crossed, an order made and signed in India and crossed, then `billed`."""
    price_list(russia)
    india.take(russia.export("IND", now=day(1)), now=day(1))
    order_id = ordered(india, None)
    russia.take(india.export("RUS", now=day(1)), now=day(1))
    return billed(india, russia, order_id)


def settled_before_paying(india: Instance, russia: Instance) -> None:
    """Both sign the certificate of 2026 on day 4: Russia certifies India's digest, India countersigns, Russia
    keeps it (a payment opens only then)."""
    at = {"where": "file.json", "today": day(4).date(), "now": day(4)}
    digest = reconcile.make_digest(
        india.db.uow(), actor=OPERATOR, agreement_id="relos-ind-rus", period="2026", key=india.key,
        today=day(4).date(), now=day(4),
    )  # fmt: skip
    by_russia = settlement.certify(russia.db.uow(), actor=OPERATOR, data=json.dumps(digest).encode(),
                                   key=russia.key, **at)  # fmt: skip
    both = settlement.countersign(india.db.uow(), actor=OPERATOR, data=json.dumps(by_russia).encode(),
                                  key=india.key, **at)  # fmt: skip
    settlement.record_countersigned(russia.db.uow(), actor=OPERATOR, data=json.dumps(both).encode(),
                                    where="file.json")  # fmt: skip

"""Water owed in kind across the two parties' instances (India's on SQLite, Russia's on PostgreSQL): the receipt
in India's instance posts the obligation to return it in kind; India returns part of it, which crosses; Russia's
instance converts the rest, overdue, to a cash debt and bills it; both cross to India's instance, which converts
and bills the same, so the two ledgers agree record by record."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from tests.integration.exchange_helpers import OPERATOR, Instance, crossed, day
from tests.integration.exchange_orders_helpers import (
    IND_RECEIVER,
    RUS_FINANCE,
    accepted_in_russia,
    delivered_in_russia,
    fuel_and_water,
    ordered,
    price_list,
    receipted_in_india,
)

from relos.services.exchange import reconcile
from relos.services.ledger import reimbursement
from relos.services.orders import deliveries

PERIOD = "2026"


def _state(one: Instance, order_id: str) -> tuple[object, ...]:
    with one.db.uow(read_only=True) as uow:
        history = uow.orders.get(order_id)
        obligations = uow.claims.obligations(order_id=order_id)
        ids = [ob.id for ob in obligations]
        invoices = uow.claims.invoices(order_id=order_id)
        return (history.order.status if history else None, obligations, uow.claims.satisfactions(ids),
                uow.claims.conversions(ids), invoices, uow.ledger.balances(agreement_id="relos-ind-rus"))  # fmt: skip


def test_water_owed_in_kind_part_returned_in_india_the_rest_converted_in_russia_is_billed_and_agrees(
    instances: tuple[Instance, Instance],
) -> None:
    india, russia = instances
    price_list(russia)
    india.take(russia.export("IND", now=day(1)), now=day(1))
    lines = [replace(line, method="replacement_in_kind") if line.item_code == "WATER-POTABLE" else line
             for line in fuel_and_water()]  # fmt: skip
    order_id = ordered(india, None, lines)
    russia.take(india.export("RUS", now=day(1)), now=day(1))
    accepted_in_russia(russia, order_id)
    delivery_id = delivered_in_russia(russia, order_id)
    india.take(russia.export("IND", now=day(2)), now=day(2))
    receipted = receipted_in_india(india, order_id, delivery_id)
    (owed,) = [ob for ob in receipted["obligations"] if ob["method"] == "replacement_in_kind"]
    deliveries.satisfy_in_kind(
        india.db.uow(), actor=IND_RECEIVER, obligation_id=owed["id"], value="2000.00", currency="RUB",
        satisfied_on=day(10).date(), delivery_ref="20 m3 of water returned at Visakhapatnam", now=day(10),
    )  # fmt: skip
    taken = russia.take(india.export("RUS", now=day(10)), now=day(10))
    assert crossed(taken) == ["order.receipt", "order.satisfaction"]

    due = date.fromisoformat(owed["due_on"])
    late = datetime.combine(due + timedelta(days=1), time(12), tzinfo=UTC)
    (converted,) = reimbursement.convert_overdue(russia.db.uow(), actor=RUS_FINANCE, on=late.date(), now=late)
    assert converted["cash_debt"] == "4000.00"  # 6000.00 owed in kind, 2000.00 returned
    invoice = reimbursement.bill_order(
        russia.db.uow(), actor=RUS_FINANCE, order_id=order_id, issued_on=late.date(), now=late
    )["invoice"]
    assert invoice is not None
    assert crossed(india.take(russia.export("IND", now=late), now=late)) == ["order.conversion", "order.invoice"]
    assert _state(india, order_id) == _state(russia, order_id)
    digest = reconcile.make_digest(
        india.db.uow(), actor=OPERATOR, agreement_id="relos-ind-rus", period=PERIOD, key=india.key,
        today=late.date(), now=late,
    )  # fmt: skip
    found = reconcile.reconcile(
        russia.db.uow(), actor=OPERATOR, data=json.dumps(digest).encode(), where="digest.json", key=russia.key,
        today=late.date(), now=late,
    )  # fmt: skip
    assert found.agreed, found.differences

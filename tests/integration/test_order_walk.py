"""An order from draft to closed on both databases; the statement shows every step."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tests.integration.orders_helpers import (
    IND_FINANCE,
    IND_RECEIVER,
    RUS_BILLING,
    RUS_LOGISTICS,
    accepted,
    price_list,
)

from relos.db.runtime import Database
from relos.services.ledger import reimbursement, statements
from relos.services.orders import deliveries
from relos.services.orders import lifecycle as order_service


def test_order_walks_from_draft_to_closed_and_statement_shows_every_step(orders_db: Database) -> None:
    price_list(orders_db)
    order = accepted(orders_db)
    assert order["status"] == "accepted"
    assert [s["party"] for s in order["signatures"]] == ["IND", "RUS"]
    oid = order["id"]

    first = deliveries.record_delivery(
        orders_db.uow(), actor=RUS_LOGISTICS, order_id=oid, delivered_on=date(2026, 3, 2), lines=[(1, "600"), (2, "50")]
    )
    assert first["order_status"] == "partly_delivered"
    r1 = deliveries.receipt_delivery(
        orders_db.uow(), actor=IND_RECEIVER, order_id=oid, delivery_id=first["id"], receipted_on=date(2026, 3, 2)
    )
    assert {o["method"]: o["value"] for o in r1["obligations"]} == {
        "cash": "57300.00",
        "replacement_in_kind": "5500.00",
    }
    rik = next(o for o in r1["obligations"] if o["method"] == "replacement_in_kind")
    assert rik["due_on"] == "2027-03-02"

    second = deliveries.record_delivery(
        orders_db.uow(), actor=RUS_LOGISTICS, order_id=oid, delivered_on=date(2026, 3, 3), lines=[(1, "400")]
    )
    assert second["order_status"] == "delivered"
    deliveries.receipt_delivery(
        orders_db.uow(), actor=IND_RECEIVER, order_id=oid, delivery_id=second["id"], receipted_on=date(2026, 3, 3)
    )

    billed = reimbursement.bill_order(orders_db.uow(), actor=RUS_BILLING, order_id=oid, issued_on=date(2026, 3, 10))
    assert billed["status"] == "billed"
    assert billed["invoice"]["amount"] == "95500.00"

    deliveries.satisfy_in_kind(
        orders_db.uow(),
        actor=IND_RECEIVER,
        obligation_id=rik["id"],
        value="5500.00",
        currency="RUB",
        satisfied_on=date(2026, 6, 1),
        delivery_ref="IND water delivery note 17",
    )
    paid = reimbursement.record_payment(
        orders_db.uow(),
        actor=IND_FINANCE,
        invoice_id=billed["invoice"]["id"],
        amount="95500.00",
        currency="RUB",
        paid_on=date(2026, 4, 1),
        reference="SWIFT 123",
    )
    assert paid["order_status"] == "settled"
    closed = reimbursement.close_order(orders_db.uow(), actor=RUS_BILLING, order_id=oid)
    assert closed["status"] == "closed"

    st = statements.ledger_statement(
        orders_db.uow(), actor=IND_FINANCE, agreement_id="relos-ind-rus", period="2026", today=date(2026, 12, 31)
    )
    assert [o["id"] for o in st["orders"]] == [oid]
    assert st["orders"][0]["status"] == "closed"
    assert st["orders"][0]["price_departures"][0]["reason"].startswith("Port discount")
    assert len(st["deliveries"]) == 2 and all(d["receipt"] for d in st["deliveries"])
    assert {o["method"] for o in st["obligations"]} == {"cash", "replacement_in_kind"}
    assert [o["status"] for o in st["obligations"] if o["method"] != "cash"] == ["satisfied"]
    assert len(st["invoices"]) == 1 and st["invoices"][0]["outstanding"] == "0.00"
    assert len(st["payments"]) == 1 and st["satisfactions"][0]["value"] == "5500.00"
    kinds = {t["kind"]: t["count"] for t in st["transactions"]}
    assert kinds == {"obligation": 3, "invoice": 1, "payment": 1, "satisfaction": 1}
    assert st["netting"]["cash_per_currency"] in ({}, {"RUB": "0.00"}, {"RUB": "0"})
    assert st["overdue"] == [] and st["ageing"] == []
    closing = {(r["party"], r["account"]): Decimal(r["amount"]) for r in st["balances"]["closing"]}
    assert closing[("RUS", "cash")] == Decimal("95500.00")
    assert closing[("IND", "cash")] == Decimal("-95500.00")
    assert sum(Decimal(r["amount"]) for r in st["balances"]["closing"]) == 0
    assert order_service.get_order(orders_db.uow(), actor=IND_FINANCE, order_id=oid)["versions"][0]["version"] == 1

"""Rule `invoice_not_before_billed` through the billing use case, on both databases: an invoice dated before
a debt it bills is refused naming `issued_on`, and nothing is written."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text
from tests.integration.orders_helpers import IND_RECEIVER, RUS_BILLING, RUS_LOGISTICS, accepted, price_list

from relos.db.runtime import Database
from relos.domain.errors import InvalidInput
from relos.services.ledger import reimbursement
from relos.services.orders import deliveries
from relos.services.orders import lifecycle as order_service

#: A clock after every day these tests record (an invoice or a conversion is a fact: never in the future).
LATER = datetime(2030, 1, 1, tzinfo=UTC)


def count(db: Database, table: str) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())


def receipted(db: Database, *, on: date, fuel: str = "1000", water: str = "50") -> tuple[str, str]:
    """An order delivered and receipted on `on`: fuel in cash, water in kind; (order id, in-kind obligation id)."""
    oid = accepted(db)["id"]
    d = deliveries.record_delivery(
        db.uow(), actor=RUS_LOGISTICS, order_id=oid, delivered_on=on, lines=[(1, fuel), (2, water)]
    )
    r = deliveries.receipt_delivery(db.uow(), actor=IND_RECEIVER, order_id=oid, delivery_id=d["id"], receipted_on=on)
    return oid, next(o["id"] for o in r["obligations"] if o["method"] != "cash")


def test_invoice_not_before_billed_refuses_an_invoice_dated_before_the_obligation(orders_db: Database) -> None:
    price_list(orders_db)
    oid, _ = receipted(orders_db, on=date(2026, 3, 4))
    postings = count(orders_db, "ledger_postings")
    with pytest.raises(InvalidInput) as err:
        reimbursement.bill_order(orders_db.uow(), actor=RUS_BILLING, order_id=oid, issued_on=date(2026, 3, 3))
    (problem,) = err.value.problems
    assert (problem.field, problem.rule) == ("issued_on", "invoice_not_before_billed")
    assert "2026-03-03 precedes 2026-03-04" in problem.message
    assert count(orders_db, "ledger_postings") == postings and count(orders_db, "ledger_invoices") == 0
    assert order_service.get_order(orders_db.uow(), actor=RUS_BILLING, order_id=oid)["status"] == "delivered"
    billed = reimbursement.bill_order(orders_db.uow(), actor=RUS_BILLING, order_id=oid, issued_on=date(2026, 3, 4))
    assert billed["invoice"] is not None and billed["invoice"]["amount"] == "95500.00"


def test_invoice_not_before_billed_counts_a_converted_in_kind_debt_from_its_conversion(orders_db: Database) -> None:
    price_list(orders_db)
    oid, rik = receipted(orders_db, on=date(2026, 3, 2), fuel="1")
    reimbursement.bill_order(orders_db.uow(), actor=RUS_BILLING, order_id=oid, issued_on=date(2026, 3, 5))
    reimbursement.convert_overdue(orders_db.uow(), actor=RUS_BILLING, on=date(2027, 3, 10), now=LATER)
    with pytest.raises(InvalidInput) as err:
        reimbursement.bill_order(
            orders_db.uow(), actor=RUS_BILLING, order_id=oid, issued_on=date(2027, 3, 9), now=LATER
        )
    (problem,) = err.value.problems
    assert problem.rule == "invoice_not_before_billed" and rik in problem.message and "2027-03-10" in problem.message
    again = reimbursement.bill_order(
        orders_db.uow(), actor=RUS_BILLING, order_id=oid, issued_on=date(2027, 3, 10), now=LATER
    )
    assert again["invoice"] is not None and again["invoice"]["obligation_ids"][-1] == rik

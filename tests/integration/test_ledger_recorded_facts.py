"""What the ledger records as having happened, on both databases: an invoice (`issued_on`), a conversion of overdue
in-kind debts to cash (`on`) and an exchange rate (`on`) dated in the future are refused (rule
`recorded_in_future`, relos.domain.recorded) and nothing is written; a conversion counts only what was returned in
kind by its day; a payment may leave the invoice overpaid on no day of the books (rule `not_over_paid`, payments
counted from their day until their correction's)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import text
from tests.integration.orders_helpers import (
    IND_FINANCE,
    IND_RECEIVER,
    RUS_BILLING,
    RUS_LOGISTICS,
    accepted,
    price_list,
)

from relos.db.runtime import Database
from relos.domain.errors import Conflict, InvalidInput
from relos.domain.recorded import RECORDED_IN_FUTURE
from relos.services.ledger import reimbursement, statements
from relos.services.orders import deliveries
from relos.services.orders import lifecycle as order_service

#: 3 December 2026, 10:00 UTC: the present these tests are judged at.
DEC_3 = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
LATER = datetime(2030, 1, 1, tzinfo=UTC)


def count(db: Database, table: str) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())


def receipted(db: Database, *, on: date, fuel: str = "1000", water: str = "50") -> tuple[str, dict[str, str]]:
    """An order delivered and receipted on `on`: fuel in cash, water in kind; (order id, the in-kind obligation)."""
    if count(db, "price_lists") == 0:
        price_list(db)
    oid = accepted(db)["id"]
    d = deliveries.record_delivery(
        db.uow(), actor=RUS_LOGISTICS, order_id=oid, delivered_on=on, lines=[(1, fuel), (2, water)], now=LATER
    )
    r = deliveries.receipt_delivery(
        db.uow(), actor=IND_RECEIVER, order_id=oid, delivery_id=d["id"], receipted_on=on, now=LATER
    )
    return oid, next(o for o in r["obligations"] if o["method"] != "cash")


def _problems(exc: pytest.ExceptionInfo[InvalidInput]) -> list[tuple[str, str | None]]:
    return [(p.field, p.rule) for p in exc.value.problems]


def test_recorded_in_future_refuses_an_invoice_issued_tomorrow(orders_db: Database) -> None:
    oid, _ = receipted(orders_db, on=date(2026, 11, 20))
    postings = count(orders_db, "ledger_postings")
    with pytest.raises(InvalidInput) as exc:  # 5 December has begun nowhere at 10:00 UTC on 3 December
        reimbursement.bill_order(
            orders_db.uow(), actor=RUS_BILLING, order_id=oid, issued_on=date(2026, 12, 5), now=DEC_3
        )
    assert _problems(exc) == [("issued_on", RECORDED_IN_FUTURE)]
    assert "2026-12-05" in exc.value.problems[0].message
    assert count(orders_db, "ledger_postings") == postings and count(orders_db, "ledger_invoices") == 0
    assert order_service.get_order(orders_db.uow(), actor=RUS_BILLING, order_id=oid)["status"] == "delivered"
    # 4 December has begun at UTC+14 (10:00 UTC on 3 December): an invoice of that day is recorded
    billed = reimbursement.bill_order(
        orders_db.uow(), actor=RUS_BILLING, order_id=oid, issued_on=date(2026, 12, 4), now=DEC_3
    )
    assert billed["invoice"] is not None and billed["invoice"]["issued_on"] == "2026-12-04"


def test_recorded_in_future_keeps_the_clock_tolerance_for_an_invoice(orders_db: Database) -> None:
    oid, _ = receipted(orders_db, on=date(2026, 11, 20))
    just_before = datetime(2026, 12, 4, 9, 50, tzinfo=UTC)  # 5 December begins at UTC+14 at 10:00 UTC
    with pytest.raises(InvalidInput) as exc:
        reimbursement.bill_order(
            orders_db.uow(), actor=RUS_BILLING, order_id=oid, issued_on=date(2026, 12, 5), now=just_before
        )
    assert _problems(exc) == [("issued_on", RECORDED_IN_FUTURE)]
    billed = reimbursement.bill_order(
        orders_db.uow(),
        actor=RUS_BILLING,
        order_id=oid,
        issued_on=date(2026, 12, 5),
        now=just_before,
        tolerance=timedelta(minutes=15),
    )
    assert billed["invoice"] is not None


def test_recorded_in_future_refuses_a_conversion_dated_ahead(orders_db: Database) -> None:
    _, rik = receipted(orders_db, on=date(2026, 3, 2))  # water in kind, due 2 March 2027
    mar_10 = datetime(2027, 3, 10, 10, 0, tzinfo=UTC)
    with pytest.raises(InvalidInput) as exc:
        reimbursement.convert_overdue(orders_db.uow(), actor=RUS_BILLING, on=date(2027, 3, 15), now=mar_10)
    assert _problems(exc) == [("on", RECORDED_IN_FUTURE)]
    assert count(orders_db, "ledger_conversions") == 0
    done = reimbursement.convert_overdue(orders_db.uow(), actor=RUS_BILLING, on=date(2027, 3, 10), now=mar_10)
    assert [c["obligation_id"] for c in done] == [rik["id"]]


def test_recorded_in_future_refuses_an_exchange_rate_dated_ahead(orders_db: Database) -> None:
    rates = count(orders_db, "ledger_exchange_rates")
    with pytest.raises(InvalidInput) as exc:
        reimbursement.record_rate(
            orders_db.uow(), actor=RUS_BILLING, base="USD", quote="RUB", rate="80.5", on=date(2026, 12, 31),
            source="Bank of Russia", now=DEC_3,
        )  # fmt: skip
    assert _problems(exc) == [("on", RECORDED_IN_FUTURE)]
    assert count(orders_db, "ledger_exchange_rates") == rates
    rate = reimbursement.record_rate(
        orders_db.uow(), actor=RUS_BILLING, base="USD", quote="RUB", rate="80.5", on=date(2026, 12, 3),
        source="Bank of Russia", now=DEC_3,
    )  # fmt: skip
    assert rate["on"] == "2026-12-03"


def test_a_conversion_counts_only_what_was_returned_in_kind_by_its_day(orders_db: Database) -> None:
    _, rik = receipted(orders_db, on=date(2026, 3, 2))  # 50 m3 of water in kind, due 2 March 2027
    value = rik["value"]
    deliveries.satisfy_in_kind(
        orders_db.uow(), actor=IND_RECEIVER, obligation_id=rik["id"], value="100.00", currency=rik["currency"],
        satisfied_on=date(2026, 9, 1), delivery_ref="returned in kind, part 1", now=LATER,
    )  # fmt: skip
    # a conversion run later but dated on the due day counts what was returned by then, and nothing after
    done = reimbursement.convert_overdue(orders_db.uow(), actor=RUS_BILLING, on=date(2027, 3, 2), now=LATER)
    (converted,) = done
    assert converted["obligation_id"] == rik["id"]
    assert Decimal(converted["cash_debt"]) == Decimal(value) - Decimal("100.00")
    # what is returned after the conversion is not taken: the debt is in cash now
    with pytest.raises(Conflict):
        deliveries.satisfy_in_kind(
            orders_db.uow(), actor=IND_RECEIVER, obligation_id=rik["id"], value="10.00", currency=rik["currency"],
            satisfied_on=date(2027, 3, 5), delivery_ref="returned too late", now=LATER,
        )  # fmt: skip
    st_ = statements.ledger_statement(
        orders_db.uow(), actor=IND_FINANCE, agreement_id="relos-ind-rus", period="2027", today=date(2027, 12, 31)
    )
    assert [(c["obligation_id"], c["amount"]) for c in st_["conversions"]] == [(rik["id"], converted["cash_debt"])]
    assert st_["discrepancies"] == []


def test_a_conversion_dated_before_a_return_counts_only_the_returns_dated_by_it(orders_db: Database) -> None:
    """Two obligations due on different days: converting on the first's due day leaves the second (returned in
    part later, before its own due day) in kind, and its later conversion counts that return."""
    _, first = receipted(orders_db, on=date(2026, 3, 2))
    _, second = receipted(orders_db, on=date(2026, 4, 2))
    reimbursement.convert_overdue(orders_db.uow(), actor=RUS_BILLING, on=date(2027, 3, 2), now=LATER)
    deliveries.satisfy_in_kind(
        orders_db.uow(), actor=IND_RECEIVER, obligation_id=second["id"], value="50.00", currency=second["currency"],
        satisfied_on=date(2027, 3, 20), delivery_ref="returned in kind", now=LATER,
    )  # fmt: skip
    (later,) = reimbursement.convert_overdue(orders_db.uow(), actor=RUS_BILLING, on=date(2027, 4, 2), now=LATER)
    assert later["obligation_id"] == second["id"]
    assert Decimal(later["cash_debt"]) == Decimal(second["value"]) - Decimal("50.00")
    assert first["id"] != second["id"]


def _invoice(db: Database) -> dict[str, str]:
    oid, _ = receipted(db, on=date(2026, 3, 2), water="0.001")
    billed = reimbursement.bill_order(db.uow(), actor=RUS_BILLING, order_id=oid, issued_on=date(2026, 3, 5), now=LATER)
    assert billed["invoice"] is not None
    return dict(billed["invoice"])  # type: ignore[arg-type]


def _pay(db: Database, invoice: dict[str, str], amount: str, on: date) -> dict[str, str]:
    return dict(
        reimbursement.record_payment(
            db.uow(),
            actor=IND_FINANCE,
            invoice_id=invoice["id"],
            amount=amount,
            currency=invoice["currency"],
            paid_on=on,
            now=LATER,
        )
    )


def test_not_over_paid_refuses_a_payment_that_overpays_the_invoice_before_a_correction(orders_db: Database) -> None:
    """The random-history defect: 70 paid in April and corrected in July; then 40 dated in March would leave the
    invoice overpaid from April to July, and the statement of June unable to say who owes what."""
    invoice = _invoice(orders_db)
    total = invoice["amount"]
    seventy = str((Decimal(total) * Decimal("0.7")).quantize(Decimal("0.01")))
    forty = str((Decimal(total) * Decimal("0.4")).quantize(Decimal("0.01")))
    first = _pay(orders_db, invoice, seventy, date(2026, 4, 10))
    reimbursement.reverse_payment(
        orders_db.uow(), actor=IND_FINANCE, payment_id=first["id"], reason="paid to the wrong account",
        on=date(2026, 7, 1), now=LATER,
    )  # fmt: skip
    payments = count(orders_db, "ledger_payments")
    with pytest.raises(InvalidInput) as exc:
        _pay(orders_db, invoice, forty, date(2026, 3, 20))
    assert _problems(exc) == [("amount", "not_over_paid")]
    assert "2026-04-10" in exc.value.problems[0].message
    assert count(orders_db, "ledger_payments") == payments
    # what fits on every day from its own is taken: 30 in March, and 40 dated after the correction
    thirty = str(Decimal(total) - Decimal(seventy))
    _pay(orders_db, invoice, thirty, date(2026, 3, 20))
    _pay(orders_db, invoice, forty, date(2026, 7, 1))
    june = statements.ledger_statement(
        orders_db.uow(), actor=IND_FINANCE, agreement_id="relos-ind-rus", period="2026-06", today=date(2026, 12, 1)
    )
    assert (
        june["discrepancies"] == [] and [i for i in june["open_items"] if i["reference"].startswith("invoice:")] == []
    )
    year = statements.ledger_statement(
        orders_db.uow(), actor=IND_FINANCE, agreement_id="relos-ind-rus", period="2026", today=date(2026, 12, 1)
    )
    assert year["discrepancies"] == []
    (inv,) = [i for i in year["invoices"] if i["id"] == invoice["id"]]
    assert Decimal(inv["outstanding"]) == Decimal(total) - Decimal(thirty) - Decimal(forty)

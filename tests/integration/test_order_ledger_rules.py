"""Rules of orders and the ledger through the use cases, on both databases: bad input posts nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import text
from tests.integration.orders_helpers import (
    IND_FINANCE,
    IND_RECEIVER,
    IND_SIGNER,
    REQUESTER,
    RUS_BILLING,
    RUS_LOGISTICS,
    RUS_SIGNER,
    accepted,
    draft,
    fuel_and_water,
    price_list,
)

from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.domain.errors import Conflict, Forbidden, InvalidInput, RuleViolated
from relos.services import agreements, deliveries, reimbursement, statements
from relos.services import orders as order_service
from relos.services.orders import LineInput


def count(db: Database, table: str) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())


def nothing_written(db: Database) -> bool:
    return all(count(db, t) == 0 for t in ("support_orders", "deliveries", "ledger_postings", "ledger_obligations"))


def delivered_and_receipted(db: Database, *, fuel: str = "1000", water: str = "50") -> tuple[str, dict[str, Any]]:
    oid = accepted(db)["id"]
    d = deliveries.record_delivery(
        db.uow(), actor=RUS_LOGISTICS, order_id=oid, delivered_on=date(2026, 3, 2), lines=[(1, fuel), (2, water)]
    )
    r = deliveries.receipt_delivery(
        db.uow(), actor=IND_RECEIVER, order_id=oid, delivery_id=d["id"], receipted_on=date(2026, 3, 2)
    )
    return oid, r


def test_rejects_negative_quantity_and_posts_nothing(loaded: Database) -> None:
    price_list(loaded)
    bad = [LineInput("petroleum_oils_lubricants", "F-76", "Fuel", "-3", "L", "cash")]
    with pytest.raises(InvalidInput, match=r"lines\[0\].quantity: must be positive, got -3"):
        draft(loaded, bad)
    assert nothing_written(loaded)


def test_rejects_price_in_unknown_currency(loaded: Database) -> None:
    bad = [LineInput("water", "W", "Water", "5", "m3", "cash", unit_price="10", currency="XYZ", price_reason="spot")]
    with pytest.raises(InvalidInput, match="unknown currency 'XYZ'"):
        draft(loaded, bad)
    assert nothing_written(loaded)


def test_refuses_excluded_item_with_reason(loaded: Database) -> None:
    bad = [
        LineInput(
            "spare_parts",
            "ammunition/30mm",
            "30 mm rounds",
            "100",
            "each",
            "cash",
            unit_price="5",
            currency="RUB",
            price_reason="x",
        )
    ]
    with pytest.raises(RuleViolated, match=r"relos-ind-rus excludes ammunition.*not logistic support"):
        draft(loaded, bad)
    assert nothing_written(loaded)


def test_refuses_delivery_beyond_remaining_quantity(loaded: Database) -> None:
    price_list(loaded)
    oid = accepted(loaded)["id"]
    with pytest.raises(InvalidInput, match="1001 L is more than the 1000 L left"):
        deliveries.record_delivery(
            loaded.uow(), actor=RUS_LOGISTICS, order_id=oid, delivered_on=date(2026, 3, 2), lines=[(1, "1001")]
        )
    assert count(loaded, "deliveries") == 0


def test_requester_cannot_receipt_own_order(loaded: Database) -> None:
    price_list(loaded)
    oid = accepted(loaded)["id"]
    d = deliveries.record_delivery(
        loaded.uow(), actor=RUS_LOGISTICS, order_id=oid, delivered_on=date(2026, 3, 2), lines=[(1, "10")]
    )
    requester_as_officer = REQUESTER.__class__(REQUESTER.user_id, "IND", IND_RECEIVER.roles)
    with pytest.raises(Forbidden, match="requested"):
        deliveries.receipt_delivery(
            loaded.uow(), actor=requester_as_officer, order_id=oid, delivery_id=d["id"], receipted_on=date(2026, 3, 2)
        )
    assert count(loaded, "ledger_postings") == 0


def test_supplier_cannot_receipt_for_the_receiving_unit(loaded: Database) -> None:
    price_list(loaded)
    oid = accepted(loaded)["id"]
    d = deliveries.record_delivery(
        loaded.uow(), actor=RUS_LOGISTICS, order_id=oid, delivered_on=date(2026, 3, 2), lines=[(1, "10")]
    )
    with pytest.raises(Forbidden):
        deliveries.receipt_delivery(
            loaded.uow(), actor=RUS_LOGISTICS, order_id=oid, delivery_id=d["id"], receipted_on=date(2026, 3, 2)
        )


def test_refuses_payment_to_closed_order(loaded: Database) -> None:
    price_list(loaded)
    oid, _ = delivered_and_receipted(loaded, water="50")
    rik = next(o for o in deliveries_of(loaded, oid) if o["method"] != "cash")
    deliveries.satisfy_in_kind(
        loaded.uow(),
        actor=IND_RECEIVER,
        obligation_id=rik["id"],
        value=rik["value"],
        currency="RUB",
        satisfied_on=date(2026, 4, 1),
        delivery_ref="note 1",
    )
    inv = reimbursement.bill_order(loaded.uow(), actor=RUS_BILLING, order_id=oid, issued_on=date(2026, 3, 5))["invoice"]
    reimbursement.record_payment(
        loaded.uow(),
        actor=IND_FINANCE,
        invoice_id=inv["id"],
        amount=inv["amount"],
        currency="RUB",
        paid_on=date(2026, 3, 6),
    )
    reimbursement.close_order(loaded.uow(), actor=RUS_BILLING, order_id=oid)
    before = count(loaded, "ledger_postings")
    with pytest.raises(Conflict, match="closed; a payment is refused"):
        reimbursement.record_payment(
            loaded.uow(),
            actor=IND_FINANCE,
            invoice_id=inv["id"],
            amount="1.00",
            currency="RUB",
            paid_on=date(2026, 3, 7),
        )
    assert count(loaded, "ledger_postings") == before


def deliveries_of(db: Database, order_id: str) -> list[dict[str, Any]]:
    st = statements.ledger_statement(
        db.uow(), actor=IND_FINANCE, agreement_id="relos-ind-rus", period="2026", today=date(2026, 12, 31)
    )
    return [o for o in st["obligations"] if o["order_id"] == order_id]


def test_refuses_over_payment(loaded: Database) -> None:
    price_list(loaded)
    oid, _ = delivered_and_receipted(loaded)
    inv = reimbursement.bill_order(loaded.uow(), actor=RUS_BILLING, order_id=oid, issued_on=date(2026, 3, 5))["invoice"]
    with pytest.raises(InvalidInput, match="exceeds"):
        reimbursement.record_payment(
            loaded.uow(),
            actor=IND_FINANCE,
            invoice_id=inv["id"],
            amount="999999",
            currency="RUB",
            paid_on=date(2026, 3, 6),
        )


def test_repeated_idempotency_key_posts_once(loaded: Database) -> None:
    price_list(loaded)
    oid, _ = delivered_and_receipted(loaded)
    inv = reimbursement.bill_order(loaded.uow(), actor=RUS_BILLING, order_id=oid, issued_on=date(2026, 3, 5))["invoice"]
    args = dict(actor=IND_FINANCE, invoice_id=inv["id"], amount="1000.00", currency="RUB", paid_on=date(2026, 3, 6))
    first = reimbursement.record_payment(loaded.uow(), idempotency_key="pay-1", **args)  # type: ignore[arg-type]
    postings = count(loaded, "ledger_postings")
    again = reimbursement.record_payment(loaded.uow(), idempotency_key="pay-1", **args)  # type: ignore[arg-type]
    assert again == first
    assert count(loaded, "ledger_postings") == postings and count(loaded, "ledger_payments") == 1
    with pytest.raises(Conflict, match="different request"):
        reimbursement.record_payment(loaded.uow(), idempotency_key="pay-1", **(args | {"amount": "2.00"}))  # type: ignore[arg-type]


def test_overdue_in_kind_obligation_becomes_a_cash_debt(loaded: Database) -> None:
    price_list(loaded)
    oid, receipt = delivered_and_receipted(loaded, fuel="1", water="50")
    rik = next(o for o in receipt["obligations"] if o["method"] == "replacement_in_kind")
    st = statements.ledger_statement(
        loaded.uow(), actor=IND_FINANCE, agreement_id="relos-ind-rus", period="2027", today=date(2027, 3, 10)
    )
    assert [i["reference"] for i in st["overdue"]] == [f"obligation:{rik['id']}"]
    early = statements.ledger_statement(
        loaded.uow(), actor=IND_FINANCE, agreement_id="relos-ind-rus", period="2027-02", today=date(2027, 2, 20)
    )
    assert [i["reference"] for i in early["nearly_due"]] == [f"obligation:{rik['id']}"] and early["overdue"] == []
    assert reimbursement.convert_overdue(loaded.uow(), actor=RUS_BILLING, on=date(2027, 3, 1)) == []  # not yet due
    converted = reimbursement.convert_overdue(loaded.uow(), actor=RUS_BILLING, on=date(2027, 3, 10))
    assert [(c["obligation_id"], c["cash_debt"]) for c in converted] == [(rik["id"], "5500.00")]
    assert reimbursement.convert_overdue(loaded.uow(), actor=RUS_BILLING, on=date(2027, 3, 11)) == []
    bill = reimbursement.bill_order(loaded.uow(), actor=RUS_BILLING, order_id=oid, issued_on=date(2027, 3, 12))
    assert bill["invoice"]["amount"] == "5595.50"


def test_statement_nets_into_one_currency_with_recorded_rates(loaded: Database) -> None:
    price_list(loaded)
    delivered_and_receipted(loaded)
    reimbursement.record_rate(
        loaded.uow(),
        actor=IND_FINANCE,
        base="USD",
        quote="RUB",
        rate="80",
        on=date(2026, 3, 1),
        source="Bank of Russia",
    )
    st = statements.ledger_statement(
        loaded.uow(),
        actor=IND_FINANCE,
        agreement_id="relos-ind-rus",
        period="2026-03",
        settlement_currency="USD",
        today=date(2026, 4, 30),
    )
    assert st["netting"]["cash_per_currency"] == {"RUB": "-95500.00"}
    settlement = st["netting"]["settlement"]
    assert (settlement["amount"], settlement["payer"]) == ("-1193.75", "IND")
    assert settlement["conversions"][0]["rate_source"] == "Bank of Russia" and settlement["conversions"][0]["inverted"]
    assert st["ageing"][0]["0-30"] == "101000.00"  # cash and in-kind owed by IND, in RUB


def test_amendment_keeps_every_version_and_needs_new_signatures(loaded: Database) -> None:
    price_list(loaded)
    oid = accepted(loaded)["id"]
    lines = fuel_and_water()
    amended = order_service.amend_order(
        loaded.uow(), actor=REQUESTER, order_id=oid, lines=lines[:1], reason="water no longer needed"
    )
    assert (amended["version"], amended["status"], len(amended["lines"])) == (2, "draft", 1)
    again = order_service.sign_order(loaded.uow(), actor=IND_SIGNER, order_id=oid)
    assert again["status"] == "draft"  # RUS must sign version 2 too
    shown = order_service.get_order(loaded.uow(), actor=REQUESTER, order_id=oid)
    assert [(v["version"], v["reason"]) for v in shown["versions"]] == [(1, ""), (2, "water no longer needed")]
    with pytest.raises(InvalidInput, match="reason"):
        order_service.cancel_order(loaded.uow(), actor=REQUESTER, order_id=oid, reason=" ")
    cancelled = order_service.cancel_order(loaded.uow(), actor=REQUESTER, order_id=oid, reason="exercise called off")
    assert cancelled["status"] == "cancelled"


CEILING_PACT = """
id = "ceiling-pact"
short_name = "CEIL"
parties = ["IND", "RUS"]
signed = 2025-01-01
entry_into_force = 2025-01-01
term_years = 5

[reimbursement]
methods = ["cash"]
annual_ceiling = { amount = "50000.00", currency = "RUB", year_starts_month = 4 }
"""


def test_statement_shows_annual_ceiling_used_and_exceeded(loaded: Database, operator: Actor) -> None:
    agreements.import_agreement(
        loaded.uow(), actor=operator, text=CEILING_PACT, source_name="test", at=date(2026, 1, 1)
    )
    price_list(loaded)
    order = draft(
        loaded,
        [LineInput("petroleum_oils_lubricants", "F-76", "Fuel", "1000", "L", "cash")],
        agreement_id="ceiling-pact",
    )
    oid = order["id"]
    order_service.sign_order(loaded.uow(), actor=IND_SIGNER, order_id=oid)
    order_service.sign_order(loaded.uow(), actor=RUS_SIGNER, order_id=oid)
    order_service.accept_order(loaded.uow(), actor=RUS_LOGISTICS, order_id=oid)
    d = deliveries.record_delivery(
        loaded.uow(), actor=RUS_LOGISTICS, order_id=oid, delivered_on=date(2026, 4, 2), lines=[(1, "1000")]
    )
    deliveries.receipt_delivery(
        loaded.uow(), actor=IND_RECEIVER, order_id=oid, delivery_id=d["id"], receipted_on=date(2026, 4, 2)
    )
    st = statements.ledger_statement(
        loaded.uow(), actor=IND_FINANCE, agreement_id="ceiling-pact", period="2026-04", today=date(2026, 5, 1)
    )
    ind = next(c for c in st["ceilings"] if c["debtor"] == "IND")
    assert (ind["year_start"], ind["used"], ind["limit"], ind["exceeded"]) == (
        "2026-04-01",
        "95500.00",
        "50000.00",
        True,
    )


def test_payment_is_corrected_by_a_reversing_entry_never_an_edit(loaded: Database) -> None:
    price_list(loaded)
    oid, receipt = delivered_and_receipted(loaded, water="50")
    rik = next(o for o in receipt["obligations"] if o["method"] != "cash")
    deliveries.satisfy_in_kind(
        loaded.uow(),
        actor=IND_RECEIVER,
        obligation_id=rik["id"],
        value=rik["value"],
        currency="RUB",
        satisfied_on=date(2026, 3, 20),
        delivery_ref="note 2",
    )
    inv = reimbursement.bill_order(loaded.uow(), actor=RUS_BILLING, order_id=oid, issued_on=date(2026, 3, 5))["invoice"]
    pay = reimbursement.record_payment(
        loaded.uow(),
        actor=IND_FINANCE,
        invoice_id=inv["id"],
        amount=inv["amount"],
        currency="RUB",
        paid_on=date(2026, 3, 6),
    )
    assert pay["order_status"] == "settled"
    postings = count(loaded, "ledger_postings")
    fixed = reimbursement.reverse_payment(
        loaded.uow(), actor=IND_FINANCE, payment_id=pay["id"], reason="paid to the wrong account", on=date(2026, 3, 7)
    )
    assert fixed["order_status"] == "billed" and count(loaded, "ledger_postings") == postings + 4
    with pytest.raises(Conflict, match="reversed already"):
        reimbursement.reverse_payment(
            loaded.uow(), actor=IND_FINANCE, payment_id=pay["id"], reason="again", on=date(2026, 3, 8)
        )
    st = statements.ledger_statement(
        loaded.uow(), actor=IND_FINANCE, agreement_id="relos-ind-rus", period="2026-03", today=date(2026, 3, 31)
    )
    assert st["invoices"][0]["outstanding"] == inv["amount"] and st["payments"][0]["reversed"] is True
    assert {t["kind"]: t["count"] for t in st["transactions"]}["reversal"] == 1
    again = reimbursement.record_payment(
        loaded.uow(),
        actor=IND_FINANCE,
        invoice_id=inv["id"],
        amount=inv["amount"],
        currency="RUB",
        paid_on=date(2026, 3, 9),
    )
    assert again["order_status"] == "settled"

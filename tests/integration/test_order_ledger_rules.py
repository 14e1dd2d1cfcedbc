"""Rules of orders and the ledger through the use cases, on both databases: bad input posts nothing."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
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
from relos.domain.actor import Actor, Role
from relos.domain.errors import Conflict, Forbidden, InvalidInput, RuleViolated
from relos.domain.facilities.records import RecordKind
from relos.services.agreements import register as agreements
from relos.services.facilities import catalogue as facilities
from relos.services.facilities.files import FileFormat
from relos.services.ledger import reimbursement, statements
from relos.services.orders import deliveries
from relos.services.orders import lifecycle as order_service
from relos.services.orders.lifecycle import LineInput

#: A clock after every day these tests record (an invoice or a conversion is a fact: never in the future).
LATER = datetime(2030, 1, 1, tzinfo=UTC)


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


def test_rejects_negative_quantity_and_posts_nothing(orders_db: Database) -> None:
    price_list(orders_db)
    bad = [LineInput("petroleum_oils_lubricants", "F-76", "Fuel", "-3", "L", "cash")]
    with pytest.raises(InvalidInput, match=r"lines\[0\].quantity: must be positive, got -3"):
        draft(orders_db, bad)
    assert nothing_written(orders_db)


def test_refuses_order_under_agreement_not_in_force(catalogue: Database) -> None:
    """RELOS is signed and ratified by Russia, but its entry into force is not recorded: no support yet."""
    with pytest.raises(RuleViolated, match=r"relos-ind-rus is not in force on 2026-03-01 \(signed\)") as caught:
        draft(catalogue)
    assert [v.rule for v in caught.value.violations] == ["not_in_force"]
    assert nothing_written(catalogue)


def test_refuses_delivery_on_a_day_the_agreement_is_not_in_force(orders_db: Database) -> None:
    price_list(orders_db)
    oid = accepted(orders_db)["id"]
    with pytest.raises(RuleViolated, match="not in force on 2025-12-31"):
        deliveries.record_delivery(
            orders_db.uow(), actor=RUS_LOGISTICS, order_id=oid, delivered_on=date(2025, 12, 31), lines=[(1, "10")]
        )
    assert count(orders_db, "deliveries") == 0


def test_refuses_order_at_facility_not_in_catalogue(orders_db: Database) -> None:
    with pytest.raises(InvalidInput, match="facility_id: no facility 'RU-XXX' in the catalogue"):
        order_service.create_order(
            orders_db.uow(),
            actor=REQUESTER,
            agreement_id="relos-ind-rus",
            requesting_unit="INS Tabar",
            facility_id="RU-XXX",
            lines=fuel_and_water(),
        )
    assert nothing_written(orders_db)


@pytest.mark.parametrize(
    ("facility_id", "why"),
    [("IN-BOM", "it is in its own territory"), ("SY-TTS", "the catalogue does not open it")],
)
def test_refuses_order_at_facility_the_agreement_does_not_open(orders_db: Database, facility_id: str, why: str) -> None:
    with pytest.raises(RuleViolated, match=f"{facility_id} is not open to IND under relos-ind-rus: {why}") as caught:
        order_service.create_order(
            orders_db.uow(),
            actor=REQUESTER,
            agreement_id="relos-ind-rus",
            requesting_unit="INS Tabar",
            facility_id=facility_id,
            lines=fuel_and_water(),
        )
    assert [v.rule for v in caught.value.violations] == ["facility_not_open"]
    assert nothing_written(orders_db)


def test_requester_of_the_supplying_party_cannot_withdraw_the_order(orders_db: Database) -> None:
    price_list(orders_db)
    oid = draft(orders_db)["id"]
    russian_requester = Actor("rus.requester", "RUS", frozenset({Role.REQUESTER}))
    with pytest.raises(Forbidden, match="withdrawing an order: a user of RUS cannot act for IND"):
        order_service.cancel_order(orders_db.uow(), actor=russian_requester, order_id=oid, reason="not ours")
    assert (
        order_service.cancel_order(orders_db.uow(), actor=REQUESTER, order_id=oid, reason="plans changed")["status"]
        == "cancelled"
    )


def test_rejects_price_in_unknown_currency(orders_db: Database) -> None:
    bad = [LineInput("water", "W", "Water", "5", "m3", "cash", unit_price="10", currency="XYZ", price_reason="spot")]
    with pytest.raises(InvalidInput, match="unknown currency 'XYZ'"):
        draft(orders_db, bad)
    assert nothing_written(orders_db)


def test_refuses_excluded_item_with_reason(orders_db: Database) -> None:
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
        draft(orders_db, bad)
    assert nothing_written(orders_db)


def test_refuses_delivery_beyond_remaining_quantity(orders_db: Database) -> None:
    price_list(orders_db)
    oid = accepted(orders_db)["id"]
    with pytest.raises(InvalidInput, match="1001 L is more than the 1000 L left"):
        deliveries.record_delivery(
            orders_db.uow(), actor=RUS_LOGISTICS, order_id=oid, delivered_on=date(2026, 3, 2), lines=[(1, "1001")]
        )
    assert count(orders_db, "deliveries") == 0


def test_requester_cannot_receipt_own_order(orders_db: Database) -> None:
    price_list(orders_db)
    oid = accepted(orders_db)["id"]
    d = deliveries.record_delivery(
        orders_db.uow(), actor=RUS_LOGISTICS, order_id=oid, delivered_on=date(2026, 3, 2), lines=[(1, "10")]
    )
    requester_as_officer = REQUESTER.__class__(REQUESTER.user_id, "IND", IND_RECEIVER.roles)
    with pytest.raises(Forbidden, match="requested"):
        deliveries.receipt_delivery(
            orders_db.uow(),
            actor=requester_as_officer,
            order_id=oid,
            delivery_id=d["id"],
            receipted_on=date(2026, 3, 2),
        )
    assert count(orders_db, "ledger_postings") == 0


def test_supplier_cannot_receipt_for_the_receiving_unit(orders_db: Database) -> None:
    price_list(orders_db)
    oid = accepted(orders_db)["id"]
    d = deliveries.record_delivery(
        orders_db.uow(), actor=RUS_LOGISTICS, order_id=oid, delivered_on=date(2026, 3, 2), lines=[(1, "10")]
    )
    with pytest.raises(Forbidden):
        deliveries.receipt_delivery(
            orders_db.uow(), actor=RUS_LOGISTICS, order_id=oid, delivery_id=d["id"], receipted_on=date(2026, 3, 2)
        )


def test_refuses_payment_to_closed_order(orders_db: Database) -> None:
    price_list(orders_db)
    oid, _ = delivered_and_receipted(orders_db, water="50")
    rik = next(o for o in deliveries_of(orders_db, oid) if o["method"] != "cash")
    deliveries.satisfy_in_kind(
        orders_db.uow(),
        actor=IND_RECEIVER,
        obligation_id=rik["id"],
        value=rik["value"],
        currency="RUB",
        satisfied_on=date(2026, 4, 1),
        delivery_ref="note 1",
    )
    inv = reimbursement.bill_order(orders_db.uow(), actor=RUS_BILLING, order_id=oid, issued_on=date(2026, 3, 5))[
        "invoice"
    ]
    reimbursement.record_payment(
        orders_db.uow(),
        actor=IND_FINANCE,
        invoice_id=inv["id"],
        amount=inv["amount"],
        currency="RUB",
        paid_on=date(2026, 3, 6),
    )
    reimbursement.close_order(orders_db.uow(), actor=RUS_BILLING, order_id=oid)
    before = count(orders_db, "ledger_postings")
    with pytest.raises(Conflict, match="closed; a payment is refused"):
        reimbursement.record_payment(
            orders_db.uow(),
            actor=IND_FINANCE,
            invoice_id=inv["id"],
            amount="1.00",
            currency="RUB",
            paid_on=date(2026, 3, 7),
        )
    assert count(orders_db, "ledger_postings") == before


def deliveries_of(db: Database, order_id: str) -> list[dict[str, Any]]:
    st = statements.ledger_statement(
        db.uow(), actor=IND_FINANCE, agreement_id="relos-ind-rus", period="2026", today=date(2026, 12, 31)
    )
    return [o for o in st["obligations"] if o["order_id"] == order_id]


def test_refuses_over_payment(orders_db: Database) -> None:
    price_list(orders_db)
    oid, _ = delivered_and_receipted(orders_db)
    inv = reimbursement.bill_order(orders_db.uow(), actor=RUS_BILLING, order_id=oid, issued_on=date(2026, 3, 5))[
        "invoice"
    ]
    with pytest.raises(InvalidInput, match="exceeds"):
        reimbursement.record_payment(
            orders_db.uow(),
            actor=IND_FINANCE,
            invoice_id=inv["id"],
            amount="999999",
            currency="RUB",
            paid_on=date(2026, 3, 6),
        )


def test_repeated_idempotency_key_posts_once(orders_db: Database) -> None:
    price_list(orders_db)
    oid, _ = delivered_and_receipted(orders_db)
    inv = reimbursement.bill_order(orders_db.uow(), actor=RUS_BILLING, order_id=oid, issued_on=date(2026, 3, 5))[
        "invoice"
    ]
    args = dict(actor=IND_FINANCE, invoice_id=inv["id"], amount="1000.00", currency="RUB", paid_on=date(2026, 3, 6))
    first = reimbursement.record_payment(orders_db.uow(), idempotency_key="pay-1", **args)  # type: ignore[arg-type]
    postings = count(orders_db, "ledger_postings")
    again = reimbursement.record_payment(orders_db.uow(), idempotency_key="pay-1", **args)  # type: ignore[arg-type]
    assert again == first
    assert count(orders_db, "ledger_postings") == postings and count(orders_db, "ledger_payments") == 1
    with pytest.raises(Conflict, match="different request"):
        reimbursement.record_payment(orders_db.uow(), idempotency_key="pay-1", **(args | {"amount": "2.00"}))  # type: ignore[arg-type]


def test_overdue_in_kind_obligation_becomes_a_cash_debt(orders_db: Database) -> None:
    price_list(orders_db)
    oid, receipt = delivered_and_receipted(orders_db, fuel="1", water="50")
    rik = next(o for o in receipt["obligations"] if o["method"] == "replacement_in_kind")
    st = statements.ledger_statement(
        orders_db.uow(), actor=IND_FINANCE, agreement_id="relos-ind-rus", period="2027", today=date(2027, 3, 10)
    )
    assert [i["reference"] for i in st["overdue"]] == [f"obligation:{rik['id']}"]
    early = statements.ledger_statement(
        orders_db.uow(), actor=IND_FINANCE, agreement_id="relos-ind-rus", period="2027-02", today=date(2027, 2, 20)
    )
    assert [i["reference"] for i in early["nearly_due"]] == [f"obligation:{rik['id']}"] and early["overdue"] == []
    assert (
        reimbursement.convert_overdue(orders_db.uow(), actor=RUS_BILLING, on=date(2027, 3, 1), now=LATER) == []
    )  # not yet due
    converted = reimbursement.convert_overdue(orders_db.uow(), actor=RUS_BILLING, on=date(2027, 3, 10), now=LATER)
    assert [(c["obligation_id"], c["cash_debt"]) for c in converted] == [(rik["id"], "5500.00")]
    assert reimbursement.convert_overdue(orders_db.uow(), actor=RUS_BILLING, on=date(2027, 3, 11), now=LATER) == []
    bill = reimbursement.bill_order(
        orders_db.uow(), actor=RUS_BILLING, order_id=oid, issued_on=date(2027, 3, 12), now=LATER
    )
    assert bill["invoice"]["amount"] == "5595.50"


def test_statement_nets_into_one_currency_with_recorded_rates(orders_db: Database) -> None:
    price_list(orders_db)
    delivered_and_receipted(orders_db)
    reimbursement.record_rate(
        orders_db.uow(),
        actor=IND_FINANCE,
        base="USD",
        quote="RUB",
        rate="80",
        on=date(2026, 3, 1),
        source="Bank of Russia",
    )
    st = statements.ledger_statement(
        orders_db.uow(),
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


def test_amendment_keeps_every_version_and_needs_new_signatures(orders_db: Database) -> None:
    price_list(orders_db)
    oid = accepted(orders_db)["id"]
    lines = fuel_and_water()
    amended = order_service.amend_order(
        orders_db.uow(), actor=REQUESTER, order_id=oid, lines=lines[:1], reason="water no longer needed"
    )
    assert (amended["version"], amended["status"], len(amended["lines"])) == (2, "draft", 1)
    again = order_service.sign_order(orders_db.uow(), actor=IND_SIGNER, order_id=oid)
    assert again["status"] == "draft"  # RUS must sign version 2 too
    shown = order_service.get_order(orders_db.uow(), actor=REQUESTER, order_id=oid)
    assert [(v["version"], v["reason"]) for v in shown["versions"]] == [(1, ""), (2, "water no longer needed")]
    with pytest.raises(InvalidInput, match="reason"):
        order_service.cancel_order(orders_db.uow(), actor=REQUESTER, order_id=oid, reason=" ")
    cancelled = order_service.cancel_order(orders_db.uow(), actor=REQUESTER, order_id=oid, reason="exercise called off")
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


def open_facility_under(db: Database, facility_id: str, agreement_id: str) -> None:
    """A new pact opens no facility until the catalogue says so: re-import the record with it added."""
    records = json.loads(
        facilities.export_reference_file(
            db.uow(), actor=Actor.operator("test"), kind=RecordKind.FACILITIES, file_format=FileFormat.JSON
        )
    )
    record = next(r for r in records if r["id"] == facility_id)
    record["open_under"] = [*record["open_under"], agreement_id]
    facilities.import_reference_file(
        db.uow(),
        actor=Actor.operator("test"),
        kind=RecordKind.FACILITIES,
        text=json.dumps([record]),
        source_name="open.json",
    )


def test_statement_shows_annual_ceiling_used_and_exceeded(orders_db: Database, operator: Actor) -> None:
    agreements.import_agreement(
        orders_db.uow(), actor=operator, text=CEILING_PACT, source_name="test", at=date(2026, 1, 1)
    )
    open_facility_under(orders_db, "RU-VVO", "ceiling-pact")
    price_list(orders_db)
    order = draft(
        orders_db,
        [LineInput("petroleum_oils_lubricants", "F-76", "Fuel", "1000", "L", "cash")],
        agreement_id="ceiling-pact",
    )
    oid = order["id"]
    order_service.sign_order(orders_db.uow(), actor=IND_SIGNER, order_id=oid)
    order_service.sign_order(orders_db.uow(), actor=RUS_SIGNER, order_id=oid)
    order_service.accept_order(orders_db.uow(), actor=RUS_LOGISTICS, order_id=oid)
    d = deliveries.record_delivery(
        orders_db.uow(), actor=RUS_LOGISTICS, order_id=oid, delivered_on=date(2026, 4, 2), lines=[(1, "1000")]
    )
    deliveries.receipt_delivery(
        orders_db.uow(), actor=IND_RECEIVER, order_id=oid, delivery_id=d["id"], receipted_on=date(2026, 4, 2)
    )
    st = statements.ledger_statement(
        orders_db.uow(), actor=IND_FINANCE, agreement_id="ceiling-pact", period="2026-04", today=date(2026, 5, 1)
    )
    ind = next(c for c in st["ceilings"] if c["debtor"] == "IND")
    assert (ind["year_start"], ind["used"], ind["limit"], ind["exceeded"]) == (
        "2026-04-01",
        "95500.00",
        "50000.00",
        True,
    )


def test_payment_is_corrected_by_a_reversing_entry_never_an_edit(orders_db: Database) -> None:
    price_list(orders_db)
    oid, receipt = delivered_and_receipted(orders_db, water="50")
    rik = next(o for o in receipt["obligations"] if o["method"] != "cash")
    deliveries.satisfy_in_kind(
        orders_db.uow(),
        actor=IND_RECEIVER,
        obligation_id=rik["id"],
        value=rik["value"],
        currency="RUB",
        satisfied_on=date(2026, 3, 20),
        delivery_ref="note 2",
    )
    inv = reimbursement.bill_order(orders_db.uow(), actor=RUS_BILLING, order_id=oid, issued_on=date(2026, 3, 5))[
        "invoice"
    ]
    pay = reimbursement.record_payment(
        orders_db.uow(),
        actor=IND_FINANCE,
        invoice_id=inv["id"],
        amount=inv["amount"],
        currency="RUB",
        paid_on=date(2026, 3, 6),
    )
    assert pay["order_status"] == "settled"
    postings = count(orders_db, "ledger_postings")
    fixed = reimbursement.reverse_payment(
        orders_db.uow(),
        actor=IND_FINANCE,
        payment_id=pay["id"],
        reason="paid to the wrong account",
        on=date(2026, 3, 7),
    )
    assert fixed["order_status"] == "billed" and count(orders_db, "ledger_postings") == postings + 4
    with pytest.raises(Conflict, match="reversed already"):
        reimbursement.reverse_payment(
            orders_db.uow(), actor=IND_FINANCE, payment_id=pay["id"], reason="again", on=date(2026, 3, 8)
        )
    st = statements.ledger_statement(
        orders_db.uow(), actor=IND_FINANCE, agreement_id="relos-ind-rus", period="2026-03", today=date(2026, 3, 31)
    )
    assert st["invoices"][0]["outstanding"] == inv["amount"] and st["payments"][0]["reversed"] is True
    assert {t["kind"]: t["count"] for t in st["transactions"]}["reversal"] == 1
    again = reimbursement.record_payment(
        orders_db.uow(),
        actor=IND_FINANCE,
        invoice_id=inv["id"],
        amount=inv["amount"],
        currency="RUB",
        paid_on=date(2026, 3, 9),
    )
    assert again["order_status"] == "settled"

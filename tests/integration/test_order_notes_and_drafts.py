"""What an order keeps and says, on both databases: a delivery's and a receipt's note are stored whole and
given back (one over the limit is refused naming the field, nothing written); a draft priced off the list
without its reason is saved and says at once what signing needs, and signing refuses it; the order's
ledger activity is read by the order, whatever the days."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import text
from tests.integration.orders_helpers import (
    IND_FINANCE,
    IND_RECEIVER,
    IND_SIGNER,
    RUS_BILLING,
    RUS_LOGISTICS,
    accepted,
    draft,
    fuel_and_water,
    price_list,
)

from relos.db.runtime import Database
from relos.domain.errors import InvalidInput
from relos.domain.orders.rules import NOTE_MAX_CHARS
from relos.services.ledger import formats, reimbursement, statements
from relos.services.orders import deliveries, ledger_activity
from relos.services.orders import lifecycle as order_service

LONG = "Ship's boat alongside at berth 4; " * 1_500  # ~51,000 characters


def _rows(db: Database, table: str) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())


def _audit_rows(db: Database) -> int:
    return _rows(db, "audit_log")


def _deliver(db: Database, oid: str, note: str = "") -> dict[str, object]:
    return deliveries.record_delivery(
        db.uow(), actor=RUS_LOGISTICS, order_id=oid, delivered_on=date(2026, 3, 2), lines=[(1, "600")], note=note
    )


def test_a_delivery_and_its_receipt_keep_their_notes_whole(orders_db: Database) -> None:
    price_list(orders_db)
    oid = accepted(orders_db)["id"]
    longest = ("Пломба № 17 цела. " * 200)[:NOTE_MAX_CHARS]
    d = _deliver(orders_db, oid, note="Fuel by barge; sample kept")
    assert d["note"] == "Fuel by barge; sample kept"
    r = deliveries.receipt_delivery(
        orders_db.uow(),
        actor=IND_RECEIVER,
        order_id=oid,
        delivery_id=str(d["id"]),
        receipted_on=date(2026, 3, 2),
        note=longest,
    )
    assert r["note"] == "Fuel by barge; sample kept" and r["receipt"] is not None
    assert r["receipt"]["note"] == longest and len(longest) == NOTE_MAX_CHARS
    shown = order_service.get_order(orders_db.uow(), actor=IND_RECEIVER, order_id=oid)["deliveries"][0]
    assert shown["note"] == "Fuel by barge; sample kept" and shown["receipt"] is not None
    assert shown["receipt"]["note"] == longest
    st = statements.ledger_statement(orders_db.uow(), actor=IND_RECEIVER, agreement_id="relos-ind-rus", period="2026")
    assert [x["note"] for x in st["deliveries"]] == ["Fuel by barge; sample kept"]


def test_a_statement_pdf_lays_out_a_note_with_angle_brackets_as_text(orders_db: Database) -> None:
    price_list(orders_db)
    oid = accepted(orders_db)["id"]
    _deliver(orders_db, oid, note="seal <17> & <b>intact")
    st = statements.ledger_statement(orders_db.uow(), actor=IND_RECEIVER, agreement_id="relos-ind-rus", period="2026")
    assert formats.to_pdf(st).startswith(b"%PDF")


def test_a_delivery_note_over_the_limit_is_refused_naming_the_field_and_nothing_is_written(
    orders_db: Database,
) -> None:
    price_list(orders_db)
    oid = accepted(orders_db)["id"]
    audit = _audit_rows(orders_db)
    with pytest.raises(InvalidInput) as refused:
        _deliver(orders_db, oid, note=LONG)
    assert [(p.field, p.message) for p in refused.value.problems] == [
        ("note", f"at most 2,000 characters, got {len(LONG):,}")
    ]
    assert _rows(orders_db, "deliveries") == 0 and _audit_rows(orders_db) == audit
    assert order_service.get_order(orders_db.uow(), actor=RUS_LOGISTICS, order_id=oid)["status"] == "accepted"
    assert _deliver(orders_db, oid, note="x" * NOTE_MAX_CHARS)["note"] == "x" * NOTE_MAX_CHARS


def test_a_receipt_note_over_the_limit_is_refused_naming_the_field_and_nothing_is_written(
    orders_db: Database,
) -> None:
    price_list(orders_db)
    oid = accepted(orders_db)["id"]
    d = _deliver(orders_db, oid)
    audit = _audit_rows(orders_db)
    with pytest.raises(InvalidInput) as refused:
        deliveries.receipt_delivery(
            orders_db.uow(),
            actor=IND_RECEIVER,
            order_id=oid,
            delivery_id=str(d["id"]),
            receipted_on=date(2026, 3, 2),
            note="y" * (NOTE_MAX_CHARS + 1),
        )
    assert [p.field for p in refused.value.problems] == ["note"]
    assert "at most 2,000 characters, got 2,001" in str(refused.value)
    assert _rows(orders_db, "receipts") == 0 and _rows(orders_db, "ledger_obligations") == 0
    assert _audit_rows(orders_db) == audit


def test_an_order_note_over_the_limit_is_refused_naming_the_field(orders_db: Database) -> None:
    price_list(orders_db)
    with pytest.raises(InvalidInput) as refused:
        draft(orders_db, note=LONG)
    assert [p.field for p in refused.value.problems] == ["note"]
    assert _rows(orders_db, "support_orders") == 0


def test_a_draft_priced_off_the_list_without_its_reason_is_saved_and_says_signing_needs_the_reason(
    orders_db: Database,
) -> None:
    price_list(orders_db)
    fuel, water = fuel_and_water()
    order = draft(orders_db, [fuel, replace(water, price_reason="")])
    assert order["status"] == "draft" and order["lines"][1]["departs_from_list"]
    assert [p["field"] for p in order["incomplete"]] == ["lines[1].price_reason"]
    assert "a price of 110.00 RUB needs a recorded reason" in order["incomplete"][0]["message"]
    shown = order_service.get_order(orders_db.uow(), actor=IND_SIGNER, order_id=order["id"])
    assert shown["incomplete"] == order["incomplete"]
    with pytest.raises(InvalidInput) as refused:
        order_service.sign_order(orders_db.uow(), actor=IND_SIGNER, order_id=order["id"])
    assert [p.field for p in refused.value.problems] == ["lines[1].price_reason"]
    assert order_service.get_order(orders_db.uow(), actor=IND_SIGNER, order_id=order["id"])["signatures"] == []


def test_a_complete_draft_says_nothing_is_missing(orders_db: Database) -> None:
    price_list(orders_db)
    assert draft(orders_db)["incomplete"] == []


def test_an_orders_ledger_activity_shows_every_posting_whatever_its_days(orders_db: Database) -> None:
    price_list(orders_db)
    oid = accepted(orders_db)["id"]
    d = deliveries.record_delivery(
        orders_db.uow(), actor=RUS_LOGISTICS, order_id=oid, delivered_on=date(2026, 3, 2), lines=[(1, "600"), (2, "50")]
    )
    deliveries.receipt_delivery(
        orders_db.uow(), actor=IND_RECEIVER, order_id=oid, delivery_id=str(d["id"]), receipted_on=date(2026, 3, 5)
    )
    # read on a day before the receipt's (a clock behind, another time zone): what is posted still shows
    seen = ledger_activity.order_ledger_activity(
        orders_db.uow(), actor=IND_RECEIVER, order_id=oid, today=date(2026, 3, 4)
    )
    assert {(o["method"], o["value"], o["status"]) for o in seen["obligations"]} == {
        ("cash", "57300.00", "accrued"),
        ("replacement_in_kind", "5500.00", "open"),
    }
    later = ledger_activity.order_ledger_activity(
        orders_db.uow(), actor=IND_RECEIVER, order_id=oid, today=date(2027, 3, 6)
    )
    assert {o["status"] for o in later["obligations"]} == {"accrued", "overdue"}
    assert later["invoices"] == [] and later["payments"] == []


def test_an_orders_ledger_activity_shows_its_invoice_outstanding_and_a_reversed_payment(orders_db: Database) -> None:
    price_list(orders_db)
    oid = accepted(orders_db)["id"]
    d = _deliver(orders_db, oid)
    deliveries.receipt_delivery(
        orders_db.uow(), actor=IND_RECEIVER, order_id=oid, delivery_id=str(d["id"]), receipted_on=date(2026, 3, 2)
    )
    billed = reimbursement.bill_order(orders_db.uow(), actor=RUS_BILLING, order_id=oid, issued_on=date(2026, 3, 10))
    assert billed["invoice"] is not None
    pay = {"invoice_id": billed["invoice"]["id"], "currency": "RUB"}
    wrong = reimbursement.record_payment(
        orders_db.uow(), actor=IND_FINANCE, amount="50000.00", paid_on=date(2026, 3, 12), **pay
    )
    reimbursement.reverse_payment(
        orders_db.uow(), actor=IND_FINANCE, payment_id=wrong["id"], reason="wrong account", on=date(2026, 3, 13)
    )
    reimbursement.record_payment(orders_db.uow(), actor=IND_FINANCE, amount="7300.00", paid_on=date(2026, 3, 14), **pay)
    seen = ledger_activity.order_ledger_activity(orders_db.uow(), actor=RUS_BILLING, order_id=oid)
    assert [(i["amount"], i["outstanding"]) for i in seen["invoices"]] == [("57300.00", "50000.00")]
    assert [(p["amount"], p["reversed"]) for p in seen["payments"]] == [("50000.00", True), ("7300.00", False)]

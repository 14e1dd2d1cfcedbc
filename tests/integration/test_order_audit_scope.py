"""Every audit entry of a support order and its reimbursement names the agreement it belongs to, so an
auditor of either party sees the whole walk (created … receipted, billed, paid, closed); entries that
belong to no agreement (a price list, an exchange rate) name their party, whose auditors see them."""

from __future__ import annotations

from datetime import UTC, date, datetime

from tests.integration.orders_helpers import (
    IND_FINANCE,
    IND_RECEIVER,
    RUS_BILLING,
    RUS_LOGISTICS,
    accepted,
    draft,
    fuel_and_water,
    person,
    price_list,
)

from relos.db.runtime import Database
from relos.domain.actor import Actor, Role
from relos.services.ledger import reimbursement
from relos.services.orders import deliveries
from relos.services.orders import lifecycle as order_service
from relos.services.people.audit import read_audit_trail
from relos.services.people.ports import AuditEntry

#: A clock after every day these tests record (an invoice or a conversion is a fact: never in the future).
LATER = datetime(2030, 1, 1, tzinfo=UTC)

IND_AUDITOR = person("ind.auditor", "IND", Role.AUDITOR)
RUS_AUDITOR = person("rus.auditor", "RUS", Role.AUDITOR)
USA_AUDITOR = person("usa.auditor", "USA", Role.AUDITOR)

#: What an auditor reads of the walk below, in order (two deliveries; a payment corrected and made again).
WALK = [
    "order.created",
    "order.signed.IND",
    "order.signed.RUS",
    "order.accepted",
    "delivery.recorded",
    "delivery.receipted",
    "delivery.recorded",
    "delivery.receipted",
    "order.billed",
    "payment.recorded",
    "payment.reversed",
    "obligation.satisfied",
    "payment.recorded",
    "order.closed",
]


def _walk(db: Database) -> tuple[str, str]:
    """An order from draft to closed: two deliveries receipted, billed, paid, the payment corrected, the
    water replaced in kind, paid again, closed. Returns the order's id and its in-kind obligation's."""
    oid = accepted(db)["id"]
    posted = []
    for on, lines in ((date(2026, 3, 2), [(1, "600"), (2, "50")]), (date(2026, 3, 3), [(1, "400")])):
        d = deliveries.record_delivery(db.uow(), actor=RUS_LOGISTICS, order_id=oid, delivered_on=on, lines=lines)
        r = deliveries.receipt_delivery(
            db.uow(), actor=IND_RECEIVER, order_id=oid, delivery_id=d["id"], receipted_on=on
        )
        posted += r["obligations"]
    rik = next(o for o in posted if o["method"] == "replacement_in_kind")
    billed = reimbursement.bill_order(db.uow(), actor=RUS_BILLING, order_id=oid, issued_on=date(2026, 3, 10))
    assert billed["invoice"] is not None
    pay = {"invoice_id": billed["invoice"]["id"], "amount": "95500.00", "currency": "RUB"}
    first = reimbursement.record_payment(db.uow(), actor=IND_FINANCE, paid_on=date(2026, 4, 1), **pay)
    reimbursement.reverse_payment(
        db.uow(), actor=IND_FINANCE, payment_id=first["id"], reason="paid from the wrong account", on=date(2026, 4, 2)
    )
    deliveries.satisfy_in_kind(
        db.uow(),
        actor=IND_RECEIVER,
        obligation_id=rik["id"],
        value="5500.00",
        currency="RUB",
        satisfied_on=date(2026, 4, 3),
        delivery_ref="IND water delivery note 17",
    )
    paid = reimbursement.record_payment(db.uow(), actor=IND_FINANCE, paid_on=date(2026, 4, 3), **pay)
    assert paid["order_status"] == "settled"
    assert reimbursement.close_order(db.uow(), actor=RUS_BILLING, order_id=oid)["status"] == "closed"
    return oid, rik["id"]


def _seen(db: Database, auditor: Actor) -> list[AuditEntry]:
    return read_audit_trail(db.uow(), actor=auditor, limit=500)


def test_an_auditor_of_each_party_sees_the_whole_order_walk(orders_db: Database) -> None:
    price_list(orders_db)
    records = _walk(orders_db)
    for auditor in (IND_AUDITOR, RUS_AUDITOR):
        assert [e.action for e in reversed(_seen(orders_db, auditor)) if e.entity_id in records] == WALK
        by_agreement = read_audit_trail(orders_db.uow(), actor=auditor, agreement_id="relos-ind-rus", limit=500)
        assert {e.action for e in by_agreement} >= set(WALK)
    assert not [e for e in _seen(orders_db, USA_AUDITOR) if e.entity_id in records]


def test_every_audit_entry_of_an_order_and_its_ledger_names_its_agreement(orders_db: Database) -> None:
    price_list(orders_db)
    oid, _ = _walk(orders_db)
    entries = read_audit_trail(orders_db.uow(), actor=Actor.operator("test"), limit=500)
    ours = [e for e in entries if e.entity in ("order", "obligation")]
    assert {e.action for e in ours} >= set(WALK) and any(e.entity_id == oid for e in ours)
    assert [(e.action, e.agreement_id) for e in ours if e.agreement_id != "relos-ind-rus"] == []
    with orders_db.uow() as uow:
        assert uow.audit.verify().intact


def test_an_obligation_converted_to_cash_is_seen_by_both_parties_auditors(orders_db: Database) -> None:
    price_list(orders_db)
    water = [fuel_and_water()[1]]
    oid = draft(orders_db, water)["id"]
    for signer in ("ind.captain", "rus.commander"):
        party = signer[:3].upper()
        order_service.sign_order(orders_db.uow(), actor=person(signer, party, Role.HOST_APPROVER), order_id=oid)
    order_service.accept_order(orders_db.uow(), actor=RUS_LOGISTICS, order_id=oid)
    d = deliveries.record_delivery(
        orders_db.uow(), actor=RUS_LOGISTICS, order_id=oid, delivered_on=date(2026, 3, 2), lines=[(1, "50")]
    )
    deliveries.receipt_delivery(
        orders_db.uow(), actor=IND_RECEIVER, order_id=oid, delivery_id=d["id"], receipted_on=date(2026, 3, 2)
    )
    converted = reimbursement.convert_overdue(orders_db.uow(), actor=RUS_BILLING, on=date(2027, 4, 1), now=LATER)
    assert [c["order_id"] for c in converted] == [oid]
    for auditor in (IND_AUDITOR, RUS_AUDITOR):
        found = [e for e in _seen(orders_db, auditor) if e.action == "obligation.converted_to_cash"]
        assert [(e.entity_id, e.agreement_id) for e in found] == [(converted[0]["obligation_id"], "relos-ind-rus")]


def test_a_price_list_and_an_exchange_rate_are_seen_by_their_partys_auditor_only(orders_db: Database) -> None:
    listed = price_list(orders_db)
    rate = reimbursement.record_rate(
        orders_db.uow(), actor=IND_FINANCE, base="USD", quote="INR", rate="83.10", on=date(2026, 3, 1), source="RBI"
    )
    rus = {(e.action, e.entity_id) for e in _seen(orders_db, RUS_AUDITOR)}
    ind = {(e.action, e.entity_id) for e in _seen(orders_db, IND_AUDITOR)}
    assert ("price_list.added", listed["id"]) in rus and ("price_list.added", listed["id"]) not in ind
    assert ("rate.recorded", rate["id"]) in ind and ("rate.recorded", rate["id"]) not in rus
    assert not {e.action for e in _seen(orders_db, USA_AUDITOR)} & {"price_list.added", "rate.recorded"}

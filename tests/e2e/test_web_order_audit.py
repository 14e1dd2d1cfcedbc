"""The audit page shows an auditor of either party the whole walk of a support order (created, signed,
accepted, delivered, receipted, billed, paid), each entry naming its agreement; a party outside the
agreement sees none of it."""

from __future__ import annotations

import re
from datetime import date

from tests.e2e.web_helpers import PASSWORD, add_people, client_for, sign_in
from tests.integration.orders_helpers import (
    IND_FINANCE,
    IND_RECEIVER,
    RUS_BILLING,
    RUS_LOGISTICS,
    accepted,
    price_list,
)

from relos.db.runtime import Database
from relos.domain.actor import Actor, Role
from relos.domain.references import RecordKind
from relos.services.ledger import reimbursement
from relos.services.orders import deliveries
from relos.services.people import users
from relos.services.references import references_of

SEEN = [
    "order.created",
    "order.signed.IND",
    "order.signed.RUS",
    "order.accepted",
    "delivery.recorded",
    "delivery.receipted",
    "order.billed",
    "payment.recorded",
]


def _paid_order(db: Database) -> str:
    price_list(db)
    oid = accepted(db)["id"]
    on = date(2026, 3, 2)
    d = deliveries.record_delivery(db.uow(), actor=RUS_LOGISTICS, order_id=oid, delivered_on=on, lines=[(1, "600")])
    deliveries.receipt_delivery(db.uow(), actor=IND_RECEIVER, order_id=oid, delivery_id=d["id"], receipted_on=on)
    billed = reimbursement.bill_order(db.uow(), actor=RUS_BILLING, order_id=oid, issued_on=date(2026, 3, 10))
    assert billed["invoice"] is not None
    reimbursement.record_payment(
        db.uow(),
        actor=IND_FINANCE,
        invoice_id=billed["invoice"]["id"],
        amount=billed["invoice"]["amount"],
        currency="RUB",
        paid_on=date(2026, 4, 1),
    )
    return oid


def _rows_of(page: str, oid: str) -> list[str]:
    """The audit table's rows about `oid` (none when the page has no table: nothing the user may read)."""
    if 'id="audit"' not in page:
        return []
    table = page.split('id="audit"')[1].split("</table>")[0]
    return [row for row in table.split("<tr>") if oid in row]


def test_an_auditor_of_each_party_sees_the_whole_order_walk_on_the_audit_page(orders_db: Database) -> None:
    add_people(orders_db)
    operator = Actor.operator("test")
    for user_id, party in (("rus.auditor", "RUS"), ("usa.auditor", "USA")):
        users.create_user(
            orders_db.uow(), actor=operator, user_id=user_id, party=party, roles=["auditor"], password=PASSWORD
        )
    oid = _paid_order(orders_db)
    with client_for(orders_db) as client:
        for auditor in ("ind.admin", "rus.auditor"):  # ind.admin holds the auditor's role too
            page = sign_in(client, auditor).get("/audit").text
            rows = _rows_of(page, oid)
            actions = [row.split('title="')[1].split('"')[0] for row in reversed(rows)]
            assert actions == SEEN, auditor
            assert all("relos-ind-rus" in row for row in rows)
            # the order is named by its reference, linked to its page, not by its id
            assert all(re.search(rf'<a href="/orders/{oid}"[^>]*>RUS-ORD-\d{{4}}-\d{{4}}</a>', row) for row in rows)
            assert not [row for row in rows if f">{oid}<" in row]
        page = sign_in(client, "usa.auditor").get("/audit").text
        assert page.count("<h1>") == 1 and _rows_of(page, oid) == []


def test_a_record_is_named_by_its_reference_only_to_a_reader_who_may_see_it(orders_db: Database) -> None:
    oid = _paid_order(orders_db)
    outsider = Actor(user_id="usa.auditor", party="USA", roles=frozenset({Role.AUDITOR}))
    party = Actor(user_id="ind.auditor", party="IND", roles=frozenset({Role.AUDITOR}))
    ask = {"kind": RecordKind.ORDER, "record_ids": {oid, "no-such-order"}}
    assert references_of(orders_db.uow(), actor=outsider, **ask) == {}
    (said,) = references_of(orders_db.uow(), actor=party, **ask).items()
    assert said[0] == oid and re.fullmatch(r"RUS-ORD-\d{4}-\d{4}", said[1])

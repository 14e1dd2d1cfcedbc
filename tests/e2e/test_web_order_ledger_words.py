"""The order page's ledger section says where each debt stands as the ledger does, in English and in Russian,
through HTTP on both databases: owed in cash and to be invoiced, then invoiced, part paid (unpaid again once the
payment is corrected), paid; an in-kind debt overdue, then converted to cash, invoiced and paid."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.e2e.web_helpers import KEY, add_people, sign_in
from tests.integration.orders_helpers import IND_FINANCE, IND_RECEIVER, RUS_BILLING, RUS_LOGISTICS, accepted, price_list

from relos.clock import Clock
from relos.db.runtime import Database
from relos.server import create_app
from relos.services.ledger import reimbursement
from relos.services.orders import deliveries
from relos.settings import Settings

#: The application's day: the water taken in kind on 2 March 2026 fell due on 2 March 2027.
JUNE_2027 = datetime(2027, 6, 1, 10, 0, tzinfo=UTC)

WORDS = {
    "en": {
        "accrued": "owed in cash, to be invoiced",
        "invoiced": "invoiced, unpaid",
        "partly_paid": "invoiced, part paid",
        "paid": "paid",
        "overdue": "overdue",
        "converted_to_cash": "converted to cash",
    },
    "ru": {
        "accrued": "начислено к оплате деньгами, счёт не выставлен",
        "invoiced": "счёт выставлен, не оплачен",
        "partly_paid": "счёт выставлен, оплачен частично",
        "paid": "оплачено",
        "overdue": "просрочено",
        "converted_to_cash": "переведено в денежный долг",
    },
}


@pytest.fixture
def db(orders_db: Database) -> Database:
    add_people(orders_db)
    price_list(orders_db)
    return orders_db


@pytest.fixture
def client(db: Database) -> Iterator[TestClient]:
    settings = Settings(database_url=db.url, secret_key=KEY, cookie_secure=False)
    with TestClient(create_app(settings, db, Clock(pinned=JUNE_2027))) as c:
        yield c


@pytest.fixture
def receipted(db: Database) -> dict[str, Any]:
    """The RELOS order delivered and receipted on 2 March 2026: fuel in cash (95,500.00 RUB), water in kind."""
    order = accepted(db)
    d = deliveries.record_delivery(
        db.uow(), actor=RUS_LOGISTICS, order_id=order["id"], delivered_on=date(2026, 3, 2),
        lines=[(1, "1000"), (2, "50")], now=JUNE_2027,
    )  # fmt: skip
    r = deliveries.receipt_delivery(
        db.uow(), actor=IND_RECEIVER, order_id=order["id"], delivery_id=d["id"], receipted_on=date(2026, 3, 2),
        now=JUNE_2027,
    )  # fmt: skip
    return {**order, "obligations": {o["method"]: o for o in r["obligations"]}}


def said(client: TestClient, order_id: str, lang: str) -> dict[str, str]:
    """Each obligation's status cell on the order's page in `lang`: its data-status (and data-cash) -> its words."""
    page = client.get(f"/orders/{order_id}", params={"lang": lang}).text
    table = page.split('<table id="obligations">')[1].split("</table>")[0]
    cells: dict[str, str] = {}
    for row in table.split("<td data-status=")[1:]:
        attrs, words = row.split(">", 1)
        cells[attrs.replace('"', "").replace(" data-cash=", "+")] = words.split("</td>")[0]
    return cells


def test_the_order_page_says_where_each_debt_stands_in_english_and_in_russian(
    client: TestClient, db: Database, receipted: dict[str, Any]
) -> None:
    oid = receipted["id"]
    sign_in(client, "rus.finance")

    def expect(fuel: str, water: str, water_cash: str | None = None) -> None:
        """The fuel (cash) and the water (in kind) obligations' cells, in both languages."""
        for lang, words in WORDS.items():
            want = {f"{fuel}+{fuel}": words[fuel]}
            if water_cash is None:
                want[water] = words[water]
            else:
                want[f"{water}+{water_cash}"] = f"{words[water]} · {words[water_cash]}"
            got = said(client, oid, lang)
            assert got == want, (lang, got)
            if "accrued" not in (fuel, water_cash):
                assert words["accrued"] not in client.get(f"/orders/{oid}", params={"lang": lang}).text

    expect("accrued", "overdue")
    bill = reimbursement.bill_order(
        db.uow(), actor=RUS_BILLING, order_id=oid, issued_on=date(2026, 3, 5), now=JUNE_2027
    )
    invoice = bill["invoice"]
    assert invoice is not None and invoice["amount"] == "95500.00"
    expect("invoiced", "overdue")

    part = pay(db, invoice["id"], "40000.00", date(2026, 4, 1))
    expect("partly_paid", "overdue")
    reimbursement.reverse_payment(
        db.uow(), actor=IND_FINANCE, payment_id=part["id"], reason="paid to the wrong account", on=date(2026, 4, 3),
        now=JUNE_2027,
    )  # fmt: skip
    expect("invoiced", "overdue")
    pay(db, invoice["id"], "95500.00", date(2026, 4, 10))
    expect("paid", "overdue")

    (converted,) = reimbursement.convert_overdue(db.uow(), actor=RUS_BILLING, on=date(2027, 3, 2), now=JUNE_2027)
    assert converted["obligation_id"] == receipted["obligations"]["replacement_in_kind"]["id"]
    expect("paid", "converted_to_cash", "accrued")
    again = reimbursement.bill_order(
        db.uow(), actor=RUS_BILLING, order_id=oid, issued_on=date(2027, 3, 3), now=JUNE_2027
    )
    assert again["invoice"] is not None
    expect("paid", "converted_to_cash", "invoiced")
    pay(db, again["invoice"]["id"], again["invoice"]["amount"], date(2027, 3, 10))
    expect("paid", "converted_to_cash", "paid")


def pay(db: Database, invoice_id: str, amount: str, on: date) -> dict[str, Any]:
    made = reimbursement.record_payment(
        db.uow(), actor=IND_FINANCE, invoice_id=invoice_id, amount=amount, currency="RUB", paid_on=on, now=JUNE_2027
    )
    return dict(made)

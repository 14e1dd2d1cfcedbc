"""The ledger in the web application through HTTP: balances per agreement, an agreement's statement
for a period on screen (English and Russian headings) and as JSON, CSV and PDF downloads made by the
statement service's own formats, and the order page's obligations and invoices."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.e2e.web_helpers import add_people, client_for, sign_in
from tests.integration.orders_helpers import IND_RECEIVER, RUS_BILLING, RUS_LOGISTICS, accepted, price_list

from relos.db.runtime import Database
from relos.services.ledger import reimbursement
from relos.services.orders import deliveries
from relos.web import ledger as ledger_page

STATEMENT = "/ledger/statement"
PERIOD = {"agreement": "relos-ind-rus", "period": "2026"}


@pytest.fixture
def billed(orders_db: Database) -> dict[str, Any]:
    """The RELOS order delivered in full, receipted and billed (fuel in cash, water in kind)."""
    add_people(orders_db)
    price_list(orders_db)
    order = accepted(orders_db)
    d = deliveries.record_delivery(
        orders_db.uow(),
        actor=RUS_LOGISTICS,
        order_id=order["id"],
        delivered_on=date(2026, 3, 5),
        lines=[(1, "1000"), (2, "50")],
    )
    deliveries.receipt_delivery(
        orders_db.uow(), actor=IND_RECEIVER, order_id=order["id"], delivery_id=d["id"], receipted_on=date(2026, 3, 6)
    )
    reimbursement.bill_order(orders_db.uow(), actor=RUS_BILLING, order_id=order["id"], issued_on=date(2026, 3, 10))
    return order


@pytest.fixture
def client(orders_db: Database, billed: dict[str, Any]) -> Iterator[TestClient]:
    with client_for(orders_db) as c:
        yield c


def test_balances_per_agreement(client: TestClient) -> None:
    page = sign_in(client, "ind.finance").get("/ledger").text
    table = page.split('<table class="balances" data-agreement="relos-ind-rus">')[1].split("</table>")[0]
    assert '<td>Russia</td><td>receivable (invoiced)</td><td>India</td><td class="num">95,500.00</td>' in table
    assert "receivable in kind" in table and "5,500.00" in table  # 50 m3 of water at 110.00 RUB


def test_statement_page_and_its_downloads(client: TestClient) -> None:
    sign_in(client, "rus.finance")
    page = client.get(STATEMENT, params=PERIOD).text
    assert 'id="section-invoices"' in page and "Invoices <span" in page and "95,500.00" in page
    assert 'href="/ledger/statement.csv?agreement=relos-ind-rus&amp;period=2026"' in page
    assert "Акт сверки" in client.get(STATEMENT, params={**PERIOD, "lang": "ru"}).text
    assert "Счета <span" in client.get(STATEMENT, params=PERIOD).text  # the language is remembered
    st = client.get(f"{STATEMENT}.json", params=PERIOD)
    assert st.headers["content-type"].startswith("application/json") and len(st.json()["invoices"]) == 1
    csv_file = client.get(f"{STATEMENT}.csv", params=PERIOD)
    assert "Счета" in csv_file.text and "Invoices" in csv_file.text
    assert 'filename="statement-relos-ind-rus-2026.csv"' in csv_file.headers["content-disposition"]
    pdf = client.get(f"{STATEMENT}.pdf", params=PERIOD)
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert json.loads(st.text)["period"]["label"] == "2026"


def test_a_bad_period_is_named(client: TestClient) -> None:
    r = sign_in(client, "rus.finance").get(STATEMENT, params={**PERIOD, "period": "last year"})
    assert r.status_code == 422 and "<code>period</code>" in r.text
    assert sign_in(client, "rus.finance").get(f"{STATEMENT}.xls", params=PERIOD).status_code == 422


def test_a_russian_user_gets_404_for_the_lemoa_statement_and_balances(client: TestClient) -> None:
    sign_in(client, "rus.finance")
    hidden = client.get(STATEMENT, params={**PERIOD, "agreement": "lemoa-ind-usa"})
    absent = client.get(STATEMENT, params={**PERIOD, "agreement": "no-such"})
    assert hidden.status_code == absent.status_code == 404 and "LEMOA" not in hidden.text
    assert client.get(f"{STATEMENT}.csv", params={**PERIOD, "agreement": "lemoa-ind-usa"}).status_code == 404
    assert client.get("/ledger", params={"agreement": "lemoa-ind-usa"}).status_code == 404


def test_order_page_lists_its_obligations_and_invoice(client: TestClient, billed: dict[str, Any]) -> None:
    page = sign_in(client, "ind.finance").get(f"/orders/{billed['id']}").text
    assert 'data-status="billed"' in page and 'id="obligations"' in page and 'id="invoices"' in page
    assert "replacement in kind" in page and "95,500.00\u00a0RUB" in page


def test_downloads_need_a_session(client: TestClient) -> None:
    r = client.get(f"{STATEMENT}.csv", params=PERIOD, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/sign-in"


def test_the_statements_screen_shows_the_first_rows_of_each_list_and_the_downloads_all(
    client: TestClient, orders_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    second = accepted(orders_db)  # a second open order of the period
    monkeypatch.setattr(ledger_page, "SCREEN_ROWS", 1)
    sign_in(client, "rus.finance")
    page = client.get(STATEMENT, params=PERIOD).text
    orders = page.split('id="section-orders"')[1].split("</section>")[0]
    assert "(1 / 2)" in orders and 'data-cut="orders"' in orders and orders.count("<tr>") == 2  # head and one row
    assert "The first 1 of 2 are shown here" in orders and second["reference"] not in orders
    assert 'data-cut="invoices"' not in page  # one invoice: nothing cut
    whole = client.get(f"{STATEMENT}.json", params=PERIOD).json()
    assert len(whole["orders"]) == whole["orders_total"] == 2
    ru = client.get(STATEMENT, params={**PERIOD, "lang": "ru"}).text
    assert "Здесь показаны первые 1 из 2" in ru

"""A new support order and an amendment through the web forms (lines picked from the supplier's price list, a
price departing from it asking for its reason), and the orders list paged, sorted and exported on the server:
through HTTP on both databases, with refusals naming the line and field and keeping what was typed, the
anti-forgery token, a double submit making one record, and another party's order answered with the same 404."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.e2e.web_helpers import actor, add_people, client_for, csrf_of, lemoa_draft, relos_draft, sign_in
from tests.integration.orders_helpers import RUS_LOGISTICS

from relos.db.runtime import Database
from relos.services.orders import lifecycle as order_service
from relos.services.orders.price_lists import PriceItemInput, add_price_list
from relos.web.orders import listing

NEW = "/orders/new?agreement=relos-ind-rus&facility=RU-VVO"


def current_price_list(db: Database) -> dict[str, Any]:
    """Russia's national price list in force today (a new order is priced on the day it is made)."""
    today = datetime.now(UTC).date()
    return add_price_list(
        db.uow(),
        actor=RUS_LOGISTICS,
        supplying_party="RUS",
        facility_id=None,
        valid_from=today - timedelta(days=60),
        valid_until=today + timedelta(days=300),
        source="Test price list (national), current",
        items=[
            PriceItemInput("F-76", "L", "95.50", "RUB", "Naval distillate fuel"),
            PriceItemInput("WATER-POTABLE", "m3", "120.00", "RUB", "Potable water"),
        ],
    )


@pytest.fixture
def db(orders_db: Database) -> Database:
    add_people(orders_db)
    current_price_list(orders_db)
    return orders_db


@pytest.fixture
def client(db: Database) -> Iterator[TestClient]:
    with client_for(db) as c:
        yield c


def key_of(html: str) -> str:
    return html.split('name="key" value="')[1].split('"')[0]


def new_order_fields(page: str, **extra: str) -> dict[str, str]:
    return {
        "csrf": csrf_of(page),
        "key": key_of(page),
        "agreement": "relos-ind-rus",
        "facility": "RU-VVO",
        "requesting_unit": "INS Tabar",
        "line-1-item": "F-76|L",
        "line-1-category": "petroleum_oils_lubricants",
        "line-1-quantity": "1000",
        "line-1-method": "cash",
        "line-2-item": "WATER-POTABLE|m3",
        "line-2-category": "water",
        "line-2-quantity": "50",
        "line-2-method": "replacement_in_kind",
        **extra,
    }


def orders_in(db: Database) -> list[Any]:
    return order_service.list_orders(db.uow(), actor=actor("ind.requester"))


def test_the_new_order_page_shows_the_suppliers_price_list_and_a_row_per_line(client: TestClient) -> None:
    page = sign_in(client, "ind.requester").get("/orders").text
    assert 'id="new-order-link"' in page
    page = client.get("/orders/new").text
    assert 'id="choose-agreement"' in page and 'id="new-order-form"' not in page
    page = client.get(NEW).text
    assert 'data-item="F-76|L"' in page and "95.50\u00a0RUB" in page and "Naval distillate fuel" in page
    assert 'data-item="WATER-POTABLE|m3"' in page and "120.00\u00a0RUB" in page
    assert 'id="new-order-form"' in page and page.count('data-row="') == 4
    assert '<label class="visually-hidden" for="line-2-quantity">Line 2, quantity</label>' in page
    assert client.get(NEW + "&rows=9").text.count('data-row="') == 9
    page = sign_in(client, "ind.captain").get(NEW).text
    assert 'id="new-order-form"' not in page and 'id="new-order-not-yours"' in page
    assert 'id="new-order-link"' not in client.get("/orders").text


def test_an_order_created_from_the_price_list_takes_the_list_prices_once_for_a_double_submit(
    client: TestClient, db: Database
) -> None:
    page = sign_in(client, "ind.requester").get(NEW).text
    fields = new_order_fields(page, title="Fuel and water for INS Tabar", **{"line-1-quantity": "1,000"})
    first = client.post("/orders/new", data=fields, follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"].startswith("/orders/")
    again = client.post("/orders/new", data=fields, follow_redirects=False)
    assert again.headers["location"] == first.headers["location"]  # the same form twice: one order
    assert len(orders_in(db)) == 1
    r = client.get(first.headers["location"])
    assert r.status_code == 200 and 'id="done"' in r.text and "Order created" in r.text
    assert 'data-status="draft"' in r.text and "Fuel and water for INS Tabar" in r.text
    assert "95,500.00\u00a0RUB" in r.text and "6,000.00\u00a0RUB" in r.text  # 1000 L at 95.50, 50 m3 at 120
    assert 'class="departs"' not in r.text


def test_a_price_departing_from_the_list_asks_for_its_reason_naming_the_line_and_keeping_what_was_typed(
    client: TestClient, db: Database
) -> None:
    page = sign_in(client, "ind.requester").get(NEW).text
    fields = new_order_fields(page, **{"line-2-price": "110.00", "line-1-quantity": "-5", "note": "Для учений"})
    r = client.post("/orders/new", data=fields)
    assert r.status_code == 422 and "Refused: creating the order" in r.text
    assert "<code>line 1, quantity</code>" in r.text
    assert 'value="-5"' in r.text and 'value="110.00"' in r.text and "Для учений" in r.text
    assert 'value="F-76|L" selected' in r.text and not orders_in(db)
    fields = new_order_fields(page, **{"line-2-price": "110.00"})
    r = client.post("/orders/new", data=fields)
    assert r.status_code == 200 and 'class="departs"' in r.text  # saved: signing needs the reason
    assert "<code>line 2 price_reason</code>" in r.text
    page = client.get(NEW).text
    fields = new_order_fields(page, **{"line-2-price": "110.00", "line-2-reason": "Port discount"})
    r = client.post("/orders/new", data=fields)
    assert 'class="departs"' in r.text and "Port discount" in r.text and 'id="incomplete"' not in r.text


def test_refusals_of_a_new_order_are_said_in_russian_naming_the_line(client: TestClient) -> None:
    page = sign_in(client, "ind.requester").get(NEW + "&lang=ru").text
    assert "Строка 2, количество" in page and "Создать проект заявки" in page
    r = client.post("/orders/new", data=new_order_fields(page, **{"line-2-category": ""}))
    assert r.status_code == 422 and "Действие отклонено: создание заявки" in r.text
    assert "<code>строка 2, категория</code>" in r.text


def test_a_new_order_without_the_forms_token_is_refused_and_makes_nothing(client: TestClient, db: Database) -> None:
    page = sign_in(client, "ind.requester").get(NEW).text
    r = client.post("/orders/new", data={**new_order_fields(page), "csrf": "forged"})
    assert r.status_code == 403 and "expired" in r.text and 'value="INS Tabar"' not in r.text
    assert not orders_in(db)


def test_a_new_order_under_another_partys_agreement_is_not_found(client: TestClient) -> None:
    page = sign_in(client, "rus.commander").get("/orders/new?agreement=lemoa-ind-usa&facility=IN-BOM")
    assert page.status_code == 404 and "Price list" not in page.text


def test_a_draft_is_amended_through_its_form_once_and_signed_again(client: TestClient, db: Database) -> None:
    order = relos_draft(db)
    path = f"/orders/{order['id']}"
    page = sign_in(client, "ind.requester").get(path).text
    assert 'id="amend-link"' in page
    page = client.get(f"{path}/amend").text
    assert 'value="1000"' in page and 'value="110.00"' in page and "Port discount agreed" in page
    fields = {
        "csrf": csrf_of(page),
        "key": key_of(page),
        "line-1-item": "F-76|L",
        "line-1-category": "petroleum_oils_lubricants",
        "line-1-quantity": "abc",
        "line-1-method": "cash",
        "reason": "More fuel",
    }
    r = client.post(f"{path}/amend", data=fields)
    assert (
        r.status_code == 422 and "Refused: amending the order" in r.text and "<code>line 1, quantity</code>" in r.text
    )
    assert 'value="abc"' in r.text and 'value="More fuel"' in r.text
    fields["line-1-quantity"] = "1500"
    for _ in range(2):  # the same form twice: one new version
        r = client.post(f"{path}/amend", data=fields)
    assert r.status_code == 200 and "Order amended" in r.text and r.url.path == path
    got = order_service.get_order(db.uow(), actor=actor("ind.requester"), order_id=order["id"])
    assert got["version"] == 2 and len(got["lines"]) == 1 and got["lines"][0]["quantity"] == "1500"
    assert 'data-status="draft"' in r.text and "More fuel" in r.text
    page = sign_in(client, "ind.captain").get(path).text
    assert 'id="amend-link"' not in page
    assert client.post(f"{path}/amend", data={**fields, "csrf": csrf_of(page), "key": "x"}).status_code == 403


def test_another_partys_order_to_amend_is_the_same_404(client: TestClient, db: Database) -> None:
    theirs = lemoa_draft(db)
    sign_in(client, "rus.commander")
    hidden = client.get(f"/orders/{theirs['id']}/amend")
    absent = client.get("/orders/0190a000-0000-7000-8000-000000000000/amend")
    assert hidden.status_code == absent.status_code == 404
    assert hidden.text.replace(theirs["id"], "X") == absent.text.replace("0190a000-0000-7000-8000-000000000000", "X")
    page = client.get("/orders").text
    r = client.post(f"/orders/{theirs['id']}/amend", data={"csrf": csrf_of(page), "reason": "x"})
    assert r.status_code == 404 and "USS Example" not in r.text


def test_the_list_pages_sorts_filters_and_exports_on_the_server(
    client: TestClient, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listing, "PAGE", 2)
    made = [relos_draft(db)["reference"]] + [
        order_service.create_order(
            db.uow(),
            actor=actor("ind.requester"),
            agreement_id="relos-ind-rus",
            requesting_unit=f"INS Unit {n}",
            facility_id="RU-VVO",
            lines=[order_service.LineInput("water", "WATER-POTABLE", "Potable water", "5", "m3", "cash")],
        )["reference"]
        for n in range(4)
    ]
    lemoa_draft(db)
    page = sign_in(client, "ind.captain").get("/orders", params={"agreement": "relos-ind-rus", "sort": "reference"})
    shown = page.text.count("<code data-reference>")
    assert shown == 2 and made[0] in page.text and made[1] in page.text and 'id="next-page"' in page.text
    following = page.text.split('id="next-page"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    page = client.get(following)
    assert made[2] in page.text and made[3] in page.text and made[0] not in page.text
    page = client.get(page.text.split('id="next-page"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&"))
    assert made[4] in page.text and 'id="next-page"' not in page.text and 'id="first-page"' in page.text
    newest = client.get("/orders", params={"sort": "newest", "agreement": "relos-ind-rus"}).text
    assert newest.index(made[4]) < newest.index(made[3])
    assert client.get("/orders", params={"sort": "oldest", "status": "signed"}).text.count("<code data-reference>") == 0
    r = client.get("/orders.csv", params={"agreement": "relos-ind-rus", "sort": "reference"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text.lstrip("\ufeff"))))
    assert rows[0][0] == "Reference" and [row[0] for row in rows[1:]] == sorted(made)
    assert {row[9] for row in rows[1:]} == {"draft"}
    ru = client.get("/orders.csv", params={"agreement": "relos-ind-rus", "lang": "ru"}).text
    assert ru.lstrip("\ufeff").startswith("Номер,Название") and "Индия" in ru and "LEMOA" not in ru

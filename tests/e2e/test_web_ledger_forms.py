"""The ledger's forms through HTTP on both databases: an exchange rate, a price list imported from a CSV or JSON
file, overdue in-kind debts converted to cash; each shown only to who may use it, refusals naming the field (a
file's item as "item 2, price") and keeping what was typed, the anti-forgery token, a double submit making one
record."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.e2e.web_helpers import actor, add_people, client_for, csrf_of, sign_in
from tests.integration.orders_helpers import IND_RECEIVER, RUS_LOGISTICS, accepted, price_list

from relos.db.runtime import Database
from relos.services.orders import deliveries, ledger_activity

RECORDS = "/ledger/records"
CSV = "item_code,unit,price,currency,description\nF-76,L,96.00,RUB,Naval distillate fuel\nJP-5,L,abc,RUB,Jet fuel\n"


@pytest.fixture
def db(orders_db: Database) -> Database:
    add_people(orders_db)
    return orders_db


@pytest.fixture
def client(db: Database) -> Iterator[TestClient]:
    with client_for(db) as c:
        yield c


def key_of(html: str, form: str) -> str:
    return html.split(f'id="{form}"')[1].split('name="key" value="')[1].split('"')[0]


def rates(db: Database) -> list[Any]:
    with db.uow() as uow:
        return uow.ledger.rates()


def lists(db: Database, party: str) -> list[Any]:
    with db.uow() as uow:
        return uow.orders.price_lists(party)


def test_each_form_is_shown_to_who_may_use_it(client: TestClient) -> None:
    page = sign_in(client, "rus.finance").get(RECORDS).text
    assert all(f'id="{f}"' in page for f in ("rate-form", "price-list-form", "convert-form"))
    assert 'id="ledger-records-link"' in client.get("/ledger").text
    page = sign_in(client, "rus.logistics").get(RECORDS).text
    assert 'id="price-list-form"' in page and 'id="rate-form"' not in page and 'id="convert-form"' not in page
    page = sign_in(client, "ind.captain").get(RECORDS).text
    assert 'id="no-ledger-forms"' in page and 'action="/ledger/' not in page
    assert 'id="ledger-records-link"' not in client.get("/ledger").text


def test_an_exchange_rate_is_recorded_once_and_a_refusal_names_the_rate(client: TestClient, db: Database) -> None:
    page = sign_in(client, "ind.finance").get(RECORDS).text
    data = {"csrf": csrf_of(page), "key": key_of(page, "rate-form"), "base": "usd", "quote": "INR", "on": "2026-03-01"}
    r = client.post("/ledger/rates", data={**data, "rate": "eighty", "source": "RBI reference rate"})
    assert r.status_code == 422 and "Refused: recording the exchange rate" in r.text and "<code>rate</code>" in r.text
    assert 'value="eighty"' in r.text and 'value="RBI reference rate"' in r.text and not rates(db)
    for _ in range(2):
        r = client.post("/ledger/rates", data={**data, "rate": "83.12", "source": "RBI reference rate"})
    assert r.status_code == 200 and "Exchange rate recorded" in r.text and r.url.path == RECORDS
    assert [(x.base, x.quote, str(x.rate)) for x in rates(db)] == [("USD", "INR", "83.12")]
    r = client.post("/ledger/rates", data={**data, "csrf": "forged", "rate": "1", "source": "x"})
    assert r.status_code == 403 and "expired" in r.text and len(rates(db)) == 1
    page = sign_in(client, "ind.captain").get(RECORDS).text
    r = client.post("/ledger/rates", data={**data, "csrf": csrf_of(page), "key": "k", "rate": "1", "source": "x"})
    assert r.status_code == 403 and len(rates(db)) == 1


def test_a_csv_price_list_is_imported_once_and_a_bad_item_is_named_with_its_field(
    client: TestClient, db: Database
) -> None:
    page = sign_in(client, "rus.logistics").get(RECORDS).text
    data = {"csrf": csrf_of(page), "key": key_of(page, "price-list-form"), "valid_from": "01.01.2027"}
    data["source"] = "Прейскурант ВМФ, 2027"
    r = client.post("/ledger/price-lists", data=data, files={"file": ("prices.csv", CSV, "text/csv")})
    assert r.status_code == 422 and "Refused: importing the price list" in r.text
    assert "<code>item 2, price</code>" in r.text and 'value="Прейскурант ВМФ, 2027"' in r.text
    assert not lists(db, "RUS")
    good = CSV.replace("abc", "150.00")
    for _ in range(2):
        r = client.post("/ledger/price-lists", data=data, files={"file": ("prices.csv", good, "text/csv")})
    assert r.status_code == 200 and "Price list imported" in r.text
    (imported,) = lists(db, "RUS")
    assert imported.source == "Прейскурант ВМФ, 2027" and [i.item_code for i in imported.items] == ["F-76", "JP-5"]
    r = client.post("/ledger/price-lists", data={**data, "key": "another"}, files={"file": ("p.csv", "a,b\n1,2\n")})
    assert r.status_code == 422 and "<code>file</code>" in r.text and "missing item_code" in r.text


def test_a_json_price_list_as_the_api_takes_it(client: TestClient, db: Database) -> None:
    body = {
        "supplying_party": "IND",
        "facility_id": None,
        "valid_from": "2027-01-01",
        "source": "Indian Navy rates 2027",
        "items": [{"item_code": "F-76", "unit": "L", "price": "80.00", "currency": "INR", "description": "Fuel"}],
    }
    page = sign_in(client, "ind.finance").get(RECORDS + "?lang=ru").text
    data = {"csrf": csrf_of(page), "key": key_of(page, "price-list-form")}
    r = client.post(
        "/ledger/price-lists", data=data, files={"file": ("list.json", json.dumps(body), "application/json")}
    )
    assert r.status_code == 200 and "Прейскурант загружен" in r.text
    (imported,) = lists(db, "IND")
    assert imported.source == "Indian Navy rates 2027" and str(imported.items[0].price.amount) == "80.00"


def test_overdue_in_kind_debts_are_converted_once(client: TestClient, db: Database) -> None:
    price_list(db)
    order = accepted(db)
    today = datetime.now(UTC).date()
    d = deliveries.record_delivery(
        db.uow(), actor=RUS_LOGISTICS, order_id=order["id"], delivered_on=today, lines=[(1, "1000"), (2, "50")]
    )
    deliveries.receipt_delivery(
        db.uow(), actor=IND_RECEIVER, order_id=order["id"], delivery_id=d["id"], receipted_on=today
    )
    page = sign_in(client, "rus.finance").get(RECORDS).text
    data = {"csrf": csrf_of(page), "key": key_of(page, "convert-form"), "agreement": "relos-ind-rus"}
    r = client.post("/ledger/conversions", data={**data, "on": "someday"})
    assert r.status_code == 422 and "<code>day</code>" in r.text and 'value="someday"' in r.text
    later = (today + timedelta(days=800)).isoformat()
    # the in-kind debt falls due a year after the receipt: the pages' clock, pinned 800 days on, is past it
    client.app.state.clock.pin(datetime.now(UTC) + timedelta(days=800))
    for _ in range(2):
        r = client.post("/ledger/conversions", data={**data, "on": later})
    assert r.status_code == 200 and "converted to cash" in r.text
    got = ledger_activity.order_ledger_activity(db.uow(), actor=actor("rus.finance"), order_id=order["id"])
    assert [o["status"] for o in got["obligations"] if o["method"] != "cash"] == ["converted_to_cash"]


def test_a_forms_address_opened_as_a_page_goes_to_its_page(client: TestClient) -> None:
    sign_in(client, "rus.finance")
    for address in ("/ledger/rates", "/ledger/price-lists", "/ledger/conversions"):
        r = client.get(address, follow_redirects=False)
        assert (r.status_code, r.headers.get("location")) == (303, RECORDS)

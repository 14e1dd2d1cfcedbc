"""Support orders in the web application through HTTP: the list and its filters, an order's page
(lines, price departures, signatures, versions), the lifecycle as forms with their anti-forgery token,
refusals shown on the page naming the rule or field, and what a party may not see."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.e2e.web_helpers import add_people, client_for, csrf_of, lemoa_draft, relos_draft, sign_in
from tests.integration.orders_helpers import draft, fuel_and_water, price_list

from relos.db.runtime import Database


@pytest.fixture
def db(orders_db: Database) -> Database:
    add_people(orders_db)
    return orders_db


@pytest.fixture
def client(db: Database) -> Iterator[TestClient]:
    with client_for(db) as c:
        yield c


@pytest.fixture
def order(db: Database) -> dict[str, Any]:
    return relos_draft(db)


def _post(client: TestClient, path: str, page: str, **data: str) -> Any:
    return client.post(path, data={"csrf": csrf_of(page), **data}, follow_redirects=True)


def test_order_list_shows_the_partys_orders_and_filters_by_agreement_and_status(
    client: TestClient, db: Database, order: dict[str, Any]
) -> None:
    theirs = lemoa_draft(db)
    page = sign_in(client, "ind.captain").get("/orders").text
    assert f'data-order="{order["id"]}"' in page and f'data-order="{theirs["id"]}"' in page
    page = client.get("/orders", params={"agreement": "relos-ind-rus"}).text
    assert f'data-order="{order["id"]}"' in page and f'data-order="{theirs["id"]}"' not in page
    assert f'data-order="{order["id"]}"' not in client.get("/orders", params={"status": "accepted"}).text
    r = client.get("/orders", params={"status": "lost"})
    assert r.status_code == 422 and "<code>status</code>" in r.text and "is not an order status" in r.text


def test_rus_user_gets_the_same_404_page_for_a_lemoa_order_as_for_none(client: TestClient, db: Database) -> None:
    theirs = lemoa_draft(db)
    sign_in(client, "rus.commander")
    hidden = client.get(f"/orders/{theirs['id']}")
    absent = client.get("/orders/0190a000-0000-7000-8000-000000000000")
    assert hidden.status_code == absent.status_code == 404
    assert hidden.text.replace(theirs["id"], "X") == absent.text.replace("0190a000-0000-7000-8000-000000000000", "X")
    assert "USS Example" not in hidden.text and theirs["id"] not in client.get("/orders").text
    r = client.post(f"/orders/{theirs['id']}/sign", data={"csrf": csrf_of(client.get("/orders").text)})
    assert r.status_code == 404 and "USS Example" not in r.text


def test_order_page_shows_lines_price_departure_and_versions(client: TestClient, order: dict[str, Any]) -> None:
    page = sign_in(client, "rus.commander").get(f"/orders/{order['id']}").text
    assert 'data-status="draft"' in page and "INS Tabar" in page and "Vladivostok naval base" in page
    assert 'data-line="2" class="departs"' in page and "Port discount agreed by the harbour master" in page
    assert 'data-line="1" class' not in page  # fuel is at the list price
    assert "95.50\u00a0RUB" in page and "110.00\u00a0RUB" in page and "95,500.00\u00a0RUB" in page  # unit, line
    assert 'id="versions"' in page and "ind.requester" in page
    assert 'id="sign-order"' in page and 'id="accept-order"' not in page


def test_both_officials_sign_through_the_form_and_the_supplier_accepts(
    client: TestClient, order: dict[str, Any]
) -> None:
    path = f"/orders/{order['id']}"
    page = sign_in(client, "ind.captain").get(path).text
    r = _post(client, f"{path}/sign", page)
    assert r.status_code == 200 and 'data-status="draft"' in r.text and 'data-party="IND"' in r.text
    assert 'id="sign-order"' not in r.text  # India has signed this version
    page = sign_in(client, "rus.commander").get(path).text
    r = _post(client, f"{path}/sign", page)
    assert 'data-status="signed"' in r.text and 'id="done"' in r.text
    page = sign_in(client, "rus.logistics").get(path).text
    assert 'id="accept-order"' in page
    assert 'data-status="accepted"' in _post(client, f"{path}/accept", page).text


def test_signing_without_the_forms_token_is_refused_and_changes_nothing(
    client: TestClient, order: dict[str, Any]
) -> None:
    path = f"/orders/{order['id']}"
    sign_in(client, "ind.captain").get(path)
    r = client.post(f"{path}/sign", data={"csrf": "forged"})
    assert r.status_code == 403 and "expired" in r.text
    assert client.post(f"{path}/sign").status_code == 403
    assert 'data-party="IND"' not in client.get(path).text


def test_a_requester_may_not_sign_and_the_page_says_so(client: TestClient, order: dict[str, Any]) -> None:
    path = f"/orders/{order['id']}"
    page = sign_in(client, "ind.requester").get(path).text
    assert 'id="sign-order"' not in page and 'id="cancel-order"' in page
    r = _post(client, f"{path}/sign", page)
    assert r.status_code == 403 and 'role="alert"' in r.text and "signing an order" in r.text


def test_accepting_an_unsigned_order_is_a_conflict_named_on_the_page(client: TestClient, order: dict[str, Any]) -> None:
    path = f"/orders/{order['id']}"
    page = sign_in(client, "rus.logistics").get(path).text
    r = _post(client, f"{path}/accept", page)
    assert r.status_code == 409 and "accepting needs it signed" in r.text and 'data-status="draft"' in r.text


def test_cancelling_needs_a_reason_naming_the_field_then_cancels(client: TestClient, order: dict[str, Any]) -> None:
    path = f"/orders/{order['id']}"
    page = sign_in(client, "ind.requester").get(path).text
    r = _post(client, f"{path}/cancel", page, reason="  ")
    assert r.status_code == 422 and "<code>reason</code>" in r.text and 'data-status="draft"' in r.text
    r = _post(client, f"{path}/cancel", page, reason="Exercise called off")
    assert r.status_code == 200 and 'data-status="cancelled"' in r.text and "Exercise called off" in r.text


def test_delivery_and_receipt_through_the_forms_post_the_obligation(
    client: TestClient, order: dict[str, Any], db: Database
) -> None:
    path = f"/orders/{order['id']}"
    for user in ("ind.captain", "rus.commander"):
        _post(sign_in(client, user), f"{path}/sign", client.get(path).text)
    _post(sign_in(client, "rus.logistics"), f"{path}/accept", client.get(path).text)
    page = client.get(path).text
    today = date.today().isoformat()
    r = _post(client, f"{path}/deliveries", page, delivered_on=today, qty_1="2000")
    assert r.status_code == 422 and "<code>line 1 quantity</code>" in r.text and 'value="2000"' in r.text
    assert "is more than the 1000 L left to deliver on line 1" in r.text and "data-delivery=" not in r.text
    key = page.split('name="key" value="')[1].split('"')[0]
    for _ in range(2):  # the same form twice records one delivery
        r = _post(client, f"{path}/deliveries", page, delivered_on=today, qty_1="600", key=key)
    assert r.status_code == 200 and 'data-status="partly_delivered"' in r.text
    assert r.text.count("data-delivery=") == 1
    page = sign_in(client, "ind.supply_officer").get(path).text
    delivery = page.split('data-delivery="')[1].split('"')[0]
    r = _post(client, f"{path}/deliveries/{delivery}/receipt", page, receipted_on=today, receiving_unit="INS Tabar")
    assert r.status_code == 200 and "awaiting receipt" not in r.text
    assert 'id="obligations"' in r.text and "57,300.00\u00a0RUB" in r.text  # 600 L at 95.50 RUB


def test_order_pages_in_russian(client: TestClient, order: dict[str, Any]) -> None:
    sign_in(client, "rus.commander")
    assert "Заявки на обеспечение" in client.get("/orders?lang=ru").text
    page = client.get(f"/orders/{order['id']}").text
    assert "черновик" in page and "Подписать заявку" in page and "отличается от прейскуранта" in page


def _accepted_through_the_forms(client: TestClient, path: str) -> str:
    for user in ("ind.captain", "rus.commander"):
        _post(sign_in(client, user), f"{path}/sign", client.get(path).text)
    _post(sign_in(client, "rus.logistics"), f"{path}/accept", client.get(path).text)
    return client.get(path).text


def test_order_page_after_a_receipt_shows_the_posting_and_not_nothing_posted(
    client: TestClient, order: dict[str, Any]
) -> None:
    path = f"/orders/{order['id']}"
    page = _accepted_through_the_forms(client, path)
    assert "Nothing posted to the ledger yet." in page
    today = date.today().isoformat()
    _post(client, f"{path}/deliveries", page, delivered_on=today, qty_1="600", qty_2="50")
    page = sign_in(client, "ind.supply_officer").get(path).text
    delivery = page.split('data-delivery="')[1].split('"')[0]
    r = _post(client, f"{path}/deliveries/{delivery}/receipt", page, receipted_on=today, receiving_unit="INS Tabar")
    assert r.status_code == 200 and "Receipt recorded" in r.text
    assert "Nothing posted" not in r.text and 'id="obligations"' in r.text
    obligations = r.text.split('id="obligations"')[1].split("</table>")[0]
    assert "57,300.00\u00a0RUB" in obligations and "owed in cash, to be invoiced" in obligations  # 600 L at 95.50
    assert "5,500.00\u00a0RUB" in obligations and 'data-status="open"' in obligations  # 50 m3 of water, in kind
    ru = client.get(path, params={"lang": "ru"}).text
    assert "Проводок ещё нет." not in ru and "начислено к оплате деньгами" in ru and "не погашено" in ru


def test_a_delivery_note_and_a_receipt_note_through_the_forms_are_kept_whole_and_shown(
    client: TestClient, order: dict[str, Any], db: Database
) -> None:
    path = f"/orders/{order['id']}"
    page = _accepted_through_the_forms(client, path)
    today = date.today().isoformat()
    r = _post(client, f"{path}/deliveries", page, delivered_on=today, qty_1="600", note="N" * 50_000)
    assert r.status_code == 422 and "<code>note</code>" in r.text
    assert "at most 2,000 characters, got 50,000" in r.text and "data-delivery=" not in r.text
    note = "Barge Vostok-3 alongside, meter 41 872 L → 42 472 L, sample sealed. " * 5  # 340 characters
    r = _post(client, f"{path}/deliveries", page, delivered_on=today, qty_1="600", note=note)
    assert r.status_code == 200 and note.strip() in r.text
    page = sign_in(client, "ind.supply_officer").get(path).text
    delivery = page.split('data-delivery="')[1].split('"')[0]
    receipt = f"{path}/deliveries/{delivery}/receipt"
    r = _post(client, receipt, page, receipted_on=today, receiving_unit="INS Tabar", note="R" * 2_001)
    assert r.status_code == 422 and "<code>note</code>" in r.text and "at most 2,000 characters" in r.text
    assert "R" * 2_001 in r.text  # kept in the form to shorten, not lost
    r = _post(client, receipt, page, receipted_on=today, receiving_unit="INS Tabar", note="Сальники целы, пломба № 17")
    assert r.status_code == 200 and "Сальники целы, пломба № 17" in r.text and note.strip() in r.text


def test_a_draft_priced_off_the_list_without_its_reason_says_on_its_page_what_signing_needs(
    client: TestClient, db: Database
) -> None:
    price_list(db)
    fuel, water = fuel_and_water()
    order = draft(db, [fuel, replace(water, price_reason="")])
    page = sign_in(client, "ind.captain").get(f"/orders/{order['id']}").text
    assert 'id="incomplete"' in page and "To put right before this order can be signed" in page
    assert "<code>line 2 price_reason</code>" in page and "needs a recorded reason" in page
    r = _post(client, f"/orders/{order['id']}/sign", page)
    assert r.status_code == 422 and "price_reason" in r.text and 'data-party="IND"' not in r.text
    russian = client.get(f"/orders/{order['id']}", params={"lang": "ru"}).text
    assert "Что исправить до подписания заявки" in russian
    said = russian.split('id="incomplete"')[1].split("</ul>")[0]  # by its code, the money as Russian writes it
    assert "цена 110,00\u00a0RUB отличается от прейскурантной (120,00\u00a0RUB): нужна записанная причина" in said
    assert 'id="incomplete"' not in client.get(f"/orders/{draft(db)['id']}").text

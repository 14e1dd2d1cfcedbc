"""An order's reimbursement through the forms of its page: the supplier's finance officer bills it, the debtor's
finance officer records a payment against the invoice, the debtor's logistics officer settles the water line in
kind (RIK). Through HTTP on both databases: each form shown only to who may use it, refusals naming the field and
keeping what was typed, the anti-forgery token, a double submit making one record, another party's order the
same 404."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.e2e.web_helpers import actor, add_people, client_for, csrf_of, lemoa_draft, sign_in
from tests.integration.orders_helpers import IND_RECEIVER, RUS_LOGISTICS, accepted, price_list

from relos.db.runtime import Database
from relos.services.orders import deliveries, ledger_activity


@pytest.fixture
def db(orders_db: Database) -> Database:
    add_people(orders_db)
    price_list(orders_db)
    return orders_db


@pytest.fixture
def client(db: Database) -> Iterator[TestClient]:
    with client_for(db) as c:
        yield c


@pytest.fixture
def receipted(db: Database) -> dict[str, Any]:
    """The RELOS order delivered in full today and receipted (fuel in cash, water in kind at 110.00 RUB)."""
    order = accepted(db)
    today = datetime.now(UTC).date()
    d = deliveries.record_delivery(
        db.uow(), actor=RUS_LOGISTICS, order_id=order["id"], delivered_on=today, lines=[(1, "1000"), (2, "50")]
    )
    deliveries.receipt_delivery(
        db.uow(), actor=IND_RECEIVER, order_id=order["id"], delivery_id=d["id"], receipted_on=today
    )
    return order


def key_of(html: str, form: str) -> str:
    return html.split(form)[1].split('name="key" value="')[1].split('"')[0]


def names(html: str, field: str) -> bool:
    """The refusal card names `field`: as its code, or by its label (`data-field`)."""
    card = html.split('role="alert"')[1].split("</div>")[0]
    return f"<code>{field}</code>" in card or f'data-field="{field}"' in card


def activity(db: Database, order_id: str) -> Any:
    return ledger_activity.order_ledger_activity(db.uow(), actor=actor("rus.finance"), order_id=order_id)


def test_the_supplier_bills_once_for_a_double_submit_and_the_day_is_named_when_wrong(
    client: TestClient, db: Database, receipted: dict[str, Any]
) -> None:
    path = f"/orders/{receipted['id']}"
    assert 'id="bill-form"' not in sign_in(client, "ind.finance").get(path).text  # not the supplier
    page = sign_in(client, "rus.finance").get(path).text
    assert 'id="bill-form"' in page
    data = {"csrf": csrf_of(page), "key": key_of(page, 'id="bill-form"')}
    r = client.post(f"{path}/bill", data={**data, "issued_on": "31.02.2026"})
    assert r.status_code == 422 and "Refused: billing the order" in r.text and names(r.text, "issued_on")
    assert 'value="31.02.2026"' in r.text and not activity(db, receipted["id"])["invoices"]
    for _ in range(2):
        r = client.post(f"{path}/bill", data={**data, "issued_on": datetime.now(UTC).date().isoformat()})
    assert r.status_code == 200 and "Invoice issued" in r.text and 'data-status="billed"' in r.text
    assert len(activity(db, receipted["id"])["invoices"]) == 1 and 'id="bill-form"' not in r.text
    r = client.post(f"{path}/bill", data={"issued_on": "2026-03-10", "csrf": "forged", "key": "other"})
    assert r.status_code == 403 and "expired" in r.text


def test_the_debtor_pays_the_invoice_through_its_form_once(
    client: TestClient, db: Database, receipted: dict[str, Any]
) -> None:
    path = f"/orders/{receipted['id']}"
    page = sign_in(client, "rus.finance").get(path).text
    client.post(
        f"{path}/bill", data={"csrf": csrf_of(page), "key": "k1", "issued_on": datetime.now(UTC).date().isoformat()}
    )
    invoice = activity(db, receipted["id"])["invoices"][0]
    assert 'class="inline-form payment-form"' not in client.get(path).text  # the creditor does not pay
    page = sign_in(client, "ind.finance").get(path).text
    assert f'data-invoice="{invoice["id"]}"' in page and 'value="95500.00"' in page
    action = f"{path}/invoices/{invoice['id']}/payments"
    data = {"csrf": csrf_of(page), "key": key_of(page, "payment-form"), "currency": "RUB", "reference": "SWIFT 42"}
    r = client.post(action, data={**data, "amount": "lots", "paid_on": datetime.now(UTC).date().isoformat()})
    assert r.status_code == 422 and "Refused: recording the payment" in r.text and names(r.text, "amount")
    assert 'value="lots"' in r.text and 'value="SWIFT 42"' in r.text
    for _ in range(2):
        r = client.post(action, data={**data, "amount": "95500.00", "paid_on": datetime.now(UTC).date().isoformat()})
    assert r.status_code == 200 and "Payment recorded" in r.text
    payments = activity(db, receipted["id"])["payments"]
    assert len(payments) == 1 and payments[0]["amount"] == "95500.00"
    assert f'data-invoice="{invoice["id"]}"' not in r.text  # nothing outstanding


def test_the_debtor_settles_the_water_in_kind_and_a_refusal_names_the_field(
    client: TestClient, db: Database, receipted: dict[str, Any]
) -> None:
    path = f"/orders/{receipted['id']}"
    water = next(o for o in activity(db, receipted["id"])["obligations"] if o["method"] == "replacement_in_kind")
    assert "in-kind-form" not in sign_in(client, "rus.logistics").get(path).text  # the creditor
    page = sign_in(client, "ind.supply_officer").get(f"{path}?lang=ru").text
    assert f'data-obligation="{water["id"]}"' in page and "Записать возмещение" in page
    action = f"{path}/obligations/{water['id']}/in-kind"
    data = {
        "csrf": csrf_of(page),
        "key": key_of(page, "in-kind-form"),
        "value": "5\u00a0500,00",  # as Russian writes it
        "currency": "RUB",
        "satisfied_on": datetime.now(UTC).date().isoformat(),
    }
    r = client.post(action, data={**data, "delivery_ref": " "})
    assert r.status_code == 422 and "<code>документ о поставке</code>" in r.text and 'value="5\u00a0500,00"' in r.text
    for _ in range(2):
        r = client.post(action, data={**data, "delivery_ref": "Накладная 7"})
    assert r.status_code == 200 and "Возмещение в натуральной форме записано" in r.text
    status = {o["id"]: o["status"] for o in activity(db, receipted["id"])["obligations"]}
    assert status[water["id"]] == "satisfied" and f'data-obligation="{water["id"]}"' not in r.text


def test_another_partys_order_answers_the_same_404_to_its_ledger_forms(client: TestClient, db: Database) -> None:
    theirs = lemoa_draft(db)
    page = sign_in(client, "rus.finance").get("/orders").text
    for step in ("bill", "invoices/x/payments", "obligations/x/in-kind"):
        hidden = client.post(f"/orders/{theirs['id']}/{step}", data={"csrf": csrf_of(page), "issued_on": "2026-03-10"})
        absent = client.post(f"/orders/0190a000-0000-7000-8000-000000000000/{step}", data={"csrf": csrf_of(page)})
        assert hidden.status_code == absent.status_code == 404
        assert hidden.text.replace(theirs["id"], "X") == absent.text.replace(
            "0190a000-0000-7000-8000-000000000000", "X"
        )

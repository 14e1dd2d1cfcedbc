"""Orders and the ledger through HTTP: each step as its official, idempotent retries, statements."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.integration.orders_helpers import (
    IND_FINANCE,
    IND_RECEIVER,
    IND_SIGNER,
    REQUESTER,
    RUS_BILLING,
    RUS_LOGISTICS,
    RUS_SIGNER,
)

import relos.api.deps
from relos.api.app import create_app
from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.settings import Settings


@pytest.fixture
def client(orders_db: Database) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=orders_db.url), orders_db)
    with TestClient(app) as c:
        c.app_state = app  # type: ignore[attr-defined]
        yield c


def as_(client: TestClient, actor: Actor) -> TestClient:
    client.app_state.dependency_overrides[relos.api.deps.get_actor] = lambda: actor  # type: ignore[attr-defined]
    return client


ORDER: dict[str, Any] = {
    "agreement_id": "relos-ind-rus",
    "requesting_unit": "INS Tabar",
    "facility_id": "RU-VVO",
    "lines": [
        {
            "category": "petroleum_oils_lubricants",
            "item_code": "F-76",
            "description": "Fuel",
            "quantity": "1000",
            "unit": "L",
            "method": "cash",
        }
    ],
}


def test_order_through_the_api_with_idempotent_billing_and_statements(client: TestClient) -> None:
    today = date.today().isoformat()  # when the test runs: a run may cross midnight after collecting it
    r = as_(client, RUS_LOGISTICS).post(
        "/api/v1/price-lists",
        json={
            "supplying_party": "RUS",
            "valid_from": "2020-01-01",
            "source": "Test list",
            "items": [{"item_code": "F-76", "unit": "L", "price": "95.50", "currency": "RUB"}],
        },
    )
    assert r.status_code == 201, r.text
    bad = {**ORDER, "lines": [{**ORDER["lines"][0], "quantity": "-3"}]}
    r = as_(client, REQUESTER).post("/api/v1/orders", json=bad)
    assert r.status_code in (400, 422) and r.headers["content-type"].startswith("application/problem+json")
    assert "must be positive" in r.text
    r = as_(client, REQUESTER).post("/api/v1/orders", json=ORDER, headers={"Idempotency-Key": "o-1"})
    assert r.status_code == 201, r.text
    oid = r.json()["id"]
    assert (
        as_(client, REQUESTER).post("/api/v1/orders", json=ORDER, headers={"Idempotency-Key": "o-1"}).json()["id"]
        == oid
    )
    assert as_(client, IND_SIGNER).post(f"/api/v1/orders/{oid}/signatures", json={}).json()["status"] == "draft"
    assert as_(client, RUS_SIGNER).post(f"/api/v1/orders/{oid}/signatures", json={}).json()["status"] == "signed"
    assert as_(client, RUS_LOGISTICS).post(f"/api/v1/orders/{oid}/acceptance").json()["status"] == "accepted"
    r = as_(client, RUS_LOGISTICS).post(
        f"/api/v1/orders/{oid}/deliveries",
        json={"delivered_on": today, "lines": [{"line_no": 1, "quantity": "1000"}]},
    )
    assert r.status_code == 201, r.text
    r = as_(client, IND_RECEIVER).post(
        f"/api/v1/orders/{oid}/deliveries/{r.json()['id']}/receipt", json={"receipted_on": today}
    )
    assert r.status_code == 201, r.text
    bill = [
        as_(client, RUS_BILLING).post(
            f"/api/v1/orders/{oid}/invoices", json={"issued_on": today}, headers={"Idempotency-Key": "b-1"}
        )
        for _ in range(2)
    ]
    assert bill[0].json() == bill[1].json() and bill[0].json()["invoice"]["amount"] == "95500.00"
    balances = as_(client, IND_FINANCE).get("/api/v1/balances", params={"agreement_id": "relos-ind-rus"}).json()
    assert {(b["party"], b["account"], b["amount"]) for b in balances} >= {("RUS", "receivable", "95500.00")}
    st = client.get("/api/v1/statements/relos-ind-rus", params={"period": today[:4]})
    assert st.status_code == 200 and len(st.json()["invoices"]) == 1
    csv_text = client.get("/api/v1/statements/relos-ind-rus", params={"period": today[:4], "format": "csv"}).text
    assert "Счета" in csv_text and "Invoices" in csv_text
    pdf = client.get("/api/v1/statements/relos-ind-rus", params={"period": today[:4], "format": "pdf"})
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_api_keeps_a_delivery_and_receipt_note_returns_it_and_refuses_one_over_the_limit(client: TestClient) -> None:
    today = date.today().isoformat()  # when the test runs: a run may cross midnight after collecting it
    r = as_(client, RUS_LOGISTICS).post(
        "/api/v1/price-lists",
        json={
            "supplying_party": "RUS",
            "valid_from": "2020-01-01",
            "source": "Test list",
            "items": [{"item_code": "F-76", "unit": "L", "price": "95.50", "currency": "RUB"}],
        },
    )
    assert r.status_code == 201, r.text
    oid = as_(client, REQUESTER).post("/api/v1/orders", json=ORDER).json()["id"]
    as_(client, IND_SIGNER).post(f"/api/v1/orders/{oid}/signatures", json={})
    as_(client, RUS_SIGNER).post(f"/api/v1/orders/{oid}/signatures", json={})
    as_(client, RUS_LOGISTICS).post(f"/api/v1/orders/{oid}/acceptance")
    delivery = {"delivered_on": today, "lines": [{"line_no": 1, "quantity": "600"}]}
    r = client.post(f"/api/v1/orders/{oid}/deliveries", json={**delivery, "note": "N" * 50_000})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "note"
    assert "at most 2000 characters" in r.json()["errors"][0]["message"]
    assert client.get(f"/api/v1/orders/{oid}").json()["deliveries"] == []
    note = "Barge Vostok-3, meter 41 872 L → 42 472 L; " * 40  # 1,760 characters, kept whole
    r = client.post(f"/api/v1/orders/{oid}/deliveries", json={**delivery, "note": note})
    assert r.status_code == 201 and r.json()["note"] == note
    r = as_(client, IND_RECEIVER).post(
        f"/api/v1/orders/{oid}/deliveries/{r.json()['id']}/receipt",
        json={"receipted_on": today, "note": "Received at berth 4"},
    )
    assert r.status_code == 201 and r.json()["receipt"]["note"] == "Received at berth 4"
    shown = client.get(f"/api/v1/orders/{oid}").json()["deliveries"][0]
    assert shown["note"] == note and shown["receipt"]["note"] == "Received at berth 4"


def test_api_saves_a_draft_priced_off_the_list_without_its_reason_and_says_signing_needs_it(
    client: TestClient,
) -> None:
    off_list = {**ORDER, "lines": [{**ORDER["lines"][0], "unit_price": "99.00", "currency": "RUB"}]}
    r = as_(client, REQUESTER).post("/api/v1/orders", json=off_list)
    assert r.status_code == 201, r.text
    assert [p["field"] for p in r.json()["incomplete"]] == ["lines[0].price_reason"]
    r = as_(client, IND_SIGNER).post(f"/api/v1/orders/{r.json()['id']}/signatures", json={})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "lines[0].price_reason"

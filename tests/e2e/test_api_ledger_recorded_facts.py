"""Through HTTP on both databases, with the application's clock pinned (relos.clock): an invoice, a conversion of
overdue in-kind debts to cash and an exchange rate dated in the future are 422 naming the field and the rule
`recorded_in_future` (relos.domain.recorded), nothing is written, and the same dated by the present is
recorded; a payment that would leave its invoice overpaid on some day is 422 `not_over_paid`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from tests.integration.orders_helpers import IND_FINANCE, IND_RECEIVER, RUS_BILLING, RUS_LOGISTICS, accepted, price_list

import relos.api.deps
from relos.api.app import create_app
from relos.clock import Clock
from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.services.orders import deliveries
from relos.settings import Settings

#: 10 March 2027, 10:00 UTC: the water taken in kind on 2 March 2026 fell due on 2 March 2027.
MAR_10 = datetime(2027, 3, 10, 10, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> Clock:
    return Clock(pinned=MAR_10)


@pytest.fixture
def client(orders_db: Database, clock: Clock) -> Iterator[TestClient]:
    price_list(orders_db)
    app = create_app(Settings(database_url=orders_db.url), orders_db, clock)
    with TestClient(app) as c:
        c.app_state = app  # type: ignore[attr-defined]
        yield c


def as_(client: TestClient, actor: Actor) -> TestClient:
    client.app_state.dependency_overrides[relos.api.deps.get_actor] = lambda: actor  # type: ignore[attr-defined]
    return client


def count(db: Database, table: str) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())


@pytest.fixture
def receipted(orders_db: Database) -> dict[str, Any]:
    """The RELOS order delivered and receipted on 2 March 2026: fuel in cash, water in kind (due 2 March 2027)."""
    order = accepted(orders_db)
    d = deliveries.record_delivery(
        orders_db.uow(), actor=RUS_LOGISTICS, order_id=order["id"], delivered_on=date(2026, 3, 2),
        lines=[(1, "1000"), (2, "50")], now=MAR_10,
    )  # fmt: skip
    deliveries.receipt_delivery(
        orders_db.uow(), actor=IND_RECEIVER, order_id=order["id"], delivery_id=d["id"],
        receipted_on=date(2026, 3, 2), now=MAR_10,
    )  # fmt: skip
    return order


def _refused(r: Any) -> list[tuple[str, str]]:
    assert r.status_code == 422, r.text
    return [(e["field"], e["rule"]) for e in r.json()["errors"]]


def test_recorded_in_future_an_invoice_issued_ahead_is_422_naming_issued_on(
    client: TestClient, orders_db: Database, receipted: dict[str, Any]
) -> None:
    path = f"/api/v1/orders/{receipted['id']}/invoices"
    r = as_(client, RUS_BILLING).post(path, json={"issued_on": "2027-03-12"})
    assert _refused(r) == [("issued_on", "recorded_in_future")]
    assert count(orders_db, "ledger_invoices") == 0
    billed = client.post(path, json={"issued_on": "2027-03-10"})
    assert billed.status_code == 201, billed.text
    assert billed.json()["invoice"]["issued_on"] == "2027-03-10"


def test_recorded_in_future_a_conversion_dated_ahead_is_422_naming_on(
    client: TestClient, orders_db: Database, receipted: dict[str, Any], clock: Clock
) -> None:
    r = as_(client, RUS_BILLING).post("/api/v1/obligations/conversions", json={"on": "2027-03-15"})
    assert _refused(r) == [("on", "recorded_in_future")]
    assert count(orders_db, "ledger_conversions") == 0
    done = client.post("/api/v1/obligations/conversions", json={"on": "2027-03-10"})
    assert done.status_code == 200, done.text
    assert [c["method"] for c in done.json()] == ["replacement_in_kind"]


def test_recorded_in_future_an_exchange_rate_dated_ahead_is_422_naming_on(
    client: TestClient, orders_db: Database
) -> None:
    rates = count(orders_db, "ledger_exchange_rates")
    body = {"base": "USD", "quote": "RUB", "rate": "80.5", "on": "2027-04-01", "source": "Bank of Russia"}
    r = as_(client, RUS_BILLING).post("/api/v1/exchange-rates", json=body)
    assert _refused(r) == [("on", "recorded_in_future")]
    assert count(orders_db, "ledger_exchange_rates") == rates
    recorded = client.post("/api/v1/exchange-rates", json={**body, "on": "2027-03-10"})
    assert recorded.status_code == 201, recorded.text


def test_not_over_paid_a_payment_overpaying_the_invoice_before_a_correction_is_422(
    client: TestClient, receipted: dict[str, Any]
) -> None:
    billed = as_(client, RUS_BILLING).post(
        f"/api/v1/orders/{receipted['id']}/invoices", json={"issued_on": "2026-03-05"}
    )
    invoice = billed.json()["invoice"]
    assert invoice["amount"] == "95500.00"
    pay = {"invoice_id": invoice["id"], "currency": "RUB"}
    first = as_(client, IND_FINANCE).post(
        "/api/v1/payments", json={**pay, "amount": "60000.00", "paid_on": "2026-04-01"}
    )
    assert first.status_code == 201, first.text
    corrected = client.post(
        f"/api/v1/payments/{first.json()['id']}/reversal", json={"reason": "wrong account", "on": "2026-05-01"}
    )
    assert corrected.status_code == 201, corrected.text
    r = client.post("/api/v1/payments", json={**pay, "amount": "50000.00", "paid_on": "2026-03-20"})
    assert _refused(r) == [("amount", "not_over_paid")]
    fits = client.post("/api/v1/payments", json={**pay, "amount": "35500.00", "paid_on": "2026-03-20"})
    assert fits.status_code == 201, fits.text


def test_a_statement_is_issued_on_the_clocks_day_not_the_servers(client: TestClient, receipted: dict[str, Any]) -> None:
    """The application's clock says 10 March 2027: the statement is issued, and balances are struck, that day."""
    st = as_(client, IND_FINANCE).get("/api/v1/statements/relos-ind-rus", params={"period": "2027"})
    assert st.status_code == 200, st.text
    assert (st.json()["issued_on"], st.json()["as_of"]) == ("2027-03-10", "2027-03-10")

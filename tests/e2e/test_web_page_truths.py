"""Small truths of the pages, through HTTP on both databases: a requester finds "New deployment" in the
navigation; an order and a clearance name the deployment they serve by its reference; a signature made on the
order page is dated by the application's clock (as every other fact), and an order's first version as the order
was made; and reading a page writes nothing unless there is a flash to take, which is then shown once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.engine import Engine
from tests.e2e.test_web_orders import client, db  # noqa: F401 (fixtures: the people, a client)
from tests.e2e.web_helpers import csrf_of, india_deployment, port_call_for, relos_draft, sign_in

from relos.db.runtime import Database


def test_a_requester_finds_new_deployment_in_the_navigation(client: TestClient) -> None:  # noqa: F811
    page = sign_in(client, "ind.requester").get("/orders").text
    assert 'id="nav-new-deployment"' in page and 'href="/deployments/new"' in page
    assert 'aria-current="page" id="nav-new-deployment"' in client.get("/deployments/new").text
    russian = client.get("/orders?lang=ru").text
    assert "Новое развёртывание" in russian.split('id="nav-new-deployment"')[1][:80]
    assert 'id="nav-new-deployment"' not in sign_in(client, "rus.commander").get("/orders").text


def test_an_order_names_the_deployment_it_serves_by_its_reference(client: TestClient, db: Database) -> None:  # noqa: F811
    deployment = india_deployment(db, facility_id="RU-VVO")
    order = relos_draft_for(db, deployment["id"])
    page = sign_in(client, "ind.requester").get(f"/orders/{order['id']}").text
    shown = page.split('id="record-deployment"')[1].split("</a>")[0]
    assert deployment["reference"] in shown and deployment["id"] not in shown
    clearance = port_call_for(db, deployment)
    page = sign_in(client, "ind.clearance").get(f"/clearances/{clearance['id']}").text
    shown = page.split('id="record-deployment"')[1].split("</a>")[0]
    assert deployment["reference"] in shown and deployment["id"] not in shown


def relos_draft_for(db: Database, deployment_id: str) -> dict[str, Any]:  # noqa: F811
    from tests.integration.orders_helpers import draft, price_list

    price_list(db)
    return draft(db, deployment_id=deployment_id)


def test_a_signature_is_dated_by_the_applications_clock(client: TestClient, db: Database) -> None:  # noqa: F811
    order = relos_draft(db)
    pinned = datetime.now(UTC).replace(microsecond=0) - timedelta(days=3, hours=5, minutes=7)
    client.app.state.clock.pin(pinned)  # type: ignore[attr-defined]
    page = sign_in(client, "ind.captain").get(f"/orders/{order['id']}").text
    r = client.post(f"/orders/{order['id']}/sign", data={"csrf": csrf_of(page)}, follow_redirects=True)
    assert 'id="done"' in r.text
    row = r.text.split('<tr data-party="IND">')[1].split("</tr>")[0]
    assert pinned.strftime("%H:%M") in row and str(pinned.day) in row
    first = r.text.split('id="versions"')[1].split("<tbody><tr>")[1].split("</tr>")[0]
    assert "1 Mar 2026" in first  # the order as made, dated as it was made (tests' orders are made on 1 March)


def test_reading_a_page_writes_nothing_unless_a_flash_waits(client: TestClient, db: Database) -> None:  # noqa: F811
    order = relos_draft(db)
    sign_in(client, "ind.captain")
    written: list[str] = []

    def seen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "DELETE"):
            written.append(statement)

    event.listen(Engine, "before_cursor_execute", seen)
    try:
        page = client.get(f"/orders/{order['id']}").text
        assert written == []
        posted = client.post(f"/orders/{order['id']}/sign", data={"csrf": csrf_of(page)}, follow_redirects=False)
        assert posted.status_code == 303, posted.text
        written.clear()
        shown = client.get(f"/orders/{order['id']}").text
        assert 'id="done"' in shown and any("web_flashes" in s for s in written)
        written.clear()
        again = client.get(f"/orders/{order['id']}").text
        assert 'id="done"' not in again and written == []
    finally:
        event.remove(Engine, "before_cursor_execute", seen)

"""The pages say what the record shows: a departure after the approved end is listed as a breach on the presence
page (the deployment named by its reference and title) and on the deployment's page, in English and Russian; the
arrival form refuses an instant still to come, judged by the application's clock."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.e2e.web_helpers import (
    actor,
    add_people,
    approve_deployment,
    client_for,
    csrf_of,
    india_deployment,
    records_world,
    sign_in,
    window,
)

from relos.db.runtime import Database
from relos.services.deployments import lifecycle as service


@pytest.fixture
def db(orders_db: Database) -> Database:
    add_people(orders_db)
    return records_world(orders_db)


@pytest.fixture
def client(db: Database) -> Iterator[TestClient]:
    with client_for(db) as c:
        yield c


def _post(client: TestClient, path: str, page: str, **data: str) -> Any:
    return client.post(path, data={"csrf": csrf_of(page), **data}, follow_redirects=True)


def test_a_departure_after_the_approved_end_shows_as_a_breach_on_the_presence_page(
    client: TestClient, db: Database
) -> None:
    start, end = window(-10, 5)  # began ten days ago, ended five days ago
    late = india_deployment(db, ships=0, personnel=800, days_ahead=-10, length=5)
    approve_deployment(db, late["id"])
    logistics = actor("rus.logistics")
    service.mark_arrived(db.uow(), actor=logistics, deployment_id=late["id"], at=start, now=start)
    left = end + timedelta(days=2)
    service.mark_departed(db.uow(), actor=logistics, deployment_id=late["id"], at=left, now=left)

    query = {"agreement": "relos-ind-rus", "host": "RUS", "start": (start - timedelta(days=1)).date().isoformat()}
    page = sign_in(client, "rus.commander").get("/presence", params=query).text
    breaches = page.split('id="presence-breaches"')[1].split("</div>")[0]
    assert f'data-breach="overstay_recorded" data-deployment="{late["id"]}"' in breaches
    assert "departed after the approved end" in breaches
    overstays = page.split('id="presence-overstays"')[1].split("</p>")[0]
    assert late["id"] in overstays
    for named in (breaches, overstays):  # the deployment by its reference and title, not an id's first characters
        assert f"<code data-reference>{late['reference']}</code>" in named
        assert f'<span class="small" data-title>{late["title"]}</span>' in named and "…</code>" not in named
    russian_presence = client.get("/presence", params={**query, "lang": "ru"}).text
    assert russian_presence.count(f"<code data-reference>{late['reference']}</code>") == 2
    steps = page.split('id="steps"')[1].split("</table>")[0]
    assert '<td class="num">800<span class="small"> / 3' in steps  # counted until the departure (cap 3,000)

    shown = client.get(f"/deployments/{late['id']}").text
    assert 'id="overstay"' in shown and 'data-breach="overstay_recorded"' in shown
    russian = client.get(f"/deployments/{late['id']}", params={"lang": "ru"}).text
    assert "убыл после утверждённого окончания срока" in russian


def test_the_arrival_form_refuses_an_instant_still_to_come(client: TestClient, db: Database) -> None:
    soon = india_deployment(db, ships=0, personnel=100, days_ahead=3, length=5)
    approve_deployment(db, soon["id"])
    path = f"/deployments/{soon['id']}"
    page = sign_in(client, "rus.logistics").get(path).text
    start = soon["start"][:16]  # three days from today
    r = _post(client, f"{path}/arrival", page, at=start)
    assert r.status_code == 422 and "<code>arrived_at</code>" in r.text and "is in the future" in r.text
    assert 'data-status="approved"' in r.text
    client.app.state.clock.pin(window(3)[0] + timedelta(minutes=30))  # the application's clock, pinned
    r = _post(client, f"{path}/arrival", page, at=start)
    assert r.status_code == 200 and 'data-status="arrived"' in r.text

"""A route, a reach and a ferry flight asked without a date are planned for the application clock's day, not the
server's: through the API and on the planners' pages (with their maps' data), in English and Russian. The clock is
pinned to a day that is not today."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient
from tests.conftest import take_relos_in_force
from tests.e2e.web_helpers import KEY, add_people, sign_in

import relos.api.deps
from relos.clock import Clock
from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.server import create_app
from relos.settings import Settings

PINNED = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)
ROUTE = {"from": "IN-BOM", "to": "RU-VVO", "ship_class": "talwar", "range_nm": "4850", "party": "IND"}
REACH = {"from": "IN-BOM", "ship_class": "talwar", "range_nm": "4850", "days": "30", "party": "IND"}


@pytest.fixture
def app_and_db(catalogue: Database) -> Iterator[tuple[TestClient, Database]]:
    assert PINNED.date() != date.today()
    take_relos_in_force(catalogue)
    add_people(catalogue)
    settings = Settings(database_url=catalogue.url, secret_key=KEY, cookie_secure=False)
    with TestClient(create_app(settings, catalogue, Clock(pinned=PINNED))) as client:
        yield client, catalogue


def test_the_api_plans_for_the_clocks_day(app_and_db: tuple[TestClient, Database]) -> None:
    client, _ = app_and_db
    client.app.dependency_overrides[relos.api.deps.get_actor] = lambda: Actor.operator("test")  # type: ignore[attr-defined]
    route = client.get("/api/v1/routes", params=ROUTE)
    assert route.status_code == 200, route.text
    assert route.json()["at"] == "2027-01-10"
    reach = client.get("/api/v1/reach", params=REACH)
    assert reach.status_code == 200, reach.text
    assert reach.json()["at"] == "2027-01-10"
    asked = client.get("/api/v1/routes", params={**ROUTE, "at": "2026-08-01"})  # a day given is kept
    assert asked.json()["at"] == "2026-08-01"


def test_the_route_page_says_the_clocks_day_in_english_and_russian(app_and_db: tuple[TestClient, Database]) -> None:
    client, _ = app_and_db
    sign_in(client, "ind.captain")
    page = client.get("/planning/route", params={**ROUTE, "go": "1"}).text
    assert "10 Jan 2027" in page
    ru = client.get("/planning/route", params={**ROUTE, "go": "1", "lang": "ru"}).text
    assert "10.01.2027" in ru
    assert date.today().strftime("%d.%m.%Y") not in ru  # the server's day appears nowhere
    assert f"{date.today().day} {date.today():%b %Y}" not in page

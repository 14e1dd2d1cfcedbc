"""The catalogue through HTTP (both databases)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

import relos.api.deps
from relos.api.app import create_app
from relos.db.runtime import Database
from relos.domain.actor import Actor, Role
from relos.settings import Settings


@pytest.fixture
def client(catalogue: Database) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=catalogue.url), catalogue)
    app.dependency_overrides[relos.api.deps.get_actor] = lambda: Actor.operator("test")
    with TestClient(app) as c:
        yield c


def test_search_and_show_facilities_with_problems_for_bad_queries(client: TestClient) -> None:
    rows = client.get("/api/v1/facilities", params={"country": "IND"}).json()
    assert len(rows) >= 20 and all({"id", "name", "country", "lat", "lon", "kind"} <= r.keys() for r in rows)
    found = [r["id"] for r in client.get("/api/v1/facilities", params={"name": "владивосток"}).json()]
    assert found == ["RU-KNV", "RU-VVO"]  # the naval base, and Knevichi: Vladivostok's airport, in either language
    open_to = client.get("/api/v1/facilities", params={"open_to": "IND", "agreement": "relos-ind-rus"}).json()
    assert {r["country"] for r in open_to} == {"RUS"}
    near = client.get("/api/v1/facilities", params={"near": "43.1,131.9", "limit": 1}).json()
    assert near[0]["id"] == "RU-VVO" and near[0]["distance_km"] < 10
    assert client.get("/api/v1/facilities/RU-VVO").json()["name_local"] == "Владивосток"
    r = client.get("/api/v1/facilities/XX-NONE")
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/problem+json")
    r = client.get("/api/v1/facilities", params={"near": "north"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "near"


def test_import_reports_line_and_field_stores_nothing_and_needs_an_administrator(client: TestClient) -> None:
    content = (
        "id,name_en,country,kind,lat,lon,timezone,source\n"
        "RU-NEW1,New,RUS,port,43,131,Asia/Vladivostok,s\n"
        "RU-NEW2,Newer,RUS,port,43,131,Asia/Nowhere,s\n"
    )
    r = client.post("/api/v1/facilities/import", json={"content": content, "format": "csv"})
    assert r.status_code == 422 and r.json()["errors"] == [
        {
            "field": "timezone",
            "line": 3,
            "message": "'Asia/Nowhere' is not an IANA time zone (e.g. Asia/Vladivostok)",
            "code": "not_iana_time_zone_e",
        }
    ]
    assert client.get("/api/v1/facilities/RU-NEW1").status_code == 404
    app = client.app
    app.dependency_overrides[relos.api.deps.get_actor] = lambda: Actor("u", "IND", frozenset({Role.REQUESTER}))  # type: ignore[attr-defined]
    r = client.post("/api/v1/ship-classes/import", json={"content": "[]"})
    assert r.status_code == 403


def test_ship_classes_aircraft_types_and_factors(client: TestClient) -> None:
    classes = client.get("/api/v1/ship-classes", params={"navy": "IND"}).json()
    assert any(c["id"] == "talwar" for c in classes) and all(c["navy"] == "IND" for c in classes)
    assert client.get("/api/v1/ship-classes/talwar").json()["crew"] == 180
    assert any(t["id"] == "su-30mki" for t in client.get("/api/v1/aircraft-types").json())
    assert client.get("/api/v1/planning-factors").json()

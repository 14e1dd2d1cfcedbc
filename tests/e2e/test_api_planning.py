"""Route planning and sustainment through HTTP (both databases)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

import relos.api.deps
from relos.api.app import create_app
from relos.db.runtime import Database
from relos.domain.actor import Actor, Role
from relos.domain.agreements import AgreementEvent, EventKind
from relos.services.agreements import register
from relos.settings import Settings

RELOS = "relos-ind-rus"
TALWAR = {"ship_class": "talwar", "range_nm": 4850, "party": "IND", "at": "2026-08-01"}


@pytest.fixture
def client(catalogue: Database) -> Iterator[TestClient]:
    event = AgreementEvent(EventKind.ENTRY_INTO_FORCE, date(2026, 1, 1), source="test")
    register.record_event(catalogue.uow(), actor=Actor.operator("t"), agreement_id=RELOS, event=event, at=event.on)
    app = create_app(Settings(database_url=catalogue.url), catalogue)
    app.dependency_overrides[relos.api.deps.get_actor] = lambda: Actor.operator("test")
    with TestClient(app) as c:
        yield c


def test_route_with_and_without_relos(client: TestClient) -> None:
    found = client.get("/api/v1/routes", params={"from": "IN-COK", "to": "RU-MUR", **TALWAR}).json()
    assert found["feasible"] and RELOS in found["agreements"] and found["geometry"]["type"] == "LineString"
    alone = client.get("/api/v1/routes", params={"from": "IN-COK", "to": "RU-MUR", **TALWAR, "agreements": "none"})
    assert alone.status_code == 200 and not alone.json()["feasible"] and alone.json()["reason"]


def test_bad_route_input_is_a_problem_naming_the_field(client: TestClient) -> None:
    r = client.get("/api/v1/routes", params={"from": "XX-NOPE", "to": "RU-MUR", **TALWAR})
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["errors"][0]["field"] == "--from"
    r = client.get("/api/v1/routes", params={"from": "IN-COK", "to": "RU-MUR", "range_nm": -1, "speed_kn": 10})
    assert r.status_code == 422


def test_a_user_of_another_party_cannot_name_relos(client: TestClient) -> None:
    client.app.dependency_overrides[relos.api.deps.get_actor] = lambda: Actor(  # type: ignore[attr-defined]
        "u", "USA", frozenset({Role.LOGISTICS_OFFICER})
    )
    r = client.get(
        "/api/v1/routes",
        params={"from": "US-GUM", "to": "IN-VTZ", "range_nm": 5000, "speed_kn": 16, "agreements": RELOS},
    )
    assert r.status_code == 404


def test_reach_ferry_and_sustainment(client: TestClient) -> None:
    params = {"from": "IN-VTZ", "days": 45, "agreement": RELOS, **TALWAR, "geojson": True}
    data = client.get("/api/v1/reach", params=params).json()
    assert data["added"] and data["geojson"]["type"] == "FeatureCollection"
    ferry = client.get(
        "/api/v1/ferry",
        params={
            "from": "IN-HDN",
            "to": "RU-CKS",
            "aircraft": "su-30mki",
            "speed_kn": 450,
            "range_nm": 2500,
            "party": "IND",
            "agreements": RELOS,
        },
    ).json()
    assert ferry["feasible"] and ferry["countries"]
    needs = client.get(
        "/api/v1/sustainment", params={"days": 7, "climate": "arid", "personnel": 100, "order_lines": True}
    ).json()
    assert needs["people"] == 100 and {line["item"] for line in needs["order_lines"]} == {"water", "rations"}

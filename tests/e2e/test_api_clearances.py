"""Clearances through HTTP: each step as its official, problem+json for every refusal, the notice."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.integration.clearance_helpers import (
    IND_CLEARANCE,
    IND_REQUESTER,
    PORT,
    RUS_APPROVER,
    RUS_CLEARANCE,
    TALWAR,
    add_test_port,
    airspace,
    port_call,
    relos_in_force,
)

import relos.api.deps
from relos.api.app import create_app
from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.settings import Settings

PROBLEM = "application/problem+json"


@pytest.fixture
def client(catalogue: Database) -> Iterator[TestClient]:
    relos_in_force(catalogue)
    add_test_port(catalogue)
    app = create_app(Settings(database_url=catalogue.url), catalogue)
    with TestClient(app) as c:
        c.app_state = app  # type: ignore[attr-defined]
        yield c


def as_(client: TestClient, actor: Actor) -> TestClient:
    client.app_state.dependency_overrides[relos.api.deps.get_actor] = lambda: actor  # type: ignore[attr-defined]
    return client


def _day(days: int) -> str:
    at = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=days)
    return at.isoformat()


def body(days_ahead: int = 30, **changes: Any) -> dict[str, Any]:
    found: dict[str, Any] = {
        "agreement_id": "relos-ind-rus",
        "kind": "port_call",
        "facility_id": PORT,
        "purpose": "port_call",
        "start": _day(days_ahead),
        "end": _day(days_ahead + 4),
        "port_call": port_call(),
    }
    found.update(changes)
    return found


def test_port_call_through_the_api_with_restrictions_and_the_notice(client: TestClient) -> None:
    r = as_(client, IND_REQUESTER).post("/api/v1/clearances", json=body())
    assert r.status_code == 201, r.text
    cid = r.json()["id"]
    assert as_(client, RUS_CLEARANCE).post(f"/api/v1/clearances/{cid}/submission").status_code == 403
    r = as_(client, IND_CLEARANCE).post(f"/api/v1/clearances/{cid}/submission")
    assert r.status_code == 200 and r.json()["status"] == "submitted", r.text
    r = as_(client, RUS_APPROVER).post(f"/api/v1/clearances/{cid}/approval", json={"clearance_number": "X"})
    assert r.status_code == 403 and r.headers["content-type"].startswith(PROBLEM)
    r = as_(client, RUS_CLEARANCE).post(
        f"/api/v1/clearances/{cid}/approval",
        json={"clearance_number": "RU-PC-7", "restrictions": ["Berth 3 only"]},
    )
    assert r.json()["status"] == "approved_with_restrictions", r.text
    text = as_(client, IND_REQUESTER).get(f"/api/v1/clearances/{cid}/notice", params={"language": "both"})
    assert text.status_code == 200 and text.headers["content-type"].startswith("text/plain")
    assert "Notice of a port call by warships" in text.text and "Уведомление о заходе военных кораблей" in text.text
    assert "RU-PC-7" in text.text and "Berth 3 only" in text.text and "осадка 4,5 м" in text.text
    pdf = as_(client, RUS_CLEARANCE).get(f"/api/v1/clearances/{cid}/notice", params={"format": "pdf"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert b"DejaVuSans" in pdf.content  # the Cyrillic half prints
    shown = as_(client, RUS_CLEARANCE).get(f"/api/v1/clearances/{cid}").json()
    assert [c["action"] for c in shown["changes"]] == ["prepared", "submitted", "approved"]
    listed = as_(client, IND_REQUESTER).get("/api/v1/clearances", params={"status": "approved_with_restrictions"})
    assert [c["id"] for c in listed.json()] == [cid]


def test_late_notice_is_refused_over_http_until_the_host_records_an_exception(client: TestClient) -> None:
    cid = as_(client, IND_REQUESTER).post("/api/v1/clearances", json=body(days_ahead=10)).json()["id"]
    r = as_(client, IND_CLEARANCE).post(f"/api/v1/clearances/{cid}/submission")
    assert r.status_code == 409 and r.headers["content-type"].startswith(PROBLEM)
    assert [v["rule"] for v in r.json()["violations"]] == ["lead_time"]
    r = as_(client, RUS_CLEARANCE).post(
        f"/api/v1/clearances/{cid}/lead-time-exception", json={"reason": "disaster relief: cyclone"}
    )
    assert r.status_code == 200 and r.json()["exception"]["reason"] == "disaster relief: cyclone"
    assert as_(client, IND_CLEARANCE).post(f"/api/v1/clearances/{cid}/submission").json()["status"] == "submitted"


def test_ship_of_nine_metres_draught_for_a_seven_metre_port_is_a_problem_over_http(client: TestClient) -> None:
    deep = {**TALWAR, "draught_m": 9.0}
    r = as_(client, IND_REQUESTER).post("/api/v1/clearances", json=body(port_call=port_call(ships=[deep])))
    assert r.status_code == 409 and r.headers["content-type"].startswith(PROBLEM)
    assert r.json()["violations"][0]["rule"] == "ship_does_not_fit"
    assert "draught 9 m exceeds the berth maximum of 7 m" in r.json()["detail"]


def test_aircraft_without_tail_number_is_named_over_http(client: TestClient) -> None:
    plane = {k: v for k, v in airspace()["aircraft"][0].items() if k != "tail_number"}
    request = body(
        kind="airspace",
        facility_id="RU-KNV",
        purpose="joint_exercise",
        port_call=None,
        airspace=airspace(aircraft=[plane]),
    )
    r = as_(client, IND_REQUESTER).post("/api/v1/clearances", json=request)
    assert r.status_code == 201, r.text
    assert "airspace.aircraft[0].tail_number" in [m["field"] for m in r.json()["missing"]]
    r = as_(client, IND_CLEARANCE).post(f"/api/v1/clearances/{r.json()['id']}/submission")
    assert r.status_code == 422 and r.headers["content-type"].startswith(PROBLEM)
    assert "airspace.aircraft[0].tail_number" in [e["field"] for e in r.json()["errors"]]


def test_bad_input_is_named_and_unknown_fields_refused(client: TestClient) -> None:
    r = as_(client, IND_REQUESTER).post("/api/v1/clearances", json=body(start="next tuesday"))
    assert r.status_code == 422 and "start" in [e["field"] for e in r.json()["errors"]]
    r = as_(client, IND_REQUESTER).post("/api/v1/clearances", json={**body(), "colour": "grey"})
    assert r.status_code == 422 and r.headers["content-type"].startswith(PROBLEM)
    r = as_(client, IND_REQUESTER).post("/api/v1/clearances", json=body(airspace=airspace()))
    assert r.status_code == 422 and "carries no airspace details" in r.text
    r = as_(client, IND_REQUESTER).post("/api/v1/clearances", json=body(start="9999-12-31T23:00:00-12:00"))
    assert r.status_code == 422 and r.headers["content-type"].startswith(PROBLEM)


def test_due_soon_over_http_is_ordered_by_deadline(client: TestClient) -> None:
    later = as_(client, IND_REQUESTER).post("/api/v1/clearances", json=body(days_ahead=40)).json()["id"]
    sooner = as_(client, IND_REQUESTER).post("/api/v1/clearances", json=body(days_ahead=25)).json()["id"]
    due = as_(client, IND_CLEARANCE).get("/api/v1/clearances/due", params={"within_days": 60}).json()
    assert [d["id"] for d in due] == [sooner, later]
    assert as_(client, RUS_CLEARANCE).get("/api/v1/clearances/due", params={"within_days": 60}).json() != []


def test_deployment_arrival_over_http_is_refused_without_its_clearances_and_accepted_with_them(
    client: TestClient,
) -> None:
    ship = {k: v for k, v in TALWAR.items() if k != "crew"}
    plane = {k: airspace()["aircraft"][0][k] for k in ("type", "tail_number", "callsign")}
    deployment = {
        "agreement_id": "relos-ind-rus",
        "facility_id": PORT,
        "purpose": "joint_exercise",
        "start": _day(30),
        "end": _day(34),
        "personnel": 200,
        "ships": [ship],
        "aircraft": [plane],
    }
    r = as_(client, IND_REQUESTER).post("/api/v1/deployments", json=deployment)
    assert r.status_code == 201, r.text
    did = r.json()["id"]
    assert as_(client, IND_REQUESTER).post(f"/api/v1/deployments/{did}/submission").status_code == 200
    assert as_(client, RUS_APPROVER).post(f"/api/v1/deployments/{did}/approval").status_code == 200
    arrival = {"at": _day(30)}
    # an arrival is a fact: the application's clock stands an hour after it, 30 days from today
    client.app_state.state.clock.pin(datetime.fromisoformat(_day(30)) + timedelta(hours=1))  # type: ignore[attr-defined]
    r = as_(client, RUS_CLEARANCE).post(f"/api/v1/deployments/{did}/arrival", json=arrival)
    assert r.status_code == 409 and r.headers["content-type"].startswith(PROBLEM)
    assert {v["rule"] for v in r.json()["violations"]} == {"no_port_call_clearance", "no_airspace_clearance"}
    port = body(deployment_id=did, purpose="joint_exercise", end=_day(34))
    flight = body(
        kind="airspace",
        facility_id="RU-KNV",
        purpose="joint_exercise",
        deployment_id=did,
        end=_day(34),
        port_call=None,
        airspace=airspace(),
    )
    clock = client.app_state.state.clock  # type: ignore[attr-defined]
    clock.pin(None)  # the clearances are asked for and given on time, a month ahead (clearance routes read the clock)
    for number, request in (("PC-1", port), ("AS-1", flight)):
        r = as_(client, IND_REQUESTER).post("/api/v1/clearances", json=request)
        assert r.status_code == 201, r.text
        cid = r.json()["id"]
        assert as_(client, IND_CLEARANCE).post(f"/api/v1/clearances/{cid}/submission").status_code == 200
        r = as_(client, RUS_CLEARANCE).post(f"/api/v1/clearances/{cid}/approval", json={"clearance_number": number})
        assert r.status_code == 200, r.text
    listed = as_(client, RUS_CLEARANCE).get("/api/v1/clearances", params={"deployment_id": did}).json()
    assert sorted(c["clearance_number"] for c in listed) == ["AS-1", "PC-1"]
    clock.pin(datetime.fromisoformat(_day(30)) + timedelta(hours=1))
    r = as_(client, RUS_CLEARANCE).post(f"/api/v1/deployments/{did}/arrival", json=arrival)
    assert r.status_code == 200 and r.json()["status"] == "arrived", r.text


def test_clearance_routes_date_by_the_applications_clock(client: TestClient) -> None:
    """A pinned clock (relos.clock) is the present of every clearance step: what is prepared and submitted is
    dated by it, not by the real time."""
    pinned = datetime.now(UTC).replace(microsecond=0) - timedelta(days=3)
    client.app_state.state.clock.pin(pinned)  # type: ignore[attr-defined]
    r = as_(client, IND_REQUESTER).post("/api/v1/clearances", json=body())
    assert r.status_code == 201, r.text
    cid = r.json()["id"]
    r = as_(client, IND_CLEARANCE).post(f"/api/v1/clearances/{cid}/submission")
    assert r.status_code == 200, r.text
    stamps = [datetime.fromisoformat(h["at"]) for h in r.json()["changes"]]
    assert stamps and all(at == pinned for at in stamps), stamps

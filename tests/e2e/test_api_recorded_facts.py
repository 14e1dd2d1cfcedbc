"""Through HTTP, with the application's clock pinned (relos.clock): a fact dated in the future is 422 naming its
field and `recorded_in_future`; an arrival before the approved window is 409 `arrival_before_window`, the
amended window is admitted again as a whole (409 over the cap); a departure after the approved end is recorded
and the presence data name the overstay."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.integration.deployments_helpers import IND_APPROVER, IND_LOGISTICS, RUS_REQUESTER, prepare

import relos.api.deps
from relos.api.app import create_app
from relos.clock import Clock
from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.settings import Settings

DEC_3 = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> Clock:
    return Clock(pinned=DEC_3)


@pytest.fixture
def client(loaded: Database, clock: Clock) -> Iterator[TestClient]:
    prepare(loaded)
    app = create_app(Settings(database_url=loaded.url), loaded, clock)
    with TestClient(app) as c:
        c.app_state = app  # type: ignore[attr-defined]
        yield c


def as_(client: TestClient, actor: Actor) -> TestClient:
    client.app_state.dependency_overrides[relos.api.deps.get_actor] = lambda: actor  # type: ignore[attr-defined]
    return client


def _approved(client: TestClient, start: str, end: str, personnel: int = 3000) -> dict[str, Any]:
    body = {"agreement_id": "relos-ind-rus", "facility_id": "IN-OTH", "purpose": "joint_exercise",
            "start": start, "end": end, "personnel": personnel}  # fmt: skip
    created = as_(client, RUS_REQUESTER).post("/api/v1/deployments", json=body)
    assert created.status_code == 201, created.text
    d = created.json()["id"]
    assert client.post(f"/api/v1/deployments/{d}/submission").status_code == 200
    approved = as_(client, IND_APPROVER).post(f"/api/v1/deployments/{d}/approval")
    assert approved.status_code == 200, approved.text
    return approved.json()


def _personnel_peak(client: TestClient) -> int:
    line = as_(client, IND_APPROVER).get(
        "/api/v1/presence", params={"host_party": "IND", "start": "2026-12-01", "end": "2027-02-01"}
    )
    assert line.status_code == 200, line.text
    return max((s["value"] for s in line.json()["visiting_parties"].get("RUS", {}).get("personnel", [])), default=0)


def test_two_forces_of_3000_stay_within_the_cap_of_3000_through_http(client: TestClient, clock: Clock) -> None:
    _approved(client, "2027-01-01T00:00:00Z", "2027-01-11T00:00:00Z")
    second = _approved(client, "2027-01-15T00:00:00Z", "2027-01-25T00:00:00Z")["id"]
    arrival = {"at": "2027-01-10T02:00:00Z"}  # inside the first's window, five weeks ahead of 3 December
    r = as_(client, IND_LOGISTICS).post(f"/api/v1/deployments/{second}/arrival", json=arrival)
    assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json"
    (e,) = r.json()["errors"]
    assert (e["field"], e["rule"]) == ("arrived_at", "recorded_in_future")
    assert "2027-01-10T02:00:00Z is in the future: it is 2026-12-03T10:00:00Z now" in e["message"]

    clock.pin(datetime(2027, 1, 10, 3, 0, tzinfo=UTC))  # the arrival has happened; it is still early
    r = client.post(f"/api/v1/deployments/{second}/arrival", json=arrival)
    assert r.status_code == 409, r.text
    (v,) = r.json()["violations"]
    assert (v["rule"], v["field"], v["start"]) == ("arrival_before_window", "arrived_at", "2027-01-15T00:00:00Z")
    assert as_(client, RUS_REQUESTER).get(f"/api/v1/deployments/{second}").json()["status"] == "approved"
    assert _personnel_peak(client) == 3000

    amend = {"agreement_id": "relos-ind-rus", "facility_id": "IN-OTH", "purpose": "joint_exercise",
             "start": "2027-01-10T00:00:00Z", "end": "2027-01-25T00:00:00Z", "personnel": 3000,
             "reason": "the force arrives early"}  # fmt: skip
    amended = as_(client, RUS_REQUESTER).post(f"/api/v1/deployments/{second}/amendments", json=amend)
    assert amended.status_code == 200 and amended.json()["status"] == "submitted", amended.text
    refused = as_(client, IND_APPROVER).post(f"/api/v1/deployments/{second}/approval")
    assert refused.status_code == 409
    (v,) = refused.json()["violations"]
    assert (v["rule"], v["at"], v["total"], v["max"]) == ("personnel", "2027-01-10T00:00:00Z", 6000, 3000)
    assert _personnel_peak(client) == 3000


def test_a_late_departure_is_recorded_and_presence_names_the_overstay(client: TestClient, clock: Clock) -> None:
    d = _approved(client, "2027-01-01T00:00:00Z", "2027-01-11T00:00:00Z", personnel=500)["id"]
    clock.pin(datetime(2027, 1, 1, 7, 0, tzinfo=UTC))
    r = as_(client, IND_LOGISTICS).post(f"/api/v1/deployments/{d}/arrival", json={"at": "2027-01-01T06:00:00Z"})
    assert r.status_code == 200, r.text
    r = client.post(f"/api/v1/deployments/{d}/departure", json={"at": "2027-01-12T18:00:00Z"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "departed_at"  # not yet happened
    clock.pin(datetime(2027, 1, 12, 19, 0, tzinfo=UTC))
    left = client.post(f"/api/v1/deployments/{d}/departure", json={"at": "2027-01-12T18:00:00Z"})
    assert left.status_code == 200, left.text
    assert left.json()["overstay"] is True
    assert [b["rule"] for b in left.json()["breaches"]] == ["overstay_recorded"]
    line = (
        as_(client, IND_APPROVER)
        .get("/api/v1/presence", params={"host_party": "IND", "start": "2027-01-01", "end": "2027-01-20"})
        .json()
    )
    assert line["overstays"] == [d]
    (b,) = line["breaches"]
    assert (b["deployment_id"], b["rule"], b["since"], b["until"]) == (
        d,
        "overstay_recorded",
        "2027-01-11T00:00:00Z",
        "2027-01-12T18:00:00Z",
    )
    listed = client.get("/api/v1/deployments", params={"overstays": True}).json()
    assert [x["id"] for x in listed] == [d]


def test_an_agreement_event_dated_in_the_future_is_422_naming_date(client: TestClient) -> None:
    operator = Actor.operator("test")
    event = {"kind": "ratification", "date": "2027-01-11", "party": "IND", "source": "Gazette of India"}
    r = as_(client, operator).post("/api/v1/agreements/relos-ind-rus/events", json=event)
    assert r.status_code == 422
    assert [(e["field"], e["rule"]) for e in r.json()["errors"]] == [("date", "recorded_in_future")]

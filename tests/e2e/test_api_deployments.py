"""Deployments through HTTP: the walk as each official, a refused approval as problem+json with its
explanation, the presence timeline, overrides and the plan check."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.integration.clearance_helpers import grant_clearances
from tests.integration.deployments_helpers import IND_APPROVER, IND_LOGISTICS, RUS_REQUESTER, prepare, ship

import relos.api.deps
from relos.api.app import create_app
from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.settings import Settings


@pytest.fixture
def client(loaded: Database) -> Iterator[TestClient]:
    prepare(loaded)
    app = create_app(Settings(database_url=loaded.url), loaded)
    with TestClient(app) as c:
        c.app_state = app  # type: ignore[attr-defined]
        yield c


def as_(client: TestClient, actor: Actor) -> TestClient:
    client.app_state.dependency_overrides[relos.api.deps.get_actor] = lambda: actor  # type: ignore[attr-defined]
    return client


def body(ships: int = 3, first: int = 0, start: str = "2026-03-01", end: str = "2026-03-10") -> dict[str, Any]:
    return {
        "agreement_id": "relos-ind-rus",
        "facility_id": "IN-OTH",
        "purpose": "port_call",
        "start": start,
        "end": end,
        "ships": [ship(first + i) for i in range(ships)],
        "aircraft": [{"type": "ka-31", "tail_number": f"RF-{first}", "callsign": "NEPTUN1"}],
        "personnel": 600,
    }


def _approved(client: TestClient, **kwargs: Any) -> dict[str, Any]:
    created = as_(client, RUS_REQUESTER).post("/api/v1/deployments", json=body(**kwargs))
    assert created.status_code == 201, created.text
    d = created.json()["id"]
    assert client.post(f"/api/v1/deployments/{d}/submission").status_code == 200
    approved = as_(client, IND_APPROVER).post(f"/api/v1/deployments/{d}/approval")
    assert approved.status_code == 200, approved.text
    return approved.json()


def test_walk_through_the_api(client: TestClient, loaded: Database) -> None:
    d = _approved(client)["id"]
    grant_clearances(loaded, d)  # issue 6: no ship enters and no aircraft lands without its clearance
    arrived = as_(client, IND_LOGISTICS).post(f"/api/v1/deployments/{d}/arrival", json={"at": "2026-03-01T06:00:00Z"})
    assert arrived.json()["status"] == "arrived"
    assert client.post(f"/api/v1/deployments/{d}/departure", json={"at": "2026-03-09T18:00:00Z"}).status_code == 200
    assert client.post(f"/api/v1/deployments/{d}/closure").json()["status"] == "closed"
    shown = as_(client, RUS_REQUESTER).get(f"/api/v1/deployments/{d}").json()
    assert shown["totals"] == {"warships": 3, "aircraft": 1, "personnel": 600}
    assert shown["ships"][0]["class"] == "talwar"


def test_refused_approval_is_problem_json_with_the_explanation(client: TestClient) -> None:
    _approved(client, ships=4)
    late = as_(client, RUS_REQUESTER).post("/api/v1/deployments", json=body(ships=2, first=10, start="2026-03-05"))
    d = late.json()["id"]
    client.post(f"/api/v1/deployments/{d}/submission")
    refused = as_(client, IND_APPROVER).post(f"/api/v1/deployments/{d}/approval")
    assert refused.status_code == 409
    assert refused.headers["content-type"] == "application/problem+json"
    (v,) = refused.json()["violations"]
    assert (v["limit"], v["at"], v["total"], v["max"]) == ("warships", "2026-03-05T00:00:00Z", 6, 5)
    assert v["earliest_window"] == {"start": "2026-03-10T00:00:00Z", "end": "2026-03-15T00:00:00Z"}
    assessment = client.get(f"/api/v1/deployments/{d}/assessment").json()
    assert assessment["admitted"] is False


def test_bad_input_is_problem_json_naming_the_field(client: TestClient) -> None:
    deep = body(ships=1) | {"facility_id": "IN-TST"}
    deep["ships"][0]["draught_m"] = 9.5
    found = as_(client, RUS_REQUESTER).post("/api/v1/deployments", json=deep)
    assert found.status_code == 422
    assert "ships[0].draught_m" in [e["field"] for e in found.json()["errors"]]
    negative = as_(client, RUS_REQUESTER).post("/api/v1/deployments", json=body() | {"personnel": -1})
    assert negative.status_code == 422
    assert as_(client, RUS_REQUESTER).get("/api/v1/deployments").json() == []


def test_override_timeline_and_plan_check(client: TestClient) -> None:
    _approved(client, ships=5)
    override = as_(client, IND_APPROVER).post(
        "/api/v1/cap-overrides",
        json={
            "agreement_id": "relos-ind-rus",
            "visiting_party": "RUS",
            "start": "2026-03-02T00:00:00Z",
            "end": "2026-03-04T00:00:00Z",
            "warships": 6,
            "authority": "Exchange of notes",
            "reference": "MEA/2026/3",
        },
    )
    assert override.status_code == 201, override.text
    line = client.get(
        "/api/v1/presence", params={"host_party": "IND", "start": "2026-03-01", "end": "2026-03-11"}
    ).json()
    assert [s["value"] for s in line["visiting_parties"]["RUS"]["warships"]] == [5, 0]
    plan = {
        "rows": [
            {"ref": "a", "agreement": "relos-ind-rus", "visiting_party": "RUS", "host_party": "IND", "facility": "",
             "purpose": "training", "start": "2026-03-01", "end": "2026-03-03", "warships": 6, "aircraft": 0,
             "personnel": 10},
        ]
    }  # fmt: skip
    checked = client.post("/api/v1/plan-checks", json=plan).json()
    # the plan counts its own rows only; the override lifts warships to 6 on [2 March, 4 March)
    assert checked["results"][0]["violations"] == [
        {"limit": "warships", "at": "2026-03-01T00:00:00Z", "total": 6, "max": 5}
    ]


def test_override_revocation_over_http(client: TestClient) -> None:
    """Refused as problem+json while an approved deployment relies on the override; once revoked it is listed
    as not in effect."""
    override = as_(client, IND_APPROVER).post(
        "/api/v1/cap-overrides",
        json={"agreement_id": "relos-ind-rus", "visiting_party": "RUS", "start": "2026-03-01T00:00:00Z",
              "end": "2026-03-11T00:00:00Z", "warships": 7, "authority": "Exchange of notes",
              "reference": "MEA/2026/4"},
    ).json()  # fmt: skip
    relying = _approved(client, ships=6)
    path = f"/api/v1/cap-overrides/{override['id']}/revocation"
    refused = as_(client, IND_APPROVER).post(path, json={"reason": "recorded in error"})
    assert refused.status_code == 409, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert [(v["limit"], v["at"], v["total"], v["max"]) for v in refused.json()["violations"]] == [
        ("warships", "2026-03-01T00:00:00Z", 6, 5)
    ]
    cancel = as_(client, RUS_REQUESTER).post(f"/api/v1/deployments/{relying['id']}/cancellation", json={"reason": "x"})
    assert cancel.status_code == 200, cancel.text
    assert as_(client, RUS_REQUESTER).post(path, json={"reason": "recorded in error"}).status_code == 403
    revoked = as_(client, IND_APPROVER).post(path, json={"reason": "recorded in error"})
    assert revoked.status_code == 200, revoked.text
    listed = client.get("/api/v1/cap-overrides", params={"host_party": "IND"}).json()
    assert [(o["in_effect"], o["revocation_reason"]) for o in listed] == [(False, "recorded in error")]
    assert as_(client, IND_APPROVER).post(path, json={"reason": "again"}).status_code == 422

"""Idempotency-Key over HTTP: creations of deployments, clearances and orders, and state changes, are carried
out once per user and key however often they are sent; a key is its user's own; a key reused for a different
request is 409 problem+json, also when both requests arrive at once (threads, both databases)."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import select
from tests.integration.clearance_helpers import PORT, add_test_port, port_call
from tests.integration.deployments_helpers import IND_APPROVER, RUS_REQUESTER, prepare, ship
from tests.integration.orders_helpers import REQUESTER as IND_REQUESTER
from tests.integration.orders_helpers import price_list

import relos.api.deps
from relos.api.app import create_app
from relos.db.runtime import Database
from relos.db.tables.ledger import IdempotencyKeyRow
from relos.domain.actor import Actor
from relos.settings import Settings

PROBLEM = "application/problem+json"
REPLAYED = "idempotent-replayed"


@pytest.fixture
def client(orders_db: Database) -> Iterator[TestClient]:
    prepare(orders_db)
    add_test_port(orders_db)
    price_list(orders_db)
    app = create_app(Settings(database_url=orders_db.url), orders_db)
    with TestClient(app) as c:
        c.app_state = app  # type: ignore[attr-defined]
        yield c


def as_(client: TestClient, actor: Actor) -> TestClient:
    client.app_state.dependency_overrides[relos.api.deps.get_actor] = lambda: actor  # type: ignore[attr-defined]
    return client


def deployment(personnel: int = 600) -> dict[str, Any]:
    return {
        "agreement_id": "relos-ind-rus",
        "facility_id": "IN-OTH",
        "purpose": "port_call",
        "start": "2027-03-01",
        "end": "2027-03-10",
        "ships": [ship(1)],
        "aircraft": [],
        "personnel": personnel,
    }


CLEARANCE = {
    "agreement_id": "relos-ind-rus",
    "kind": "port_call",
    "facility_id": PORT,
    "purpose": "port_call",
    "start": "2027-05-01T08:00:00Z",
    "end": "2027-05-06T08:00:00Z",
    "port_call": port_call(),
}
ORDER = {
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


def _key(key: str) -> dict[str, str]:
    return {"Idempotency-Key": key}


def test_a_deployment_sent_three_times_with_one_key_is_created_once(client: TestClient) -> None:
    answers = [
        as_(client, RUS_REQUESTER).post("/api/v1/deployments", json=deployment(), headers=_key("dep-1"))
        for _ in range(3)
    ]
    assert [r.status_code for r in answers] == [201, 201, 201], answers[0].text
    assert answers[1].json() == answers[2].json() == answers[0].json()
    assert REPLAYED not in answers[0].headers and answers[1].headers[REPLAYED] == "true"
    assert len(client.get("/api/v1/deployments").json()) == 1


def test_a_clearance_and_an_order_sent_twice_with_one_key_are_created_once(client: TestClient) -> None:
    for path, body in (("/api/v1/clearances", CLEARANCE), ("/api/v1/orders", ORDER)):
        first = as_(client, IND_REQUESTER).post(path, json=body, headers=_key(f"once:{path}"))
        again = as_(client, IND_REQUESTER).post(path, json=body, headers=_key(f"once:{path}"))
        assert first.status_code == again.status_code == 201, first.text
        assert again.json()["id"] == first.json()["id"] and again.headers[REPLAYED] == "true"
        assert len(client.get(path).json()) == 1


def test_a_state_change_sent_again_with_its_key_answers_as_the_first_time(client: TestClient) -> None:
    created = as_(client, RUS_REQUESTER).post("/api/v1/deployments", json=deployment()).json()
    submission = f"/api/v1/deployments/{created['id']}/submission"
    first = client.post(submission, headers=_key("submit-1"))
    again = client.post(submission, headers=_key("submit-1"))
    assert first.status_code == again.status_code == 200 and again.json() == first.json()
    assert client.post(submission).status_code == 409  # without its key, a repeat is a new request
    cancellation = f"/api/v1/deployments/{created['id']}/cancellation"
    cancelled = [client.post(cancellation, json={"reason": "x"}, headers=_key("cancel-1")) for _ in range(2)]
    assert [r.status_code for r in cancelled] == [200, 200] and cancelled[1].json() == cancelled[0].json()
    assert len(client.get("/api/v1/audit", params={"limit": 500}).json()) >= 0  # the trail stays readable


def test_a_key_is_its_users_own(client: TestClient) -> None:
    mine = as_(client, IND_REQUESTER).post("/api/v1/orders", json=ORDER, headers=_key("shared"))
    colleague = Actor("ind.requester2", "IND", IND_REQUESTER.roles)
    theirs = as_(client, colleague).post("/api/v1/orders", json=ORDER, headers=_key("shared"))
    other_party = as_(client, RUS_REQUESTER).post("/api/v1/deployments", json=deployment(), headers=_key("shared"))
    assert [r.status_code for r in (mine, theirs, other_party)] == [201, 201, 201], theirs.text
    assert theirs.json()["id"] != mine.json()["id"] and REPLAYED not in theirs.headers


def test_a_key_reused_for_a_different_request_is_409_problem(client: TestClient) -> None:
    as_(client, RUS_REQUESTER)
    assert client.post("/api/v1/deployments", json=deployment(600), headers=_key("k")).status_code == 201
    for path, body in (("/api/v1/deployments", deployment(601)), ("/api/v1/clearances", CLEARANCE)):
        r = client.post(path, json=body, headers=_key("k"))
        assert r.status_code == 409 and r.headers["content-type"] == PROBLEM
        assert r.json()["detail"] == "idempotency key 'k' was used for a different request"
    assert len(client.get("/api/v1/deployments").json()) == 1


def _at_once(*calls: Callable[[], Response]) -> list[Response]:
    start = threading.Barrier(len(calls))
    answers: list[Response | None] = [None] * len(calls)

    def run(i: int) -> None:
        start.wait()
        answers[i] = calls[i]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert all(a is not None for a in answers)
    return [a for a in answers if a is not None]


def test_two_requests_at_once_with_one_key_make_one_change(client: TestClient) -> None:
    as_(client, RUS_REQUESTER)
    pairs = 6
    for i in range(pairs):
        key = _key(f"race-{i}")
        different = _at_once(
            lambda k=key: client.post("/api/v1/deployments", json=deployment(600), headers=k),  # type: ignore[misc]
            lambda k=key: client.post("/api/v1/deployments", json=deployment(601), headers=k),  # type: ignore[misc]
        )
        assert sorted(r.status_code for r in different) == [201, 409], [r.text for r in different]
        assert all(r.headers["content-type"] == PROBLEM for r in different if r.status_code == 409)
        same = _key(f"twin-{i}")
        identical = _at_once(
            lambda k=same: client.post("/api/v1/deployments", json=deployment(700), headers=k),  # type: ignore[misc]
            lambda k=same: client.post("/api/v1/deployments", json=deployment(700), headers=k),  # type: ignore[misc]
        )
        assert [r.status_code for r in identical] == [201, 201], [r.text for r in identical]
        assert identical[0].json()["id"] == identical[1].json()["id"]
    assert len(client.get("/api/v1/deployments", params={"limit": 100}).json()) == 2 * pairs


def test_an_approval_sent_twice_at_once_with_one_key_is_made_once(client: TestClient) -> None:
    created = as_(client, RUS_REQUESTER).post("/api/v1/deployments", json=deployment()).json()
    assert client.post(f"/api/v1/deployments/{created['id']}/submission").status_code == 200
    as_(client, IND_APPROVER)
    approval = f"/api/v1/deployments/{created['id']}/approval"
    answers = _at_once(*(lambda: client.post(approval, headers=_key("approve")) for _ in range(2)))
    assert [r.status_code for r in answers] == [200, 200], [r.text for r in answers]
    assert answers[0].json() == answers[1].json()


@pytest.mark.parametrize(
    ("path", "who", "body"),
    [
        ("/api/v1/deployments", RUS_REQUESTER, deployment()),
        ("/api/v1/clearances", IND_REQUESTER, CLEARANCE),
        ("/api/v1/orders", IND_REQUESTER, ORDER),
    ],
)
def test_a_replay_of_an_answer_stored_before_references_gives_the_records_reference_and_title(
    client: TestClient, orders_db: Database, path: str, who: Actor, body: dict[str, Any]
) -> None:
    first = as_(client, who).post(path, json=body, headers=_key("before-0010"))
    assert first.status_code == 201, first.text
    with orders_db.session_factory() as session, session.begin():  # the answer as it was stored before 0010
        row = session.execute(select(IdempotencyKeyRow).where(IdempotencyKeyRow.key == "before-0010")).scalar_one()
        old = {k: v for k, v in json.loads(row.result).items() if k not in ("reference", "title")}
        row.result = json.dumps(old)
    again = as_(client, who).post(path, json=body, headers=_key("before-0010"))
    assert again.status_code == 201 and again.headers[REPLAYED] == "true"
    assert again.json()["reference"] == first.json()["reference"] and again.json()["title"] == first.json()["title"]
    assert again.json() == first.json()

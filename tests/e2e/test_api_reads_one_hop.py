"""The busiest reads — a deployment, an agreement, a page of deployments — go to the thread pool once: the
token checked and the record read in one trip, one transaction (relos.api.deps.Reader). A token revoked or
unknown is refused as on every other route, and a stand-in for the acting user (as tests set) acts here too.
On both databases."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.integration.deployments_helpers import IND_APPROVER, prepare, submitted

import relos.api.deps
from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.server import create_app
from relos.services.people import tokens, users
from relos.settings import Settings

OPERATOR = Actor.operator("test")


@pytest.fixture
def world(loaded: Database) -> tuple[Database, str, str]:
    prepare(loaded)
    deployment = submitted(loaded, start=0, end=10, ships=1)["id"]
    users.create_user(loaded.uow(), actor=OPERATOR, user_id="ind.app", party="IND", roles=["host_approver"],
                      password="correct horse battery staple")  # fmt: skip
    token = tokens.issue_token(loaded.uow(), actor=OPERATOR, user_id="ind.app", name="t", lifetime=timedelta(days=1),
                               now=datetime.now(UTC)).secret  # fmt: skip
    return loaded, deployment, token


@pytest.fixture
def client(loaded: Database) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(database_url=loaded.url, secret_key="k" * 40), loaded)) as c:
        yield c


def test_each_busy_read_goes_to_the_thread_pool_once(client: TestClient, world: Any, trips: list[str]) -> None:
    _, deployment, token = world
    auth = {"Authorization": f"Bearer {token}"}
    for path in (
        f"/api/v1/deployments/{deployment}",
        "/api/v1/agreements/relos-ind-rus",
        "/api/v1/deployments?limit=20",
    ):
        trips.clear()
        r = client.get(path, headers=auth)
        assert r.status_code == 200, r.text
        assert trips == ["Reader._run"], path
    assert client.get(f"/api/v1/deployments/{deployment}", headers=auth).json()["id"] == deployment
    listed = client.get("/api/v1/deployments?limit=20", headers=auth).json()
    assert [d["id"] for d in listed] == [deployment]
    assert client.get("/api/v1/agreements/relos-ind-rus", headers=auth).json()["id"] == "relos-ind-rus"


def test_a_revoked_unknown_or_missing_token_is_refused_as_anywhere(client: TestClient, world: Any) -> None:
    db, deployment, token = world
    path = f"/api/v1/deployments/{deployment}"
    assert client.get(path).status_code == 401
    assert client.get(path, headers={"Authorization": "Bearer nope"}).status_code == 401
    assert client.get(path, headers={"Authorization": "Basic x"}).status_code == 401
    listed = tokens.list_tokens(db.uow(), actor=OPERATOR, user_id="ind.app")
    tokens.revoke_token(db.uow(), actor=OPERATOR, token_id=listed[0].credential_id, now=datetime.now(UTC))
    refused = client.get(path, headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 401 and refused.headers["content-type"].startswith("application/problem+json")
    assert (
        client.get("/api/v1/agreements/relos-ind-rus", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    )


def test_a_stand_in_for_the_acting_user_acts_in_a_read_too(client: TestClient, world: Any) -> None:
    _, deployment, _ = world
    client.app.dependency_overrides[relos.api.deps.get_actor] = lambda: IND_APPROVER  # type: ignore[attr-defined]
    assert client.get(f"/api/v1/deployments/{deployment}").status_code == 200
    client.app.dependency_overrides[relos.api.deps.get_actor] = lambda: Actor("x", "USA", IND_APPROVER.roles)  # type: ignore[attr-defined]
    assert client.get(f"/api/v1/deployments/{deployment}").status_code == 404  # not the stand-in's to see

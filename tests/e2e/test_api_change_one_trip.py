"""An approval goes to the thread pool once (relos.api.deps.Changer): the token checked in the change's own
transaction, which the approval's first block goes on in, then the decision — one transaction fewer than
checking the token apart. Refusals are those of every other change: no credential, a bad token, a session
cookie without its CSRF token (checked after the session itself); a stand-in for the acting user acts; nothing
is written by a refused request. On both databases."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from tests.integration.deployments_helpers import IND_APPROVER, prepare, submitted

import relos.api.deps
from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.server import create_app
from relos.services.people import tokens, users
from relos.settings import Settings

OPERATOR = Actor.operator("test")
PASSWORD = "correct horse battery staple"


@pytest.fixture
def world(loaded: Database) -> tuple[Database, str, str]:
    prepare(loaded)
    deployment = submitted(loaded, start=0, end=10, ships=1)["id"]
    users.create_user(loaded.uow(), actor=OPERATOR, user_id="ind.app", party="IND", roles=["host_approver"],
                      password=PASSWORD)  # fmt: skip
    token = tokens.issue_token(loaded.uow(), actor=OPERATOR, user_id="ind.app", name="t", lifetime=timedelta(days=1),
                               now=datetime.now(UTC)).secret  # fmt: skip
    return loaded, deployment, token


@pytest.fixture
def client(loaded: Database) -> Iterator[TestClient]:
    settings = Settings(database_url=loaded.url, secret_key="k" * 40, cookie_secure=False)
    with TestClient(create_app(settings, loaded)) as c:
        yield c


def _status(db: Database, deployment: str) -> str:
    with db.uow(read_only=True) as uow:
        found = uow.deployments.get(deployment)
        assert found is not None
        return found.status.value


def _audited(db: Database) -> int:
    with db.uow(read_only=True) as uow:
        return len(uow.audit.entries(limit=10_000))


def test_an_approval_goes_to_the_thread_pool_once_and_checks_its_token_in_its_own_transaction(
    client: TestClient, world: Any, trips: list[str]
) -> None:
    db, deployment, token = world
    begun: list[int] = []
    listener = lambda conn: begun.append(1)  # noqa: E731
    event.listen(db.engine, "begin", listener)
    try:
        r = client.post(f"/api/v1/deployments/{deployment}/approval", headers={"Authorization": f"Bearer {token}"})
    finally:
        event.remove(db.engine, "begin", listener)
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "approved" and _status(db, deployment) == "approved"
    assert [t for t in trips if not t.startswith("IdempotentRequests")] == ["Changer._run"]
    # PostgreSQL: the token and what is read before the host's lock, then the decision; SQLite: one transaction.
    assert len(begun) == (2 if db.url.startswith("postgresql") else 1), len(begun)


def test_a_change_without_a_valid_credential_is_refused_and_writes_nothing(client: TestClient, world: Any) -> None:
    db, deployment, token = world
    listed = tokens.list_tokens(db.uow(), actor=OPERATOR, user_id="ind.app")
    tokens.revoke_token(db.uow(), actor=OPERATOR, token_id=listed[0].credential_id, now=datetime.now(UTC))
    before = _audited(db)
    path = f"/api/v1/deployments/{deployment}/approval"
    for headers in (
        {},
        {"Authorization": "Bearer nope"},
        {"Authorization": "Basic x"},
        {"Authorization": f"Bearer {token}"},
    ):
        refused = client.post(path, headers=headers)
        assert refused.status_code == 401 and refused.headers["content-type"] == "application/problem+json"
    assert _status(db, deployment) == "submitted" and _audited(db) == before


def test_a_cookie_signed_approval_needs_its_csrf_token_checked_after_the_session(
    client: TestClient, world: Any
) -> None:
    db, deployment, _ = world
    page = client.get("/sign-in").text
    csrf = page.split('name="csrf" value="')[1].split('"')[0]
    signed = client.post("/sign-in", data={"user_id": "ind.app", "password": PASSWORD, "csrf": csrf},
                         follow_redirects=False)  # fmt: skip
    assert signed.status_code == 303, signed.text
    session_csrf = client.get("/").text.split('name="csrf" value="')[1].split('"')[0]
    path = f"/api/v1/deployments/{deployment}/approval"
    without = client.post(path)
    assert without.status_code == 401
    assert without.json()["code"] == "notauthenticated.request_signed_cookie_must_carry"
    assert _status(db, deployment) == "submitted"
    r = client.post(path, headers={"X-CSRF-Token": session_csrf})
    assert r.status_code == 200, r.text
    assert _status(db, deployment) == "approved"


def test_a_stand_in_for_the_acting_user_acts_in_an_approval_too(client: TestClient, world: Any) -> None:
    db, deployment, _ = world
    client.app.dependency_overrides[relos.api.deps.get_actor] = lambda: Actor("x", "USA", IND_APPROVER.roles)  # type: ignore[attr-defined]
    assert client.post(f"/api/v1/deployments/{deployment}/approval").status_code == 404  # not the stand-in's to see
    client.app.dependency_overrides[relos.api.deps.get_actor] = lambda: IND_APPROVER  # type: ignore[attr-defined]
    assert client.post(f"/api/v1/deployments/{deployment}/approval").status_code == 200
    assert _status(db, deployment) == "approved"

"""A token issued with a credential never outlives it nor outranks it, and dies with it: revoking (or
disabling the user of) the issuer ends what it issued, and what those issued in turn."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.server import create_app
from relos.services.people import tokens, users
from relos.settings import Settings

KEY = "test-secret-key-" + "x" * 32
PASSWORD = "correct horse battery staple"
OPERATOR = Actor.operator("test")


def _user(db: Database, user_id: str, *roles: str, days: int = 1) -> dict[str, str]:
    """The user (of IND), and the header of a token of theirs issued at the console for `days`."""
    users.create_user(db.uow(), actor=OPERATOR, user_id=user_id, party="IND", roles=list(roles), password=PASSWORD)
    issued = tokens.issue_token(
        db.uow(), actor=OPERATOR, user_id=user_id, name="console", lifetime=timedelta(days=days), now=datetime.now(UTC)
    )
    return {"Authorization": f"Bearer {issued.secret}"}


@pytest.fixture
def client(loaded: Database) -> Iterator[TestClient]:
    settings = Settings(database_url=loaded.url, secret_key=KEY, cookie_secure=False)
    with TestClient(create_app(settings, loaded)) as c:
        yield c


def _issue(client: TestClient, headers: dict[str, str], **body: object) -> dict[str, object]:
    r = client.post("/api/v1/tokens", json={"name": "child", **body}, headers=headers)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def _expiry(client: TestClient, headers: dict[str, str]) -> datetime:
    own = client.get("/api/v1/tokens", headers=headers).json()
    return min(datetime.fromisoformat(t["expires_at"]) for t in own)


def test_a_one_day_token_cannot_issue_a_token_that_outlives_it(client: TestClient, loaded: Database) -> None:
    parent = _user(loaded, "asha", "auditor", days=1)
    parent_expiry = _expiry(client, parent)
    child = _issue(client, parent, days=366)
    assert datetime.fromisoformat(str(child["expires_at"])) <= parent_expiry
    grandchild = _issue(client, {"Authorization": f"Bearer {child['token']}"}, days=30)
    assert datetime.fromisoformat(str(grandchild["expires_at"])) <= parent_expiry


def test_revoking_a_token_revokes_what_it_issued(client: TestClient, loaded: Database) -> None:
    parent = _user(loaded, "asha", "auditor", days=1)
    child = _issue(client, parent, days=366)
    child_headers = {"Authorization": f"Bearer {child['token']}"}
    grandchild = _issue(client, child_headers, days=30)
    grandchild_headers = {"Authorization": f"Bearer {grandchild['token']}"}
    assert client.get("/api/v1/me", headers=grandchild_headers).status_code == 200
    parent_id = next(t["id"] for t in client.get("/api/v1/tokens", headers=parent).json() if t["name"] == "console")
    assert client.delete(f"/api/v1/tokens/{parent_id}", headers=parent).status_code == 204
    assert client.get("/api/v1/me", headers=child_headers).status_code == 401
    assert client.get("/api/v1/me", headers=grandchild_headers).status_code == 401
    with loaded.uow() as uow:
        stored = {c.name: c for c in uow.credentials.list(user_ids=["asha"])}
    assert all(c.revoked_at is not None for c in stored.values()), stored


def test_a_token_stops_working_while_its_issuers_user_is_disabled(client: TestClient, loaded: Database) -> None:
    admin = _user(loaded, "asha", "administrator", "auditor")
    _user(loaded, "ravi", "administrator")  # so that asha is not the last administrator
    _user(loaded, "mira", "auditor")
    for_mira = _issue(client, admin, user_id="mira", days=30)
    mira_headers = {"Authorization": f"Bearer {for_mira['token']}"}
    assert client.get("/api/v1/me", headers=mira_headers).json()["user_id"] == "mira"
    users.set_user_disabled(loaded.uow(), actor=OPERATOR, user_id="asha")
    assert client.get("/api/v1/me", headers=mira_headers).status_code == 401
    users.set_user_disabled(loaded.uow(), actor=OPERATOR, user_id="asha", disabled=False)
    assert client.get("/api/v1/me", headers=mira_headers).status_code == 200


def test_a_token_never_holds_a_role_its_issuer_lacks(client: TestClient, loaded: Database) -> None:
    admin = _user(loaded, "asha", "administrator")
    _user(loaded, "ravi", "finance_officer")
    r = client.post("/api/v1/tokens", json={"name": "x", "days": 1, "user_id": "ravi"}, headers=admin)
    assert r.status_code == 403 and r.headers["content-type"] == "application/problem+json"
    assert "finance_officer" in r.json()["detail"]
    assert client.get("/api/v1/tokens", params={"user_id": "ravi"}, headers=admin).json()[0]["name"] == "console"
    assert len(client.get("/api/v1/tokens", params={"user_id": "ravi"}, headers=admin).json()) == 1


def test_the_last_active_administrator_cannot_disable_themselves(client: TestClient, loaded: Database) -> None:
    admin = _user(loaded, "asha", "administrator")
    r = client.post("/api/v1/users/asha/disable", headers=admin)
    assert r.status_code == 409 and r.headers["content-type"] == "application/problem+json"
    assert "last active administrator" in r.json()["detail"]
    assert client.get("/api/v1/me", headers=admin).json()["disabled"] is False
    _user(loaded, "ravi", "administrator")
    assert client.post("/api/v1/users/asha/disable", headers=admin).json()["disabled"] is True

"""The API's door: bearer tokens, session cookies, 401 for anything else with nothing written,
the same 404 for another party's record as for none, request size limits and the audit trail."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.server import create_app
from relos.services.people import tokens, users
from relos.services.people.credentials import sign
from relos.settings import Settings

KEY = "test-secret-key-" + "x" * 32
PASSWORD = "correct horse battery staple"
OPERATOR = Actor.operator("test")


def _user(db: Database, user_id: str, party: str, *roles: str) -> str:
    """Creates the user and returns a fresh API token of theirs."""
    users.create_user(db.uow(), actor=OPERATOR, user_id=user_id, party=party, roles=list(roles), password=PASSWORD)
    issued = tokens.issue_token(
        db.uow(), actor=OPERATOR, user_id=user_id, name="test", lifetime=timedelta(days=1), now=datetime.now(UTC)
    )
    return issued.secret


@pytest.fixture
def client(loaded: Database) -> Iterator[TestClient]:
    settings = Settings(database_url=loaded.url, secret_key=KEY, cookie_secure=False, max_request_bytes=50_000)
    with TestClient(create_app(settings, loaded)) as c:
        yield c


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _audit_count(db: Database) -> int:
    with db.uow() as uow:
        return len(uow.audit.entries(limit=10_000))


def test_no_credential_is_401_problem(client: TestClient) -> None:
    r = client.get("/api/v1/agreements")
    assert r.status_code == 401 and r.headers["content-type"] == "application/problem+json"
    assert r.headers["www-authenticate"].startswith("Bearer")
    assert r.json()["type"] == "/problems/not-authenticated"


def test_a_valid_token_acts_as_its_user(client: TestClient, loaded: Database) -> None:
    token = _user(loaded, "ivan", "RUS", "auditor")
    r = client.get("/api/v1/me", headers=_bearer(token))
    assert r.status_code == 200 and r.json()["user_id"] == "ivan" and r.json()["party"] == "RUS"
    assert [a["id"] for a in client.get("/api/v1/agreements", headers=_bearer(token)).json()] == ["relos-ind-rus"]


@pytest.mark.parametrize("how", ["expired", "revoked", "garbage", "basic"])
def test_bad_token_is_401_and_writes_nothing(client: TestClient, loaded: Database, how: str) -> None:
    token = _user(loaded, "asha", "IND", "administrator")
    headers = _bearer(token)
    if how == "expired":
        with loaded.engine.begin() as conn:
            conn.exec_driver_sql(
                "UPDATE credentials SET created_at = '2020-01-01 00:00:00', expires_at = '2020-01-02 00:00:00'"
            )
    elif how == "revoked":
        token_id = client.get("/api/v1/tokens", headers=headers).json()[0]["id"]
        assert client.delete(f"/api/v1/tokens/{token_id}", headers=headers).status_code == 204
    elif how == "garbage":
        headers = _bearer("relos_" + "A" * 43)
    else:
        headers = {"Authorization": "Basic YXNoYTpwYXNz"}
    before = _audit_count(loaded)
    toml = 'id = "new-pact"\nshort_name = "N"\nparties = ["IND", "RUS"]\nsigned = 2024-01-01\nterm_years = 5\n'
    r = client.post("/api/v1/agreements", json={"toml": toml}, headers=headers)
    assert r.status_code == 401 and r.headers["content-type"] == "application/problem+json"
    assert _audit_count(loaded) == before
    with loaded.uow() as uow:
        assert uow.agreements.get("new-pact") is None


def test_forged_session_cookie_is_401(client: TestClient, loaded: Database) -> None:
    _user(loaded, "asha", "IND", "administrator")
    client.cookies.set("relos_session", sign(b"another key entirely, not ours!!", "some-session-secret"))
    r = client.get("/api/v1/agreements")
    assert r.status_code == 401 and r.json()["detail"] == "the session cookie is not valid: sign in again"


def _signed_in(client: TestClient) -> str:
    """Signs in through the web form; returns the session's CSRF token (from the landing page)."""
    page = client.get("/sign-in").text
    csrf = page.split('name="csrf" value="')[1].split('"')[0]
    r = client.post("/sign-in", data={"user_id": "asha", "password": PASSWORD, "csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303, r.text
    home = client.get("/").text
    return home.split('name="csrf" value="')[1].split('"')[0]


def test_session_cookie_works_for_reading_and_needs_csrf_for_writing(client: TestClient, loaded: Database) -> None:
    _user(loaded, "asha", "IND", "administrator")
    csrf = _signed_in(client)
    assert client.get("/api/v1/me").json()["user_id"] == "asha"
    body = {"kind": "note", "date": "2026-01-05", "source": "web"}
    before = _audit_count(loaded)
    r = client.post("/api/v1/agreements/relos-ind-rus/events", json=body)
    assert r.status_code == 401 and _audit_count(loaded) == before
    r = client.post("/api/v1/agreements/relos-ind-rus/events", json=body, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 201, r.text


def _same_problem(a: object, b: object, id_a: str, id_b: str) -> None:
    ra, rb = a, b
    assert ra.status_code == rb.status_code == 404  # type: ignore[attr-defined]
    assert ra.text.replace(id_a, "ID") == rb.text.replace(id_b, "ID")  # type: ignore[attr-defined]
    strip = {"date", "x-request-id"}  # each answer has an id of its own
    ha = {k: v for k, v in ra.headers.items() if k not in strip}  # type: ignore[attr-defined]
    hb = {k: v for k, v in rb.headers.items() if k not in strip}  # type: ignore[attr-defined]
    assert ha == hb


def test_russian_user_gets_the_same_404_for_the_india_usa_agreement_as_for_none(
    client: TestClient, loaded: Database
) -> None:
    headers = _bearer(_user(loaded, "boris", "RUS", "administrator", "auditor"))
    real, fake = "lemoa-ind-usa", "lemoa-ind-xyz"  # same length: even Content-Length must not differ
    for template, method, body in [
        ("/api/v1/agreements/{}", "GET", None),
        ("/api/v1/agreements/{}?at=2026-01-01", "GET", None),
        ("/api/v1/agreements/{}/events", "POST", {"kind": "note", "date": "2026-01-05", "source": "probe"}),
        ("/api/v1/audit?agreement_id={}", "GET", None),
    ]:
        ra = client.request(method, template.format(real), json=body, headers=headers)
        rb = client.request(method, template.format(fake), json=body, headers=headers)
        _same_problem(ra, rb, real, fake)


def test_russian_auditor_reads_no_audit_entry_of_the_india_usa_agreement(client: TestClient, loaded: Database) -> None:
    headers = _bearer(_user(loaded, "boris", "RUS", "auditor"))
    entries = client.get("/api/v1/audit", params={"limit": 500}, headers=headers).json()
    assert {e["agreement_id"] for e in entries} == {"relos-ind-rus", None}
    assert not any("lemoa" in str(e) for e in entries)
    indian = client.get(
        "/api/v1/audit", params={"limit": 500}, headers=_bearer(_user(loaded, "asha", "IND", "auditor"))
    )
    assert {"relos-ind-rus", "lemoa-ind-usa"} <= {e["agreement_id"] for e in indian.json()}


def test_requester_may_not_read_the_audit_trail(client: TestClient, loaded: Database) -> None:
    r = client.get("/api/v1/audit", headers=_bearer(_user(loaded, "rina", "IND", "requester")))
    assert (
        r.status_code == 403
        and r.json()["detail"] == "reading the audit trail needs the role of auditor or administrator"
    )


def test_oversized_body_is_413_and_writes_nothing(client: TestClient, loaded: Database) -> None:
    headers = _bearer(_user(loaded, "asha", "IND", "administrator"))
    before = _audit_count(loaded)
    r = client.post("/api/v1/agreements", json={"toml": "x" * 60_000}, headers=headers)
    assert r.status_code == 413 and r.headers["content-type"] == "application/problem+json"
    assert r.json()["detail"] == "the request body is larger than 50000 bytes"

    def chunks() -> Iterator[bytes]:  # no Content-Length: refused on the byte that crosses the limit
        yield b'{"toml": "'
        for _ in range(10):
            yield b"y" * 10_000
        yield b'"}'

    r = client.post("/api/v1/agreements", content=chunks(), headers={**headers, "Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["status"] == 413
    assert _audit_count(loaded) == before


def test_tokens_over_the_api_issue_list_and_revoke(client: TestClient, loaded: Database) -> None:
    headers = _bearer(_user(loaded, "asha", "IND", "administrator"))
    issued = client.post("/api/v1/tokens", json={"name": "planner", "days": 7}, headers=headers)
    assert issued.status_code == 201 and issued.json()["token"].startswith("relos_")
    new = _bearer(issued.json()["token"])
    assert client.get("/api/v1/me", headers=new).status_code == 200
    assert client.delete(f"/api/v1/tokens/{issued.json()['id']}", headers=new).status_code == 204
    assert client.get("/api/v1/me", headers=new).status_code == 401
    assert all("token" not in t for t in client.get("/api/v1/tokens", headers=headers).json())


def test_users_over_the_api(client: TestClient, loaded: Database) -> None:
    headers = _bearer(_user(loaded, "asha", "IND", "administrator"))
    r = client.post(
        "/api/v1/users",
        json={"user_id": "ravi", "party": "IND", "roles": ["requester"], "password": PASSWORD, "language": "en"},
        headers=headers,
    )
    assert r.status_code == 201 and r.json()["roles"] == ["requester"] and "password" not in r.json()
    r = client.post(
        "/api/v1/users",
        json={"user_id": "olga", "party": "RUS", "roles": ["requester"], "password": PASSWORD},
        headers=headers,
    )
    assert r.status_code == 403
    assert [u["user_id"] for u in client.get("/api/v1/users", headers=headers).json()] == ["asha", "ravi"]
    assert client.post("/api/v1/users/ravi/disable", headers=headers).json()["disabled"] is True


# The partner's inbox takes no user's credential: each document it receives is authenticated by the
# sending instance's signature, so an unsigned request is refused there as a document, never accepted.
SIGNED_NOT_SIGNED_IN = {"/api/v1/exchange/inbox"}


def test_every_endpoint_but_health_and_ready_requires_a_credential(client: TestClient) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    checked = 0
    for template, operations in paths.items():
        path = (
            template.replace("{agreement_id}", "relos-ind-rus").replace("{user_id}", "ivan").replace("{token_id}", "t")
        )
        for method in operations:
            r = client.request(method.upper(), path, json={})
            if template in SIGNED_NOT_SIGNED_IN:
                assert 400 <= r.status_code < 500, (method, template, r.status_code)
                assert r.headers["content-type"].startswith("application/problem+json")
            else:
                expected = 200 if template in ("/api/v1/health", "/api/v1/ready") else 401
                assert r.status_code == expected, (method, template, r.status_code)
            checked += 1
    assert checked >= 15
    assert set(paths) >= SIGNED_NOT_SIGNED_IN

"""What the server does for its operator, through HTTP: /metrics (operators only), JSON logs with the request's
id and no secret, sign-in limited per client address, a client over its rate answered 429, a slow body 408,
and what a lock-out leaves of a user's API tokens."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from tests.integration.deployments_helpers import approved, prepare, submitted

from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.server import create_app
from relos.services.people import tokens, users
from relos.settings import Settings

KEY = "test-secret-key-" + "x" * 32
PASSWORD = "correct horse battery staple"
OPERATOR = Actor.operator("test")
LOOPBACK = ("127.0.0.1", 40000)
REMOTE = ("203.0.113.7", 40000)


def _user(db: Database, user_id: str, party: str, *roles: str) -> str:
    users.create_user(db.uow(), actor=OPERATOR, user_id=user_id, party=party, roles=list(roles), password=PASSWORD)
    issued = tokens.issue_token(
        db.uow(), actor=OPERATOR, user_id=user_id, name="test", lifetime=timedelta(days=1), now=datetime.now(UTC)
    )
    return issued.secret


def _app(db: Database, **settings: Any) -> FastAPI:
    return create_app(Settings(database_url=db.url, secret_key=KEY, cookie_secure=False, **settings), db)


@pytest.fixture
def client(loaded: Database) -> Iterator[TestClient]:
    with TestClient(_app(loaded), client=LOOPBACK) as c:
        yield c


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _sign_in(client: TestClient, user_id: str, password: str) -> int:
    page = client.get("/sign-in").text
    csrf = page.split('name="csrf" value="')[1].split('"')[0]
    data = {"user_id": user_id, "password": password, "csrf": csrf}
    r = client.post("/sign-in", data=data, follow_redirects=False)
    return r.status_code if r.status_code != 303 else (200 if r.headers["location"] == "/" else 401)


# -- metrics --------------------------------------------------------------------------------------------------
def test_metrics_count_requests_decisions_and_what_is_stored(loaded: Database) -> None:
    db = prepare(loaded)
    approved(db, start=0, end=10, ships=5, facility="IN-OTH")
    too_many = submitted(db, start=2, end=4, ships=1, first=10, facility="IN-OTH")
    fits = submitted(db, start=20, end=24, ships=1, first=20, facility="IN-OTH")
    token = _user(db, "ind.approver", "IND", "host_approver")
    with TestClient(_app(db), client=LOOPBACK) as client:
        assert client.get("/api/v1/health").status_code == 200
        r = client.post(f"/api/v1/deployments/{too_many['id']}/approval", headers=_bearer(token))
        assert r.status_code == 409, r.text
        r = client.post(f"/api/v1/deployments/{fits['id']}/approval", headers=_bearer(token))
        assert r.status_code == 200, r.text
        text = client.get("/metrics").text
    assert 'relos_http_requests_total{method="GET",route="/api/v1/health",status="200"} 1.0' in text
    route = "/api/v1/deployments/{deployment_id}/approval"
    assert f'relos_http_request_duration_seconds_count{{method="POST",route="{route}"}} 2.0' in text
    assert 'relos_deployment_decisions_total{limit="warships",outcome="refused"} 1.0' in text
    assert 'relos_deployment_decisions_total{limit="",outcome="approved"} 1.0' in text
    assert 'relos_deployments{status="approved"} 2.0' in text
    with db.uow() as uow:
        length = uow.audit.length()
    assert f"relos_audit_chain_length {float(length)}" in text
    assert "relos_ledger_postings 0.0" in text


def test_metrics_are_for_operators_only(loaded: Database) -> None:
    token = _user(loaded, "ivan", "RUS", "administrator")
    with TestClient(_app(loaded, metrics_token="scrape-secret-1234"), client=REMOTE) as remote:
        refused = remote.get("/metrics")
        assert refused.status_code == 403 and refused.headers["content-type"] == "application/problem+json"
        assert remote.get("/metrics", headers=_bearer(token)).status_code == 403  # a user's token is not enough
        assert remote.get("/metrics", headers=_bearer("scrape-secret-1234")).status_code == 200
    with TestClient(_app(loaded, metrics_from_loopback=False), client=LOOPBACK) as proxied:
        assert proxied.get("/metrics").status_code == 403


# -- logs -----------------------------------------------------------------------------------------------------
def _lines(captured: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in captured.splitlines() if line.startswith("{")]


def test_every_line_of_a_request_carries_its_id(client: TestClient, capsys: pytest.CaptureFixture[str]) -> None:
    app: FastAPI = client.app  # type: ignore[assignment]

    @app.get("/logging-probe")
    def probe() -> dict[str, str]:
        logging.getLogger("relos.probe").warning("inside the request")
        return {}

    capsys.readouterr()
    r = client.get("/logging-probe", headers={"X-Request-ID": "trace-42.a_b"})
    assert r.headers["x-request-id"] == "trace-42.a_b"
    mine = [line for line in _lines(capsys.readouterr().err) if line.get("request_id") == "trace-42.a_b"]
    assert [line["logger"] for line in mine] == ["relos.probe", "relos.http"]
    assert mine[1]["route"] == "/logging-probe" and mine[1]["status"] == 200
    made = client.get("/api/v1/health", headers={"X-Request-ID": "not a usable id!" + "x" * 200}).headers[
        "x-request-id"
    ]
    assert len(made) == 32 and made.isalnum()


def test_no_password_or_token_is_ever_logged(loaded: Database, capsys: pytest.CaptureFixture[str]) -> None:
    token = _user(loaded, "asha", "IND", "administrator")
    with TestClient(_app(loaded), client=LOOPBACK) as client:
        assert _sign_in(client, "asha", "wrong " + PASSWORD) == 401
        assert _sign_in(client, "asha", PASSWORD) == 200
        assert client.get("/api/v1/me", headers=_bearer(token)).status_code == 200
        client.get(f"/api/v1/agreements?token={token}", headers=_bearer(token + "x"))
        issued = client.post("/api/v1/tokens", json={"name": "ci", "days": 1}, headers=_bearer(token))
        assert issued.status_code == 201, issued.text
        logging.getLogger("relos.probe").error("Authorization: Bearer %s password=%s", token, PASSWORD)
    captured = capsys.readouterr()
    text = captured.err + captured.out
    assert _lines(captured.err), "the requests were logged"
    for secret in (PASSWORD, token, issued.json()["token"]):
        assert secret not in text
    assert "[redacted]" in text


# -- limits ---------------------------------------------------------------------------------------------------
def test_sign_in_is_limited_per_client_address(loaded: Database) -> None:
    _user(loaded, "asha", "IND", "administrator")
    app = _app(loaded, sign_in_attempts_per_address=3)
    with TestClient(app, client=REMOTE) as attacker, TestClient(app, client=LOOPBACK) as other:
        assert [_sign_in(attacker, f"user{n}", "guess") for n in range(3)] == [401, 401, 401]
        page = attacker.get("/sign-in").text
        csrf = page.split('name="csrf" value="')[1].split('"')[0]
        r = attacker.post("/sign-in", data={"user_id": "asha", "password": "guess", "csrf": csrf})
        assert r.status_code == 429 and r.headers["content-type"] == "application/problem+json"
        assert 1 <= int(r.headers["retry-after"]) <= 15 * 60
        assert r.json()["type"] == "/problems/too-many-requests"
        assert _sign_in(other, "asha", PASSWORD) == 200  # another address is not held back


def test_the_workers_of_one_server_count_an_addresss_sign_ins_together(loaded: Database, tmp_path: Any) -> None:
    """Two apps over one counts file, as `relos serve --workers 2` runs them: the limit holds across both."""
    _user(loaded, "asha", "IND", "administrator")
    counts = tmp_path / "sign-in-attempts.sqlite3"
    first, second = (_app(loaded, sign_in_attempts_per_address=4, sign_in_counts_file=counts) for _ in range(2))
    with TestClient(first, client=REMOTE) as one, TestClient(second, client=REMOTE) as two:
        assert [_sign_in(worker, "asha", "guess") for worker in (one, two, one, two)] == [401] * 4
        assert [_sign_in(worker, "asha", PASSWORD) for worker in (one, two)] == [429, 429]
    with TestClient(_app(loaded, sign_in_attempts_per_address=4), client=REMOTE) as alone:
        assert _sign_in(alone, "asha", PASSWORD) == 200  # without the file a process counts only its own


def test_a_client_over_its_rate_gets_429_with_retry_after(loaded: Database) -> None:
    token = _user(loaded, "asha", "IND", "administrator")
    with TestClient(_app(loaded, rate_limit_per_minute=3), client=REMOTE) as client:
        assert [client.get("/api/v1/me", headers=_bearer(token)).status_code for _ in range(3)] == [200] * 3
        r = client.get("/api/v1/me", headers=_bearer(token))
        assert r.status_code == 429 and r.headers["retry-after"] == "20"
        assert r.headers["content-type"] == "application/problem+json"
        assert client.get("/api/v1/health").status_code == 200  # by address: another client


def test_a_lock_out_leaves_the_users_tokens_and_open_sessions_working(loaded: Database) -> None:
    token = _user(loaded, "asha", "IND", "administrator")
    app = _app(loaded)
    with TestClient(app, client=LOOPBACK) as user, TestClient(app, client=REMOTE) as attacker:
        assert _sign_in(user, "asha", PASSWORD) == 200
        assert [_sign_in(attacker, "asha", "wrong") for _ in range(5)] == [401] * 5
        assert _sign_in(attacker, "asha", PASSWORD) == 401  # locked
        assert attacker.get("/api/v1/me", headers=_bearer(token)).json()["user_id"] == "asha"
        assert user.get("/api/v1/me").json()["user_id"] == "asha"


def test_a_slow_body_is_refused_with_408(loaded: Database) -> None:
    app = _app(loaded, request_body_timeout_seconds=0.2)
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        await asyncio.sleep(5)  # the client stalls
        return {"type": "http.request", "body": b"{}", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/v1/agreements/relos-ind-rus/events",
        "raw_path": b"/api/v1/agreements/relos-ind-rus/events",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json"), (b"authorization", b"Bearer nothing")],
        "client": REMOTE,
        "server": ("testserver", 80),
    }
    asyncio.run(asyncio.wait_for(app(scope, receive, send), 3))
    assert sent[0]["status"] == 408
    assert (b"content-type", b"application/problem+json") in sent[0]["headers"]
    assert json.loads(sent[1]["body"])["detail"] == "the request body did not arrive within 0.2 s"


# -- audit checkpoints ----------------------------------------------------------------------------------------
def test_the_server_signs_a_checkpoint_when_the_chain_has_grown(loaded: Database, data_dir: Any) -> None:
    from relos.api.operations import sign_if_grown
    from relos.services.people.audit_checkpoints import read_checkpoints

    settings = Settings(database_url=loaded.url, secret_key=KEY)
    with loaded.uow() as uow:
        length = uow.audit.length()
    assert sign_if_grown(settings, loaded, -1) == length
    assert sign_if_grown(settings, loaded, length) == length  # nothing new: nothing signed
    assert [c.seq for c in read_checkpoints(settings.effective_checkpoint_file)] == [length]
    assert settings.effective_checkpoint_file.parent == data_dir


def test_the_server_starts_and_stops_its_checkpoint_task(loaded: Database) -> None:
    app = _app(loaded, audit_checkpoint_minutes=1)
    with TestClient(app, client=LOOPBACK) as client:
        tasks = [t for t in asyncio.all_tasks(client.portal.call(asyncio.get_running_loop)) if "loop" in repr(t)]
        assert client.get("/api/v1/health").status_code == 200
    assert tasks, "a checkpoint task runs while the server does"

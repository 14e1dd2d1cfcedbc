"""When the database is busy, read-only, full, unreachable or too slow: reads that need no write lock still answer,
and what fails reaches the client as problem+json (503 with Retry-After where retrying may help), never
as a text/plain 500; /ready says whether this instance can serve, /health only that it answers."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg.errors
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from relos.api.app import create_app
from relos.db.failures import outage
from relos.db.migrate import schema_heads
from relos.db.runtime import Database
from relos.db.uow import SqlUnitOfWork
from relos.domain.actor import Actor
from relos.services.agreements import register
from relos.services.people import tokens, users
from relos.settings import Settings

PROBLEM = "application/problem+json"
OPERATOR = Actor.operator("test")
KEY = "test-secret-key-" + "x" * 32


def _token(db: Database, user_id: str = "asha") -> dict[str, str]:
    users.create_user(
        db.uow(), actor=OPERATOR, user_id=user_id, party="IND", roles=["administrator"], password="a long passphrase!"
    )
    issued = tokens.issue_token(
        db.uow(), actor=OPERATOR, user_id=user_id, name="t", lifetime=timedelta(days=1), now=datetime.now(UTC)
    )
    return {"Authorization": f"Bearer {issued.secret}"}


def _client(db: Database) -> TestClient:
    return TestClient(create_app(Settings(database_url=db.url, secret_key=KEY), db), raise_server_exceptions=False)


def _is_problem(r: object, status: int) -> bool:
    return r.status_code == status and r.headers["content-type"] == PROBLEM  # type: ignore[attr-defined]


def test_reads_answer_while_a_writer_holds_its_transaction(loaded: Database) -> None:
    headers = _token(loaded)
    answers: list[int] = []
    with _client(loaded) as client, loaded.engine.connect() as writer:
        writer.begin()  # SQLite: BEGIN IMMEDIATE, the write lock held until the end of the block
        writer.execute(text("UPDATE users SET display_name = 'busy' WHERE user_id = 'asha'"))
        reader = threading.Thread(
            target=lambda: answers.append(client.get("/api/v1/agreements", headers=headers).status_code)
        )
        reader.start()
        reader.join(timeout=5)
        held = reader.is_alive()
        writer.rollback()
        reader.join()
    assert not held, "a read waited for the writer's lock"
    assert answers == [200]


@pytest.fixture
def locked(tmp_path: Path, sqlite_template: Path) -> Iterator[tuple[Database, dict[str, str]]]:
    """An SQLite database whose writers give up on the lock after 0.2 s, and a token on it."""
    path = tmp_path / "relos.sqlite3"
    path.write_bytes(sqlite_template.read_bytes())
    setup = Database(f"sqlite:///{path}")
    headers = _token(setup)
    setup.dispose()
    db = Database(f"sqlite:///{path}", busy_timeout_ms=200)
    yield db, headers
    db.dispose()


def test_a_change_finding_the_database_locked_is_503_problem_with_retry_after(
    locked: tuple[Database, dict[str, str]],
) -> None:
    db, headers = locked
    with _client(db) as client, db.engine.connect() as writer:
        writer.begin()
        r = client.post("/api/v1/users/asha/disable", headers=headers)
        writer.rollback()
    assert _is_problem(r, 503), (r.status_code, r.headers.get("content-type"), r.text)
    assert r.json()["type"] == "/problems/database-unavailable" and r.json()["reason"] == "busy"
    assert r.headers["retry-after"] == "1"


def test_a_read_only_database_reads_and_refuses_changes_with_503_problem(tmp_path: Path, sqlite_template: Path) -> None:
    path = tmp_path / "relos.sqlite3"
    path.write_bytes(sqlite_template.read_bytes())
    writable = Database(f"sqlite:///{path}")
    headers = _token(writable)
    writable.dispose()
    read_only = Database(f"sqlite:///file:{path}?mode=ro&uri=true")
    with _client(read_only) as client:
        assert client.get("/api/v1/me", headers=headers).status_code == 200
        new = {"user_id": "ravi", "party": "IND", "roles": ["auditor"], "password": "a long passphrase!"}
        r = client.post("/api/v1/users", json=new, headers=headers)
    read_only.dispose()
    assert _is_problem(r, 503), (r.status_code, r.text)
    assert r.json()["reason"] == "read-only" and "retry-after" not in r.headers


def test_an_unreachable_database_is_503_problem_and_not_ready_while_health_says_alive() -> None:
    gone = Database("postgresql+psycopg://postgres@127.0.0.1:1/none?connect_timeout=2")
    with _client(gone) as client:
        assert client.get("/api/v1/health").json()["status"] == "ok"
        r = client.get("/api/v1/agreements", headers={"Authorization": "Bearer relos_" + "A" * 43})
        ready = client.get("/api/v1/ready")
    assert _is_problem(r, 503) and r.json()["reason"] == "unreachable" and r.headers["retry-after"] == "5"
    assert _is_problem(ready, 503) and ready.headers["retry-after"] == "5"


def test_ready_when_the_database_answers_at_the_newest_migration(loaded: Database, tmp_path: Path) -> None:
    with _client(loaded) as client:
        r = client.get("/api/v1/ready")
    applied, expected = schema_heads(loaded.engine)
    assert r.status_code == 200 and r.json()["status"] == "ready"
    assert r.json()["schema_version"] == sorted(expected) == sorted(applied)
    empty = Database(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    with _client(empty) as client:
        r = client.get("/api/v1/ready")
    empty.dispose()
    assert _is_problem(r, 503) and r.json()["reason"] == "schema" and "relos init" in r.json()["detail"]


def test_an_unexpected_failure_is_500_problem_json(loaded: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    headers = _token(loaded)

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("a fault")

    monkeypatch.setattr(register, "list_agreements", broken)
    with _client(loaded) as client:
        r = client.get("/api/v1/agreements", headers=headers)
    assert _is_problem(r, 500) and r.json()["type"] == "/problems/internal-error"
    assert "a fault" not in r.text


@pytest.mark.parametrize("database", ["postgres"], indirect=True)
def test_a_statement_running_past_the_servers_limit_is_503_slow(
    loaded: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    headers = _token(loaded)

    def slow(uow: SqlUnitOfWork, **_: object) -> list[object]:
        with uow:
            uow.session.execute(text("SELECT pg_sleep(3)"))
        return []

    monkeypatch.setattr(register, "list_agreements", slow)
    settings = Settings(database_url=loaded.url, secret_key=KEY, db_statement_timeout_seconds=0.2)
    app = create_app(settings)  # its database made from the settings, as `relos serve` makes it
    with TestClient(app, raise_server_exceptions=False) as client:
        began = time.monotonic()
        r = client.get("/api/v1/agreements", headers=headers)
        took = time.monotonic() - began
        assert client.get("/api/v1/me", headers=headers).status_code == 200  # the connection serves on
    app.state.database.dispose()
    assert _is_problem(r, 503) and r.json()["reason"] == "slow" and r.headers["retry-after"] == "5", r.text
    assert took < 2.5, f"the statement ran {took:.1f} s, past the limit"
    assert Database.from_settings(settings, limit_statements=False).statement_timeout_ms == 0  # the console's


@pytest.mark.parametrize(
    ("orig", "kind", "retry"),
    [
        (sqlite3.OperationalError("database or disk is full"), "full", None),
        (sqlite3.OperationalError("database is locked"), "busy", 1),
        (sqlite3.OperationalError("attempt to write a readonly database"), "read-only", None),
        (psycopg.errors.DiskFull("no space left on device"), "full", None),
        (psycopg.errors.DeadlockDetected("deadlock detected"), "busy", 1),
        (psycopg.errors.AdminShutdown("terminating connection"), "unreachable", 5),
        (psycopg.errors.QueryCanceled("canceling statement due to statement timeout"), "slow", 5),
    ],
)
def test_each_database_outage_says_whether_retrying_may_help(orig: Exception, kind: str, retry: int | None) -> None:
    found = outage(OperationalError("SELECT 1", {}, orig))
    assert found is not None and (found.kind, found.retry_after) == (kind, retry)


def test_a_fault_of_relos_is_no_outage() -> None:
    assert outage(OperationalError("SELECT 1", {}, sqlite3.OperationalError("no such table: x"))) is None
    assert outage(ValueError("x")) is None

"""A read through the API authenticates its user and reads in one transaction (one connection, one BEGIN), and
a token revoked, or its user disabled, is refused at the next request all the same."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from relos.api.app import create_app
from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.services.people import tokens, users
from relos.settings import Settings

OPERATOR = Actor.operator("test")
AGREEMENT = "/api/v1/agreements/relos-ind-rus"


@pytest.fixture
def client(loaded: Database) -> Iterator[tuple[TestClient, dict[str, str], str]]:
    users.create_user(loaded.uow(), actor=OPERATOR, user_id="ind.reader", party="IND", roles=["auditor"],
                      password="reader-Passw0rd-long!")  # fmt: skip
    token = tokens.issue_token(loaded.uow(), actor=OPERATOR, user_id="ind.reader", name="test",
                               lifetime=timedelta(days=1), now=datetime.now(UTC))  # fmt: skip
    app = create_app(Settings(database_url=loaded.url), loaded)
    with TestClient(app) as c:
        yield c, {"Authorization": f"Bearer {token.secret}"}, token.credential.credential_id


def _begins(db: Database) -> list[int]:
    counted = [0]

    def begun(*_: Any) -> None:
        counted[0] += 1

    event.listen(db.engine, "begin", begun)
    return counted


def test_a_read_authenticates_and_reads_in_one_transaction(
    client: tuple[TestClient, dict[str, str], str], loaded: Database
) -> None:
    http, auth, _ = client
    assert http.get(AGREEMENT, headers=auth).status_code == 200
    begins = _begins(loaded)
    answer = http.get(AGREEMENT, headers=auth)
    assert answer.status_code == 200, answer.text
    assert answer.json()["id"] == "relos-ind-rus"
    assert begins[0] == 1
    assert http.get(AGREEMENT, headers={"Authorization": "Bearer not-a-token"}).status_code == 401
    assert loaded.engine.pool.checkedout() == 0  # the refused read gave its connection back too


def test_a_revoked_token_and_a_disabled_user_are_refused_at_once(
    client: tuple[TestClient, dict[str, str], str], loaded: Database
) -> None:
    http, auth, token_id = client
    assert http.get(AGREEMENT, headers=auth).status_code == 200
    tokens.revoke_token(loaded.uow(), actor=OPERATOR, token_id=token_id, now=datetime.now(UTC))
    assert http.get(AGREEMENT, headers=auth).status_code == 401
    fresh = tokens.issue_token(loaded.uow(), actor=OPERATOR, user_id="ind.reader", name="again",
                               lifetime=timedelta(days=1), now=datetime.now(UTC))  # fmt: skip
    again = {"Authorization": f"Bearer {fresh.secret}"}
    assert http.get(AGREEMENT, headers=again).status_code == 200
    users.set_user_disabled(loaded.uow(), actor=OPERATOR, user_id="ind.reader")
    assert http.get(AGREEMENT, headers=again).status_code == 401

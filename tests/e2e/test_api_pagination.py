"""Long lists come a page at a time: `limit` (default 100, at most 1000) and the `Link: <…>; rel="next"` header,
keyset paging in each list's usual order, so the pages together are the whole list, once each, even when a
record is added between two pages (both databases)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.integration.clearance_helpers import add_test_port, prepare_port_call
from tests.integration.deployments_helpers import NOW, RUS_REQUESTER, prepare, request
from tests.integration.orders_helpers import REQUESTER as IND_REQUESTER
from tests.integration.orders_helpers import draft, price_list

import relos.api.deps
from relos.api.app import create_app
from relos.api.paging import DEFAULT_LIMIT, MAX_LIMIT
from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.services.deployments import lifecycle as deployments
from relos.settings import Settings

USA_REQUESTER = Actor("usa.requester", "USA", IND_REQUESTER.roles)
NEXT = re.compile(r'^<(?P<url>[^>]+)>; rel="next"$')


@pytest.fixture
def db(orders_db: Database) -> Database:
    prepare(orders_db)
    add_test_port(orders_db)
    price_list(orders_db)
    return orders_db


@pytest.fixture
def client(db: Database) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=db.url), db)
    with TestClient(app) as c:
        c.app_state = app  # type: ignore[attr-defined]
        yield c


def as_(client: TestClient, actor: Actor) -> TestClient:
    client.app_state.dependency_overrides[relos.api.deps.get_actor] = lambda: actor  # type: ignore[attr-defined]
    return client


def _deployment(db: Database, n: int) -> str:
    data = request(start=n, end=n + 3, ships=1, first=n, facility="IN-OTH", purpose="port_call")
    return str(deployments.create_deployment(db.uow(), actor=RUS_REQUESTER, data=data, now=NOW)["id"])


def _walk(client: TestClient, path: str, **params: Any) -> list[list[dict[str, Any]]]:
    """Every page of `path`, following the `Link` headers."""
    pages: list[list[dict[str, Any]]] = []
    r = client.get(path, params=params)
    while True:
        assert r.status_code == 200, r.text
        pages.append(r.json())
        link = r.headers.get("link")
        if link is None:
            return pages
        found = NEXT.match(link)
        assert found is not None, link
        r = client.get(found["url"])


def test_deployments_come_a_page_at_a_time_in_their_order(client: TestClient, db: Database) -> None:
    for n in range(7):
        _deployment(db, n)
    whole = as_(client, RUS_REQUESTER).get("/api/v1/deployments").json()
    pages = _walk(client, "/api/v1/deployments", limit=3)
    assert [len(p) for p in pages] == [3, 3, 1]
    assert [d["id"] for p in pages for d in p] == [d["id"] for d in whole]
    exact = _walk(client, "/api/v1/deployments", limit=7)
    assert [len(p) for p in exact] == [7]


def test_a_record_added_between_two_pages_neither_shifts_nor_repeats_a_page(client: TestClient, db: Database) -> None:
    for n in range(4):
        _deployment(db, 10 + n)
    first = as_(client, RUS_REQUESTER).get("/api/v1/deployments", params={"limit": 2})
    _deployment(db, 30)  # starts latest: it sorts before the first page, which was read already
    link = NEXT.match(first.headers["link"])
    assert link is not None
    second = client.get(link["url"]).json()
    seen = [d["id"] for d in first.json()] + [d["id"] for d in second]
    assert len(set(seen)) == 4 and "link" not in client.get(link["url"]).headers


def test_orders_and_clearances_come_a_page_at_a_time(client: TestClient, db: Database) -> None:
    for _ in range(5):
        draft(db)  # the same creation time: the id orders them
        prepare_port_call(db)
    as_(client, IND_REQUESTER)
    for path in ("/api/v1/orders", "/api/v1/clearances"):
        whole = client.get(path).json()
        pages = _walk(client, path, limit=2)
        assert [len(p) for p in pages] == [2, 2, 1]
        assert [r["id"] for p in pages for r in p] == [r["id"] for r in whole]
    assert _walk(as_(client, USA_REQUESTER), "/api/v1/orders", limit=2) == [[]]


def test_the_audit_trail_pages_back_by_sequence(client: TestClient, db: Database) -> None:
    for n in range(3):
        _deployment(db, n)
    as_(client, Actor.operator("test"))
    whole = client.get("/api/v1/audit", params={"limit": 500}).json()
    pages = _walk(client, "/api/v1/audit", limit=4)
    assert [e["seq"] for p in pages for e in p] == [e["seq"] for e in whole]
    assert all(len(p) == 4 for p in pages[:-1]) and len(pages) > 1


def test_limits_and_cursors_outside_the_rules_are_422_problem(client: TestClient) -> None:
    as_(client, RUS_REQUESTER)
    for params in ({"limit": 0}, {"limit": MAX_LIMIT + 1}, {"cursor": "not a cursor"}):
        r = client.get("/api/v1/deployments", params=params)
        assert r.status_code == 422 and r.headers["content-type"] == "application/problem+json", params
    schema = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/deployments"]["get"]
    limit = next(p for p in schema["parameters"] if p["name"] == "limit")
    assert limit["schema"]["default"] == DEFAULT_LIMIT and limit["schema"]["maximum"] == MAX_LIMIT
    assert "Link" in schema["responses"]["200"]["headers"]

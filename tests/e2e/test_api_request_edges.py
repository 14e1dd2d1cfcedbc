"""Requests at the edges a probe of the running service found: a NUL in a search, a streamed oversized body."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

import relos.api.deps
from relos.api.app import create_app
from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.settings import Settings


@pytest.fixture
def client(catalogue: Database) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=catalogue.url, max_request_bytes=50_000), catalogue)
    app.dependency_overrides[relos.api.deps.get_actor] = lambda: Actor.operator("test")
    with TestClient(app) as c:
        yield c


@pytest.mark.parametrize("name", ["\x00", "VVO\x00", "\x00%"])
def test_a_name_search_with_a_nul_finds_nothing(client: TestClient, name: str) -> None:
    assert len(client.get("/api/v1/facilities").json()) > 20
    r = client.get("/api/v1/facilities", params={"name": name})
    assert r.status_code == 200 and r.json() == []


def test_a_streamed_oversized_body_is_413_of_the_projects_problem_type(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:  # no Content-Length: refused on the byte that crosses the limit
        yield b'{"toml": "'
        for _ in range(10):
            yield b"y" * 10_000
        yield b'"}'

    r = client.post("/api/v1/agreements", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and r.headers["content-type"] == "application/problem+json"
    assert r.json()["type"] == "/problems/request-too-large"
    assert r.json()["title"] == "Request body too large"
    declared = client.post("/api/v1/agreements", json={"toml": "x" * 60_000})
    assert declared.json()["type"] == r.json()["type"] and declared.json()["title"] == r.json()["title"]

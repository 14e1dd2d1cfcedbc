"""The register through HTTP: JSON shapes fixed by INTERFACES.md and problem+json errors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from relos.api.app import create_app
from relos.api.deps import get_actor
from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.settings import Settings


@pytest.fixture
def client(loaded: Database) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=loaded.url), loaded)
    app.dependency_overrides[get_actor] = lambda: Actor.operator("test")
    with TestClient(app) as c:
        yield c


def test_get_agreement_at_date(client: TestClient) -> None:
    r = client.get("/api/v1/agreements/relos-ind-rus", params={"at": "2027-01-01"})
    assert r.status_code == 200
    body = r.json()
    for key in ("id", "short_name", "parties", "status", "in_force_from", "in_force_until", "caps"):
        assert key in body
    assert body["caps"] == {"warships": 5, "aircraft": 10, "personnel": 3000}


def test_list_agreements(client: TestClient) -> None:
    ids = [a["id"] for a in client.get("/api/v1/agreements").json()]
    assert ids == ["lemoa-ind-usa", "relos-ind-rus"]


def test_unknown_agreement_is_a_problem_document(client: TestClient) -> None:
    r = client.get("/api/v1/agreements/nope")
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["status"] == 404


def test_bad_date_names_the_parameter(client: TestClient) -> None:
    r = client.get("/api/v1/agreements/relos-ind-rus", params={"at": "soon"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "at"


def test_import_with_bad_term_names_key_and_line(client: TestClient) -> None:
    toml = 'id = "x"\nshort_name = "X"\nparties = ["IND", "RUS"]\nsigned = 2024-01-01\nterm_years = -1\n'
    r = client.post("/api/v1/agreements", json={"toml": toml})
    assert r.status_code == 422
    assert r.json()["errors"] == [
        {"field": "term_years", "line": 5, "message": "must be at least 1, not -1", "code": "must_least_not"}
    ]


def test_record_entry_into_force_over_http(client: TestClient) -> None:
    r = client.post(
        "/api/v1/agreements/relos-ind-rus/events",
        json={"kind": "entry_into_force", "date": "2026-01-15", "source": "exchange of notes"},
    )
    assert r.status_code == 201, r.text
    r = client.get("/api/v1/agreements/relos-ind-rus", params={"at": "2027-01-01"})
    assert r.json()["status"] == "in_force" and r.json()["in_force_until"] == "2031-01-15"


def test_openapi_is_served(client: TestClient) -> None:
    assert client.get("/api/v1/openapi.json").json()["info"]["title"] == "RELOS"


def test_docs_are_served_offline(client: TestClient) -> None:
    page = client.get("/docs").text
    assert "cdn" not in page.lower() and "/docs-assets/swagger-ui-bundle.js" in page
    assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200

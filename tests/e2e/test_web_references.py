"""References and titles on the pages: the lists show each record's reference and title, a record's page is
titled and headed by them (in English and Russian), its address may be its reference, and each list has a
box to find a record by reference; a reference of a record the user may not see is the same 404 page as
nothing."""

from __future__ import annotations

import html
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.e2e.web_helpers import (
    add_people,
    client_for,
    india_deployment,
    lemoa_deployment,
    port_call_for,
    records_world,
    relos_draft,
    sign_in,
)

from relos.db.runtime import Database


@pytest.fixture
def db(orders_db: Database) -> Database:
    add_people(orders_db)
    return records_world(orders_db)


@pytest.fixture
def client(db: Database) -> Iterator[TestClient]:
    with client_for(db) as c:
        yield c


@pytest.fixture
def records(db: Database) -> dict[str, dict[str, Any]]:
    deployment = india_deployment(db, ships=1, title="Exercise INDRA <2027>")
    return {
        "deployments": deployment,
        "clearances": port_call_for(db, deployment),
        "orders": relos_draft(db),
    }


def _title_of(page: str) -> str:
    return html.unescape(page.split("<title>")[1].split("</title>")[0])


@pytest.mark.parametrize("kind", ["deployments", "clearances", "orders"])
def test_lists_and_record_pages_show_the_reference_and_title(
    client: TestClient, records: dict[str, dict[str, Any]], kind: str
) -> None:
    record = records[kind]
    sign_in(client, "ind.requester")
    listing = client.get(f"/{kind}").text
    assert record["reference"] in listing and html.escape(record["title"]) in listing
    page = client.get(f"/{kind}/{record['id']}").text
    assert _title_of(page).startswith(f"{record['reference']} · {record['title']} · ")
    heading = page.split('id="record-heading"')[1].split("</h1>")[0]
    assert record["reference"] in heading and html.escape(record["title"]) in heading
    assert record["id"] in page  # the identity between the parties is still shown
    russian = client.get(f"/{kind}/{record['id']}?lang=ru").text
    assert "Идентификатор" in russian and record["reference"] in _title_of(russian)


@pytest.mark.parametrize("kind", ["deployments", "clearances", "orders"])
def test_a_records_address_may_be_its_reference_in_any_case(
    client: TestClient, records: dict[str, dict[str, Any]], kind: str
) -> None:
    record = records[kind]
    sign_in(client, "ind.requester")
    moved = client.get(f"/{kind}/{record['reference'].lower()}", follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == f"/{kind}/{record['id']}"
    found = client.get(f"/{kind}?find={record['reference']}")
    assert found.status_code == 200 and found.url.path == f"/{kind}/{record['id']}"


def test_a_reference_of_a_record_the_user_may_not_see_is_not_found(
    client: TestClient, db: Database, records: dict[str, dict[str, Any]]
) -> None:
    hidden = lemoa_deployment(db)  # India hosts the United States: Russia may not see it
    sign_in(client, "rus.commander")
    for key in (hidden["reference"], "RUS-DEP-2026-9999"):
        page = client.get(f"/deployments/{key}")
        assert page.status_code == 404 and hidden["id"] not in page.text
    sign_in(client, "ind.captain")
    assert client.get(f"/deployments/{hidden['reference']}").url.path == f"/deployments/{hidden['id']}"

"""The clearances page reads a page at a time: what is due soon, a page of it by deadline (saying how many in all,
with the next and first pages), and the clearances, newest first by keyset. The due list is worked out again
after each recorded change (the uncleared deployments are kept per party between changes), and a page of it is
the whole list's slice."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.e2e.web_helpers import actor, add_people, client_for, india_deployment, port_call_for, records_world, sign_in

from relos.db.runtime import Database
from relos.services.clearances import lifecycle as service
from relos.web import clearances as page_module


@pytest.fixture
def made(orders_db: Database) -> dict[str, Any]:
    """Three deployments of India whose ships no clearance names (20, 25 and 30 days ahead), and two port-call
    notices prepared for a fourth and a fifth, not yet submitted."""
    add_people(orders_db)
    records_world(orders_db)
    due = [india_deployment(orders_db, days_ahead=20 + 5 * n, first=n + 1) for n in range(3)]
    drafts = [
        port_call_for(orders_db, india_deployment(orders_db, days_ahead=60 + n, first=10 + n), submit=False)
        for n in range(2)
    ]
    return {"db": orders_db, "due": due, "drafts": drafts}


@pytest.fixture
def client(made: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setattr(page_module, "PAGE", 1)
    with client_for(made["db"]) as c:
        yield sign_in(c, "ind.clearance")


def _due_ids(page: str) -> list[str]:
    table = page.split('id="due-list"')[1].split("</table>")[0]
    return [part.split('"')[0] for part in table.split('data-due="')[1:]]


def _link(page: str, link_id: str) -> str:
    return page.split(f'id="{link_id}"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")


def test_the_due_list_and_the_clearances_are_shown_a_page_at_a_time(client: TestClient, made: dict[str, Any]) -> None:
    whole = [i["id"] for i in service.due_soon(made["db"].uow(), actor=actor("ind.clearance"), within_days=30)]
    assert len(whole) >= 3
    page = client.get("/clearances").text
    seen = _due_ids(page)
    assert seen == whole[:1] and f"Items 1–1 of {len(whole)} due" in page and 'id="due-first-page"' not in page
    while 'id="due-next-page"' in page:
        page = client.get(_link(page, "due-next-page")).text
        seen += _due_ids(page)
    assert seen == whole and 'id="due-first-page"' in page
    listed = client.get("/clearances").text
    first = listed.split('id="clearances"')[1]
    assert made["drafts"][1]["id"] in first and made["drafts"][0]["id"] not in first  # newest first, one a page
    second = client.get(_link(listed, "next-page")).text.split('id="clearances"')[1]
    assert made["drafts"][0]["id"] in second and 'id="next-page"' not in second
    assert "Позиции 1–1 из" in client.get("/clearances", params={"lang": "ru"}).text


def test_a_page_of_the_due_list_is_the_whole_lists_slice_and_follows_each_change(made: dict[str, Any]) -> None:
    db, who = made["db"], actor("ind.clearance")
    whole = service.due_soon(db.uow(), actor=who, within_days=30)
    for offset, limit in ((0, 2), (1, 2), (2, 5), (10, 1)):
        part, total = service.due_soon_page(db.uow(), actor=who, within_days=30, offset=offset, limit=limit)
        assert part == whole[offset : offset + limit] and total == len(whole)
    first = made["due"][0]
    assert first["id"] in {i["id"] for i in whole}
    port_call_for(db, first)  # its ships are now named by a live notice: no longer due as a deployment
    after = service.due_soon(db.uow(), actor=who, within_days=30)
    assert first["id"] not in {i["id"] for i in after if i["item"] == "deployment"}
    assert (
        len([i for i in after if i["item"] == "deployment"]) == len([i for i in whole if i["item"] == "deployment"]) - 1
    )

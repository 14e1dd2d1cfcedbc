"""The deployments list through HTTP is read a page at a time on the server: pages follow each other by keyset
in the chosen order (latest or earliest start first, by reference), the filters hold across pages, and the CSV
download holds every deployment the filters keep, in the page's language."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.e2e.web_helpers import add_people, client_for, india_deployment, lemoa_deployment, records_world, sign_in

from relos.db.runtime import Database
from relos.web.deployments import listing


@pytest.fixture
def made(orders_db: Database) -> dict[str, Any]:
    """Five deployments of India under RELOS, starting 40, 50, … 80 days ahead (in the order made), and one of
    the USA under LEMOA."""
    add_people(orders_db)
    records_world(orders_db)
    mine = [india_deployment(orders_db, days_ahead=40 + 10 * n, first=n + 1) for n in range(5)]
    return {"db": orders_db, "mine": [d["reference"] for d in mine], "theirs": lemoa_deployment(orders_db)}


@pytest.fixture
def client(made: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.setattr(listing, "PAGE", 2)
    with client_for(made["db"]) as c:
        yield sign_in(c, "ind.captain")


def _shown(page: str) -> list[str]:
    return [part.split("<")[0] for part in page.split("<code data-reference>")[1:]]


def _next(page: str) -> str:
    return page.split('id="next-page"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")


def test_the_list_shows_a_page_at_a_time_and_follows_on_in_the_chosen_order(
    client: TestClient, made: dict[str, Any]
) -> None:
    mine = made["mine"]
    page = client.get("/deployments", params={"agreement": "relos-ind-rus"}).text
    assert _shown(page) == [mine[4], mine[3]] and 'id="first-page"' not in page
    page = client.get(_next(page)).text
    assert _shown(page) == [mine[2], mine[1]] and 'id="first-page"' in page
    page = client.get(_next(page)).text
    assert _shown(page) == [mine[0]] and 'id="next-page"' not in page
    earliest = client.get("/deployments", params={"agreement": "relos-ind-rus", "sort": "earliest"}).text
    assert _shown(earliest) == [mine[0], mine[1]]
    assert _shown(client.get(_next(earliest)).text) == [mine[2], mine[3]]
    by_reference = client.get("/deployments", params={"sort": "reference", "status": "submitted"}).text
    assert _shown(by_reference) == sorted(mine)[:2]
    assert _shown(client.get("/deployments", params={"sort": "nonsense", "agreement": "relos-ind-rus"}).text) == [
        mine[4],
        mine[3],
    ]
    r = client.get("/deployments", params={"status": "lost"})
    assert r.status_code == 422 and "<code>status</code>" in r.text


def test_every_page_of_every_sort_together_holds_each_visible_deployment_once(
    client: TestClient, made: dict[str, Any]
) -> None:
    for sort in listing.SORTS:
        seen: list[str] = []
        page = client.get("/deployments", params={"sort": sort}).text
        while True:
            seen += _shown(page)
            if 'id="next-page"' not in page:
                break
            page = client.get(_next(page)).text
        assert sorted(seen) == sorted([*made["mine"], made["theirs"]["reference"]]), sort


def test_the_csv_holds_every_deployment_the_filters_keep_in_the_pages_language(
    client: TestClient, made: dict[str, Any]
) -> None:
    r = client.get("/deployments.csv", params={"agreement": "relos-ind-rus", "sort": "reference"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["Reference", "Title", "Agreement"] and [row[0] for row in rows[1:]] == sorted(made["mine"])
    assert {row[12] for row in rows[1:]} == {"submitted"} and {(row[9], row[11]) for row in rows[1:]} == {("1", "150")}
    ru = client.get("/deployments.csv", params={"lang": "ru"}).text
    assert ru.lstrip("\ufeff").startswith("Номер,Наименование,Соглашение") and "Индия" in ru
    assert made["theirs"]["reference"] in ru

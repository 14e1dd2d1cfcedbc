"""The facility catalogue in the web application through HTTP: search by name in either language,
country, kind, party and agreement; a facility's page; agreements a party is not party to left out."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from tests.e2e.web_helpers import add_people, client_for, sign_in

from relos.db.runtime import Database


@pytest.fixture
def client(catalogue: Database) -> Iterator[TestClient]:
    add_people(catalogue)
    with client_for(catalogue) as c:
        yield c


def _ids(html: str) -> set[str]:
    return {part.split('"')[0] for part in html.split('<tr data-facility="')[1:]}


def test_search_by_russian_name_country_kind_and_party(client: TestClient) -> None:
    sign_in(client, "ind.captain")
    everything = _ids(client.get("/facilities").text)
    assert {"RU-VVO", "IN-BOM", "RU-SVM"} <= everything
    assert "RU-SVM" in _ids(client.get("/facilities", params={"name": "североморск"}).text)
    russian_air = _ids(client.get("/facilities", params={"country": "rus", "kind": "air_base"}).text)
    assert "RU-SV1" in russian_air and "RU-VVO" not in russian_air and all(i.startswith("RU-") for i in russian_air)
    open_to_india = _ids(client.get("/facilities", params={"open_to": "IND"}).text)
    assert "RU-VVO" in open_to_india and not any(i.startswith("IN-") for i in open_to_india)
    under_lemoa = _ids(client.get("/facilities", params={"agreement": "lemoa-ind-usa"}).text)
    assert "IN-BOM" in under_lemoa and "RU-VVO" not in under_lemoa


def test_a_bad_filter_is_named(client: TestClient) -> None:
    r = sign_in(client, "ind.captain").get("/facilities", params={"kind": "spaceport", "country": "XX"})
    assert r.status_code == 422 and "<code>kind</code>" in r.text and "<code>country</code>" in r.text


def test_facility_page_shows_position_time_zone_fuel_services_access_and_source(client: TestClient) -> None:
    page = sign_in(client, "ind.captain").get("/facilities/RU-VVO").text
    assert "Vladivostok naval base" in page and "Владивосток" in page
    assert "Asia/Vladivostok" in page and "43.1100, 131.8900" in page
    assert "naval distillate" in page and "estimate" in page  # fuel_types is an estimate in the catalogue
    assert 'id="services"' in page and 'href="/agreements/relos-ind-rus"' in page
    assert "f8.com" in page


def test_a_russian_user_does_not_see_lemoa_opening_an_indian_port(client: TestClient) -> None:
    sign_in(client, "rus.commander")
    page = client.get("/facilities/IN-BOM").text
    assert "relos-ind-rus" in page and "lemoa" not in page
    assert "lemoa" not in client.get("/facilities", params={"name": "mumbai"}).text
    r = client.get("/facilities", params={"agreement": "lemoa-ind-usa"})
    assert r.status_code == 404 and 'data-facility="IN-BOM"' not in r.text


def test_no_such_facility_is_the_404_page(client: TestClient) -> None:
    r = sign_in(client, "ind.captain").get("/facilities/XX-NOPE")
    assert r.status_code == 404 and "Not found" in r.text


def test_facility_pages_in_russian(client: TestClient) -> None:
    sign_in(client, "rus.commander")
    assert "Найти" in client.get("/facilities?lang=ru").text
    page = client.get("/facilities/RU-VVO").text
    assert "Часовой пояс" in page and "военно-морская база" in page and "флотское дистиллятное топливо" in page

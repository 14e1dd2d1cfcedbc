"""A facility is named in the page's language wherever a page names it, through HTTP on both databases: Indian
and foreign facilities by the Russian name the bundled data gives them (Мумбаи, Вишакхапатнам, Порт-Блэр), found by
it, on the catalogue, a facility's page and the map's GeoJSON; the source and notes the data holds only in English
shown on a Russian page marked as English, and said to be so."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from tests.e2e.test_web_facilities import client  # noqa: F401 (the fixture: people, a client)
from tests.e2e.web_helpers import sign_in

from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.services.facilities import catalogue as facilities


def test_the_bundled_facilities_carry_their_russian_names(catalogue: Database) -> None:
    found = {v.facility.id: v.facility for v in facilities.list_facilities(catalogue.uow(), actor=Actor.operator("t"))}
    assert found["IN-BOM"].name_ru == "Военно-морская верфь Мумбаи"
    assert "Вишакхапатнам" in found["IN-VTZ"].name_ru and "Порт-Блэр" in found["IN-IXZ"].name_ru
    assert all(f.russian_name for f in found.values())


def test_a_russian_page_names_an_indian_facility_in_russian(client: TestClient) -> None:  # noqa: F811
    sign_in(client, "rus.commander")
    page = client.get("/facilities/IN-BOM", params={"lang": "ru"}).text
    heading = page.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert "Военно-морская верфь Мумбаи" in heading and "Mumbai" not in heading
    assert '<p lang="en" id="name-en">Mumbai Naval Dockyard</p>' in page
    assert '<p id="name-local" lang="hi">' in page  # the local name in its language
    assert "Asia/Kolkata" not in page.split('id="facility"', 1)[1] and "UTC+5:30" in page  # the zone said in Russian
    notes = page.split('id="notes">', 1)[1].split("</p>", 1)[0]
    assert notes.startswith('<span lang="en">') and "(на английском)" in notes
    assert "(на английском)" in page.split('id="source">', 1)[1].split("</p>", 1)[0]
    english = client.get("/facilities/IN-BOM", params={"lang": "en"}).text
    assert "Mumbai Naval Dockyard" in english.split("<h1>", 1)[1] and "на английском" not in english


def test_the_catalogue_finds_and_names_facilities_in_russian(client: TestClient) -> None:  # noqa: F811
    sign_in(client, "rus.commander")
    page = client.get("/facilities", params={"name": "мумбаи", "lang": "ru"}).text
    rows = re.findall(r'<tr data-facility="([^"]+)"', page)
    assert "IN-BOM" in rows
    assert "Военно-морская верфь Мумбаи" in page.split('data-facility="IN-BOM"', 1)[1].split("</tr>", 1)[0]


def test_the_maps_geojson_names_facilities_in_the_pages_language(client: TestClient) -> None:  # noqa: F811
    sign_in(client, "rus.commander")
    found = client.get("/planning/map/facilities.geojson", params={"id": "IN-VTZ", "lang": "ru"}).json()
    labels = [f["properties"]["label"] for f in found["features"]]
    assert labels and labels[0].startswith("Военно-морская база Вишакхапатнам")

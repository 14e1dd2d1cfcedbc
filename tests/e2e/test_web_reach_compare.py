"""The reach comparison page through HTTP on both databases: the tiers in a table beside one map, the task group's
arithmetic, the facilities each tier adds with the consent a commercial stop needs, in English and Russian; the
map's GeoJSON; a refusal naming the field."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from tests.conftest import take_relos_in_force
from tests.e2e.web_helpers import add_people, client_for, sign_in

from relos.db.runtime import Database
from relos.domain.facilities import Facility, FacilityKind

ASK = {"from": "IN-BOM", "ship_class": "talwar", "days": "30", "party": "IND", "at": "2026-08-01", "go": "1"}
#: A commercial bunkering port of another state (Singapore), as the row of wpi_bunkering_ports.csv imports it.
SINGAPORE = Facility(
    id="SG-W99104",
    name_en="Singapore",
    name_local="",
    country="SGP",
    kind=FacilityKind.PORT,
    lat=1.27,
    lon=103.83,
    timezone="Asia/Singapore",
    fuel_types=("diesel", "marine_fuel_oil"),
    source="illustrative World Port Index row 99104 (tests/fixtures/world/wpi_bunkering_ports.csv)",
)


@pytest.fixture
def client(catalogue: Database) -> Iterator[TestClient]:
    take_relos_in_force(catalogue)
    with catalogue.uow() as uow:
        uow.facilities.save(SINGAPORE, imported_from="test: one World Port Index row")
        uow.commit()
    add_people(catalogue)
    with client_for(catalogue) as c:
        yield sign_in(c, "ind.captain")


def test_the_tiers_side_by_side_with_the_tanker_and_the_consent_a_commercial_stop_needs(client: TestClient) -> None:
    asked = {**ASK, "commercial": "1", "tanker": "deepak", "escorts": "2"}
    page = client.get("/planning/reach-compare", params=asked)
    assert page.status_code == 200, page.text
    text = page.text
    for tier in ("own", "agreement", "commercial", "tanker"):
        assert f'data-tier="{tier}"' in text
    assert 'id="reach-compare-map"' in text or 'id="reach-compare-map-unavailable"' in text
    assert 'data-bound="tanker_range"' in text and "fuel estimated from displacement" in text
    vladivostok = text.split('data-facility="RU-VVO"')[1].split("</tr>")[0]
    assert 'data-first="commercial"' in vladivostok and "via " in vladivostok  # a stop needing consent
    assert "Singapore" in vladivostok
    assert 'data-first="tanker"' in text
    r = client.get("/planning/map/reach-compare.geojson", params=asked)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/geo+json")
    features = r.json()["features"]
    areas = [f["properties"]["tier"] for f in features if f["properties"]["kind"] == "sea_area"]
    assert areas == ["own", "agreement", "commercial", "tanker"]
    singapore = next(f for f in features if f["properties"].get("id") == "SG-W99104")
    assert singapore["properties"]["consent_needed"] and "consent" in singapore["properties"]["label"]


def test_in_russian_and_a_refusal_names_the_field(client: TestClient) -> None:
    page = client.get("/planning/reach-compare", params={**ASK, "tanker": "deepak", "lang": "ru"})
    assert page.status_code == 200 and "Корабельная группа" in page.text and "+ танкер" in page.text
    assert "Коммерческие порты других государств не учитывались" in page.text
    bad = client.get("/planning/reach-compare", params={**ASK, "tanker": "talwar"})
    assert bad.status_code == 422 and 'data-field="tanker"' in bad.text  # the page keeps the language: Russian
    assert "не является танкером комплексного снабжения" in bad.text
    index = client.get("/planning").text
    assert 'href="/planning/reach-compare"' in index


def test_a_closed_sensitive_site_a_tier_reaches_is_said_closed(client: TestClient) -> None:
    page = client.get("/planning/reach-compare", params={**ASK, "tanker": "deepak", "escorts": "2"})
    rows = page.text.split('data-facility="')[1:]
    closed = [row.split('"')[0] for row in rows if 'data-closed="1"' in row.split("</tr>")[0]]
    assert {"RU-GDZ", "RU-VLY", "RU-SDV"} <= set(closed) and "closed under the agreement" in page.text
    assert "RU-VVO" not in closed
    russian = client.get("/planning/reach-compare", params={**ASK, "tanker": "deepak", "lang": "ru"})
    assert "закрыт по соглашению" in russian.text

"""The planners' pages through HTTP on both databases: route, reach, ferry and sustainment as GET forms (a
shareable address), refusals naming the field and keeping what was typed, the plan check's upload with its
verdict as a table and as CSV and JSON downloads, and the maps' GeoJSON."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from starlette.datastructures import QueryParams
from tests.conftest import take_relos_in_force
from tests.e2e.web_helpers import actor, add_people, client_for, csrf_of, india_deployment, records_world, sign_in

from relos.db.runtime import Database
from relos.web.planning import answers, questions
from relos.web.planning.inputs import PlannerQuery

RELOS = "relos-ind-rus"
EXAMPLES = Path(__file__).parents[2] / "docs" / "examples"
#: INS Talwar's class with the range the API tests use: Mumbai → Vladivostok needs one stop under RELOS.
ROUTE = {"from": "IN-BOM", "to": "RU-VVO", "ship_class": "talwar", "range_nm": "4850", "party": "IND", "go": "1"}
REACH = {"from": "IN-BOM", "ship_class": "talwar", "range_nm": "4850", "days": "30", "agreement": RELOS, "go": "1"}
FIELDS = questions.REACH_FIELDS
FERRY = {"from": "IN-HDN", "to": "RU-CKS", "aircraft": "su-30mki", "range_nm": "2500", "speed_kn": "450", "go": "1"}


@pytest.fixture
def client(catalogue: Database) -> Iterator[TestClient]:
    take_relos_in_force(catalogue)
    add_people(catalogue)
    with client_for(catalogue) as c:
        yield sign_in(c, "ind.captain")


def test_a_deployments_facility_on_a_small_map(catalogue: Database, client: TestClient) -> None:
    made = india_deployment(records_world(catalogue), submit=False)
    page = sign_in(client, "ind.requester").get(f"/deployments/{made['id']}").text
    card = page.split('id="facility-map-card"')[1]
    drawn = f'data-src="/planning/map/facilities.geojson?id={made["facility_id"]}"'
    assert drawn in card or 'id="facility-map-unavailable"' in card
    data = _geojson(client, "/planning/map/facilities.geojson", {"id": made["facility_id"]})
    assert [f["properties"]["id"] for f in data["features"]] == [made["facility_id"]]  # type: ignore[index]
    assert client.get("/planning/map/facilities.geojson", params={"id": "XX-NOPE"}).status_code == 404


def _geojson(client: TestClient, path: str, params: dict[str, str]) -> dict[str, object]:
    r = client.get(path, params=params)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/geo+json")
    data = r.json()
    assert data["type"] == "FeatureCollection"
    for feature in data["features"]:
        assert feature["type"] == "Feature" and feature["geometry"]["type"] in {
            "Point",
            "LineString",
            "MultiLineString",
        }
        assert feature["geometry"]["coordinates"] and isinstance(feature["properties"]["label"], str)
    return data


def test_route_mumbai_to_vladivostok_with_its_legs_stop_and_map_data(client: TestClient) -> None:
    page = client.get("/planning/route", params={**ROUTE, "access": "assume", "agreement": RELOS})
    assert page.status_code == 200
    assert 'data-feasible="yes"' in page.text and 'data-stop="IN-IXZ"' in page.text
    assert page.text.count("<tr data-leg=") == 2 and "Malacca" in page.text
    assert 'data-fuel="naval_distillate">takes naval distillate' in page.text  # the fuel the stop supplies
    assert 'data-src="/planning/map/route.geojson?from=IN-BOM' in page.text
    data = _geojson(client, "/planning/map/route.geojson", {**ROUTE, "access": "assume", "agreement": RELOS})
    kinds = [f["properties"]["kind"] for f in data["features"]]  # type: ignore[index]
    assert kinds == ["leg", "leg", "origin", "stop", "destination"]
    legs = [f for f in data["features"] if f["properties"]["kind"] == "leg"]  # type: ignore[index]
    assert legs[0]["geometry"]["coordinates"][-1] == legs[1]["geometry"]["coordinates"][0]
    assert "Port Blair" in data["features"][3]["properties"]["label"]  # type: ignore[index]


def test_a_route_out_of_range_says_which_leg_falls_short(client: TestClient) -> None:
    alone = {**ROUTE, "from": "IN-COK", "to": "RU-MUR", "access": "none"}  # to Murmansk, India's ports alone
    page = client.get("/planning/route", params=alone)
    assert page.status_code == 200 and 'data-feasible="no"' in page.text
    assert "beyond the usable range" in page.text and "own facilities only" in page.text
    with_relos = client.get("/planning/route", params={**alone, "access": "in_force"})
    assert 'data-feasible="yes"' in with_relos.text
    data = _geojson(client, "/planning/map/route.geojson", alone)
    assert [f["properties"]["kind"] for f in data["features"]] == ["shortfall"]  # type: ignore[index]


def test_reach_without_and_with_relos_side_by_side(client: TestClient) -> None:
    page = client.get("/planning/reach", params=REACH)
    assert page.status_code == 200
    assert 'id="reach-without"' in page.text and 'id="reach-with"' in page.text
    assert 'data-change="newly_reachable"' in page.text and "What the agreement adds" in page.text
    assert "Fuel the ship takes" in page.text and 'data-fuel="naval_distillate"' in page.text  # fuel per stop
    data = _geojson(client, "/planning/map/reach.geojson", REACH)
    cases = {f["properties"].get("case") for f in data["features"] if f["properties"]["kind"] == "sea_area"}  # type: ignore[index]
    assert cases == {"without", "added_by_agreement"}
    statuses = {f["properties"].get("status") for f in data["features"]}  # type: ignore[index]
    assert {"home", "newly_reachable", "reachable"} <= statuses


def test_ferry_flight_lists_the_airspace_each_leg_crosses(client: TestClient) -> None:
    page = client.get("/planning/ferry", params={**FERRY, "access": "assume", "agreement": RELOS})
    assert page.status_code == 200 and 'data-feasible="yes"' in page.text
    assert 'data-country="PAK"' in page.text and "Pakistan" in page.text
    data = _geojson(client, "/planning/map/ferry.geojson", {**FERRY, "access": "assume", "agreement": RELOS})
    leg = data["features"][0]["properties"]  # type: ignore[index]
    assert leg["kind"] == "leg" and "Airspace crossed" in leg["label"] and "Kazakhstan" in leg["label"]


def test_the_map_draws_the_answer_its_page_computed_and_the_same_asked_alone(
    catalogue: Database, client: TestClient
) -> None:
    answers.forget_all()
    url = catalogue.url
    asked = PlannerQuery(QueryParams(REACH), "en", datetime.now(UTC).date())  # planned for the clock's day
    alone = _geojson(client, "/planning/map/reach.geojson", REACH)
    assert client.get("/planning/reach", params=REACH).status_code == 200
    key = questions.question_key(
        "reach",
        url,
        actor("ind.captain"),
        "en",
        asked,
        FIELDS,
    )
    assert answers.kept(key) is not None
    assert _geojson(client, "/planning/map/reach.geojson", REACH) == alone
    theirs = questions.question_key(
        "reach",
        url,
        actor("rus.commander"),
        "en",
        asked,
        FIELDS,
    )
    assert answers.kept(theirs) is None  # another user's map plans its own answer


def test_facilities_geojson_by_kind_and_whom_each_is_open_to(client: TestClient) -> None:
    data = _geojson(client, "/planning/map/facilities.geojson", {"kind": "naval_base"})
    props = {f["properties"]["id"]: f["properties"] for f in data["features"]}  # type: ignore[index]
    assert props and {p["kind"] for p in props.values()} == {"naval_base"}
    assert props["RU-VVO"]["access"] == "open_to_you" and props["IN-VTZ"]["access"] == "own"
    page = client.get("/facilities", params={"kind": "naval_base"}).text
    assert 'data-src="/planning/map/facilities.geojson?kind=naval_base"' in page


def test_bad_input_is_refused_naming_the_field_and_keeping_what_was_typed(client: TestClient) -> None:
    r = client.get("/planning/route", params={**ROUTE, "range_nm": "lots", "to": ""})
    assert r.status_code == 422
    assert '<li data-field="range_nm">' in r.text and '<li data-field="to">' in r.text
    assert 'value="lots"' in r.text and 'aria-invalid="true"' in r.text
    r = client.get("/planning/reach", params={**REACH, "from": "XX-NOPE"})
    assert r.status_code == 422 and '<li data-field="from">' in r.text and 'value="XX-NOPE"' in r.text
    r = client.get("/planning/ferry", params={**FERRY, "aircraft": "no-such-plane"})
    assert r.status_code == 422 and '<li data-field="aircraft">' in r.text
    r = client.get("/planning/route", params={**ROUTE, "access": "assume"})
    assert r.status_code == 422 and '<li data-field="agreement">' in r.text
    r = client.get("/planning/sustainment", params={"days": "0", "climate": "arid", "ships": "talwar:x", "go": "1"})
    assert r.status_code == 422 and '<li data-field="days">' in r.text and 'value="talwar:x"' in r.text
    bad = client.get("/planning/map/reach.geojson", params={**REACH, "days": "-3"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "days"
    ru = client.get("/planning/ferry", params={**FERRY, "range_nm": "lots", "to": "", "at": "someday", "lang": "ru"})
    card = ru.text.split('id="refusal"')[1].partition(">")[2].split("</ul>")[0]  # each problem by its code
    assert "«lots» — не число" in card and "обязательное поле" in card and "«someday» — не дата" in card
    assert re.findall(r"[A-Za-z]{3,}", re.sub(r"<[^>]+>|«[^»]*»", "", card)) == []


def test_an_agreement_of_another_party_is_not_found(client: TestClient) -> None:
    sign_in(client, "rus.commander")
    r = client.get(
        "/planning/route", params={**ROUTE, "party": "RUS", "access": "assume", "agreement": "lemoa-ind-usa"}
    )
    assert r.status_code == 404 and "lemoa" not in r.text.split('id="refusal"')[1]
    assert (
        client.get(
            "/planning/map/route.geojson", params={**ROUTE, "agreement": "lemoa-ind-usa", "access": "assume"}
        ).status_code
        == 404
    )


def test_sustainment_estimate_and_the_link_to_draft_an_order(client: TestClient) -> None:
    params = {"days": "7", "climate": "tropical", "ships": "talwar:2", "personnel": "100", "go": "1"}
    page = client.get("/planning/sustainment", params=params)
    assert page.status_code == 200 and 'data-item="water"' in page.text and 'data-gap="ship_fuel"' in page.text
    assert 'id="order-lines"' in page.text and "Draft a support order" not in page.text
    page = client.get("/planning/sustainment", params={**params, "agreement": RELOS, "facility": "RU-VVO"})
    assert 'id="no-prices"' in page.text or 'href="/orders/new?agreement=relos-ind-rus&amp;facility=RU-VVO' in page.text


def _check(client: TestClient, text: str, *, fmt: str = "", upload: bool = True) -> object:
    token = csrf_of(client.get("/planning/plan-check").text)
    path = "/planning/plan-check" + (f".{fmt}" if fmt else "")
    if upload:
        return client.post(path, data={"csrf": token}, files={"plan_file": ("plan.csv", text.encode(), "text/csv")})
    return client.post(path, data={"csrf": token, "plan": text})


def test_plan_check_table_and_downloads(client: TestClient) -> None:
    plan = (EXAMPLES / "plan.csv").read_text(encoding="utf-8")
    page = _check(client, plan)
    assert page.status_code == 200  # type: ignore[attr-defined]
    html = page.text  # type: ignore[attr-defined]
    assert 'id="plan-verdict"' in html and html.count("<tr data-line=") >= 3 and 'data-admitted="yes"' in html
    assert "ex-1" in html and 'id="download-csv"' in html
    as_csv = _check(client, plan, fmt="csv", upload=False)
    assert as_csv.headers["content-type"].startswith("text/csv")  # type: ignore[attr-defined]
    assert "attachment" in as_csv.headers["content-disposition"]  # type: ignore[attr-defined]
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))  # type: ignore[attr-defined]
    assert rows[0].keys() >= {"line", "ref", "admitted", "limit", "at", "total", "max"} and rows[0]["ref"] == "ex-1"
    as_json = _check(client, (EXAMPLES / "plan.json").read_text(encoding="utf-8"), fmt="json")
    verdict = json.loads(as_json.text)  # type: ignore[attr-defined]
    assert verdict["admitted"] + verdict["rejected"] == 3 and len(verdict["results"]) == 3
    refused = [r for r in verdict["results"] if not r["admitted"]]
    assert all(r["violations"] for r in refused)


def test_the_verdict_in_russian_names_limits_and_days_in_words(client: TestClient) -> None:
    client.get("/planning?lang=ru")
    html = _check(client, (EXAMPLES / "plan.csv").read_text(encoding="utf-8")).text  # type: ignore[attr-defined]
    verdict = html.split('id="plan-check-result"')[1]
    assert "Допущено" in verdict and "Скачать CSV" in verdict and "допущено" in verdict
    assert "not_in_force" not in verdict and "None" not in verdict


def test_a_bad_plan_is_refused_naming_the_line_and_keeping_the_plan(client: TestClient) -> None:
    text = "ref,agreement,visiting_party,host_party,facility,purpose,start,end,warships,aircraft,personnel\n"
    text += "x-1,relos-ind-rus,IND,RUS,RU-VVO,joint_exercise,not a day,2027-07-30,1,0,10\n"
    r = _check(client, text, upload=False)
    assert r.status_code == 422  # type: ignore[attr-defined]
    assert 'data-line="2"' in r.text and "not a day" in r.text  # type: ignore[attr-defined]
    token_missing = client.post("/planning/plan-check", data={"csrf": "forged", "plan": text}, follow_redirects=False)
    assert token_missing.status_code == 303 and token_missing.headers["location"] == "/planning/plan-check"


def test_the_maps_are_served_by_the_application_itself(client: TestClient) -> None:
    page = client.get("/planning/route", params={**ROUTE, "access": "assume", "agreement": RELOS})
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "connect-src 'self'" in csp and "unsafe-inline" not in csp
    assert "<script>" not in page.text and " on" + "click=" not in page.text
    if 'id="route-map-unavailable"' in page.text:
        pytest.skip("node_modules/leaflet is not installed (scripts/setup runs npm ci): the page says so")
    assert client.get("/planning/assets/leaflet/leaflet.js").status_code == 200
    assert client.get("/static/relos-map.js").status_code == 200
    land = client.get("/planning/map/land.geojson").json()
    assert land["features"][0]["geometry"]["type"] == "MultiPolygon"
    assert client.get("/planning/assets/leaflet/../../package.json").status_code == 404


def test_without_node_modules_the_pages_still_work_and_say_the_map_is_unavailable(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("RELOS_NODE_MODULES", str(tmp_path))
    page = client.get("/planning/reach", params=REACH)
    assert page.status_code == 200 and 'id="reach-with-unavailable"' in page.text
    assert 'data-change="newly_reachable"' in page.text and "leaflet.js" not in page.text
    assert client.get("/planning/map/land.geojson").status_code == 404

"""The deployment forms through HTTP: a new deployment (rows added without script, a class's dimensions filled
in from the catalogue), its amendment, closing one; a refusal names the field beside its input and keeps what
was typed; a form without its token is refused; the same form sent twice makes one deployment; another
party's deployment is the same 404 as none."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from tests.e2e import test_web_deployments as same_world
from tests.e2e.web_helpers import (
    actor,
    approve_deployment,
    csrf_of,
    india_deployment,
    lemoa_deployment,
    sign_in,
    window,
)
from tests.integration.clearance_helpers import PORT, grant_clearances

from relos.db.runtime import Database
from relos.services.deployments import lifecycle as service
from relos.services.deployments import reads

ABSENT = "0190a000-0000-7000-8000-000000000000"
#: The same world as the deployment pages' tests: people of both parties, the test port, a client.
db, client = same_world.db, same_world.client


def key_of(html: str) -> str:
    return html.split('name="key" value="')[1].split('"')[0]


def new_form(**changes: str) -> dict[str, str]:
    start, end = window(40)
    fields = {
        "agreement_id": "relos-ind-rus",
        "host_party": "RUS",
        "facility_id": PORT,
        "purpose": "joint_exercise",
        "start": start.strftime("%d.%m.%Y %H:%M"),
        "end": end.strftime("%Y-%m-%d"),
        "title": "",
        "personnel": "180",
        "note": "",
        "ships_rows": "3",
        "aircraft_rows": "2",
        "ships[0].name": "INS Tabar",
        "ships[0].hull_number": "F44",
        "ships[0].class": "talwar",
    }
    fields.update(changes)
    return fields


def _deployments(db: Database) -> list[dict[str, Any]]:
    return reads.list_deployments(db.uow(), actor=actor("ind.requester"), now=datetime.now().astimezone())


def _post(client: TestClient, path: str, fields: dict[str, str], page: str | None = None) -> Any:
    page = page if page is not None else client.get(path).text
    return client.post(path, data={"csrf": csrf_of(page), **fields}, follow_redirects=False)


def test_a_requester_makes_a_deployment_whose_ship_takes_its_class_dimensions(client: TestClient, db: Database) -> None:
    sign_in(client, "ind.requester")
    listing = client.get("/deployments").text
    assert 'href="/deployments/new"' in listing
    page = client.get("/deployments/new").text
    for field in ("agreement_id", "host_party", "facility_id", "purpose", "start", "end", "personnel"):
        assert f'name="{field}"' in page
    for input_id in re.findall(r'<(?:input|select|textarea) id="([^"]+)"', page):
        assert f'for="{input_id}"' in page, f"no label for {input_id}"
    r = _post(client, "/deployments/new", {"key": key_of(page), **new_form()}, page)
    assert r.status_code == 303 and r.headers["location"].startswith("/deployments/")
    shown = client.get(r.headers["location"])
    assert shown.status_code == 200 and 'id="done"' in shown.text
    made = _deployments(db)
    assert len(made) == 1
    d = made[0]
    assert d["status"] == "draft" and d["personnel"] == 180 and d["facility_id"] == PORT
    assert [(s["name"], s["class"], float(s["length_m"]), float(s["draught_m"])) for s in d["ships"]] == [
        ("INS Tabar", "talwar", 124.8, 4.5)
    ]
    assert d["title"]  # made by the service when none is typed


def test_adding_a_row_comes_back_with_what_was_typed_and_one_more_row(client: TestClient, db: Database) -> None:
    sign_in(client, "ind.requester")
    r = _post(client, "/deployments/new", {**new_form(), "more": "ship"})
    assert r.status_code == 303 and r.headers["location"] == "/deployments/new"
    page = client.get("/deployments/new").text
    assert page.count("data-ship-row=") == 4 and 'value="INS Tabar"' in page
    assert 'id="ship-0-length_m" name="ships[0].length_m" value="124.8"' in page  # the class's, filled in
    assert _deployments(db) == []


def test_a_refusal_names_the_field_beside_it_and_keeps_what_was_typed(client: TestClient, db: Database) -> None:
    sign_in(client, "ind.requester")
    r = _post(client, "/deployments/new", new_form(personnel="many", **{"ships[1].name": "INS Trishul"}))
    assert r.status_code == 303 and r.headers["location"] == "/deployments/new"
    page = client.get("/deployments/new")
    assert page.status_code == 422
    assert 'id="err-personnel"' in page.text and 'aria-invalid="true" aria-describedby="err-personnel"' in page.text
    assert 'value="many"' in page.text and 'value="INS Trishul"' in page.text
    # the second ship row lacks its hull number: the form's row is named, not the service's list position
    r = _post(client, "/deployments/new", new_form(**{"ships[2].name": "INS Trishul"}))
    page = client.get("/deployments/new").text
    assert 'id="err-ships-2-hull_number"' in page and 'value="INS Trishul"' in page
    assert _deployments(db) == []


def test_a_facility_outside_the_host_is_refused_naming_it(client: TestClient, db: Database) -> None:
    sign_in(client, "ind.requester")
    _post(client, "/deployments/new", new_form(facility_id="IN-TST"))
    page = client.get("/deployments/new")
    assert page.status_code == 422 and 'id="err-facility_id"' in page.text
    assert "Refused: making the deployment" in page.text


def test_the_same_form_sent_twice_makes_one_deployment(client: TestClient, db: Database) -> None:
    sign_in(client, "ind.requester")
    page = client.get("/deployments/new").text
    fields = {"key": key_of(page), **new_form()}
    first = _post(client, "/deployments/new", fields, page)
    second = _post(client, "/deployments/new", fields, page)
    assert first.status_code == second.status_code == 303
    assert first.headers["location"] == second.headers["location"]
    assert len(_deployments(db)) == 1
    # another form (another key) makes another
    other = client.get("/deployments/new").text
    _post(client, "/deployments/new", {"key": key_of(other), **new_form()}, other)
    assert len(_deployments(db)) == 2


def test_a_form_without_its_token_is_refused_and_makes_nothing(client: TestClient, db: Database) -> None:
    sign_in(client, "ind.requester")
    r = client.post("/deployments/new", data={"csrf": "forged", **new_form()}, follow_redirects=True)
    assert r.status_code == 403 and "INS Tabar" not in r.text
    assert _deployments(db) == []


def test_an_amendment_is_the_form_filled_in_and_makes_a_new_version(client: TestClient, db: Database) -> None:
    d = india_deployment(db, ships=2, submit=False)
    sign_in(client, "ind.requester")
    page = client.get(f"/deployments/{d['id']}").text
    assert f'href="/deployments/{d["id"]}/amend"' in page
    form = client.get(f"/deployments/{d['id']}/amend").text
    assert 'value="INS Test 1"' in form and 'value="INS Test 2"' in form and 'value="300"' in form
    fields = dict(re.findall(r'<input id="[^"]*" name="([^"]+)" value="([^"]*)"', form))
    fields.update(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    fields.update(
        {"agreement_id": "relos-ind-rus", "host_party": "RUS", "facility_id": PORT, "purpose": "joint_exercise"}
    )
    assert '<option value="Talwar (Project 11356)" selected>' in form  # a class the catalogue lacks, kept
    fields["ships[0].class"] = "Talwar (Project 11356)"
    fields.update({"personnel": "250", "ships[1].name": "", "ships[1].hull_number": "", "ships[1].class": ""})
    for key in ("displacement_t", "length_m", "beam_m", "draught_m"):
        fields[f"ships[1].{key}"] = ""
    r = client.post(f"/deployments/{d['id']}/amend", data={**fields, "reason": ""}, follow_redirects=False)
    assert client.get(r.headers["location"]).status_code == 422  # the reason is required: named, kept
    again = client.get(f"/deployments/{d['id']}/amend")  # shown once; the form is filled in afresh
    assert again.status_code == 200
    r = client.post(
        f"/deployments/{d['id']}/amend", data={**fields, "reason": "one ship fewer"}, follow_redirects=False
    )
    assert r.headers["location"] == f"/deployments/{d['id']}", client.get(r.headers["location"]).text
    after = reads.get_deployment(db.uow(), actor=actor("ind.requester"), deployment_id=d["id"])
    assert after["version"] == 2 and after["personnel"] == 250 and len(after["ships"]) == 1


def test_the_reason_of_an_amendment_is_named_when_missing(client: TestClient, db: Database) -> None:
    d = india_deployment(db, ships=1, submit=False)
    sign_in(client, "ind.requester")
    form = client.get(f"/deployments/{d['id']}/amend").text
    fields = new_form(**{"ships[0].name": "INS Test 1", "ships[0].hull_number": "F001"})
    r = client.post(f"/deployments/{d['id']}/amend", data={"csrf": csrf_of(form), **fields}, follow_redirects=False)
    assert r.headers["location"] == f"/deployments/{d['id']}/amend"
    page = client.get(r.headers["location"])
    assert page.status_code == 422 and 'id="err-reason"' in page.text and 'value="INS Test 1"' in page.text


def test_another_partys_deployment_is_the_same_404_on_the_forms(client: TestClient, db: Database) -> None:
    theirs = lemoa_deployment(db)
    sign_in(client, "rus.commander")
    hidden, absent = client.get(f"/deployments/{theirs['id']}/amend"), client.get(f"/deployments/{ABSENT}/amend")
    assert hidden.status_code == absent.status_code == 404
    assert hidden.text.replace(theirs["id"], "X") == absent.text.replace(ABSENT, "X")
    token = csrf_of(client.get("/deployments").text)
    for path in (f"/deployments/{theirs['id']}/amend", f"/deployments/{theirs['id']}/close"):
        r = client.post(path, data={"csrf": token, "reason": "x"}, follow_redirects=True)
        assert r.status_code == 404 and "USS Example" not in r.text


def test_the_host_closes_a_deployment_after_its_departure(client: TestClient, db: Database) -> None:
    d = india_deployment(db, ships=1)
    approve_deployment(db, d["id"])
    start = datetime.fromisoformat(d["start"])
    grant_clearances(db, d["id"], now=window(0)[0])
    host = actor("rus.logistics")
    service.mark_arrived(db.uow(), actor=host, deployment_id=d["id"], at=start, now=start + timedelta(hours=1))
    sign_in(client, "rus.logistics")
    assert 'id="close-deployment"' not in client.get(f"/deployments/{d['id']}").text  # arrived, not departed
    service.mark_departed(
        db.uow(), actor=host, deployment_id=d["id"], at=start + timedelta(days=2), now=start + timedelta(days=3)
    )
    page = client.get(f"/deployments/{d['id']}").text
    assert 'id="close-deployment"' in page
    r = client.post(f"/deployments/{d['id']}/close", data={"csrf": csrf_of(page)}, follow_redirects=True)
    assert r.status_code == 200 and 'data-status="closed"' in r.text and 'id="done"' in r.text
    sign_in(client, "ind.requester")  # the visiting party sees no form it could not take
    page = client.get(f"/deployments/{d['id']}").text
    assert 'id="close-deployment"' not in page and 'id="amend-deployment"' not in page


def test_a_submitted_deployments_page_lays_out_the_cap_check(client: TestClient, db: Database) -> None:
    there = india_deployment(db, ships=3, days_ahead=40, length=10, first=20, facility_id="RU-VVO")
    approve_deployment(db, there["id"])
    asked = india_deployment(db, ships=2, days_ahead=42, length=3, first=30)
    for user in ("rus.commander", "ind.requester"):
        page = sign_in(client, user).get(f"/deployments/{asked['id']}").text
        row = page.split('data-cap="warships"')[1].split("</tr>")[0]
        cells = re.findall(r'<td class="num[^"]*">([^<]*)</td>', row)
        assert cells == ["3", "2", "5", "5"], (user, cells)  # already there, this request, together, the cap
        assert "over" not in row
    third = india_deployment(db, ships=1, days_ahead=41, length=2, first=40)
    approve_deployment(db, asked["id"])
    row = client.get(f"/deployments/{third['id']}").text.split('data-cap="warships"')[1].split("</tr>")[0]
    assert re.findall(r'<td class="num[^"]*">([^<]*)</td>', row) == ["5", "1", "6", "5"] and "num over" in row

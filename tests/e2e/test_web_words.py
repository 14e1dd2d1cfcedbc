"""Every page, rendered in Russian and in English from a populated database, says things in words: no code a
service returns left as it is, no English of the catalogue on a Russian page, no "None", no Python
`key=value`, no raw JSON (tests/e2e/page_text.py). Dates, numbers and money are written the language's way,
a refused approval is said in the page's language, and the berth-fit warning once."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from tests.e2e.page_text import faults, visible_text
from tests.e2e.populated_world import World, populate
from tests.e2e.web_helpers import client_for, csrf_of, sign_in

from relos.db.runtime import Database
from relos.db.tables.deployments import DeploymentRow
from relos.domain.actor import Actor
from relos.services.deployments.reads import get_deployment
from relos.services.orders.lifecycle import get_order

OPERATOR = Actor.operator()
#: What the fixtures typed in English, shown as typed in every language: descriptions of the price list's
#: items, the test port's English name (on an English page), a unit's note.
DATA = (
    "Naval distillate fuel",
    "Potable water",
    "Test price list (national), 2026",  # the price list's source, on the new order's page
    "fresh water, garbage removal",
    "fresh water",  # the same services, one a line in the form that amends the notice
    "garbage removal",
    "relos agreements record-event relos-ind-rus entry_into_force",  # the [unknown] note of the bundled file
    "test assumption: the real date is not public",  # the source the fixture gives its entry into force
)

#: The planners' pages, each with a question answered (a route with a stop, a reach with what RELOS adds, a ferry
#: flight over other countries, an estimate with needs the factors cannot estimate).
PLANNING = [
    "/planning",
    "/planning/route?from=IN-BOM&to=RU-VVO&ship_class=talwar&range_nm=4850&access=assume&agreement=relos-ind-rus&go=1",
    "/planning/route?from=IN-COK&to=RU-MUR&ship_class=talwar&range_nm=4850&access=none&go=1",
    "/planning/reach?from=IN-BOM&ship_class=talwar&range_nm=4850&days=30&agreement=relos-ind-rus&go=1",
    "/planning/ferry?from=IN-HDN&to=RU-CKS&aircraft=su-30mki&range_nm=2500&speed_kn=450&go=1",
    "/planning/sustainment?days=7&climate=arctic&ships=talwar:2&aircraft=su-30mki&personnel=10&go=1"
    "&agreement=relos-ind-rus&facility=RU-VVO",
    "/planning/plan-check",
]


@pytest.fixture
def world(orders_db: Database) -> World:
    return populate(orders_db)


@pytest.fixture
def client(orders_db: Database, world: World) -> Iterator[TestClient]:
    with client_for(orders_db) as c:
        yield c


def pages(w: World) -> dict[str, list[str]]:
    """Who looks at which pages: every page of the application, each as someone who may see it."""
    statement = "/ledger/statement?agreement=relos-ind-rus&period=2026"
    return {
        "ind.requester": [
            "/",
            "/agreements/relos-ind-rus",
            "/agreements/lemoa-ind-usa",
            "/facilities",
            "/facilities/RU-VVO",
            "/deployments",
            f"/deployments/{w.submitted}",
            f"/deployments/{w.approved}",
            "/presence",
            "/clearances",
            "/orders",
            f"/orders/{w.billed_order}",
            f"/orders/{w.draft_order}",
            "/deployments/new",
            f"/deployments/{w.submitted}/amend",
            "/orders/new?agreement=relos-ind-rus&facility=RU-VVO",
            f"/orders/{w.draft_order}/amend",
        ],
        "ind.clearance": [
            f"/clearances/{w.unsure_berth}",
            f"/clearances/{w.airspace}",
            f"/clearances/{w.port_call}",
            f"/deployments/{w.submitted}/clearances/new/port_call",
            f"/clearances/{w.unsure_berth}/amend",
            f"/clearances/{w.airspace}/amend",
        ],
        "rus.commander": [f"/deployments/{w.submitted}", f"/deployments/{w.crowded}", "/presence", "/"],
        "rus.finance": ["/ledger", statement, f"/orders/{w.billed_order}", "/"],
        "ind.admin": ["/audit", "/agreements/relos-ind-rus", "/", "/admin/users", "/admin/tokens", "/admin/agreements"],
        "ind.supply_officer": [*PLANNING, f"/orders/{w.billed_order}"],
        "ind.finance": [f"/orders/{w.billed_order}", "/ledger/records"],
        "rus.logistics": ["/ledger/records"],
    }


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_page_says_things_in_words(client: TestClient, world: World, lang: str) -> None:
    wrong: dict[str, list[str]] = {}
    for user, paths in pages(world).items():
        sign_in(client, user)
        for path in paths:
            r = client.get(path + ("&" if "?" in path else "?") + f"lang={lang}")
            assert r.status_code == 200, (path, r.status_code)
            found = faults(r.text, lang, world.titles + DATA)
            if found:
                wrong[f"{user} {path}"] = found
    assert wrong == {}


def test_the_caps_refusal_is_one_sentence_in_russian_with_its_particulars(client: TestClient, world: World) -> None:
    sign_in(client, "rus.commander")
    page = client.get(f"/deployments/{world.crowded}", params={"lang": "ru"}).text
    r = client.post(f"/deployments/{world.crowded}/approve", data={"csrf": csrf_of(page)}, follow_redirects=True)
    text = visible_text(r.text)
    assert r.status_code == 409 and "военные корабли: 6 на " in text and " — больше предела 5" in text
    assert "warships" not in text and "exceeds" not in text and faults(r.text, "ru", world.titles + DATA) == []


def test_numbers_dates_and_money_are_written_the_languages_way(client: TestClient, world: World) -> None:
    sign_in(client, "rus.finance")
    raw = client.get(f"/orders/{world.billed_order}", params={"lang": "ru"}).text
    ru = visible_text(raw)
    en = visible_text(client.get(f"/orders/{world.billed_order}", params={"lang": "en"}).text)
    assert "95\u00a0500,00\u00a0RUB" in raw and "95,500.00 RUB" in en  # 1,000 L of fuel at 95.50
    assert "05.03.2026" in ru and "5 Mar 2026" in en and "2026-03-05" not in ru + en


def test_the_berth_fit_warning_is_said_once_in_the_pages_language(client: TestClient, world: World) -> None:
    sign_in(client, "ind.clearance")
    for lang, words in (("ru", "Неизвестно, поместятся ли у причала"), ("en", "fit a berth at")):
        text = visible_text(client.get(f"/clearances/{world.unsure_berth}", params={"lang": lang}).text)
        assert text.count(words) == 1 and "INS Test 20 (F020), INS Test 21 (F021)" in text
        assert "berth fit at RU-VVO unknown" not in text  # the service's warning per ship, in English
    notice = client.get(f"/clearances/{world.unsure_berth}/notice.txt", params={"language": "both"}).text
    assert notice.count("fit a berth at") == 1 and notice.count("Неизвестно, поместятся ли у причала") == 1
    assert "berth fit at RU-VVO unknown" not in notice and "(Asia/Vladivostok), " in notice
    english, russian = notice.split("Уведомление о заходе военных кораблей", 1)
    assert " Jan 2027 " in english and ".01.2027 " in russian and not re.search(r"\d{4}-\d\d-\d\d \d\d:", notice)


def test_the_statement_names_orders_by_reference_and_title_in_its_language_not_by_id(
    client: TestClient, world: World, orders_db: Database
) -> None:
    order = get_order(orders_db.uow(), actor=OPERATOR, order_id=world.billed_order)
    sign_in(client, "rus.finance")
    for lang in ("ru", "en"):
        raw = client.get(
            "/ledger/statement", params={"agreement": "relos-ind-rus", "period": "2026", "lang": lang}
        ).text
        assert f"<code data-reference>{order['reference']}</code>" in raw
        # the title RELOS made is stored in English and said in the page's language
        assert (order["title"] in html.unescape(raw)) == (lang == "en")
        if lang == "ru":
            assert f"{order['requesting_unit']}: " in raw and " и ещё " in raw and " — " in raw
        assert world.billed_order.split("-")[-1] not in visible_text(raw)  # no id's last group standing for it
        assert faults(raw, lang, world.titles + DATA) == []


def test_ship_classes_are_named_in_russian_on_a_russian_page(client: TestClient, world: World) -> None:
    sign_in(client, "ind.requester")
    ru = visible_text(client.get("/deployments/new", params={"lang": "ru"}).text)
    en = visible_text(client.get("/deployments/new", params={"lang": "en"}).text)
    assert "Корвет типа «Стерегущий» (проект 20380)" in ru and "Фрегат типа «Тальвар» (проект 11356)" in ru
    assert "Steregushchiy class" not in ru and "Steregushchiy class (Project 20380) corvette" in en


def test_a_refused_deployment_form_is_said_in_russian_and_keeps_what_was_typed(
    client: TestClient, world: World
) -> None:
    sign_in(client, "ind.requester")
    page = client.get("/deployments/new", params={"lang": "ru"}).text
    form = {"csrf": csrf_of(page), "agreement_id": "relos-ind-rus", "host_party": "RUS", "facility_id": "RU-VVO"}
    form |= {"purpose": "joint_exercise", "start": "10.01.2027 00:00", "end": "когда-нибудь", "personnel": "много"}
    r = client.post("/deployments/new", data=form, follow_redirects=True)
    assert r.status_code == 422 and 'value="много"' in r.text and 'id="err-end"' in r.text
    assert faults(r.text, "ru", world.titles + DATA) == []


def test_a_services_refusals_are_said_in_russian(client: TestClient, world: World) -> None:
    """A conflict with the record's state and a field left empty, each refused by a service, are said in the
    page's language from their codes (web/i18n/problems.py), not in the service's English."""
    sign_in(client, "ind.requester")
    page = client.get(f"/deployments/{world.submitted}", params={"lang": "ru"}).text
    r = client.post(f"/deployments/{world.submitted}/submit", data={"csrf": csrf_of(page)}, follow_redirects=True)
    text = visible_text(r.text)
    assert r.status_code == 409 and "в состоянии «" in text and "needs it" not in text, text
    assert faults(r.text, "ru", world.titles + DATA) == []
    sign_in(client, "rus.commander")
    page = client.get(f"/deployments/{world.submitted}", params={"lang": "ru"}).text
    r = client.post(
        f"/deployments/{world.submitted}/reject", data={"csrf": csrf_of(page), "reason": " "}, follow_redirects=True
    )
    text = visible_text(r.text)
    assert r.status_code == 422 and "у отклонения должна быть причина" in text, text
    assert "needs its reason" not in text and faults(r.text, "ru", world.titles + DATA) == []
    english = client.get(f"/deployments/{world.submitted}", params={"lang": "en"})
    assert "needs its reason" not in visible_text(english.text)  # the refusal is shown once


def test_a_title_relos_made_is_said_in_russian_and_a_typed_one_as_typed(
    client: TestClient, world: World, orders_db: Database
) -> None:
    d = get_deployment(orders_db.uow(), actor=OPERATOR, deployment_id=world.approved)
    sign_in(client, "ind.requester")
    heading = visible_text(client.get(f"/deployments/{world.approved}", params={"lang": "ru"}).text)
    english = visible_text(client.get(f"/deployments/{world.approved}", params={"lang": "en"}).text)
    assert " at " in d["title"] and d["title"] in english and d["title"] not in heading
    ships = d["ships"]
    assert f"{ships[0]['name']}" in heading and (" и ещё " in heading or len(ships) == 1) and " — " in heading
    typed = "Учения «Индра» — второй этап"
    with orders_db.session_factory() as session, session.begin():
        session.execute(update(DeploymentRow).where(DeploymentRow.id == world.approved).values(title=typed))
    assert typed in visible_text(client.get(f"/deployments/{world.approved}", params={"lang": "ru"}).text)


def test_made_titles_in_the_orders_list_and_the_due_list_are_said_in_russian(
    client: TestClient, world: World, orders_db: Database
) -> None:
    order = get_order(orders_db.uow(), actor=OPERATOR, order_id=world.billed_order)
    sign_in(client, "ind.admin")
    # (as served: the words check's visible text leaves titles out, being the records' own words)
    english = html.unescape(client.get("/orders", params={"lang": "en"}).text)
    russian = html.unescape(client.get("/orders", params={"lang": "ru"}).text)
    assert " at " in order["title"] and order["title"] in english and order["title"] not in russian
    unit = order["requesting_unit"]
    assert f"{unit}: " in russian and " и ещё " in russian and " — " in russian
    due_en = html.unescape(client.get("/clearances", params={"lang": "en"}).text)
    due_ru = html.unescape(client.get("/clearances", params={"lang": "ru"}).text)
    made = [t for t in world.titles if t in due_en and " at " in t]
    assert made, "a deployment due for its clearance, with the title RELOS made"
    assert not [t for t in made if t in due_ru]  # said in Russian, not as stored

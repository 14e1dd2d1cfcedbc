"""The steps of the whole-life walk (tests/e2e/test_browser_whole_life.py), each done by its people through the
pages of one `Walker`: who records and creates whom, the deployment and the sixth warship, the clearance and
the arrival, the support order to its payment and the statement, and the planner's maps."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from tests.e2e.test_browser_order_walk import _line
from tests.e2e.test_browser_planning import _drawn
from tests.e2e.whole_life_walk import Walker, plain

#: The people each bootstrap administrator creates: user id, name, role.
PEOPLE = {
    "ind.admin": (
        ("ind.requester", "Cdr. Arjun Mehta", "requester"),
        ("ind.captain", "Capt. Vikram Rao", "host_approver"),
        ("ind.clearance", "Lt Cdr. Neha Iyer", "clearance_officer"),
        ("ind.supply", "Cdr. Sanjay Pillai", "logistics_officer"),
        ("ind.finance", "Lt Cdr. Kavita Nair", "finance_officer"),
        ("ind.planner", "Cdr. Rohan Desai", "logistics_officer"),
    ),
    "rus.admin": (
        ("rus.commander", "Капитан 1 ранга Сергей Волков", "host_approver"),
        ("rus.clearance", "Капитан 2 ранга Ольга Смирнова", "clearance_officer"),
        ("rus.logistics", "Капитан 2 ранга Игорь Петров", "logistics_officer"),
        ("rus.finance", "Капитан 3 ранга Анна Козлова", "finance_officer"),
    ),
}
PASSWORD = "a long passphrase for the walk"
#: India's five Talwar-class frigates (name, hull number): RELOS's cap on warships at a time.
FIVE = (("INS Talwar", "F40"), ("INS Trishul", "F43"), ("INS Tabar", "F44"), ("INS Teg", "F45"), ("INS Tarkash", "F50"))
SIXTH = ("INS Trikand", "F51")
#: Russia's price list, described in the walk's language (the supplier writes it for its reader).
PRICES = {
    "en": ("Naval distillate fuel", "Potable water"),
    "ru": ("Топливо дизельное судовое (F-76)", "Вода питьевая"),
}
WORDS = {
    "en": {
        "admitted": "Every cap and capacity admits it",
        "refused": "Refused",
        "statement": "Settlement statement",
        "five": "Joint exercise INDRA NAVY",
        "sixth": "Port call of INS Trikand",
        "local": "Asia/Vladivostok",
        "radio": "VHF 156.800 MHz (channel 16)",
    },
    "ru": {
        "admitted": "Все ограничения и вместимость допускают",
        "refused": "Действие отклонено",
        "statement": "Акт сверки взаимных расчётов",
        "five": "Совместное учение «Индра Нэви»",
        "sixth": "Деловой заход фрегата «Триканд»",
        "local": "Владивосток (UTC+10)",
        "radio": "УКВ 156,800 МГц (16-й канал)",
    },
}


def create_people(w: Walker, bootstrap: str) -> None:
    """India's administrator records RELOS's entry into force; each administrator creates their party's people."""
    page = w.page
    w.sign_in("ind.admin", bootstrap)
    w.see("overview-signed-only")
    page.click("#nav-admin")
    page.click('a[href="/admin/agreements"]')
    w.see("admin-agreements")
    page.click("#record-event-relos-ind-rus")
    page.select_option("#kind", "entry_into_force")
    page.fill("#date", "2026-01-01")
    page.fill("#source", "Exchange of notifications on the completion of internal procedures, 1 January 2026")
    page.click("#record-event button[type=submit]")
    w.done()
    w.see("entry-into-force")
    for admin, people in PEOPLE.items():
        if admin != "ind.admin":
            w.sign_in(admin, bootstrap)
        page.click("#nav-admin")
        for user_id, name, role in people:
            page.fill("#user_id", user_id)
            page.fill("#display_name", name)
            page.fill("#password", PASSWORD)
            page.select_option("#new-language", w.lang)
            page.check(f'#new-user input[name=roles][value="{role}"]')
            page.click("#create-user")
            page.wait_for_selector(f'tr[data-user="{user_id}"]')
        w.see(f"users-{admin.split('.')[0]}")
    open_and_close_a_site(w)


def open_and_close_a_site(w: Walker) -> None:
    """Russia's administrator opens a closed sensitive site to India for an exercise, then closes it again: the
    facility's page lists both decisions, newest first, in the walk's language."""
    page = w.page
    w.go("/facilities/RU-GDZ")
    reasons = {"en": ("Joint exercise INDRA, note 14/2027", "Exercise over"),
               "ru": ("Совместное учение INDRA, нота 14/2027", "Учение завершено")}[w.lang]  # fmt: skip
    for change, reason in zip(("open", "close"), reasons, strict=True):
        page.select_option("#access-agreement", "relos-ind-rus")
        page.select_option("#access-change", change)
        page.fill("#access-reason", reason)
        page.click("#access-submit")
        w.done()
    decisions = page.locator("#access-decisions li")
    assert decisions.count() == 2 and reasons[1] in decisions.nth(0).inner_text()
    said = {"en": ("Closed to the partner under", "Opened to the partner under"), "ru": ("закрыт", "открыт")}[w.lang]
    assert all(word in decisions.nth(i).inner_text() for i, word in enumerate(said))
    if w.lang == "ru":
        said_all = page.inner_text("#access-decisions")
        assert not [word for word in ("Opened", "Closed", "under", " by ") if word in said_all], said_all
    w.see("facility-access")


def _ships(w: Walker, ships: tuple[tuple[str, str], ...]) -> None:
    page = w.page
    for _ in range(len(ships) - page.locator("tr[data-ship-row]").count()):
        page.click("#add-ship")
        page.wait_for_selector("#deployment-form")
    for i, (name, hull) in enumerate(ships):
        page.fill(f"#ship-{i}-name", name)
        page.fill(f"#ship-{i}-hull", hull)
        page.select_option(f"#ship-{i}-class", "talwar")
    page.click("#fill-dimensions")  # the class catalogue's dimensions, editable
    page.wait_for_selector("#deployment-form")
    assert plain(page.input_value(f"#ship-{len(ships) - 1}-length_m")) in ("124.8", "124,8")


def _new_deployment(w: Walker, ships: tuple[tuple[str, str], ...], start: datetime, title: str, step: str) -> str:
    """India's requester fills in a deployment to Vladivostok and submits it: its page's address."""
    page = w.page
    page.click("nav a[href='/deployments']")
    page.click("#new-deployment")
    page.select_option("#f-agreement", "relos-ind-rus")
    page.select_option("#f-host", "RUS")
    page.select_option("#f-facility", "RU-VVO")
    page.select_option("#f-purpose", "joint_exercise")
    page.fill("#f-start", start.strftime("%d.%m.%Y %H:%M"))
    page.fill("#f-end", (start + timedelta(days=5)).strftime("%d.%m.%Y %H:%M"))
    page.fill("#f-title", title)
    page.fill("#f-personnel", str(180 * len(ships)))
    _ships(w, ships)
    w.see(f"new-deployment-{step}")
    page.click("#save-deployment")
    w.done()
    page.click("#submit-deployment")
    w.done()
    assert page.get_attribute("#deployment-status", "data-status") == "submitted"
    w.see(f"submitted-{step}")
    return str(page.url)


def admit_and_refuse(w: Walker, start: datetime) -> tuple[str, str]:
    """Five frigates requested and approved at the cap; a sixth refused with the earliest window that fits: the
    five's page address and reference."""
    page = w.page
    w.sign_in("ind.requester", PASSWORD)
    words = WORDS[w.lang]
    five = _new_deployment(w, FIVE, start, words["five"], "five")
    sixth = _new_deployment(w, (SIXTH,), start + timedelta(days=1), words["sixth"], "sixth")
    w.sign_in("rus.commander", PASSWORD)
    page.goto(five)
    assert words["admitted"] in page.inner_text("#assessment")
    assert words["local"] in page.inner_text("#window-local")  # the port's own time, named in the language
    cells = page.locator("#cap-check tr[data-cap='warships'] td.num").all_inner_texts()
    assert cells == ["0", "5", "5", "5"], cells  # none there, these five, five together: the cap
    w.see("cap-check")
    page.click("#approve-deployment")
    w.done()
    assert page.get_attribute("#deployment-status", "data-status") == "approved"
    page.goto(sixth)
    page.click("#approve-deployment")
    page.wait_for_selector("#refusal-explanation")
    assert words["refused"] in page.inner_text("#refusal")
    assert page.locator("#refusal-explanation tr[data-limit='warships']").count() == 1
    assert "UTC" in page.inner_text("#refusal-explanation-window")
    w.see("sixth-refused")
    page.goto(five)
    found = re.search(r"\b[A-Z]{3}-DEP-\d{4}-\d{4}\b", page.inner_text("h1"))
    assert found is not None, page.inner_text("h1")
    return five, found[0]


def clear_and_arrive(w: Walker, deployment: str, start: datetime, clock: Any, tmp_path: Path) -> None:
    """The port-call notice prepared from the deployment, submitted and approved; the arrival recorded (the
    server's clock an hour into the visit from here on); Russia's price list imported."""
    page = w.page
    w.sign_in("ind.clearance", PASSWORD)
    page.goto(deployment)
    page.click("#prepare-port-call")
    page.wait_for_selector("#clearance-form")
    for i, (_, hull) in enumerate(FIVE):
        assert page.input_value(f"#unit-{i}-hull_number") == hull
        page.fill(f"#unit-{i}-crew", "180")
    page.fill("#f-port_call-commander-name", "Rahul Sharma")
    page.fill("#f-port_call-commander-rank", "Commodore" if w.lang == "en" else "коммодор")
    page.fill("#f-port_call-radio_frequencies", WORDS[w.lang]["radio"])
    page.select_option("#f-pilot", "yes")
    page.fill("#f-port_call-tugs", "2")
    w.see("prepare-clearance")
    page.click("#save-clearance")
    w.done()
    page.click("#submit-clearance")
    w.done()
    assert page.get_attribute("#clearance-status", "data-status") == "submitted"
    clearance = page.url
    w.sign_in("rus.clearance", PASSWORD)
    page.click("nav a[href='/clearances']")
    w.see("clearances")
    page.goto(clearance)
    page.fill("#clearance-number-input", f"ТОФ-{w.lang.upper()}-118")
    page.click("#approve-clearance")
    w.done()
    assert page.get_attribute("#clearance-status", "data-status") == "approved"
    w.see("clearance-approved")
    clock.pin(start + timedelta(hours=1))
    w.sign_in("rus.logistics", PASSWORD)
    page.goto(deployment)
    page.fill("#arrived-at-input", start.strftime("%d.%m.%Y %H:%M"))
    page.click("#record-arrival")
    w.done()
    assert page.get_attribute("#deployment-status", "data-status") == "arrived"
    w.see("arrived")
    prices = tmp_path / "pacific-fleet-prices.csv"
    fuel, water = PRICES[w.lang]
    prices.write_text(
        "item_code,unit,price,currency,description\n"
        f'F-76,L,95.50,RUB,"{fuel}"\nWATER-POTABLE,m3,120.00,RUB,"{water}"\n',
        encoding="utf-8",
    )
    page.click("nav a[href='/ledger']")
    page.click("#ledger-records-link")
    page.set_input_files("#price-file", str(prices))
    today = start.date()
    page.fill("#valid_from", (today - timedelta(days=30)).isoformat())
    page.fill("#valid_until", (today + timedelta(days=335)).isoformat())
    page.fill("#price-source", "Pacific Fleet logistics directorate, national price list (walk test)")
    page.click("#import-price-list")
    w.done()
    w.see("price-list-imported")


def _order_page(w: Walker, user_id: str, order: str) -> None:
    w.sign_in(user_id, PASSWORD)
    w.page.click("nav a[href='/orders']")
    w.page.click(f"a[href='/orders/{order}']")


def order_to_payment(w: Walker, tmp_path: Path, deployment: str) -> str:
    """A support order from Russia's price list, through to its payment; the statement India's finance officer
    downloads (its text)."""
    page = w.page
    w.sign_in("ind.requester", PASSWORD)
    page.click("nav a[href='/orders']")
    page.click("#new-order-link")
    page.select_option("#choose-agreement", "relos-ind-rus")
    page.click("#choose-button")
    page.select_option("#choose-facility", "RU-VVO")
    page.click("#choose-button")
    page.wait_for_selector("#price-list")
    page.fill("#requesting_unit", "INS Tabar")
    page.fill("#deployment", deployment)  # the deployment served, by its reference
    _line(page, 1, "F-76|L", "petroleum_oils_lubricants", "1000")
    _line(page, 2, "WATER-POTABLE|m3", "water", "50")
    w.see("new-order")
    page.click("#create-order")
    w.done()
    order = str(page.get_attribute("#order", "data-order"))
    assert page.locator("#order a[href^='/deployments/']").count() == 1
    assert page.get_attribute("#order-status", "data-status") == "draft"
    for official in ("ind.captain", "rus.commander"):
        _order_page(w, official, order)
        page.click("#sign-order")
        w.done()
    assert page.get_attribute("#order-status", "data-status") == "signed"
    w.see("order-signed")
    _order_page(w, "rus.logistics", order)
    page.click("#accept-order")
    w.done()
    page.fill("#qty_1", "1000")
    page.fill("#qty_2", "50")
    page.fill("#delivery-note", "Bunkered alongside, berth 3" if w.lang == "en" else "Бункеровка у причала № 3")
    page.click("#record-delivery")
    w.done()
    assert page.get_attribute("#order-status", "data-status") == "delivered"
    w.see("order-delivered")
    _order_page(w, "ind.supply", order)
    page.fill("#deliveries textarea[name=note]", "Seals intact" if w.lang == "en" else "Пломбы целы")
    page.click("#deliveries button[type=submit]")
    page.wait_for_selector("#obligations")
    w.see("order-receipted")
    _order_page(w, "rus.finance", order)
    page.click("#bill-order")
    page.wait_for_selector("#invoices")
    assert page.get_attribute("#order-status", "data-status") == "billed"
    w.see("order-billed")
    _order_page(w, "ind.finance", order)
    page.fill(".payment-form input[name=reference]", "SWIFT 2027-118")
    page.click(".record-payment")
    page.wait_for_selector("#payments")
    assert page.get_attribute("#order-status", "data-status") == "settled"
    w.see("order-paid")
    page.click("nav a[href='/ledger']")
    w.see("ledger")
    page.select_option("#st-agreement", "relos-ind-rus")
    page.click("#show-statement")
    page.wait_for_selector("#statement")
    assert page.inner_text("h1") == WORDS[w.lang]["statement"]
    w.see("statement")
    with page.expect_download() as got:
        page.click("#download-csv")
    saved = tmp_path / f"statement-{w.lang}.csv"
    got.value.save_as(saved)
    text = saved.read_text(encoding="utf-8-sig")
    assert text.startswith(WORDS[w.lang]["statement"])
    return text


def plan(w: Walker) -> None:
    """India's planner: the route Mumbai → Vladivostok, and the 30-day reach without and with RELOS."""
    page = w.page
    w.sign_in("ind.planner", PASSWORD)
    page.click("#nav-planning")
    w.see("planning")
    page.click("#to-route")
    for field, value in (("#f-from", "IN-BOM"), ("#f-to", "RU-VVO"), ("#f-range_nm", "4850")):
        page.fill(field, value)
    page.select_option("#f-ship_class", "talwar")
    page.check("#f-access-assume")
    page.check("#f-agreement input[value='relos-ind-rus']")
    page.click("#plan")
    page.wait_for_selector("#route-result[data-feasible=yes]")
    _drawn(page, "#route-map")
    assert page.locator("#route-map path.relos-leg").count() == page.locator("#legs tbody tr").count() >= 2
    w.see("route")
    page.click("#nav-planning")
    page.click("#to-reach")
    page.fill("#f-from", "IN-BOM")
    page.select_option("#f-ship_class", "talwar")
    page.fill("#f-range_nm", "4850")
    page.fill("#f-days", "30")
    page.select_option("#f-agreement", "relos-ind-rus")
    page.click("#plan")
    for case in ("without", "with"):
        _drawn(page, f"#reach-{case}")
    assert page.locator("#reach-without path.relos-area-added").count() == 0
    assert page.locator("#reach-with path.relos-area-added").count() == 1
    w.see("reach")

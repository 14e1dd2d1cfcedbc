"""A real browser (Debian's chromium, driven by Playwright) walks a visit made entirely through the forms, in
English and in Russian: India's requester fills in a new deployment to a Russian port (a ship picked from the
class catalogue, its dimensions filled in) and submits it; Russia's approver sees the cap check (the fifth
warship, admitted) and approves; a sixth warship is refused with the explanation and the earliest window that
would fit; India's clearance officer prepares the port-call notice from the deployment and submits it;
Russia's clearance officer approves it with a number; Russia's logistics officer records the arrival.
Screenshots go to RELOS_SCREENSHOT_DIR (default /tmp), `relos-walk-<lang>-<step>.png`."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from tests.e2e.test_browser_deployments import SHOTS, browser_world, serving
from tests.e2e.test_browser_orders import _as
from tests.e2e.test_browser_sign_in import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.web_helpers import approve_deployment, india_deployment, window

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)"
    ),
]

#: Each language walks its own fortnight: four warships already there (approved), a fifth to request, and a
#: sixth awaiting the host (submitted), all overlapping.
DAYS = {"en": 30, "ru": 70}
WORDS = {
    "en": {"admitted": "Every cap and capacity admits it", "refused": "Refused: approving the deployment"},
    "ru": {"admitted": "Все ограничения и вместимость допускают", "refused": "Действие отклонено"},
}


@pytest.fixture
def walk(sqlite_template: Path, tmp_path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    db = browser_world(sqlite_template, tmp_path)
    made: dict[str, Any] = {}
    for lang, days in DAYS.items():
        there = india_deployment(db, ships=4, days_ahead=days - 2, length=12, first=40 + days, facility_id="RU-VVO")
        approve_deployment(db, there["id"])
        made[f"sixth-{lang}"] = india_deployment(db, ships=1, days_ahead=days + 1, length=3, first=50 + days)
    with serving(db) as (server, app):
        made["clock"] = app.state.clock
        yield server, made


def _shot(page: Any, lang: str, step: str) -> None:
    page.screenshot(path=str(SHOTS / f"relos-walk-{lang}-{step}.png"), full_page=True)


def _in(page: Any, server: str, user: str, lang: str) -> None:
    _as(page, server, user)
    page.goto(f"{server}/?lang={lang}")  # remembered from here on
    page.wait_for_selector(f"html[lang={lang}]")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_visit_is_requested_approved_cleared_and_arrives_through_the_forms(
    walk: tuple[str, dict[str, Any]], lang: str
) -> None:
    server, made = walk
    start, end = window(DAYS[lang], 5)
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="en-GB", viewport={"width": 1280, "height": 900})
            # India's requester: a new deployment, one frigate picked from the catalogue
            _in(page, server, "ind.requester", lang)
            page.click("nav a[href='/deployments']")
            page.click("#new-deployment")
            page.wait_for_selector("#deployment-form")
            page.select_option("#f-agreement", "relos-ind-rus")
            page.select_option("#f-host", "RUS")
            page.select_option("#f-facility", "RU-T7M")
            page.select_option("#f-purpose", "joint_exercise")
            page.fill("#f-start", start.strftime("%d.%m.%Y %H:%M"))
            page.fill("#f-end", end.strftime("%d.%m.%Y %H:%M"))
            page.fill("#f-personnel", "180")
            page.fill("#ship-0-name", "INS Tabar")
            page.select_option("#ship-0-class", "talwar")
            page.click("#save-deployment")  # no hull number: refused, said beside the input, all kept
            page.wait_for_selector("#err-ships-0-hull_number")
            assert page.get_attribute("#ship-0-hull", "aria-invalid") == "true"
            assert page.input_value("#ship-0-name") == "INS Tabar" and page.input_value("#f-personnel") == "180"
            _shot(page, lang, "0-refused-field")
            page.fill("#ship-0-hull", "F44")
            page.click("#fill-dimensions")  # no script: the form comes back with the class's dimensions
            page.wait_for_selector("#deployment-form")
            length = page.input_value("#ship-0-length_m")
            assert length in ("124.8", "124,8") and page.input_value("#ship-0-name") == "INS Tabar"
            _shot(page, lang, "1-new-deployment")
            page.keyboard.press("Tab")  # the form is keyboard usable: the save button is reached and pressed
            page.focus("#save-deployment")
            page.keyboard.press("Enter")
            page.wait_for_selector("#done")
            assert page.get_attribute("#deployment-status", "data-status") == "draft"
            deployment_url = page.url
            page.click("#submit-deployment")
            page.wait_for_selector("#done")
            assert page.get_attribute("#deployment-status", "data-status") == "submitted"
            # Russia's approver: the cap check (the fifth warship fits), then approval
            _in(page, server, "rus.commander", lang)
            page.goto(deployment_url)
            assert WORDS[lang]["admitted"] in page.inner_text("#assessment")
            cells = page.locator("#cap-check tr[data-cap='warships'] td.num").all_inner_texts()
            assert cells == ["4", "1", "5", "5"]  # four there, this one, five together: the cap
            _shot(page, lang, "2-cap-check")
            page.click("#approve-deployment")
            page.wait_for_selector("#done")
            assert page.get_attribute("#deployment-status", "data-status") == "approved"
            # a sixth warship: refused, with the explanation and the earliest window that would fit
            page.goto(f"{server}/deployments/{made[f'sixth-{lang}']['id']}")
            page.click("#approve-deployment")
            page.wait_for_selector("#refusal-explanation")
            assert WORDS[lang]["refused"] in page.inner_text("#refusal")
            assert page.locator("#refusal-explanation tr[data-limit='warships']").count() == 1
            assert "UTC" in page.inner_text("#refusal-explanation-window")
            _shot(page, lang, "3-sixth-refused")
            # India's clearance officer: the port-call notice, prepared from the deployment
            _in(page, server, "ind.clearance", lang)
            page.goto(deployment_url)
            page.click("#prepare-port-call")
            page.wait_for_selector("#clearance-form")
            assert page.input_value("#unit-0-hull_number") == "F44"
            page.fill("#unit-0-crew", "180")
            page.fill("#f-port_call-commander-name", "Rahul Sharma")
            page.fill("#f-port_call-commander-rank", "Captain" if lang == "en" else "капитан 1 ранга")
            page.fill("#f-port_call-radio_frequencies", "VHF 156.800 MHz (channel 16)")
            page.select_option("#f-pilot", "yes")
            page.fill("#f-port_call-tugs", "2")
            _shot(page, lang, "4-prepare-clearance")
            page.click("#save-clearance")
            page.wait_for_selector("#done")
            page.click("#submit-clearance")
            page.wait_for_selector("#done")
            assert page.get_attribute("#clearance-status", "data-status") == "submitted"
            clearance_url = page.url
            # Russia's clearance officer approves it with a number
            _in(page, server, "rus.clearance", lang)
            page.goto(clearance_url)
            page.fill("#clearance-number-input", f"RU-PC-{lang.upper()}-1")
            page.click("#approve-clearance")
            page.wait_for_selector("#done")
            assert page.get_attribute("#clearance-status", "data-status") == "approved"
            _shot(page, lang, "5-clearance-approved")
            # Russia's logistics officer records the arrival (the server's clock an hour into the visit)
            _in(page, server, "rus.logistics", lang)
            page.goto(deployment_url)
            made["clock"].pin(start + timedelta(hours=1))
            page.fill("#arrived-at-input", start.strftime("%d.%m.%Y %H:%M"))
            page.click("#record-arrival")
            page.wait_for_selector("#done")
            assert page.get_attribute("#deployment-status", "data-status") == "arrived"
            assert page.locator("#window-local").count() == 1  # the port's own time, beside UTC
            _shot(page, lang, "6-arrived")
        finally:
            made["clock"].pin(None)
            browser.close()

"""A real browser (Debian's chromium, driven by Playwright) walks a support order from the first page to the
statement, in English and in Russian, only through the pages: India's requester makes an order from Russia's
price list, both parties' officials sign it, Russia's logistics officer accepts and delivers it (with a note),
India's receipts it (with a note), Russia's finance officer bills it, India's pays the invoice, and the finance
officer downloads the agreement's statement. Screenshots go to RELOS_SCREENSHOT_DIR (default /tmp), named
relos-order-walk-<language>-<step>.png."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import take_relos_in_force
from tests.e2e.live_server import serving
from tests.e2e.test_browser_orders import _as
from tests.e2e.test_browser_sign_in import CHROMIUM, CHROMIUM_ARGS, SCREENSHOT
from tests.e2e.test_web_orders_forms import current_price_list
from tests.e2e.web_helpers import add_people

from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.services.facilities.bundled import load_bundled_agreements, load_bundled_reference_data

SHOTS = SCREENSHOT.parent

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)"
    ),
]

#: What each language's pages say at the steps the walk checks.
SAYS = {
    "en": {"draft": "draft", "settled": "settled", "total": "101,500.00", "statement": "Settlement statement"},
    "ru": {
        "draft": "черновик",
        "settled": "оплачена",
        "total": "101 500,00",
        "statement": "Акт сверки взаимных расчётов",
    },
}


@pytest.fixture
def served(sqlite_template: Path, tmp_path: Path) -> Iterator[str]:
    pytest.importorskip("uvicorn")
    path = tmp_path / "walk.sqlite3"
    shutil.copy(sqlite_template, path)
    db = Database(f"sqlite:///{path}")
    operator = Actor.operator("test")
    load_bundled_agreements(db.uow(), actor=operator)
    load_bundled_reference_data(db.uow(), actor=operator)
    take_relos_in_force(db)
    add_people(db)
    current_price_list(db)
    with serving(db) as server:
        yield server


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_an_order_walks_from_the_price_list_to_the_statement(served: str, lang: str, tmp_path: Path) -> None:
    server, says = served, SAYS[lang]
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="en-GB", viewport={"width": 1280, "height": 900}, accept_downloads=True)
            page.goto(f"{server}/sign-in?lang={lang}")  # the language is remembered in a cookie
            shot = _shots(page, lang)
            _as(page, server, "ind.requester")
            page.click("nav a[href='/orders']")
            page.click("#new-order-link")
            page.select_option("#choose-agreement", "relos-ind-rus")
            page.click("#choose-button")
            page.select_option("#choose-facility", "RU-VVO")
            page.click("#choose-button")
            page.wait_for_selector("#price-list")
            page.fill("#requesting_unit", "INS Tabar")
            _line(page, 1, "F-76|L", "petroleum_oils_lubricants", "1000")
            _line(page, 2, "WATER-POTABLE|m3", "water", "50")
            page.keyboard.press("Tab")
            shot("1-new-order")
            page.click("#create-order")
            page.wait_for_selector("#done")
            order = page.get_attribute("#order", "data-order")
            assert page.get_attribute("#order-status", "data-status") == "draft"
            assert page.inner_text("#order-status") == says["draft"]
            assert says["total"] in page.inner_text("#order").replace("\xa0", " ").replace("\u202f", " ")
            shot("2-created")
            for official in ("ind.captain", "rus.commander"):
                _open(page, server, official, order)
                page.click("#sign-order")
                page.wait_for_selector("#done")
            assert page.get_attribute("#order-status", "data-status") == "signed"
            _open(page, server, "rus.logistics", order)
            page.click("#accept-order")
            page.wait_for_selector("#done")
            page.fill("#qty_1", "1000")
            page.fill("#qty_2", "50")
            page.fill("#delivery-note", "Bunkered alongside, berth 3")
            page.click("#record-delivery")
            page.wait_for_selector("#done")
            assert page.get_attribute("#order-status", "data-status") == "delivered"
            _open(page, server, "ind.supply_officer", order)
            page.fill("#deliveries textarea[name=note]", "Пломбы целы")
            page.click("#deliveries button[type=submit]")
            page.wait_for_selector("#obligations")
            shot("3-receipted")
            _open(page, server, "rus.finance", order)
            page.click("#bill-order")
            page.wait_for_selector("#invoices")
            assert page.get_attribute("#order-status", "data-status") == "billed"
            _open(page, server, "ind.finance", order)
            page.fill(".payment-form input[name=reference]", "SWIFT 2026-118")
            shot("4-payment-form")
            page.click(".record-payment")
            page.wait_for_selector("#payments")
            assert page.get_attribute("#order-status", "data-status") == "settled"
            assert page.inner_text("#order-status") == says["settled"]
            shot("5-paid")
            page.click("nav a[href='/ledger']")
            page.select_option("#st-agreement", "relos-ind-rus")
            page.click("#show-statement")
            page.wait_for_selector("#statement")
            assert page.inner_text("h1") == says["statement"]
            shot("6-statement")
            with page.expect_download() as got:
                page.click("#download-csv")
            saved = tmp_path / f"statement-{lang}.csv"
            got.value.save_as(saved)
            text = saved.read_text(encoding="utf-8-sig").replace("\xa0", " ").replace("\u202f", " ")
            assert text.startswith(says["statement"]) and "INS Tabar" in text
            assert f"{says['total']} RUB" in text  # the invoice, paid: in the statement's language
        finally:
            browser.close()


def _open(page: Any, server: str, user_id: str, order: str | None) -> None:
    """Sign in as `user_id` and open the order's page."""
    _as(page, server, user_id)
    page.goto(f"{server}/orders/{order}")


def _line(page: Any, n: int, item: str, category: str, quantity: str) -> None:
    page.select_option(f"#line-{n}-item", item)
    page.select_option(f"#line-{n}-category", category)
    page.fill(f"#line-{n}-quantity", quantity)
    page.select_option(f"#line-{n}-method", "cash")


def _shots(page: Any, lang: str) -> Any:
    def shot(step: str) -> None:
        page.screenshot(path=str(SHOTS / f"relos-order-walk-{lang}-{step}.png"), full_page=True)

    return shot

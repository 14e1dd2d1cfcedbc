"""A real browser (Debian's chromium, driven by Playwright) walks an Indian official's day: sign in,
open RELOS's page, find the order Russia has signed, sign it for India through the form and see it
bind; Russia's logistics officer accepts it and records a delivery, India's receipts it, and the
obligation shows in the ledger; then the facility catalogue and a statement. Screenshots go to
RELOS_SCREENSHOT_DIR (default /tmp)."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import take_relos_in_force
from tests.e2e.test_browser_sign_in import CHROMIUM, CHROMIUM_ARGS, SCREENSHOT, _free_port
from tests.e2e.web_helpers import KEY, PASSWORD, add_people, relos_draft
from tests.integration.orders_helpers import RUS_SIGNER

from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.services.facilities.bundled import load_bundled_agreements, load_bundled_reference_data
from relos.services.orders import lifecycle as order_service
from relos.settings import Settings

SHOTS = SCREENSHOT.parent

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)"
    ),
]


@pytest.fixture
def served(sqlite_template: Path, tmp_path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    uvicorn = pytest.importorskip("uvicorn")
    from relos.server import create_app

    path = tmp_path / "browser.sqlite3"
    shutil.copy(sqlite_template, path)
    db = Database(f"sqlite:///{path}")
    operator = Actor.operator("test")
    load_bundled_agreements(db.uow(), actor=operator)
    load_bundled_reference_data(db.uow(), actor=operator)
    take_relos_in_force(db)
    add_people(db)
    order = relos_draft(db)
    order_service.sign_order(db.uow(), actor=RUS_SIGNER, order_id=order["id"])
    settings = Settings(database_url=db.url, secret_key=KEY, cookie_secure=True)
    port = _free_port()
    config = uvicorn.Config(create_app(settings, db), host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", order
    uv.should_exit = True
    thread.join(timeout=10)
    db.dispose()


def test_an_official_signs_an_order_through_the_pages(served: tuple[str, dict[str, Any]]) -> None:
    server, order = served
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="en-GB", viewport={"width": 1280, "height": 800})
            _as(page, server, "ind.captain")
            page.click("a[href='/agreements/relos-ind-rus']")
            page.wait_for_selector("#agreement")
            assert "in force" in page.inner_text("#status") or "signed" in page.inner_text("#status")
            assert page.locator("#events tr[data-kind=ratification]").count() >= 3
            page.screenshot(path=str(SHOTS / "relos-agreement.png"), full_page=True)
            page.click("nav a[href='/orders']")
            page.wait_for_selector("#orders")
            page.click(f"tr[data-order='{order['id']}'] a")
            page.wait_for_selector("#order")
            assert page.get_attribute("#order-status", "data-status") == "draft"
            assert page.locator("#signatures tr[data-party=RUS]").count() == 1
            page.screenshot(path=str(SHOTS / "relos-order-before.png"), full_page=True)
            page.click("#sign-order")
            page.wait_for_selector("#done")
            assert page.get_attribute("#order-status", "data-status") == "signed"
            assert page.inner_text("#order-status") == "signed"
            assert page.locator("#signatures tr[data-party=IND]").count() == 1
            assert page.locator("#sign-order").count() == 0
            page.screenshot(path=str(SHOTS / "relos-order-signed.png"), full_page=True)
            page.click("a[hreflang=ru]")
            page.wait_for_selector("html[lang=ru]")
            assert page.inner_text("#order-status") == "подписана"
            page.screenshot(path=str(SHOTS / "relos-order-signed-ru.png"), full_page=True)
            _as(page, server, "rus.logistics")
            page.goto(f"{server}/orders/{order['id']}?lang=en")
            page.click("#accept-order")
            page.wait_for_selector("#done")
            page.fill("#qty_1", "600")
            page.click("#record-delivery")
            page.wait_for_selector("#done")
            assert page.get_attribute("#order-status", "data-status") == "partly_delivered"
            _as(page, server, "ind.supply_officer")
            page.goto(f"{server}/orders/{order['id']}")
            page.click("#deliveries button[type=submit]")
            page.wait_for_selector("#obligations")
            assert _says_57300(page.inner_text("#obligations"))  # 600 L at 95.50 RUB
            page.screenshot(path=str(SHOTS / "relos-order-receipted.png"), full_page=True)
            _as(page, server, "ind.finance")
            page.goto(f"{server}/ledger")
            assert _says_57300(page.inner_text("#balances"))
            page.screenshot(path=str(SHOTS / "relos-ledger.png"), full_page=True)
            page.goto(f"{server}/facilities?name=vladivostok&lang=en")
            page.wait_for_selector("#facilities")
            page.screenshot(path=str(SHOTS / "relos-facilities.png"), full_page=True)
            page.click("tr[data-facility='RU-VVO'] a")
            page.wait_for_selector("#facility")
            page.screenshot(path=str(SHOTS / "relos-facility.png"), full_page=True)
            page.goto(f"{server}/ledger")
            page.select_option("#st-agreement", "relos-ind-rus")
            page.click("#show-statement")
            page.wait_for_selector("#statement")
            page.screenshot(path=str(SHOTS / "relos-statement.png"), full_page=True)
        finally:
            browser.close()


def _as(page: Any, server: str, user_id: str) -> None:
    """Sign out whoever is signed in, and sign in as `user_id`."""
    page.goto(f"{server}/")
    if page.locator("#sign-out").count():
        page.click("#sign-out")
    page.wait_for_selector("#sign-in")
    page.fill("#user_id", user_id)
    page.fill("#password", PASSWORD)
    page.click("#sign-in")
    page.wait_for_selector("#agreements")


def _says_57300(text: str) -> bool:
    """57,300.00 as the page's language writes it (English 57,300.00; Russian 57 300,00)."""
    plain = text.replace("\xa0", " ").replace("\u202f", " ")
    return "57,300.00" in plain or "57 300,00" in plain

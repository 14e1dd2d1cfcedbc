"""In Chromium (Playwright): an administrator records RELOS's entry into force on the agreement's page, creates
users on the administrators' page, and sees the overview — in English and in Russian. Screenshots go to
RELOS_SCREENSHOT_DIR (relos-overview-en.png, relos-overview-ru.png, relos-admin-users-en.png, -ru.png)."""

from __future__ import annotations

import pytest
from tests.e2e.test_browser_sign_in import CHROMIUM, CHROMIUM_ARGS, PASSWORD, SCREENSHOT, server  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")]


def test_an_administrator_records_entry_into_force_creates_users_and_sees_the_overview(server: str) -> None:  # noqa: F811
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="en-GB", viewport={"width": 1280, "height": 900})
            page.goto(f"{server}/sign-in?lang=en")
            page.fill("#user_id", "priya")
            page.fill("#password", PASSWORD)
            page.click("#sign-in")
            page.wait_for_selector("#agreements")
            relos = page.locator('#agreements tr[data-agreement="relos-ind-rus"]')
            assert relos.get_attribute("data-days-to-expiry") == ""  # signed only: no term running yet
            page.click("#nav-admin")
            page.click('a[href="/admin/agreements"]')
            page.click("#record-event-relos-ind-rus")
            page.select_option("#kind", "entry_into_force")
            page.fill("#date", "2026-01-01")
            page.fill("#source", "Exchange of notifications, Ministry of External Affairs, 1 January 2026")
            page.click("#record-event button[type=submit]")
            page.wait_for_selector("#done")
            page.goto(f"{server}/admin/users")
            people = (("ind.requester", "Arjun Mehta", "requester"), ("ind.captain", "Capt. Rao", "host_approver"))
            for user_id, name, role in people:
                page.fill("#user_id", user_id)
                page.fill("#display_name", name)
                page.fill("#password", "a long enough passphrase")
                page.check(f'#new-user input[name=roles][value="{role}"]')
                page.click("#create-user")
                page.wait_for_selector(f'tr[data-user="{user_id}"]')
            page.screenshot(path=str(SCREENSHOT.with_name("relos-admin-users-en.png")), full_page=True)
            page.click("#nav-dashboard")
            page.wait_for_selector("#presence-relos-ind-rus-IND")
            days = int(relos.get_attribute("data-days-to-expiry") or "0")
            assert days > 0 and relos.get_attribute("data-days-to-decision") == str(days)
            assert page.locator("#presence-relos-ind-rus-IND svg[role=img] > title").count() == 3
            assert "In force" in page.inner_text("#agreements")
            page.screenshot(path=str(SCREENSHOT.with_name("relos-overview-en.png")), full_page=True)
            page.click("a[hreflang=ru]")
            page.wait_for_selector("html[lang=ru]")
            assert page.inner_text("h1") == "Обзор" and "действует" in page.inner_text("#agreements")
            assert "Военные корабли" in page.inner_text("#presence-relos-ind-rus-IND")
            page.screenshot(path=str(SCREENSHOT.with_name("relos-overview-ru.png")), full_page=True)
            _fits(page)
            page.goto(f"{server}/?lang=ru&at=2025-06-01")  # RELOS signed only: the longest words in its row
            _fits(page)
            page.goto(f"{server}/admin/users")
            assert "Создать пользователя" in page.inner_text("#new-user")
            page.screenshot(path=str(SCREENSHOT.with_name("relos-admin-users-ru.png")), full_page=True)
        finally:
            browser.close()


def _fits(page: object) -> None:
    """The agreements table stays inside its card, and the page inside the 1,280-pixel window."""
    table, card, width = page.evaluate(  # type: ignore[attr-defined]
        "() => [document.querySelector('#agreements').getBoundingClientRect().right,"
        " document.querySelector('#agreements-card').getBoundingClientRect().right,"
        " document.documentElement.scrollWidth]"
    )
    assert table <= card and width <= 1280, (table, card, width)

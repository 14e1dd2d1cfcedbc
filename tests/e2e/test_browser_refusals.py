"""In a real browser (Debian's chromium, driven by Playwright): a refused form leaves the address bar on the
record's page, not the form's address, and refreshing the page sends no form again; the refusal is said once,
in English and in Russian. Screenshots go to RELOS_SCREENSHOT_DIR (default /tmp)."""

from __future__ import annotations

from typing import Any

import pytest
from tests.e2e.test_browser_deployments import SHOTS, served
from tests.e2e.test_browser_orders import _as
from tests.e2e.test_browser_sign_in import CHROMIUM, CHROMIUM_ARGS

__all__ = ["served"]  # the served application with India's visit, its notice and a crowd of four warships

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)"
    ),
]


def test_refreshing_after_a_refused_approval_sends_nothing_again(served: tuple[str, dict[str, Any]]) -> None:
    server, made = served
    visit, crowd = made["visit"], made["crowd"]
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="en-GB", viewport={"width": 1280, "height": 900})
            _as(page, server, "rus.commander")
            page.goto(f"{server}/deployments/{visit['id']}")
            page.click("#approve-deployment")  # India's visit takes a berth: four more warships do not fit
            page.wait_for_selector("#done")
            sent: list[str] = []

            # What the address bar sends (the form, a page): the map's data the page fetches after are not counted
            def navigation(request: Any) -> None:
                if request.is_navigation_request():
                    sent.append(f"{request.method} {request.url}")

            page.on("request", navigation)
            for lang, heading in (("en", "Refused: approving the deployment"),
                                  ("ru", "Действие отклонено: утверждение развёртывания")):  # fmt: skip
                page.goto(f"{server}/deployments/{crowd['id']}?lang={lang}")
                sent.clear()
                page.click("#approve-deployment")
                page.wait_for_selector("#refusal")
                assert page.url == f"{server}/deployments/{crowd['id']}"  # the page's address, not the form's
                assert [s.split()[0] for s in sent if "/static/" not in s] == ["POST", "GET"]  # the form, its page
                assert page.inner_text("#refusal .refused") == heading
                assert page.locator("#refusal-explanation tr[data-limit='facility:RU-T7M:berths']").count() == 1
                page.screenshot(path=str(SHOTS / f"relos-refusal-{lang}.png"), full_page=True)
                sent.clear()
                page.reload()
                page.wait_for_selector("#deployment")
                assert [s.split()[0] for s in sent if "/static/" not in s] == ["GET"]  # no form sent again
                assert page.locator("#refusal").count() == 0  # said once
                assert page.get_attribute("#deployment-status", "data-status") == "submitted"
        finally:
            browser.close()

"""In Chromium (Playwright), India's finance officer reconciles with Russia on the reconciliation page of India's
instance (SQLite; Russia's on PostgreSQL): Russia's digest, made after it billed an order whose invoice has not
crossed yet, is uploaded and every difference is listed with the documents behind it; once the invoice crossed,
the ledgers agree, the officer signs the settlement certificate, and uploads it back countersigned by Russia: signed
by both — in English and in Russian. Screenshots go to RELOS_SCREENSHOT_DIR (relos-reconciliation-*.png)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.e2e import web_helpers as w
from tests.e2e.live_server import serving
from tests.e2e.test_browser_accessibility import AXE, _violations
from tests.e2e.test_browser_sign_in import CHROMIUM, CHROMIUM_ARGS, SCREENSHOT
from tests.integration.exchange_helpers import OPERATOR, Instance, day
from tests.integration.exchange_orders_helpers import billed_not_crossed

from relos.services.exchange import reconcile, settlement

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")]


@pytest.fixture
def instances(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Instance, Instance]]:
    yield from w.instances_with_people(request, tmp_path)


def test_a_finance_officer_sees_the_differences_signs_and_records_the_certificate_signed_by_both(
    instances: tuple[Instance, Instance], tmp_path: Path
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    india, russia = instances
    _, invoice_bundle = billed_not_crossed(india, russia)
    digest = reconcile.make_digest(
        russia.db.uow(), actor=OPERATOR, agreement_id="relos-ind-rus", period="2026", key=russia.key,
        today=day(4).date(), now=day(4),
    )  # fmt: skip
    digest_file = tmp_path / "digest-rus.json"
    digest_file.write_text(json.dumps(digest))
    with serving(india.db, data_dir=india.data_dir) as url, sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            # the policy allows scripts from the application only; axe is the test's, so it is let in here
            context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900}, bypass_csp=True)
            page = context.new_page()
            problems: list[str] = []
            page.goto(f"{url}/sign-in?lang=en")
            page.fill("#user_id", "ind.finance")
            page.fill("#password", w.PASSWORD)
            page.click("#sign-in")
            page.goto(f"{url}/ledger")
            page.click("#reconciliation-link")
            page.fill("#rc-period", "2026")
            page.click("#show-reconciliation")
            assert "none received yet" in page.inner_text("#partner-digest")
            page.set_input_files("#digest-file", str(digest_file))
            page.click("#take-digest")
            page.wait_for_selector("#difference-list")
            listed = page.inner_text("#difference-list")
            assert "Invoice" in listed and "missing on one side" in listed, listed
            assert "order.delivery" not in listed and "receipt of a delivery" in listed  # the documents behind it
            assert page.locator("#sign-certificate").count() == 0  # not while they differ
            if AXE.exists():
                problems += _violations(page, "/ledger/reconciliation (differences)", "en")
            page.screenshot(path=str(SCREENSHOT.with_name("relos-reconciliation-differences-en.png")), full_page=True)

            india.take(invoice_bundle, now=day(4))  # the invoice crosses: the ledgers agree
            page.reload()
            page.wait_for_selector("#ledgers-agree")
            page.click("#sign-certificate")
            page.wait_for_selector("#done")
            assert "Signed by India" in page.inner_text("#certificate-state")
            with india.db.uow(read_only=True) as uow:
                kept = uow.settlements.latest("certificate", agreement_id="relos-ind-rus", period="2026")
            assert kept is not None and not kept.signed_by_both
            both = settlement.countersign(
                russia.db.uow(), actor=OPERATOR, data=kept.body.encode(), where="file", key=russia.key,
                today=day(4).date(), now=day(4),
            )  # fmt: skip
            certificate_file = tmp_path / "settlement.json"
            certificate_file.write_text(json.dumps(both))
            page.set_input_files("#certificate-file", str(certificate_file))
            page.click("#take-certificate")
            page.wait_for_selector("#done")
            assert "Signed by both parties" in page.inner_text("#certificate-state")
            page.screenshot(path=str(SCREENSHOT.with_name("relos-reconciliation-signed-en.png")), full_page=True)

            page.goto(f"{url}/ledger/reconciliation?agreement=relos-ind-rus&period=2026&lang=ru")
            page.wait_for_selector("html[lang=ru]")
            text = page.inner_text("main") if page.locator("main").count() else page.inner_text("body")
            assert "Подписан обеими сторонами" in text and "Сверка расчётов с партнёром" in text
            assert "Signed" not in text and "reconciliation." not in text
            page.screenshot(path=str(SCREENSHOT.with_name("relos-reconciliation-ru.png")), full_page=True)
            if AXE.exists():
                problems += _violations(page, "/ledger/reconciliation (signed)", "ru")
            assert problems == []
        finally:
            browser.close()
    with india.db.uow(read_only=True) as uow:
        assert uow.settlements.covering("relos-ind-rus", day(4).date())  # payments of the period are open

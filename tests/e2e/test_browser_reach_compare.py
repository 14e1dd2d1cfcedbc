"""The reach comparison in a real browser (Debian's chromium, driven by Playwright): a Talwar-class frigate from
Mumbai in 30 days with RELOS, commercial ports and a Deepak-class tanker draws one sea area per tier and the
facilities by the first tier reaching them, beside the table of tiers, with no script error. Screenshot:
relos-planning-reach-compare.png in RELOS_SCREENSHOT_DIR (default /tmp)."""

from __future__ import annotations

from typing import Any

import pytest
from tests.e2e.test_browser_planning import SHOTS, _drawn, server
from tests.e2e.test_browser_sign_in import CHROMIUM, CHROMIUM_ARGS, PASSWORD

from relos.web.planning.assets import map_available

__all__ = ["server"]
ASK = "from=IN-BOM&ship_class=talwar&days=30&party=IND&commercial=1&tanker=deepak&escorts=2&go=1"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)"
    ),
]


def _tiers(page: Any) -> None:
    _drawn(page, "#reach-compare-map")
    for tier in ("own", "agreement", "tanker"):
        assert page.locator(f"#reach-compare-map path.relos-area-{tier}").count() == 1, tier
    assert page.locator("#reach-compare-map path.relos-tier-tanker").count() >= 1
    assert page.locator("#reach-tiers tbody tr").count() == 4


def test_the_comparison_draws_each_tiers_sea_beside_its_table(server: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not map_available():
        pytest.skip("node_modules/leaflet is absent (scripts/setup runs npm ci): the map assertions need it")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="en-GB", viewport={"width": 1400, "height": 900})
            problems: list[str] = []
            # a script refused by the policy or an error in it (the favicon, absent, answers 404)
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" and "404" not in m.text else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.goto(f"{server}/sign-in")
            page.fill("#user_id", "arjun")
            page.fill("#password", PASSWORD)
            page.click("#sign-in")
            page.wait_for_selector("#nav-planning")
            page.goto(f"{server}/planning/reach-compare?{ASK}")
            _tiers(page)
            page.screenshot(path=str(SHOTS / "relos-planning-reach-compare.png"), full_page=True)
            assert not problems, problems
        finally:
            browser.close()

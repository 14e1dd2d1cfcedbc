"""A planner in a real browser (Debian's chromium, driven by Playwright) draws the sea route Mumbai →
Vladivostok and the 30-day reach of a Talwar-class frigate from Mumbai without and with RELOS, in English
and in Russian: the Leaflet layers (land, legs, stops, the sea areas, what RELOS adds) are on the maps, the
tables beside them say the same, and the strict policy (scripts from the application only) holds; the
catalogue's naval bases on their map. Screenshots: relos-planning-{route,reach}-{en,ru}.png and
relos-planning-facilities-ru.png in RELOS_SCREENSHOT_DIR (default /tmp)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import take_relos_in_force
from tests.e2e.live_server import serving
from tests.e2e.test_browser_sign_in import CHROMIUM, CHROMIUM_ARGS, PASSWORD

from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.services.facilities.bundled import load_bundled_agreements, load_bundled_reference_data
from relos.services.people import users
from relos.web.planning.assets import map_available

SHOTS = Path(os.environ.get("RELOS_SCREENSHOT_DIR", "/tmp"))
ROUTE = "from=IN-BOM&to=RU-VVO&ship_class=talwar&range_nm=4850&party=IND"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)"
    ),
]


@pytest.fixture
def server(sqlite_template: Path, tmp_path: Path) -> Iterator[str]:
    pytest.importorskip("uvicorn")
    path = tmp_path / "planning.sqlite3"
    shutil.copy(sqlite_template, path)
    db = Database(f"sqlite:///{path}")
    operator = Actor.operator("test")
    load_bundled_agreements(db.uow(), actor=operator)
    load_bundled_reference_data(db.uow(), actor=operator)
    take_relos_in_force(db)
    users.create_user(
        db.uow(), actor=operator, user_id="arjun", party="IND", roles=["logistics_officer"], password=PASSWORD
    )
    with serving(db) as address:
        yield address


def _drawn(page: Any, selector: str) -> None:
    page.wait_for_selector(f"{selector}[data-layers]", timeout=30_000)
    assert page.get_attribute(selector, "data-layers") != "failed", f"{selector}: the map's data did not load"
    assert page.locator(f"{selector} path.relos-land").count() >= 1


def _route(page: Any, lang: str) -> None:
    _drawn(page, "#route-map")
    assert page.locator("#route-map path.relos-leg").count() == 2
    assert page.locator("#route-map path.relos-stop").count() == 1
    assert page.locator("#route-map path.relos-origin").count() == 1
    assert page.locator("#route-map path.relos-destination").count() == 1
    assert page.locator("#legs tbody tr").count() == 2
    page.screenshot(path=str(SHOTS / f"relos-planning-route-{lang}.png"), full_page=True)


def _reach(page: Any, lang: str) -> None:
    for case in ("without", "with"):
        _drawn(page, f"#reach-{case}")
        assert page.locator(f"#reach-{case} path.relos-area-without").count() == 1
    assert page.locator("#reach-without path.relos-area-added").count() == 0
    assert page.locator("#reach-with path.relos-area-added").count() == 1
    newly = page.locator("#reach-with path.relos-status-newly_reachable").count()
    assert newly >= 1 and page.locator("#reach-without path.relos-status-newly_reachable").count() == 0
    assert newly == page.locator('#reach-added tr[data-change="newly_reachable"]').count()
    page.screenshot(path=str(SHOTS / f"relos-planning-reach-{lang}.png"), full_page=True)


def test_a_planner_draws_the_route_and_the_reach_with_and_without_relos(server: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="en-GB", viewport={"width": 1400, "height": 900})
            problems: list[str] = []
            # a script refused by the policy or an error in it (a resource missing is checked by its address below)
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" and "404" not in m.text else None)
            page.on(
                "response", lambda r: problems.append(r.url) if r.status >= 400 and "favicon" not in r.url else None
            )
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.goto(f"{server}/sign-in")
            page.fill("#user_id", "arjun")
            page.fill("#password", PASSWORD)
            page.click("#sign-in")
            page.wait_for_selector("#nav-planning")
            page.click("#nav-planning")
            page.click("#to-route")
            for field, value in (("#f-from", "IN-BOM"), ("#f-to", "RU-VVO"), ("#f-range_nm", "4850")):
                page.fill(field, value)
            page.select_option("#f-ship_class", "talwar")
            page.check("#f-access-assume")
            page.check("#f-agreement input[value='relos-ind-rus']")
            page.click("#plan")
            page.wait_for_selector("#route-result[data-feasible=yes]")
            assert "Port Blair" in page.inner_text("#stops") and "naval distillate" in page.inner_text("#stops")
            if not map_available():
                assert page.is_visible("#route-map-unavailable")
                pytest.skip("node_modules/leaflet is absent (scripts/setup runs npm ci): the map assertions need it")
            _route(page, "en")
            page.goto(f"{server}/planning/reach?from=IN-BOM&ship_class=talwar&range_nm=4850&days=30")
            page.select_option("#f-agreement", "relos-ind-rus")
            page.click("#plan")
            _reach(page, "en")
            page.click("a[hreflang=ru]")
            page.wait_for_selector("html[lang=ru]")
            assert page.inner_text("h1") == "Дальность класса кораблей"
            assert "Что даёт соглашение" in page.inner_text("#reach-result")
            _reach(page, "ru")
            page.goto(f"{server}/planning/route?{ROUTE}&access=assume&agreement=relos-ind-rus&go=1")
            assert page.inner_text("h1") == "Морской маршрут"
            _route(page, "ru")
            page.goto(f"{server}/facilities?kind=naval_base")
            _drawn(page, "#facility-map")
            rows = page.locator("#facilities tbody tr").count()
            assert rows >= 5 and page.locator("#facility-map path.relos-facility").count() == rows
            assert page.locator("#facility-map path.relos-access-open_to_you").count() >= 1
            page.screenshot(path=str(SHOTS / "relos-planning-facilities-ru.png"), full_page=True)
            page.goto(f"{server}/planning/route?{ROUTE}&access=assume&agreement=relos-ind-rus&go=1")
            tooltip_text = page.locator("#route-map path.relos-stop")
            tooltip_text.hover()
            page.wait_for_selector(".leaflet-tooltip")
            assert "заход для дозаправки" in page.inner_text(".leaflet-tooltip")
            assert not problems, problems
        finally:
            browser.close()

"""Every main page passes axe-core (npm `axe-core`, injected by Playwright into Debian's chromium) without a
violation of impact "serious" or "critical", in English and in Russian, over a populated database
(tests/e2e/populated_world.py): the overview, agreements, deployments, presence, clearances, orders, the ledger
and its statement, the facilities with their map, the planners' route and reach, the administrators' pages and
the audit. A failure names each violation's rule, the elements it found and the page. Each page also fits the
1,280-pixel window, and each table its card (or scrolls inside it): no reader scrolls a page sideways; and every
form that posts carries the session's anti-forgery token (one that did not would be refused every time).
Screenshots: relos-a11y-<page>-<lang>.png in RELOS_SCREENSHOT_DIR (default /tmp)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.e2e.live_server import serving
from tests.e2e.main_pages import main_pages
from tests.e2e.populated_world import World, populate
from tests.e2e.test_browser_sign_in import CHROMIUM, CHROMIUM_ARGS, PASSWORD

from relos.db.runtime import Database
from relos.web.planning.assets import node_modules

SHOTS = Path(os.environ.get("RELOS_SCREENSHOT_DIR", "/tmp"))
AXE = node_modules() / "axe-core" / "axe.min.js"
GRAVE = ("serious", "critical")
ROUTE = "from=IN-BOM&to=RU-VVO&ship_class=talwar&range_nm=4850&access=assume&agreement=relos-ind-rus&go=1"
REACH = "from=IN-BOM&ship_class=talwar&range_nm=4850&days=30&agreement=relos-ind-rus&go=1"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
    pytest.mark.skipif(not AXE.exists(), reason="needs node_modules/axe-core (scripts/setup runs npm ci)"),
]


def _pages(world: World) -> dict[str, list[str]]:
    """The pages each user visits: a requester sees the forms, an administrator and auditor the rest."""
    return {
        "ind.requester": ["/deployments/new", "/orders/new"],
        "ind.admin": [
            *main_pages(world),
            "/admin/agreements",
            f"/planning/route?{ROUTE}",
            f"/planning/reach?{REACH}",
            "/admin/tokens",
        ],
    }


@pytest.fixture
def server(orders_db: Database) -> Iterator[tuple[str, World]]:
    pytest.importorskip("uvicorn")
    world = populate(orders_db)
    with serving(orders_db) as address:
        yield address, world


def _name(path: str) -> str:
    path = re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", "one", path.split("?")[0].lower())  # a record's page: its kind
    return re.sub(r"[^a-z0-9]+", "-", path).strip("-") or "overview"


def _violations(page: Any, path: str, lang: str) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document)).violations")
    return [
        f"{path} [{lang}] {v['impact']} {v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in found
        if v["impact"] in GRAVE
    ]


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_every_main_page_has_no_serious_accessibility_violation(server: tuple[str, World]) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    address, world = server
    problems: list[str] = []
    wide: list[str] = []
    unsigned: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for user, paths in _pages(world).items():
                # the policy allows scripts from the application only; axe is the test's, so it is let in here
                context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900}, bypass_csp=True)
                page = context.new_page()
                page.goto(f"{address}/sign-in?lang=en")
                page.fill("#user_id", user)
                page.fill("#password", PASSWORD)
                page.click("#sign-in")
                page.wait_for_selector("h1")
                for lang in ("en", "ru"):
                    page.goto(f"{address}/?lang={lang}")
                    for path in paths:
                        page.goto(f"{address}{path}")
                        page.wait_for_selector(f"html[lang={lang}]")
                        page.wait_for_load_state("networkidle")  # the maps draw what they fetch
                        problems += _violations(page, path, lang)
                        wide += _too_wide(page, path, lang)
                        unsigned += _unsigned_forms(page, path, lang)
                        page.screenshot(path=str(SHOTS / f"relos-a11y-{_name(path)}-{lang}.png"), full_page=True)
                context.close()
        finally:
            browser.close()
    assert not problems, "\n".join(problems)
    assert not wide, "\n".join(wide)
    assert not unsigned, "\n".join(unsigned)


def _unsigned_forms(page: Any, path: str, lang: str) -> list[str]:
    """The forms on the page that post without the session's anti-forgery token (its hidden `csrf` field missing
    or empty): the server would refuse every one of them as expired."""
    missing = page.evaluate(
        """() => [...document.querySelectorAll('form')]
                  .filter(f => f.method === 'post' && !f.querySelector('input[name=csrf]')?.value)
                  .map(f => f.id || f.getAttribute('action'))"""
    )
    return [f"{path} [{lang}] form {form} posts without the session's token" for form in missing]


def _too_wide(page: Any, path: str, lang: str) -> list[str]:
    """The page wider than the 1,280-pixel window, or a table wider than the card it is in (its right edge past
    the card's): what a reader would have to scroll sideways for."""
    width, tables = page.evaluate(
        """() => [document.documentElement.scrollWidth,
                  [...document.querySelectorAll('.card table')].map(t => {
                      const card = t.closest('.card'), scroller = t.closest('.scroll');
                      return [t.id || t.closest('[id]')?.id || '?', Math.round(t.getBoundingClientRect().right),
                              Math.round(card.getBoundingClientRect().right), !!scroller && card.contains(scroller)];
                  })]"""
    )
    found = [f"{path} [{lang}] the page is {width} px wide, wider than the window"] if width > 1280 else []
    return found + [
        f"{path} [{lang}] table {name} reaches {right} px, past its card's edge at {edge} px"
        for name, right, edge, scrolls in tables
        if right > edge + 1 and not scrolls
    ]

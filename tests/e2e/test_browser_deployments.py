"""A real browser (Debian's chromium, driven by Playwright) walks a visit: Russia's host approver
approves India's deployment through the form, sees another refused with its explanation, Russia's
clearance officer approves India's port-call notice with a number, and Russia's logistics officer
records the arrival; then India's presence against the caps and the clearances list. Screenshots go to
RELOS_SCREENSHOT_DIR (default /tmp)."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import take_relos_in_force
from tests.e2e.test_browser_orders import _as
from tests.e2e.test_browser_sign_in import CHROMIUM, CHROMIUM_ARGS, SCREENSHOT, _free_port
from tests.e2e.web_helpers import KEY, add_people, india_deployment, port_call_for, records_world

from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.services import locale_format
from relos.services.facilities.bundled import load_bundled_agreements, load_bundled_reference_data
from relos.settings import Settings

SHOTS = SCREENSHOT.parent

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)"
    ),
]


def browser_world(sqlite_template: Path, tmp_path: Path) -> Database:
    """A database of its own: the bundled agreements and reference data, RELOS in force, the test port, people."""
    path = tmp_path / "browser.sqlite3"
    shutil.copy(sqlite_template, path)
    db = Database(f"sqlite:///{path}")
    operator = Actor.operator("test")
    load_bundled_agreements(db.uow(), actor=operator)
    load_bundled_reference_data(db.uow(), actor=operator)
    take_relos_in_force(db)
    records_world(db)
    add_people(db)
    return db


@contextmanager
def serving(db: Database) -> Iterator[tuple[str, Any]]:
    """The application over `db`, served by uvicorn on a free port: its address and the application."""
    uvicorn = pytest.importorskip("uvicorn")
    from relos.server import create_app

    settings = Settings(database_url=db.url, secret_key=KEY, cookie_secure=True)
    port = _free_port()
    app = create_app(settings, db)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", app
    finally:
        uv.should_exit = True
        thread.join(timeout=10)
        db.dispose()


@pytest.fixture
def served(sqlite_template: Path, tmp_path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
    db = browser_world(sqlite_template, tmp_path)
    visit = india_deployment(db, ships=1, days_ahead=30, note="Joint exercise INDRA")
    notice = port_call_for(db, visit)
    crowd = india_deployment(db, ships=4, days_ahead=32, first=11)
    with serving(db) as (server, app):
        yield server, {"visit": visit, "notice": notice, "crowd": crowd, "clock": app.state.clock}


def test_a_deployment_is_approved_cleared_and_arrives_through_the_pages(served: tuple[str, dict[str, Any]]) -> None:
    server, made = served
    visit, notice, crowd = made["visit"], made["notice"], made["crowd"]
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="en-GB", viewport={"width": 1280, "height": 800})
            _as(page, server, "rus.commander")
            page.click("nav a[href='/deployments']")
            page.wait_for_selector("#deployments")
            page.screenshot(path=str(SHOTS / "relos-deployments.png"), full_page=True)
            page.click(f"tr[data-deployment='{visit['id']}'] a")
            page.wait_for_selector("#deployment")
            assert page.get_attribute("#deployment-status", "data-status") == "submitted"
            page.screenshot(path=str(SHOTS / "relos-deployment-submitted.png"), full_page=True)
            page.click("#approve-deployment")
            page.wait_for_selector("#done")
            assert page.get_attribute("#deployment-status", "data-status") == "approved"
            page.goto(f"{server}/deployments/{crowd['id']}")
            page.click("#approve-deployment")
            page.wait_for_selector("#refusal-explanation")
            assert page.get_attribute("#deployment-status", "data-status") == "submitted"
            assert page.locator("#refusal-explanation tr[data-limit='facility:RU-T7M:berths']").count() == 1
            assert "UTC" in page.inner_text("#refusal-explanation-window")
            page.screenshot(path=str(SHOTS / "relos-deployment-refused.png"), full_page=True)
            _as(page, server, "rus.clearance")
            page.click("nav a[href='/clearances']")
            page.wait_for_selector("#clearances")
            page.screenshot(path=str(SHOTS / "relos-clearances.png"), full_page=True)
            page.click(f"#clearances tr[data-clearance='{notice['id']}'] a")
            page.wait_for_selector("#clearance")
            page.fill("#clearance-number-input", "RU-PC-101")
            page.click("#approve-clearance")
            page.wait_for_selector("#done")
            assert page.get_attribute("#clearance-status", "data-status") == "approved"
            assert page.inner_text("#clearance-number") == "RU-PC-101"
            page.screenshot(path=str(SHOTS / "relos-clearance-approved.png"), full_page=True)
            _as(page, server, "rus.logistics")
            page.goto(f"{server}/deployments/{visit['id']}")
            # the visit begins 30 days from today: the server's clock stands an hour into it (an arrival is a fact)
            made["clock"].pin(datetime.fromisoformat(visit["start"]) + timedelta(hours=1))
            page.fill("#arrived-at-input", visit["start"][:16])
            page.click("#record-arrival")
            page.wait_for_selector("#done")
            assert page.get_attribute("#deployment-status", "data-status") == "arrived"
            assert locale_format.day(visit["start"], "en") in page.inner_text("#arrived-at")
            page.screenshot(path=str(SHOTS / "relos-deployment-arrived.png"), full_page=True)
            page.click("a[hreflang=ru]")
            page.wait_for_selector("html[lang=ru]")
            assert page.inner_text("#deployment-status") == "на месте"
            page.screenshot(path=str(SHOTS / "relos-deployment-arrived-ru.png"), full_page=True)
            _as(page, server, "ind.requester")
            page.goto(f"{server}/presence?agreement=relos-ind-rus&host=RUS&lang=en")
            page.wait_for_selector("#steps")
            page.screenshot(path=str(SHOTS / "relos-presence.png"), full_page=True)
        finally:
            browser.close()

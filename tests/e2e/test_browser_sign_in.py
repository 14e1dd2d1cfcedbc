"""A real browser (Debian's chromium, driven by Playwright) signs in, sees its landing page and
signs out, against uvicorn serving a test database on a free local port."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.services.facilities.bundled import load_bundled_agreements
from relos.services.people import users
from relos.settings import Settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOT = Path(os.environ.get("RELOS_SCREENSHOT_DIR", "/tmp")) / "relos-landing.png"
PASSWORD = "correct horse battery staple"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (apt-get install chromium)"
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(sqlite_template: Path, tmp_path: Path) -> Iterator[str]:
    uvicorn = pytest.importorskip("uvicorn")
    from relos.server import create_app

    path = tmp_path / "browser.sqlite3"
    shutil.copy(sqlite_template, path)
    db = Database(f"sqlite:///{path}")
    operator = Actor.operator("test")
    load_bundled_agreements(db.uow(), actor=operator)
    users.create_user(
        db.uow(),
        actor=operator,
        user_id="priya",
        party="IND",
        roles=["auditor", "administrator"],
        password=PASSWORD,
        display_name="Priya Sharma",
    )
    # Secure cookies, as by default: browsers keep them over http on the loopback interface
    settings = Settings(database_url=db.url, secret_key="browser-test-key-" + "x" * 32, cookie_secure=True)
    port = _free_port()
    config = uvicorn.Config(create_app(settings, db), host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)
    db.dispose()


def test_sign_in_landing_page_and_sign_out_in_a_real_browser(server: str) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(locale="en-GB", viewport={"width": 1280, "height": 720})
            page.goto(f"{server}/")
            assert page.url == f"{server}/sign-in"
            page.fill("#user_id", "priya")
            page.fill("#password", "wrong password")
            page.click("#sign-in")
            assert "wrong user name or password" in page.inner_text("[role=alert]")
            page.fill("#password", PASSWORD)
            page.click("#sign-in")
            page.wait_for_selector("#agreements")
            assert page.url == f"{server}/"
            rows = page.locator("#agreements tbody tr")
            assert rows.count() == 2
            assert {rows.nth(i).get_attribute("data-agreement") for i in range(2)} == {"relos-ind-rus", "lemoa-ind-usa"}
            cookie = next(c for c in page.context.cookies() if c["name"] == "relos_session")
            assert cookie["httpOnly"] and cookie["secure"] and cookie["sameSite"] == "Lax"
            page.screenshot(path=str(SCREENSHOT), full_page=True)
            page.click("a[hreflang=ru]")
            page.wait_for_selector("html[lang=ru]")
            assert page.inner_text("h1") == "Обзор"
            page.screenshot(path=str(SCREENSHOT.with_name("relos-landing-ru.png")), full_page=True)
            page.click("#sign-out")
            page.wait_for_selector("#sign-in")
            assert page.url == f"{server}/sign-in"
            page.goto(f"{server}/")
            assert page.url == f"{server}/sign-in"
        finally:
            browser.close()

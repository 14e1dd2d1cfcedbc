"""The whole life of RELOS in a real browser (Debian's chromium, driven by Playwright), in English and again in
Russian, through the pages alone: nothing but a fresh database (as `relos init` leaves it) and each party's
bootstrap administrator exists before (an administrator creates users of their own party only, so Russia's
people need Russia's). India's administrator records RELOS's entry into force and both administrators create
their people; India's requester creates and submits a deployment of five frigates to Vladivostok, and a sixth
warship beside it; Russia's approver sees the cap check and approves the five, and the sixth is refused with
its explanation and the earliest window; India's clearance officer prepares and submits the port-call notice
and Russia's approves it; Russia's logistics officer records the arrival and imports Russia's price list; a
support order is made from it, signed by both, accepted, delivered, receipted, billed and paid; India's
finance officer downloads the statement; India's planner draws the route Mumbai → Vladivostok and the 30-day
reach with and without RELOS. Every page is kept as relos-life-<lang>-<nn>-<step>.png in RELOS_SCREENSHOT_DIR
(default /tmp) and passes axe-core with no serious or critical violation. English runs on SQLite, Russian on
PostgreSQL when RELOS_TEST_POSTGRES_URL is set (on SQLite otherwise)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from tests.e2e.test_browser_deployments import serving
from tests.e2e.test_browser_sign_in import CHROMIUM, CHROMIUM_ARGS
from tests.e2e.whole_life_steps import admit_and_refuse, clear_and_arrive, create_people, order_to_payment, plan
from tests.e2e.whole_life_walk import AXE, Walker, plain

from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.services.facilities.bundled import load_bundled_agreements, load_bundled_reference_data
from relos.services.people import users

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"),
    pytest.mark.skipif(not AXE.exists(), reason="needs node_modules/axe-core (scripts/setup runs npm ci)"),
]

#: The bootstrap administrators' passphrase (`relos user create` would set it at the console).
BOOTSTRAP = "bootstrap passphrase of the administrator"


@pytest.fixture
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(params=["en", "ru"])
def fresh(request: pytest.FixtureRequest, sqlite_template: Path, tmp_path: Path) -> Iterator[tuple[str, str, Any]]:
    """The walk's language, and a server over a fresh database with the two bootstrap administrators."""
    lang = request.param
    url = request.getfixturevalue("pg_url") if lang == "ru" else None
    if url is not None:
        from tests.conftest import _truncate_all

        _truncate_all(url)
        db = Database(url)
    else:
        path = tmp_path / "life.sqlite3"
        path.write_bytes(sqlite_template.read_bytes())
        db = Database(f"sqlite:///{path}")
    operator = Actor.operator("console")
    load_bundled_agreements(db.uow(), actor=operator)
    load_bundled_reference_data(db.uow(), actor=operator)
    for user_id, party in (("ind.admin", "IND"), ("rus.admin", "RUS")):
        users.create_user(
            db.uow(), actor=operator, user_id=user_id, party=party, roles=["administrator"], password=BOOTSTRAP
        )
    with serving(db) as (server, app):
        yield lang, server, app.state.clock
        app.state.clock.pin(None)


def test_the_whole_life_of_relos_through_the_browser(fresh: tuple[str, str, Any], browser: Any, tmp_path: Path) -> None:
    lang, server, clock = fresh
    # the policy allows scripts from the application only; axe is the test's, so it is let in here
    context = browser.new_context(
        locale="en-GB", viewport={"width": 1280, "height": 900}, bypass_csp=True, accept_downloads=True
    )
    walker = Walker(context.new_page(), server, lang)
    walker.go(f"/sign-in?lang={lang}")  # the language is remembered in a cookie
    start = datetime.combine(datetime.now(UTC).date() + timedelta(days=30), datetime.min.time(), tzinfo=UTC)
    create_people(walker, BOOTSTRAP)
    deployment, reference = admit_and_refuse(walker, start)
    clear_and_arrive(walker, deployment, start, clock, tmp_path)
    statement = order_to_payment(walker, tmp_path, reference)
    total = {"en": "101,500.00 RUB", "ru": "101 500,00 RUB"}[lang]  # the invoice, paid, in the statement's language
    assert "INS Tabar" in statement and total in plain(statement)
    plan(walker)
    context.close()
    assert len(walker.shots) >= 20 and all(p.stat().st_size > 0 for p in walker.shots)
    assert not walker.problems, "\n".join(walker.problems)

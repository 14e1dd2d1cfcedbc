"""Fixtures shared by the whole suite: a fresh, migrated database on each backend.

SQLite always runs. PostgreSQL runs when a server answers at RELOS_TEST_POSTGRES_URL (default
postgresql://postgres@127.0.0.1:5432/test); otherwise its tests are skipped with the reason, unless
RELOS_REQUIRE_POSTGRES=1 (as in .ci/run), where an unreachable server is an error.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from relos.db.runtime import Database
from relos.db.tables import metadata
from relos.domain.actor import Actor
from relos.services.facilities.bundled import load_bundled_agreements

PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[pytest.TestReport]:
    """In CI (RELOS_NO_SKIPS=1) nothing may skip: a skipped test fails, with the reason it gave."""
    report: pytest.TestReport = yield
    if report.skipped and os.environ.get("RELOS_NO_SKIPS") == "1" and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped where nothing may skip (RELOS_NO_SKIPS=1): {reason}"
    return report


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The figures the reliability suite measured (tests/reliability), also when its tests ran on xdist workers."""
    found = [
        value
        for reports in terminalreporter.stats.values()
        for report in reports
        if getattr(report, "when", None) == "call"
        for name, value in getattr(report, "user_properties", [])
        if name == "reliability"
    ]
    if found:
        terminalreporter.section("reliability: throughput and latency")
        for text_ in found:
            terminalreporter.write_line(str(text_))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        callspec = getattr(item, "callspec", None)
        if callspec and callspec.params.get("database") == "postgres":
            item.add_marker(pytest.mark.postgres)


@pytest.fixture(scope="session")
def pg_admin_url() -> str | None:
    url = os.environ.get("RELOS_TEST_POSTGRES_URL", PG_DEFAULT)
    try:
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        return url
    except Exception as exc:
        if os.environ.get("RELOS_REQUIRE_POSTGRES") == "1":
            raise RuntimeError(f"PostgreSQL required but not reachable at {url}: {exc}") from exc
        return None


@pytest.fixture(scope="session")
def pg_url(pg_admin_url: str | None) -> Iterator[str | None]:
    """A database of our own on the server, migrated once, dropped at the end."""
    if pg_admin_url is None:
        yield None
        return
    name = f"relos_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = str(make_url(pg_admin_url).set(database=name).render_as_string(hide_password=False))
    db = Database(url)
    db.migrate()
    db.dispose()
    yield url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "relos.sqlite3"
    db = Database(f"sqlite:///{path}")
    db.migrate()
    db.dispose()
    return path


def _truncate_all(url: str) -> None:
    engine = create_engine(url)
    names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """An empty, migrated database on each backend; every test gets a clean one."""
    if request.param == "sqlite":
        path = tmp_path / "relos.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        db = Database(f"sqlite:///{path}")
    else:
        url = request.getfixturevalue("pg_url")
        if url is None:
            pytest.skip("PostgreSQL not reachable (set RELOS_TEST_POSTGRES_URL to run these)")
        _truncate_all(url)
        db = Database(url)
    yield db
    db.dispose()


@pytest.fixture
def loaded(database: Database) -> Database:
    """The database with the bundled reference data loaded, as after `relos init`."""
    load_bundled_agreements(database.uow(), actor=Actor.operator("test"))
    return database


@pytest.fixture
def operator() -> Actor:
    return Actor.operator("test")


@pytest.fixture
def catalogue(loaded: Database) -> Database:
    """`loaded` plus the bundled facilities, ship classes, aircraft types and planning factors (issue 4)."""
    from relos.services.facilities.bundled import load_bundled_reference_data

    load_bundled_reference_data(loaded.uow(), actor=Actor.operator("test"))
    return loaded


#: RELOS's date of entry into force is not public; the order and ledger tests take it in force from this day.
RELOS_ASSUMED_IN_FORCE = date(2026, 1, 1)


def take_relos_in_force(db: Database) -> Database:
    """Record RELOS's entry into force on RELOS_ASSUMED_IN_FORCE (a test assumption, said in the source)."""
    from relos.domain.agreements import AgreementEvent, EventKind
    from relos.services.agreements import register as agreements

    event = AgreementEvent(
        EventKind.ENTRY_INTO_FORCE, RELOS_ASSUMED_IN_FORCE, "test assumption: the real date is not public"
    )
    agreements.record_event(
        db.uow(), actor=Actor.operator("test"), agreement_id="relos-ind-rus", event=event, at=RELOS_ASSUMED_IN_FORCE
    )
    return db


@pytest.fixture
def orders_db(catalogue: Database) -> Database:
    """`catalogue` with RELOS in force from RELOS_ASSUMED_IN_FORCE: support is ordered only under pacts in force."""
    return take_relos_in_force(catalogue)


@pytest.fixture(autouse=True, scope="session")
def cheap_password_hashing() -> Iterator[None]:
    """Argon2 at its cheapest parameters in tests: the real ones cost ~0.2 s a hash by design."""
    from argon2 import PasswordHasher, profiles

    from relos.services.people._passwords import use_hasher

    previous = use_hasher(PasswordHasher.from_parameters(profiles.CHEAPEST))
    yield
    use_hasher(previous)


@pytest.fixture(autouse=True)
def data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """RELOS_DATA_DIR in a temporary folder: `relos init` writes its secret key there, not in $HOME."""
    path = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("RELOS_DATA_DIR", str(path))
    return path

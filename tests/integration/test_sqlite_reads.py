"""The catalogue and the register read from an SQLite file without SQLAlchemy (relos.db.sqlite_reads) are what the
unit of work reads, and `relos route` answers the same over either."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from relos.cli import planning
from relos.cli.main import app
from relos.db import sqlite_reads
from relos.db.runtime import Database
from relos.db.sqlite_reads import SqliteReads, open_sqlite_reads, sqlite_file
from relos.domain.actor import Actor
from relos.domain.agreements import AgreementEvent, EventKind
from relos.services.agreements import register

SQLITE = pytest.mark.parametrize("database", ["sqlite"], indirect=True)

runner = CliRunner()


@pytest.fixture
def recorded(catalogue: Database) -> Database:
    """The catalogue with events recorded on RELOS, one naming a party."""
    events = (
        AgreementEvent(EventKind.ENTRY_INTO_FORCE, date(2026, 1, 1), "test: assumed"),
        AgreementEvent(EventKind.NOTE, date(2026, 6, 2), "test: a note", party="IND", note="a note"),
    )
    for event in events:
        register.record_event(
            catalogue.uow(), actor=Actor.operator("test"), agreement_id="relos-ind-rus", event=event, at=event.on
        )
    return catalogue


def _reads(db: Database) -> SqliteReads:
    reads = open_sqlite_reads(db.url)
    assert reads is not None
    return reads


@SQLITE
def test_the_reads_are_the_unit_of_works(recorded: Database) -> None:
    with recorded.uow() as uow:
        facilities = uow.facilities.list()
        classes = uow.ship_classes.list()
        factors = uow.planning_factors.list()
        agreements = uow.agreements.list()
        ship = uow.ship_classes.get("talwar")
        factor = uow.planning_factors.get("fuel-reserve-fraction")
        relos = uow.agreements.get("relos-ind-rus")
    with _reads(recorded) as reads:
        assert reads.facilities.list() == facilities and len(facilities) > 50
        assert [reads.facilities.get(f.id) for f in facilities] == facilities
        assert [reads.ship_classes.get(s.id) for s in classes] == classes
        assert [reads.planning_factors.get(f.id) for f in factors] == factors
        assert reads.agreements.list() == agreements
        assert reads.ship_classes.get("talwar") == ship and reads.planning_factors.get(factor.id) == factor  # type: ignore[union-attr]
        assert reads.agreements.get("relos-ind-rus") == relos and relos is not None and len(relos.events) >= 2
        assert reads.facilities.get("XX-NONE") is None and reads.agreements.get("none") is None


def test_only_a_plain_sqlite_file_that_exists_is_read(tmp_path: Path) -> None:
    assert sqlite_file("sqlite:///relos.sqlite3") == "relos.sqlite3"
    assert sqlite_file("sqlite:////var/lib/relos.sqlite3") == "/var/lib/relos.sqlite3"
    for url in ("sqlite://", "sqlite:///:memory:", "sqlite:///a.db?timeout=3", "sqlite+pysqlite:///a.db",
                "postgresql+psycopg://u@h/db", "sqlite:///file:a.db", "sqlite:///a%20b.db"):  # fmt: skip
        assert sqlite_file(url) is None, url
    assert open_sqlite_reads(f"sqlite:///{tmp_path}/missing.sqlite3") is None


def _route(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["route", "--from", "IN-BOM", "--to", "RU-VVO", *args, "--json"])
    return result.exit_code, result.stdout


@SQLITE
def test_a_route_reads_the_file_and_answers_as_the_unit_of_work(
    recorded: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RELOS_DATABASE_URL", recorded.url)
    asks = [
        ("--unconstrained",),
        ("--ship-class", "talwar", "--range-nm", "4850", "--party", "IND", "--at", "2026-08-01"),
    ]
    with monkeypatch.context() as patched:
        patched.setattr(planning, "database", lambda: pytest.fail("the unit of work was used"))
        read = [_route(*ask) for ask in asks]
    assert json.loads(read[1][1])["agreements"] == ["lemoa-ind-usa", "relos-ind-rus"]

    def fails(self: SqliteReads) -> SqliteReads:
        raise sqlite3.OperationalError("no such table: facilities")

    monkeypatch.setattr(sqlite_reads.SqliteReads, "__enter__", fails)  # as on a schema not upgraded: the unit of work
    assert [_route(*ask) for ask in asks] == read

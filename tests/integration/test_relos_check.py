"""`relos check` holds a live database to every invariant: each is broken here directly in the database (as a
write behind the application's back would, its triggers and foreign keys out of the way) and seen named."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from tests.integration.deployments_helpers import approved, prepare
from typer.testing import CliRunner

from relos.cli.main import app
from relos.db.runtime import Database
from relos.domain.ledger.accounts import AccountKind, AccountRef
from relos.domain.ledger.money import Money
from relos.domain.ledger.transactions import Posting, Transaction

runner = CliRunner()


@pytest.fixture
def world(loaded: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    """Three warships approved at the test base (4 berths; RELOS caps warships at 5), one balanced payment."""
    monkeypatch.setenv("RELOS_DATABASE_URL", loaded.url)
    monkeypatch.setenv("COLUMNS", "400")
    db = prepare(loaded)
    approved(db, start=0, end=10, ships=3)
    ind = AccountRef("relos-ind-rus", "IND", AccountKind.CASH, "RUS", "INR")
    rus = AccountRef("relos-ind-rus", "RUS", AccountKind.CASH, "IND", "INR")
    paid = Money.from_minor(150_000, "INR")
    with db.uow() as uow:
        uow.ledger.post(
            Transaction("t-1", date(2026, 3, 2), "payment", (Posting(ind, paid), Posting(rus, -paid))),
            kind="payment",
            order_id=None,
            recorded_by="test",
            now=datetime(2026, 3, 2, 12, tzinfo=UTC),
        )
        uow.commit()
    return db


def _check() -> tuple[int, str]:
    result = runner.invoke(app, ["check"])
    return result.exit_code, result.output


def _behind_the_back(db: Database, *statements: str) -> None:
    """Run `statements` with the ledger's triggers and the foreign keys out of the way."""
    if db.engine.dialect.name == "sqlite":
        conn = sqlite3.connect(str(make_url(db.url).database))  # foreign keys off: sqlite3's default
        for trigger in ("ledger_postings_no_update", "ledger_transactions_no_update"):
            conn.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        for statement in statements:
            conn.execute(statement)
        conn.commit()
        conn.close()
        return
    with db.engine.begin() as conn:
        conn.execute(text("SET LOCAL session_replication_role = replica"))  # no triggers, no foreign keys
        for statement in statements:
            conn.execute(text(statement))


def test_a_consistent_database_passes(world: Database) -> None:
    code, out = _check()
    assert code == 0, out
    assert "every invariant holds" in out


BREAKS = {
    "audit_chain": (
        "UPDATE audit_log SET entity_id = 'forged' WHERE seq = 3",
        "audit_chain: entry 3",
    ),
    "presence_cap": (
        "UPDATE deployments SET warships = 6",
        "presence_cap: relos-ind-rus: RUS in IND's territory holds 6 warships at 2026-03-01T00:00:00Z, the cap is 5",
    ),
    "facility_capacity": (
        "UPDATE facilities SET berths = 2 WHERE id = 'IN-TST'",
        "facility_capacity: facility:IN-TST:berths holds 3 at 2026-03-01T00:00:00Z, the capacity is 2",
    ),
    "transaction_balanced": (
        "UPDATE ledger_postings SET amount_minor = 150001 WHERE amount_minor = 150000",
        "transaction_balanced: transaction t-1 nets to 1 (minor units) in INR",
    ),
    "account_balance": (
        "UPDATE ledger_accounts SET currency = 'RUB' WHERE party = 'IND'",
        "account_balance: account relos-ind-rus/IND/cash/RUS (#",
    ),
}


@pytest.mark.parametrize("invariant", list(BREAKS))
def test_each_broken_invariant_is_named_first(world: Database, invariant: str) -> None:
    statement, named = BREAKS[invariant]
    _behind_the_back(world, statement)
    code, out = _check()
    assert code == 1
    assert out.startswith(f"invariant broken: {named}"), out


def test_balance_says_what_its_postings_sum_to(world: Database) -> None:
    _behind_the_back(world, BREAKS["account_balance"][0])
    assert "balance 150000 but its postings in RUB sum to 0 (minor units)" in _check()[1]


def test_a_populated_database_holds_every_invariant(orders_db: Database) -> None:
    """Deployments, a refusal by the caps, clearances, orders billed and part paid: nothing is broken."""
    from tests.e2e.populated_world import populate

    from relos.clock import Clock
    from relos.db.integrity import SqlLedgerIntegrity
    from relos.services.operations.invariants import check_invariants
    from relos.settings import Settings

    populate(orders_db)
    with orders_db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM ledger_postings")).scalar_one() > 0
    now = Clock.from_settings(Settings()).now()
    assert check_invariants(orders_db.uow(read_only=True), ledger=SqlLedgerIntegrity(orders_db.engine), now=now) == []

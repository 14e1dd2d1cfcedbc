"""The ledger's month sums (ledger_account_months, kept by the database as postings are written) say what the
postings say: on a seeded history, on both databases, each account's sum per month equals its postings summed,
the balances on any day (the first of a month, within one, before and after everything) and over any period equal
the postings summed straight, and the migration that adds the sums fills them from postings already written."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import pytest
from alembic import command
from sqlalchemy import inspect, select
from tests.integration.ledger_history import play
from tests.integration.test_ledger_statement_truth import FIXED, prepare

from relos.db.migrate import alembic_config, upgrade
from relos.db.runtime import Database
from relos.db.tables.ledger import LedgerAccountMonthRow, LedgerPostingRow
from relos.domain.ledger.balances import Balances

AGREEMENT = "relos-ind-rus"
MIGRATION = "0016_ledger_account_months"


@pytest.fixture
def history(database: Database) -> Database:
    db = prepare(database)
    play(db, FIXED)
    return db


def _postings(db: Database) -> list[tuple[int, date, int]]:
    p = LedgerPostingRow
    with db.engine.connect() as conn:
        return [(a, d, m) for a, d, m in conn.execute(select(p.account_id, p.booked_on, p.amount_minor))]


def _month_sums(db: Database) -> dict[tuple[int, date], int]:
    m = LedgerAccountMonthRow
    with db.engine.connect() as conn:
        return {
            (a, month): int(total) for a, month, total in conn.execute(select(m.account_id, m.month, m.amount_minor))
        }


def _expected_months(postings: list[tuple[int, date, int]]) -> dict[tuple[int, date], int]:
    found: dict[tuple[int, date], int] = defaultdict(int)
    for account, day, minor in postings:
        found[(account, day.replace(day=1))] += minor
    return dict(found)


def _straight(postings: list[tuple[int, date, int]], start: date | None, end: date) -> dict[str, int]:
    """Each account's postings booked in [start, end) summed in Python, by the account's id, zeros left out."""
    found: dict[int, int] = defaultdict(int)
    for account, day, minor in postings:
        if (start is None or day >= start) and day < end:
            found[account] += minor
    return {str(a): m for a, m in found.items() if m}


def _by_id(db: Database, balances: Balances) -> dict[str, int]:
    with db.uow() as uow:
        ids = uow.ledger._account_ids({acc for acc, _ in balances})  # type: ignore[attr-defined]
    return {str(ids[acc]): money.to_minor() for acc, money in balances}


def test_the_month_sums_and_the_balances_say_what_the_postings_say(history: Database) -> None:
    postings = _postings(history)
    assert len(postings) > 20
    assert _month_sums(history) == _expected_months(postings)
    first, last = min(d for _, d, _ in postings), max(d for _, d, _ in postings)
    days = [first - timedelta(1), first, first.replace(day=1), last, last + timedelta(1), last + timedelta(400)]
    days += [date(2026, m, d) for m in (3, 4, 7, 12) for d in (1, 2, 15, 28)] + [date(2027, 5, 31), date(2027, 6, 1)]
    for day in days:
        with history.uow() as uow:
            on_day = uow.ledger.balances(agreement_id=AGREEMENT, before=day)
        assert _by_id(history, on_day) == _straight(postings, None, day), day
    for start, end in ((date(2026, 3, 1), date(2026, 4, 1)), (date(2026, 3, 15), date(2026, 3, 20)), (first, last)):
        with history.uow() as uow:
            opening, moved = uow.ledger.period_balances(agreement_id=AGREEMENT, start=start, end=end)
        assert _by_id(history, opening) == _straight(postings, None, start)
        assert _by_id(history, moved) == _straight(postings, start, end)


def test_the_migration_fills_the_month_sums_from_the_postings_already_written(history: Database) -> None:
    expected = _month_sums(history)
    with history.engine.begin() as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, f"{MIGRATION}-1")
    assert not inspect(history.engine).has_table("ledger_account_months")
    upgrade(history.engine)
    assert _month_sums(history) == expected and expected

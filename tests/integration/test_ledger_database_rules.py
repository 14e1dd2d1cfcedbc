"""The database itself refuses what breaks the ledger, written by raw SQL behind the application."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError

from relos.db.runtime import Database

NOW = datetime(2026, 3, 1, tzinfo=UTC)
COLS = "transaction_id, account_id, currency, booked_on, amount_minor"


def _rows(txn: str, amounts: list[tuple[str, int]]) -> list[dict[str, object]]:
    return [{"t": txn, "acc": i + 1, "cur": cur, "amt": amt} for i, (cur, amt) in enumerate(amounts)]


def accounts(db: Database, currencies: list[str]) -> None:
    """Four accounts per currency (ids 1-4 for the first currency's postings, in order)."""
    kinds = [
        ("RUS", "accrued_receivable", "IND"),
        ("RUS", "support_provided", "IND"),
        ("IND", "support_received", "RUS"),
        ("IND", "accrued_payable", "RUS"),
    ]
    with db.engine.begin() as conn:
        for i, cur in enumerate(currencies):
            party, kind, cp = kinds[i]
            conn.execute(
                text(
                    "INSERT INTO ledger_accounts (id, agreement_id, party, kind, counterparty, currency)"
                    " VALUES (:id, 'pact', :p, :k, :c, :cur)"
                ),
                {"id": i + 1, "p": party, "k": kind, "c": cp, "cur": cur},
            )


def raw_post(db: Database, txn: str, amounts: list[tuple[str, int]]) -> None:
    """Write a transaction by raw SQL the way each database's gate expects."""
    rows = _rows(txn, amounts)
    if count(db, "ledger_accounts") == 0:
        accounts(db, [cur for cur, _ in amounts])
    head = {"id": txn, "on": date(2026, 3, 1), "now": NOW}
    header = (
        "INSERT INTO ledger_transactions (id, agreement_id, booked_on, kind, description, refs, recorded_by,"
        " recorded_at) VALUES (:id, 'pact', :on, 'raw', 'raw', '[]', 'intruder', :now)"
    )
    values = "(:t, :acc, :cur, '2026-03-01', :amt)"
    with db.engine.begin() as conn:
        if db.engine.dialect.name == "sqlite":
            conn.execute(text(f"INSERT INTO ledger_postings ({COLS}) VALUES {values}"), rows)
            conn.execute(text(header), head)
        else:
            conn.execute(text(header), head)
            conn.execute(text(f"INSERT INTO ledger_postings ({COLS}) VALUES {values}"), rows)


def count(db: Database, table: str) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())


def test_database_accepts_balanced_transaction(database: Database) -> None:
    raw_post(database, "t1", [("RUB", 100), ("RUB", -100), ("RUB", 100), ("RUB", -100)])
    assert count(database, "ledger_postings") == 4


def test_database_refuses_unbalanced_transaction(database: Database) -> None:
    with pytest.raises(DBAPIError, match="does not balance"):
        raw_post(database, "t1", [("RUB", 100), ("RUB", -99), ("RUB", 100), ("RUB", -100)])
    assert count(database, "ledger_postings") == 0
    assert count(database, "ledger_transactions") == 0


def test_database_refuses_transaction_balanced_only_across_currencies(database: Database) -> None:
    with pytest.raises(DBAPIError, match="does not balance"):
        raw_post(database, "t1", [("RUB", 100), ("INR", -100), ("RUB", 100), ("RUB", -100)])


def test_database_refuses_posting_added_to_a_closed_transaction(database: Database) -> None:
    raw_post(database, "t1", [("RUB", 100), ("RUB", -100), ("RUB", 100), ("RUB", -100)])
    with pytest.raises(DBAPIError, match="ledger"), database.engine.begin() as conn:
        conn.execute(text(f"INSERT INTO ledger_postings ({COLS}) VALUES ('t1', 1, 'RUB', '2026-03-01', 5)"))
    assert count(database, "ledger_postings") == 4


@pytest.mark.parametrize("sql", ["UPDATE ledger_postings SET amount_minor = 1", "DELETE FROM ledger_postings"])
def test_database_refuses_update_or_delete_of_postings(database: Database, sql: str) -> None:
    raw_post(database, "t1", [("RUB", 100), ("RUB", -100), ("RUB", 100), ("RUB", -100)])
    with pytest.raises(DBAPIError, match="append-only"), database.engine.begin() as conn:
        conn.execute(text(sql))


def test_database_refuses_deleting_a_transaction(database: Database) -> None:
    raw_post(database, "t1", [("RUB", 100), ("RUB", -100), ("RUB", 100), ("RUB", -100)])
    with pytest.raises(DBAPIError, match="append-only"), database.engine.begin() as conn:
        conn.execute(text("DELETE FROM ledger_transactions"))


def test_database_refuses_posting_in_another_currency_than_its_account(database: Database) -> None:
    raw_post(database, "t1", [("RUB", 100), ("RUB", -100), ("RUB", 100), ("RUB", -100)])
    with pytest.raises(IntegrityError):
        raw_post(database, "t2", [("INR", 100), ("INR", -100), ("INR", 100), ("INR", -100)])


def test_database_refuses_postings_without_their_transaction(database: Database) -> None:
    accounts(database, ["RUB", "RUB"])
    with pytest.raises(IntegrityError), database.engine.begin() as conn:
        conn.execute(
            text(f"INSERT INTO ledger_postings ({COLS}) VALUES ('ghost', 1, 'RUB', '2026-03-01', 5)"),
        )
    assert count(database, "ledger_postings") == 0


def test_database_refuses_zero_amount(database: Database) -> None:
    with pytest.raises(IntegrityError):
        raw_post(database, "t1", [("RUB", 0), ("RUB", 0), ("RUB", 100), ("RUB", -100)])

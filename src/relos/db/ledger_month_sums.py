"""Each ledger account's postings summed per calendar month (`ledger_account_months`), kept by the database as
postings are written, so that a balance on any day reads a few rows a month instead of every posting: the months
before that day's month from the sums, the days of its own month from the postings (repositories/ledger.py).

Postings are append-only (ledger_triggers), so a month's sum only ever grows by the postings added to it. SQLite:
a trigger on each new posting adds its amount to its account's month (an upsert). PostgreSQL: a statement-level
trigger adds each statement's new postings, summed per account and month, in (account, month) order, so two
transactions writing to the same accounts take their rows' locks in the same order. The migration that creates
the table fills it from the postings already written.
"""

from __future__ import annotations

SQLITE_UP = [
    """
    CREATE TRIGGER ledger_postings_month_sums AFTER INSERT ON ledger_postings
    BEGIN
        INSERT INTO ledger_account_months (account_id, month, amount_minor)
        VALUES (NEW.account_id, date(NEW.booked_on, 'start of month'), NEW.amount_minor)
        ON CONFLICT (account_id, month) DO UPDATE SET amount_minor = amount_minor + excluded.amount_minor;
    END
    """,
    """
    INSERT INTO ledger_account_months (account_id, month, amount_minor)
    SELECT account_id, date(booked_on, 'start of month'), SUM(amount_minor) FROM ledger_postings
    GROUP BY account_id, date(booked_on, 'start of month')
    """,
]

SQLITE_DOWN = ["DROP TRIGGER IF EXISTS ledger_postings_month_sums"]

POSTGRES_UP = [
    """
    CREATE FUNCTION ledger_add_month_sums() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO ledger_account_months (account_id, month, amount_minor)
        SELECT account_id, date_trunc('month', booked_on)::date, SUM(amount_minor) FROM new_postings
        GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (account_id, month)
        DO UPDATE SET amount_minor = ledger_account_months.amount_minor + EXCLUDED.amount_minor;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER ledger_postings_month_sums AFTER INSERT ON ledger_postings
    REFERENCING NEW TABLE AS new_postings FOR EACH STATEMENT EXECUTE FUNCTION ledger_add_month_sums()
    """,
    """
    INSERT INTO ledger_account_months (account_id, month, amount_minor)
    SELECT account_id, date_trunc('month', booked_on)::date, SUM(amount_minor) FROM ledger_postings GROUP BY 1, 2
    """,
]

POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS ledger_postings_month_sums ON ledger_postings",
    "DROP FUNCTION IF EXISTS ledger_add_month_sums()",
]


def statements(dialect: str, *, up: bool) -> list[str]:
    """The SQL that creates the trigger and fills the month sums (up), or drops the trigger, on `dialect`."""
    if dialect == "postgresql":
        return POSTGRES_UP if up else POSTGRES_DOWN
    if dialect == "sqlite":
        return SQLITE_UP if up else SQLITE_DOWN
    raise RuntimeError(f"the ledger's month sums are written for SQLite and PostgreSQL, not {dialect}")

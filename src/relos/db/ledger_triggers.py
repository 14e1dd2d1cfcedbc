"""The ledger's rules the database enforces on its own, against writes behind the application's back.

PostgreSQL: a deferred constraint trigger on each new transaction checks, at commit, that its
postings number at least two and net to zero per currency; a statement-level trigger refuses
postings for a transaction created by another (earlier) database transaction, so nothing can be
added to a checked transaction later; postings and transactions refuse UPDATE and DELETE.

SQLite has no deferred triggers, but it has deferred foreign keys: a transaction's postings are
written first (their foreign key to `ledger_transactions` is checked at COMMIT, so postings
without a header make the commit fail), then its header; a trigger on the header's insert
refuses it unless its postings number at least two and net to zero per currency. A posting for
a transaction whose header already exists is refused, so nothing can be added to a checked
transaction; postings and headers refuse UPDATE and DELETE. (This relies on
`PRAGMA foreign_keys=ON`, which relos.db.engine sets on every connection.)
"""

from __future__ import annotations

SQLITE_UP = [
    """
    CREATE TRIGGER ledger_transaction_balanced AFTER INSERT ON ledger_transactions
    BEGIN
        SELECT RAISE(ABORT, 'ledger: a transaction needs at least two postings')
        WHERE (SELECT COUNT(*) FROM ledger_postings WHERE transaction_id = NEW.id) < 2;
        SELECT RAISE(ABORT, 'ledger: transaction does not balance per currency')
        WHERE EXISTS (
            SELECT 1 FROM ledger_postings WHERE transaction_id = NEW.id
            GROUP BY currency HAVING SUM(amount_minor) <> 0
        );
    END
    """,
    """
    CREATE TRIGGER ledger_postings_before_their_transaction BEFORE INSERT ON ledger_postings
    WHEN EXISTS (SELECT 1 FROM ledger_transactions WHERE id = NEW.transaction_id)
    BEGIN
        SELECT RAISE(ABORT, 'ledger: postings are written before their transaction, never added to one');
    END
    """,
    """
    CREATE TRIGGER ledger_postings_no_update BEFORE UPDATE ON ledger_postings
    BEGIN
        SELECT RAISE(ABORT, 'ledger: postings are append-only (post a reversing entry)');
    END
    """,
    """
    CREATE TRIGGER ledger_postings_no_delete BEFORE DELETE ON ledger_postings
    BEGIN
        SELECT RAISE(ABORT, 'ledger: postings are append-only (post a reversing entry)');
    END
    """,
    """
    CREATE TRIGGER ledger_transactions_no_update BEFORE UPDATE ON ledger_transactions
    BEGIN
        SELECT RAISE(ABORT, 'ledger: transactions are append-only (post a reversing entry)');
    END
    """,
    """
    CREATE TRIGGER ledger_transactions_no_delete BEFORE DELETE ON ledger_transactions
    BEGIN
        SELECT RAISE(ABORT, 'ledger: transactions are append-only (post a reversing entry)');
    END
    """,
]

SQLITE_DOWN = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        "ledger_transaction_balanced",
        "ledger_postings_before_their_transaction",
        "ledger_postings_no_update",
        "ledger_postings_no_delete",
        "ledger_transactions_no_update",
        "ledger_transactions_no_delete",
    )
]

POSTGRES_UP = [
    """
    CREATE FUNCTION ledger_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        legs bigint;
        unbalanced boolean;
    BEGIN
        SELECT COALESCE(SUM(n), 0), COALESCE(bool_or(total <> 0), false) INTO legs, unbalanced
        FROM (
            SELECT COUNT(*) AS n, SUM(amount_minor) AS total FROM ledger_postings
            WHERE transaction_id = NEW.id GROUP BY currency
        ) AS per_currency;
        IF legs < 2 THEN
            RAISE EXCEPTION 'ledger: transaction % needs at least two postings', NEW.id
                USING ERRCODE = 'check_violation';
        END IF;
        IF unbalanced THEN
            RAISE EXCEPTION 'ledger: transaction % does not balance per currency', NEW.id
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
    END $$
    """,
    """
    CREATE CONSTRAINT TRIGGER ledger_transactions_balanced AFTER INSERT ON ledger_transactions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_balanced()
    """,
    """
    CREATE FUNCTION ledger_postings_with_their_transaction() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (
            SELECT 1 FROM new_postings n LEFT JOIN ledger_transactions t ON t.id = n.transaction_id
            WHERE t.id IS NULL OR t.xmin::text <> (pg_current_xact_id()::text::bigint % 4294967296)::text
        ) THEN
            RAISE EXCEPTION 'ledger: postings are written only with their transaction (same database transaction)'
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER ledger_postings_with_their_transaction AFTER INSERT ON ledger_postings
    REFERENCING NEW TABLE AS new_postings FOR EACH STATEMENT
    EXECUTE FUNCTION ledger_postings_with_their_transaction()
    """,
    """
    CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'ledger: % is append-only (post a reversing entry)', TG_TABLE_NAME
            USING ERRCODE = 'check_violation';
    END $$
    """,
    """
    CREATE TRIGGER ledger_postings_append_only BEFORE UPDATE OR DELETE ON ledger_postings
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only()
    """,
    """
    CREATE TRIGGER ledger_transactions_append_only BEFORE UPDATE OR DELETE ON ledger_transactions
    FOR EACH ROW EXECUTE FUNCTION ledger_append_only()
    """,
]

POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS ledger_transactions_append_only ON ledger_transactions",
    "DROP TRIGGER IF EXISTS ledger_postings_append_only ON ledger_postings",
    "DROP TRIGGER IF EXISTS ledger_postings_with_their_transaction ON ledger_postings",
    "DROP TRIGGER IF EXISTS ledger_transactions_balanced ON ledger_transactions",
    "DROP FUNCTION IF EXISTS ledger_postings_with_their_transaction()",
    "DROP FUNCTION IF EXISTS ledger_append_only()",
    "DROP FUNCTION IF EXISTS ledger_check_balanced()",
]


def statements(dialect: str, *, up: bool) -> list[str]:
    """The SQL that creates (up) or drops the ledger's triggers on `dialect`."""
    if dialect == "postgresql":
        return POSTGRES_UP if up else POSTGRES_DOWN
    if dialect == "sqlite":
        return SQLITE_UP if up else SQLITE_DOWN
    raise RuntimeError(f"the ledger's triggers are written for SQLite and PostgreSQL, not {dialect}")

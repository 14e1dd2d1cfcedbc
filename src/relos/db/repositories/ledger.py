"""The ledger's storage: transactions and postings (append-only), balances summed by the database
(GROUP BY over a covering index), exchange rates and idempotency keys.

Posting goes through the database's own checks (see relos.db.ledger_triggers): on SQLite the
postings are written before their header, whose insert checks the balance; on PostgreSQL the
header comes first and a deferred trigger checks the balance at commit. Either way the database refuses a
transaction that does not net to zero per currency.
"""

from __future__ import annotations

import builtins
import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from uuid6 import uuid7

from relos.db.tables.ledger import (
    ExchangeRateRow,
    IdempotencyKeyRow,
    LedgerAccountMonthRow,
    LedgerAccountRow,
    LedgerPostingRow,
    LedgerTransactionRow,
)
from relos.domain.ledger.accounts import AccountKind, AccountRef
from relos.domain.ledger.balances import Balances
from relos.domain.ledger.currencies import minor_units
from relos.domain.ledger.money import Money
from relos.domain.ledger.rates import ExchangeRate
from relos.domain.ledger.transactions import Posting, Reference, ReferenceKind, Transaction
from relos.services.ledger.ports import DebitLine, StoredKey, TransactionSummary

BATCH = 20000
HEADER_COLUMNS = "id, agreement_id, booked_on, kind, description, order_id, refs, recorded_by, recorded_at"


class SqlLedgerRepository:
    def __init__(self, session: Session) -> None:
        self._s = session
        self._ids: dict[AccountRef, int] = {}
        self._refs: dict[int, AccountRef] = {}

    @property
    def _dialect(self) -> str:
        return self._s.get_bind().dialect.name

    # -- posting -----------------------------------------------------------------------------
    def post(self, txn: Transaction, *, kind: str, order_id: str | None, recorded_by: str, now: datetime) -> None:
        self.post_many([(txn, kind, order_id)], recorded_by=recorded_by, now=now)

    def post_many(self, txns: Iterable[tuple[Transaction, str, str | None]], *, recorded_by: str, now: datetime) -> int:
        headers: list[tuple[Any, ...]] = []
        postings: list[tuple[Transaction, Posting]] = []
        count = 0
        for txn, kind, order_id in txns:
            agreement_id = txn.postings[0].account.agreement_id if txn.postings else ""
            refs = json.dumps([[r.kind.value, r.id] for r in txn.references])
            headers.append((txn.id, agreement_id, txn.date, kind, txn.description, order_id, refs, recorded_by, now))
            postings.extend((txn, p) for p in txn.postings)
            if len(postings) >= BATCH:
                count += self._flush(headers, postings)
                headers, postings = [], []
        if headers:
            count += self._flush(headers, postings)
        return count

    def _flush(self, headers: list[tuple[Any, ...]], postings: list[tuple[Transaction, Posting]]) -> int:
        """Driver-level bulk writes: executemany on SQLite (postings, then headers), COPY on PostgreSQL."""
        ids = self._account_ids({p.account for _, p in postings})
        conn = self._s.connection()
        if self._dialect == "sqlite":
            conn.exec_driver_sql(
                "INSERT INTO ledger_postings (transaction_id, account_id, currency, booked_on, amount_minor)"
                " VALUES (?, ?, ?, ?, ?)",
                [(t.id, ids[p.account], p.amount.currency, t.date.isoformat(), _minor(p.amount)) for t, p in postings],
            )
            conn.exec_driver_sql(
                f"INSERT INTO ledger_transactions ({HEADER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(*h[:2], h[2].isoformat(), *h[3:8], _sqlite_instant(h[8])) for h in headers],
            )
            return len(postings)
        driver = conn.connection.driver_connection
        with driver.cursor() as cur:  # type: ignore[union-attr]
            with cur.copy(f"COPY ledger_transactions ({HEADER_COLUMNS}) FROM STDIN") as copy:
                for h in headers:
                    copy.write_row(h)
            with cur.copy(
                "COPY ledger_postings (transaction_id, account_id, currency, booked_on, amount_minor) FROM STDIN"
            ) as copy:
                for t, p in postings:
                    copy.write_row((t.id, ids[p.account], p.amount.currency, t.date, _minor(p.amount)))
        return len(postings)

    # -- accounts ------------------------------------------------------------------------------
    def _load_accounts(self) -> None:
        rows = self._s.execute(
            select(
                LedgerAccountRow.id,
                LedgerAccountRow.agreement_id,
                LedgerAccountRow.party,
                LedgerAccountRow.kind,
                LedgerAccountRow.counterparty,
                LedgerAccountRow.currency,
            )
        )
        for account_id, agreement_id, party, kind, counterparty, currency in rows:
            ref = AccountRef(agreement_id, party, AccountKind(kind), counterparty, currency)
            self._ids[ref] = account_id
            self._refs[account_id] = ref

    def _account_ids(self, refs: set[AccountRef]) -> dict[AccountRef, int]:
        if not self._ids or not refs <= self._ids.keys():
            self._load_accounts()
        missing = refs - self._ids.keys()
        if missing:
            values = [
                {
                    "agreement_id": r.agreement_id,
                    "party": r.party,
                    "kind": r.kind.value,
                    "counterparty": r.counterparty,
                    "currency": r.currency,
                }
                for r in sorted(missing)
            ]
            if self._dialect == "postgresql":
                self._s.execute(pg_insert(LedgerAccountRow).values(values).on_conflict_do_nothing())
            else:
                self._s.execute(sqlite_insert(LedgerAccountRow).values(values).on_conflict_do_nothing())
            self._load_accounts()
        return self._ids

    def get(self, transaction_id: str) -> Transaction | None:
        head = self._s.get(LedgerTransactionRow, transaction_id)
        if head is None:
            return None
        self._load_accounts()
        rows = self._s.execute(
            select(LedgerPostingRow.account_id, LedgerPostingRow.amount_minor, LedgerPostingRow.currency)
            .where(LedgerPostingRow.transaction_id == transaction_id)
            .order_by(LedgerPostingRow.id)
        )
        postings = tuple(Posting(self._refs[a], Money.from_minor(m, c)) for a, m, c in rows)
        refs = tuple(Reference(ReferenceKind(k), i) for k, i in json.loads(head.refs))
        return Transaction(head.id, head.booked_on, head.description, postings, refs)

    # -- balances (aggregated by the database) ------------------------------------------------
    def _wanted(self, agreement_id: str | None) -> builtins.list[int]:
        self._load_accounts()
        return [i for r, i in self._ids.items() if agreement_id is None or r.agreement_id == agreement_id]

    def _totals(self, wanted: builtins.list[int], before: date | None) -> dict[int, int]:
        """The sum of each account's postings booked before `before` (all of them when None): the months before
        its month from the month sums (ledger_account_months), the days of its month from the postings' index."""
        m, p = LedgerAccountMonthRow, LedgerPostingRow
        months = select(m.account_id, func.sum(m.amount_minor)).where(m.account_id.in_(wanted)).group_by(m.account_id)
        if before is None:
            return {a: int(t) for a, t in self._s.execute(months)}
        first = before.replace(day=1)
        days = (
            select(p.account_id, func.sum(p.amount_minor))
            .where(p.account_id.in_(wanted), p.booked_on >= first, p.booked_on < before)
            .group_by(p.account_id)
        )
        totals: dict[int, int] = defaultdict(int)
        for q in (months.where(m.month < first), days):
            for account_id, total in self._s.execute(q):
                totals[account_id] += int(total)
        return totals

    def _balances(self, totals: dict[int, int], less: dict[int, int] | None = None) -> Balances:
        found: dict[AccountRef, Money] = {}
        for account_id, total in totals.items():
            amount = total - (less or {}).get(account_id, 0)
            if amount:
                ref = self._refs[account_id]
                found[ref] = Money.from_minor(amount, ref.currency)
        return Balances(found)

    def balances(self, *, agreement_id: str | None = None, before: date | None = None) -> Balances:
        wanted = self._wanted(agreement_id)
        return self._balances(self._totals(wanted, before)) if wanted else Balances({})

    def movements(self, *, agreement_id: str, start: date, end: date) -> Balances:
        return self.period_balances(agreement_id=agreement_id, start=start, end=end)[1]

    def period_balances(self, *, agreement_id: str, start: date, end: date) -> tuple[Balances, Balances]:
        wanted = self._wanted(agreement_id)
        if not wanted:
            return Balances({}), Balances({})
        opening, closing = self._totals(wanted, start), self._totals(wanted, end)
        return self._balances(opening), self._balances(closing, less=opening)

    def recent_debits(self, account: AccountRef, *, before: date, covering_minor: int) -> builtins.list[DebitLine]:
        ids = self._account_ids({account})
        p, t = LedgerPostingRow, LedgerTransactionRow
        q = (
            select(p.booked_on, p.amount_minor, p.transaction_id, t.order_id)
            .join(t, t.id == p.transaction_id)
            .where(p.account_id == ids[account], p.booked_on < before, p.amount_minor > 0)
            .order_by(p.booked_on.desc(), p.id.desc())
            .execution_options(yield_per=200)
        )
        found: list[DebitLine] = []
        covered = 0
        for booked_on, minor, txn_id, order_id in self._s.execute(q):
            if covered >= covering_minor:
                break
            found.append(DebitLine(booked_on, int(minor), txn_id, order_id))
            covered += int(minor)
        return found

    def transaction_counts(self, *, agreement_id: str, start: date, end: date) -> dict[str, int]:
        t = LedgerTransactionRow
        q = (
            select(t.kind, func.count())
            .where(t.agreement_id == agreement_id, t.booked_on >= start, t.booked_on < end)
            .group_by(t.kind)
        )
        return {kind: int(n) for kind, n in self._s.execute(q)}

    def transactions(self, *, agreement_id: str, start: date, end: date) -> builtins.list[TransactionSummary]:
        t = LedgerTransactionRow
        rows = self._s.execute(
            select(t.id, t.booked_on, t.kind, t.description, t.order_id)
            .where(t.agreement_id == agreement_id, t.booked_on >= start, t.booked_on < end)
            .order_by(t.booked_on, t.id)
        )
        return [TransactionSummary(*row) for row in rows]

    # -- exchange rates ------------------------------------------------------------------------
    def add_rate(self, rate: ExchangeRate, *, recorded_by: str, now: datetime) -> str:
        rate_id = str(uuid7())
        self._s.add(
            ExchangeRateRow(
                id=rate_id,
                base=rate.base,
                quote=rate.quote,
                rate=str(rate.rate),
                on_day=rate.on,
                source=rate.source,
                recorded_by=recorded_by,
                recorded_at=now,
            )
        )
        self._s.flush()
        return rate_id

    def rates(self) -> builtins.list[ExchangeRate]:
        rows = self._s.execute(select(ExchangeRateRow).order_by(ExchangeRateRow.on_day)).scalars()
        return [ExchangeRate(r.base, r.quote, Decimal(r.rate), r.source, r.on_day) for r in rows]

    # -- idempotency keys ---------------------------------------------------------------------
    def get_key(self, key: str, *, actor: str) -> StoredKey | None:
        row = self._s.execute(
            select(IdempotencyKeyRow).where(IdempotencyKeyRow.actor == actor, IdempotencyKeyRow.key == key)
        ).scalar_one_or_none()
        return StoredKey(row.key, row.actor, row.action, row.fingerprint, row.result) if row else None

    def put_key(self, stored: StoredKey) -> None:
        self._s.add(
            IdempotencyKeyRow(
                key=stored.key,
                actor=stored.actor,
                action=stored.action,
                fingerprint=stored.fingerprint,
                result=stored.result,
                created_at=datetime.now(UTC),
            )
        )
        self._s.flush()


def _minor(amount: Money) -> int:
    """Whole minor units of an amount; refuses (never rounds) one with more decimals than its currency."""
    scaled = amount.amount.scaleb(minor_units(amount.currency))
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{amount} has more decimals than {amount.currency} allows")
    return int(scaled)


def _sqlite_instant(value: datetime) -> str:
    """A UTC instant as SQLAlchemy stores DateTime on SQLite (naive, UTC)."""
    return value.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")

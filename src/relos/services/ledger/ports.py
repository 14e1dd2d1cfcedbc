"""What the ledger needs from storage; relos.db implements it.

`UnitOfWork.ledger` (transactions and postings, balances aggregated by the database, exchange rates,
idempotency keys) and `UnitOfWork.claims` (obligations, in-kind satisfactions, conversions, invoices,
payments).
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from relos.domain.ledger.accounts import AccountRef
from relos.domain.ledger.balances import Balances
from relos.domain.ledger.cash import Invoice, Payment
from relos.domain.ledger.obligations import InKindSatisfaction, Obligation
from relos.domain.ledger.rates import ExchangeRate
from relos.domain.ledger.transactions import Transaction


@dataclass(frozen=True)
class TransactionSummary:
    id: str
    booked_on: date
    kind: str
    description: str
    order_id: str | None


@dataclass(frozen=True)
class StoredKey:
    key: str
    actor: str
    action: str
    fingerprint: str
    result: str


class LedgerRepository(Protocol):
    def post(self, txn: Transaction, *, kind: str, order_id: str | None, recorded_by: str, now: datetime) -> None:
        """Append one transaction and its postings (the database checks it balances)."""

    def post_many(self, txns: Iterable[tuple[Transaction, str, str | None]], *, recorded_by: str, now: datetime) -> int:
        """Append many (transaction, kind, order id) at once; returns the number of postings."""

    def get(self, transaction_id: str) -> Transaction | None: ...

    def balances(self, *, agreement_id: str | None = None, before: date | None = None) -> Balances:
        """Balances per account from postings dated before `before` (all when None), summed by the database."""

    def movements(self, *, agreement_id: str, start: date, end: date) -> Balances:
        """Per account, the sum of postings dated in [start, end)."""

    def transactions(self, *, agreement_id: str, start: date, end: date) -> builtins.list[TransactionSummary]: ...

    def period_balances(self, *, agreement_id: str, start: date, end: date) -> tuple[Balances, Balances]:
        """(opening: postings before `start`, movements: postings in [start, end)) in one pass."""

    def recent_debits(self, account: AccountRef, *, before: date, covering_minor: int) -> builtins.list[DebitLine]:
        """The latest debits to `account` dated before `before`, newest first, until they sum to `covering_minor`."""

    def transaction_counts(self, *, agreement_id: str, start: date, end: date) -> dict[str, int]:
        """Transactions booked in [start, end) per kind."""

    def add_rate(self, rate: ExchangeRate, *, recorded_by: str, now: datetime) -> str: ...

    def rates(self) -> builtins.list[ExchangeRate]: ...

    def get_key(self, key: str, *, actor: str) -> StoredKey | None:
        """The user's key (keys are per user: another user's key of the same text is another key)."""

    def put_key(self, stored: StoredKey) -> None: ...


@dataclass(frozen=True)
class ObligationLine:
    """An obligation as a statement lists it (minor units, no arithmetic needed)."""

    id: str
    order_id: str
    delivery_id: str
    creditor: str
    debtor: str
    method: str
    value_minor: int
    currency: str
    incurred_on: date
    due_on: date | None


@dataclass(frozen=True)
class InvoiceLine:
    id: str
    order_id: str
    creditor: str
    debtor: str
    issued_on: date
    due_on: date | None
    amount_minor: int
    currency: str
    paid_minor: int  # paid on it by the statement's day


@dataclass(frozen=True)
class PaymentLine:
    id: str
    invoice_id: str
    payer: str
    payee: str
    paid_on: date
    amount_minor: int
    currency: str
    reversed: bool = False  # cancelled by a reversing entry (a correction)


@dataclass(frozen=True)
class DebitLine:
    """A debit posted to an account: when, how much, by which transaction (and its order)."""

    booked_on: date
    amount_minor: int
    transaction_id: str
    order_id: str | None


class ClaimRepository(Protocol):
    def add_obligation(self, obligation: Obligation, *, transaction_id: str) -> None: ...

    def obligations(
        self,
        *,
        agreement_id: str | None = None,
        order_id: str | None = None,
        start: date | None = None,
        end: date | None = None,
        in_kind_due_before: date | None = None,
    ) -> builtins.list[Obligation]: ...

    def get_obligation(self, obligation_id: str) -> Obligation | None: ...

    def add_satisfaction(self, satisfaction: InKindSatisfaction, *, transaction_id: str) -> None: ...

    def satisfactions(self, obligation_ids: Iterable[str]) -> builtins.list[InKindSatisfaction]: ...

    def agreement_satisfactions(self, agreement_id: str) -> builtins.list[InKindSatisfaction]: ...

    def agreement_conversions(self, agreement_id: str) -> dict[str, tuple[date, int]]: ...

    def add_conversion(self, obligation: Obligation, *, on: date, amount_minor: int, transaction_id: str) -> None: ...

    def conversions(self, obligation_ids: Iterable[str]) -> dict[str, tuple[date, int]]:
        """obligation id -> (converted on, amount in minor units)."""

    def add_invoice(self, invoice: Invoice, *, order_id: str, issued_by: str, transaction_id: str) -> None: ...

    def invoices(
        self, *, agreement_id: str | None = None, order_id: str | None = None, end: date | None = None
    ) -> builtins.list[Invoice]: ...

    def get_invoice(self, invoice_id: str) -> tuple[Invoice, str] | None:
        """The invoice and the order it bills."""

    def add_payment(
        self, payment: Payment, *, order_id: str, reference: str, recorded_by: str, transaction_id: str
    ) -> None: ...

    def get_payment(self, payment_id: str) -> tuple[Payment, str, str, bool] | None:
        """The payment, its order id, its transaction id and whether it was reversed."""

    def add_reversal(self, *, reversed_id: str, reversal_id: str, reason: str, on: date, recorded_by: str) -> None: ...

    def payments(
        self, *, invoice_ids: Iterable[str] | None = None, agreement_id: str | None = None, end: date | None = None
    ) -> builtins.list[Payment]:
        """Payments not cancelled by a correction (ever)."""

    def corrected_payments(self, invoice_id: str) -> builtins.list[tuple[Payment, date]]:
        """The invoice's payments a correction cancelled, each with the correction's day."""

    # -- the statement's queries (period and open items, aggregated by the database) --------------
    def period_obligations(self, *, agreement_id: str, start: date, end: date) -> builtins.list[ObligationLine]: ...

    def open_in_kind(self, *, agreement_id: str, as_of: date) -> builtins.list[tuple[Obligation, int]]: ...

    def period_invoices(self, *, agreement_id: str, start: date, end: date, as_of: date) -> builtins.list[InvoiceLine]:
        """Invoices issued in [start, end), and older ones still unpaid at `as_of`; what was paid on each counts
        the payments dated by `as_of` and not reversed by then."""

    def period_payments(
        self, *, agreement_id: str, start: date, end: date, as_of: date | None = None
    ) -> builtins.list[PaymentLine]:
        """Payments dated in [start, end), each marked reversed when a correction cancelled it by `as_of` (ever,
        when None)."""

    def period_satisfactions(
        self, *, agreement_id: str, start: date, end: date
    ) -> builtins.list[InKindSatisfaction]: ...

    def period_conversions(self, *, agreement_id: str, start: date, end: date) -> dict[str, tuple[date, int]]: ...

    def obligation_sums(
        self, *, agreement_id: str, start: date, end: date
    ) -> builtins.list[tuple[str, str, date, int]]: ...

"""The reimbursement ledger: transactions and their postings (append-only), obligations, in-kind
satisfactions and conversions, invoices, payments, exchange rates and idempotency keys.

Amounts are whole minor units (BigInteger) with their currency, so sums are exact on both
databases. The database refuses an unbalanced transaction on its own (relos.db.ledger_triggers,
installed by the 0004_orders migration). Postings and transactions can be neither updated nor
deleted.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from relos.db.tables.base import Base
from relos.db.types import UTCDateTime

BigId = BigInteger().with_variant(Integer(), "sqlite")
KINDS = (
    "'accrued_receivable', 'receivable', 'in_kind_receivable', 'accrued_payable', 'payable', "
    "'in_kind_payable', 'cash', 'support_provided', 'support_received'"
)


class LedgerTransactionRow(Base):
    __tablename__ = "ledger_transactions"
    __table_args__ = (
        Index("ix_ledger_transactions_agreement_on_kind", "agreement_id", "booked_on", "kind"),
        Index("ix_ledger_transactions_order", "order_id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    agreement_id: Mapped[str] = mapped_column(String(64))
    booked_on: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(24))  # obligation, invoice, payment, satisfaction, conversion, ...
    description: Mapped[str] = mapped_column(Text)
    order_id: Mapped[str | None] = mapped_column(String(36))
    refs: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of [kind, id]
    recorded_by: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class LedgerAccountRow(Base):
    """An account of one party's book: created on first use, referenced by postings."""

    __tablename__ = "ledger_accounts"
    __table_args__ = (
        UniqueConstraint("agreement_id", "party", "kind", "counterparty", "currency", name="account"),
        UniqueConstraint("id", "currency", name="id_currency"),
        CheckConstraint("party <> counterparty", name="distinct_parties"),
        CheckConstraint(f"kind IN ({KINDS})", name="kind_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agreement_id: Mapped[str] = mapped_column(String(64))
    party: Mapped[str] = mapped_column(String(3))
    kind: Mapped[str] = mapped_column(String(24))
    counterparty: Mapped[str] = mapped_column(String(3))
    currency: Mapped[str] = mapped_column(String(3))


class LedgerPostingRow(Base):
    """One leg of a transaction. (account_id, currency) must name an account of that currency."""

    __tablename__ = "ledger_postings"
    __table_args__ = (
        CheckConstraint("amount_minor <> 0", name="amount_non_zero"),
        ForeignKeyConstraint(
            ["account_id", "currency"],
            ["ledger_accounts.id", "ledger_accounts.currency"],
            name="fk_ledger_postings_account_currency",
        ),
        Index("ix_ledger_postings_balances", "account_id", "booked_on", "amount_minor"),
        Index("ix_ledger_postings_transaction", "transaction_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    # Deferred: on SQLite a transaction's postings are written before its header (see ledger_triggers).
    transaction_id: Mapped[str] = mapped_column(
        ForeignKey("ledger_transactions.id", deferrable=True, initially="DEFERRED")
    )
    account_id: Mapped[int] = mapped_column(Integer)
    currency: Mapped[str] = mapped_column(String(3))
    booked_on: Mapped[date] = mapped_column(Date)
    amount_minor: Mapped[int] = mapped_column(BigInteger)


class LedgerAccountMonthRow(Base):
    """The sum of an account's postings booked in one calendar month (`month`: its first day), kept by the
    database as postings are written (relos.db.ledger_month_sums); never written by the application."""

    __tablename__ = "ledger_account_months"

    account_id: Mapped[int] = mapped_column(ForeignKey("ledger_accounts.id"), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    amount_minor: Mapped[int] = mapped_column(BigInteger)


class ObligationRow(Base):
    __tablename__ = "ledger_obligations"
    __table_args__ = (
        CheckConstraint("value_minor > 0", name="value_positive"),
        CheckConstraint("creditor <> debtor", name="distinct_parties"),
        CheckConstraint("method IN ('cash', 'replacement_in_kind', 'equal_value_exchange')", name="method_known"),
        Index("ix_ledger_obligations_agreement_incurred", "agreement_id", "incurred_on"),
        Index("ix_ledger_obligations_order", "order_id"),
        Index("ix_ledger_obligations_due", "due_on"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    agreement_id: Mapped[str] = mapped_column(String(64))
    order_id: Mapped[str] = mapped_column(String(36))
    delivery_id: Mapped[str] = mapped_column(String(36))
    creditor: Mapped[str] = mapped_column(String(3))
    debtor: Mapped[str] = mapped_column(String(3))
    method: Mapped[str] = mapped_column(String(24))
    value_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    incurred_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    transaction_id: Mapped[str] = mapped_column(ForeignKey("ledger_transactions.id"))


class SatisfactionRow(Base):
    __tablename__ = "ledger_satisfactions"
    __table_args__ = (CheckConstraint("value_minor > 0", name="value_positive"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    obligation_id: Mapped[str] = mapped_column(ForeignKey("ledger_obligations.id"), index=True)
    delivery_ref: Mapped[str] = mapped_column(String(64))
    method: Mapped[str] = mapped_column(String(24))
    satisfied_on: Mapped[date] = mapped_column(Date)
    value_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    transaction_id: Mapped[str] = mapped_column(ForeignKey("ledger_transactions.id"))


class ConversionRow(Base):
    """An in-kind obligation turned into a cash debt: at most once per obligation."""

    __tablename__ = "ledger_conversions"
    __table_args__ = (CheckConstraint("amount_minor > 0", name="amount_positive"),)

    obligation_id: Mapped[str] = mapped_column(ForeignKey("ledger_obligations.id"), primary_key=True)
    converted_on: Mapped[date] = mapped_column(Date)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    transaction_id: Mapped[str] = mapped_column(ForeignKey("ledger_transactions.id"))


class InvoiceRow(Base):
    __tablename__ = "ledger_invoices"
    __table_args__ = (
        CheckConstraint("amount_minor > 0", name="amount_positive"),
        Index("ix_ledger_invoices_agreement_issued", "agreement_id", "issued_on"),
        Index("ix_ledger_invoices_order", "order_id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    agreement_id: Mapped[str] = mapped_column(String(64))
    order_id: Mapped[str] = mapped_column(String(36))
    creditor: Mapped[str] = mapped_column(String(3))
    debtor: Mapped[str] = mapped_column(String(3))
    issued_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date | None] = mapped_column(Date)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    obligation_ids: Mapped[str] = mapped_column(Text, default="[]")
    issued_by: Mapped[str] = mapped_column(String(128))
    transaction_id: Mapped[str] = mapped_column(ForeignKey("ledger_transactions.id"))


class PaymentRow(Base):
    __tablename__ = "ledger_payments"
    __table_args__ = (
        CheckConstraint("amount_minor > 0", name="amount_positive"),
        Index("ix_ledger_payments_agreement_paid", "agreement_id", "paid_on"),
        Index("ix_ledger_payments_invoice_paid", "invoice_id", "paid_on", "amount_minor"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    agreement_id: Mapped[str] = mapped_column(String(64))
    order_id: Mapped[str] = mapped_column(String(36), index=True)
    invoice_id: Mapped[str] = mapped_column(ForeignKey("ledger_invoices.id"))
    payer: Mapped[str] = mapped_column(String(3))
    payee: Mapped[str] = mapped_column(String(3))
    paid_on: Mapped[date] = mapped_column(Date)
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    reference: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(128))
    transaction_id: Mapped[str] = mapped_column(ForeignKey("ledger_transactions.id"))


class ReversalRow(Base):
    """A transaction cancelled by a reversing one (a correction): at most once per transaction."""

    __tablename__ = "ledger_reversals"

    reversed_transaction_id: Mapped[str] = mapped_column(ForeignKey("ledger_transactions.id"), primary_key=True)
    reversal_transaction_id: Mapped[str] = mapped_column(ForeignKey("ledger_transactions.id"), unique=True)
    reason: Mapped[str] = mapped_column(Text)
    reversed_on: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(String(128))


class ExchangeRateRow(Base):
    __tablename__ = "ledger_exchange_rates"
    __table_args__ = (
        CheckConstraint("base <> quote", name="distinct_currencies"),
        Index("ix_ledger_exchange_rates_pair", "base", "quote", "on_day"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    base: Mapped[str] = mapped_column(String(3))
    quote: Mapped[str] = mapped_column(String(3))
    rate: Mapped[str] = mapped_column(String(40))  # exact decimal text
    on_day: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(Text)
    recorded_by: Mapped[str] = mapped_column(String(128))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime)


class IdempotencyKeyRow(Base):
    """A user's key: the first request's fingerprint and result; a repeat returns that result.

    Keys are per user (`actor`). `status_code` is set for a key of an HTTP request (relos.db.idempotency),
    whose `result` is the answer's body; NULL for a key of a ledger use case, whose `result` is its record.
    """

    __tablename__ = "idempotency_keys"

    actor: Mapped[str] = mapped_column(String(128), primary_key=True)
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    action: Mapped[str] = mapped_column(String(200))
    fingerprint: Mapped[str] = mapped_column(String(64))
    result: Mapped[str] = mapped_column(Text)
    status_code: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

"""The reimbursement ledger's pure domain: money, double-entry books, obligations, settlement.

currencies: ISO 4217 codes and minor units (with source).  money: exact Money, rounding rules.
accounts: structured account names and the chart per agreement and party.
transactions: postings, transactions, the rules they obey (lists of Violation), reversal.
balances: balances derived from postings; the mirrored-books check.
obligations: reimbursement methods; the obligation a receipted delivery creates; RIK/EVE
satisfaction and conversion to a cash debt.  cash: invoices and payments.
rates: recorded exchange rates.  settlement: netting and conversion to one currency.
ageing: ageing buckets, overdue and nearly-due lists.  ceilings: annual value ceilings.
statements: opening balances, movements and closing balances over [start, end).
serialization: the canonical JSON form of a transaction.
dates: month arithmetic.  errors: the errors and the Violation record.
"""

from relos.domain.ledger.accounts import AccountKind, AccountRef, chart_of_accounts
from relos.domain.ledger.errors import (
    CurrencyMismatchError,
    LedgerError,
    MissingRateError,
    ObligationError,
    TransactionRejectedError,
    UnknownCurrencyError,
    Violation,
)
from relos.domain.ledger.money import DEFAULT_ROUNDING, Money, Rounding
from relos.domain.ledger.transactions import Posting, Reference, ReferenceKind, Transaction

__all__ = [
    "DEFAULT_ROUNDING",
    "AccountKind",
    "AccountRef",
    "CurrencyMismatchError",
    "LedgerError",
    "MissingRateError",
    "Money",
    "ObligationError",
    "Posting",
    "Reference",
    "ReferenceKind",
    "Rounding",
    "Transaction",
    "TransactionRejectedError",
    "UnknownCurrencyError",
    "Violation",
    "chart_of_accounts",
]

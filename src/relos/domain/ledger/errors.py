"""Errors of the ledger domain; each names the field (or rule) that is at fault.

All derive from ``LedgerError`` (a ``ValueError``), so a caller may catch the family
and report ``error.field`` with the message.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class LedgerError(ValueError):
    """A ledger rule refused the input; ``field`` names what was wrong."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class UnknownCurrencyError(LedgerError):
    """A currency code that is not in the ISO 4217 table we hold."""


class CurrencyMismatchError(LedgerError):
    """Arithmetic or comparison across two currencies."""


class InexactAmountError(LedgerError):
    """An amount that cannot be held exactly (or is not in minor units where they are required)."""


class MissingRateError(LedgerError):
    """No recorded exchange rate for a conversion the settlement needs."""


class ObligationError(LedgerError):
    """A reimbursement obligation cannot take the requested event."""


class CeilingError(LedgerError):
    """An agreement's annual value ceiling cannot be evaluated."""


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken rule: which rule, which field, and why."""

    rule: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message} [{self.rule}]"


class TransactionRejectedError(LedgerError):
    """A transaction broke one or more ledger rules; nothing may be posted."""

    def __init__(self, violations: Sequence[Violation]) -> None:
        self.violations = tuple(violations)
        detail = "; ".join(str(v) for v in self.violations)
        super().__init__(detail or "rejected", field=self.violations[0].field if self.violations else "transaction")

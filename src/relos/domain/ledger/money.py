"""Money: an immutable, exact ``Decimal`` amount in one ISO 4217 currency.

Arithmetic happens only within one currency and is exact: an operation whose result
would need rounding raises instead of rounding silently. Rounding to the currency's
minor units is a separate, explicit step (``Money.quantize``) with a named rule.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Self

from relos.domain.ledger.currencies import MINOR_UNITS, check_currency, minor_units
from relos.domain.ledger.errors import CurrencyMismatchError, InexactAmountError

# Exact arithmetic: a wide precision, and any rounding or invalid operation is an error.
EXACT = decimal.Context(
    prec=60,
    rounding=decimal.ROUND_HALF_EVEN,
    traps=[decimal.Inexact, decimal.InvalidOperation, decimal.Overflow, decimal.DivisionByZero],
)


class Rounding(StrEnum):
    """The rounding rules a caller may name when quantizing to minor units."""

    HALF_EVEN = decimal.ROUND_HALF_EVEN  # banker's rounding
    HALF_UP = decimal.ROUND_HALF_UP  # commercial rounding: 0.5 away from zero
    DOWN = decimal.ROUND_DOWN  # toward zero (truncate)
    UP = decimal.ROUND_UP  # away from zero


# The rule invoices and conversions use unless an agreement names another.
DEFAULT_ROUNDING = Rounding.HALF_UP


def to_decimal(value: object, *, field: str = "amount") -> Decimal:
    """Read an amount given as ``Decimal``, ``int`` or decimal string; floats are refused."""
    if isinstance(value, bool | float):
        raise InexactAmountError(f"amount must be a Decimal, int or decimal string, not {value!r}", field=field)
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except decimal.InvalidOperation:
            raise InexactAmountError(f"not a decimal number: {value!r}", field=field)
    else:
        raise InexactAmountError(f"amount must be a Decimal, int or decimal string, not {value!r}", field=field)
    if not result.is_finite():
        raise InexactAmountError(f"amount must be finite, got {value!r}", field=field)
    return result


@dataclass(frozen=True, slots=True)
class Money:
    """An amount of one currency. ``Money(Decimal("12.50"), "INR")``."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        check_currency(self.currency, field="currency")
        if not isinstance(self.amount, Decimal):
            object.__setattr__(self, "amount", to_decimal(self.amount))
        elif not self.amount.is_finite():
            raise InexactAmountError(f"amount must be finite, got {self.amount!r}", field="amount")

    # -- construction -------------------------------------------------------------------
    @classmethod
    def of(cls, amount: object, currency: object, *, field: str = "amount") -> Self:
        """Build from user input, naming ``field`` (and ``field``.currency) in any error."""
        code = check_currency(currency, field=f"{field}.currency")
        return cls(to_decimal(amount, field=field), code)

    @classmethod
    def zero(cls, currency: str) -> Self:
        return cls(Decimal(0), currency)

    @classmethod
    def from_minor(cls, units: int, currency: str) -> Self:
        """From an integer count of minor units: ``from_minor(1250, "INR")`` is 12.50 INR."""
        return cls(Decimal(units).scaleb(-minor_units(currency)), currency)

    # -- inspection ---------------------------------------------------------------------
    @property
    def minor_units(self) -> int:
        return MINOR_UNITS[self.currency]  # the currency was checked on construction

    def is_zero(self) -> bool:
        return self.amount == 0

    def is_positive(self) -> bool:
        return self.amount > 0

    def is_negative(self) -> bool:
        return self.amount < 0

    def is_in_minor_units(self) -> bool:
        """True when the amount has no more decimals than the currency allows."""
        exponent = self.amount.as_tuple().exponent
        if isinstance(exponent, int) and exponent >= -self.minor_units:
            return True
        return _has_only_trailing_zeros(self.amount, self.minor_units)

    def to_minor(self) -> int:
        """The amount as an integer count of minor units; raises when it is not whole."""
        if not self.is_in_minor_units():
            raise InexactAmountError(
                f"{self} has more decimals than {self.currency} allows ({self.minor_units})", field="amount"
            )
        return int(self.amount.scaleb(self.minor_units, context=EXACT))

    # -- arithmetic (one currency, exact) -----------------------------------------------
    def _same(self, other: Money, op: str) -> None:
        if not isinstance(other, Money):
            raise TypeError(f"cannot {op} Money and {type(other).__name__}")
        if other.currency != self.currency:
            raise CurrencyMismatchError(f"cannot {op} {self.currency} and {other.currency}", field="currency")

    def __add__(self, other: Money) -> Money:
        self._same(other, "add")
        return Money(EXACT.add(self.amount, other.amount), self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other, "subtract")
        return Money(EXACT.subtract(self.amount, other.amount), self.currency)

    def __neg__(self) -> Money:
        return Money(EXACT.minus(self.amount), self.currency)

    def __abs__(self) -> Money:
        return Money(EXACT.abs(self.amount), self.currency)

    def __mul__(self, factor: Decimal | int) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, Decimal | int):
            raise TypeError(f"Money can be multiplied by a Decimal or int, not {type(factor).__name__}")
        return Money(EXACT.multiply(self.amount, Decimal(factor)), self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        self._same(other, "compare")
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._same(other, "compare")
        return self.amount <= other.amount

    def __gt__(self, other: Money) -> bool:
        self._same(other, "compare")
        return self.amount > other.amount

    def __ge__(self, other: Money) -> bool:
        self._same(other, "compare")
        return self.amount >= other.amount

    def min(self, other: Money) -> Money:
        return self if self <= other else other

    # -- rounding -----------------------------------------------------------------------
    def quantize(self, *, rounding: Rounding) -> Money:
        """Round to the currency's minor units with the named rule (never implicit)."""
        exp = Decimal(1).scaleb(-self.minor_units)
        ctx = decimal.Context(prec=60, rounding=str(rounding), traps=[decimal.InvalidOperation])
        return Money(self.amount.quantize(exp, context=ctx), self.currency)

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


def _has_only_trailing_zeros(amount: Decimal, places: int) -> bool:
    wide = decimal.Context(prec=80, traps=[decimal.InvalidOperation])
    return amount == amount.quantize(Decimal(1).scaleb(-places), rounding=decimal.ROUND_DOWN, context=wide)


def money_sum(items: Iterable[Money], *, currency: str) -> Money:
    """The exact sum of ``items``, all in ``currency`` (zero when empty)."""
    total = Decimal(0)
    for item in items:
        if item.currency != currency:
            raise CurrencyMismatchError(f"expected {currency}, got {item.currency}", field="currency")
        total = EXACT.add(total, item.amount)
    return Money(total, currency)

"""Money: exact, one currency at a time, explicit rounding, clear errors."""

from __future__ import annotations

from decimal import Decimal

import pytest

from relos.domain.ledger.currencies import MINOR_UNITS, minor_units
from relos.domain.ledger.errors import CurrencyMismatchError, InexactAmountError, UnknownCurrencyError
from relos.domain.ledger.money import Money, Rounding, money_sum


def test_minor_units_follow_iso_4217() -> None:
    assert (minor_units("INR"), minor_units("RUB"), minor_units("USD")) == (2, 2, 2)
    assert minor_units("JPY") == 0
    assert minor_units("BHD") == 3
    assert all(len(code) == 3 and code.isupper() for code in MINOR_UNITS)


def test_unknown_currency_is_an_error_naming_the_field() -> None:
    with pytest.raises(UnknownCurrencyError) as err:
        Money.of("10", "XYZ", field="lines[2].unit_price")
    assert err.value.field == "lines[2].unit_price.currency"
    assert "XYZ" in str(err.value)


def test_lower_case_currency_is_refused_with_a_hint() -> None:
    with pytest.raises(UnknownCurrencyError, match="upper case"):
        Money(Decimal(1), "inr")


def test_rejects_float_amounts() -> None:
    with pytest.raises(InexactAmountError) as err:
        Money.of(0.1, "USD", field="price")
    assert err.value.field == "price"


def test_rejects_non_numeric_and_infinite_amounts() -> None:
    with pytest.raises(InexactAmountError):
        Money.of("ten", "USD")
    with pytest.raises(InexactAmountError):
        Money.of("Infinity", "USD")


def test_rejects_arithmetic_across_currencies() -> None:
    with pytest.raises(CurrencyMismatchError):
        _ = Money.of("1", "INR") + Money.of("1", "RUB")
    with pytest.raises(CurrencyMismatchError):
        _ = Money.of("1", "INR") < Money.of("1", "RUB")


def test_arithmetic_is_exact() -> None:
    total = money_sum([Money.of("0.10", "USD")] * 3, currency="USD")
    assert total == Money.of("0.30", "USD")
    assert Money.of("12.345", "INR") * 3 == Money.of("37.035", "INR")
    assert -Money.of("5", "INR") + Money.of("5", "INR") == Money.zero("INR")


def test_quantize_uses_the_named_rounding_rule() -> None:
    half = Money.of("2.345", "USD")
    assert half.quantize(rounding=Rounding.HALF_UP) == Money.of("2.35", "USD")
    assert half.quantize(rounding=Rounding.HALF_EVEN) == Money.of("2.34", "USD")
    assert half.quantize(rounding=Rounding.DOWN) == Money.of("2.34", "USD")
    assert Money.of("1500.5", "JPY").quantize(rounding=Rounding.HALF_EVEN) == Money.of("1500", "JPY")


def test_minor_units_round_trip() -> None:
    assert Money.of("12.50", "INR").to_minor() == 1250
    assert Money.from_minor(1250, "INR") == Money.of("12.5", "INR")
    assert Money.of("1500", "JPY").to_minor() == 1500
    assert Money.of("1.000", "USD").is_in_minor_units()


def test_to_minor_refuses_sub_minor_amounts() -> None:
    assert not Money.of("0.005", "USD").is_in_minor_units()
    with pytest.raises(InexactAmountError):
        Money.of("0.005", "USD").to_minor()


def test_money_is_immutable() -> None:
    m = Money.of("1", "INR")
    with pytest.raises(AttributeError):
        m.amount = Decimal(2)  # type: ignore[misc]

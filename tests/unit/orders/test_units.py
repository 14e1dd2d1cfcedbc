"""Units as users spell them: pint maps spellings of the same unit, never converts silently."""

from __future__ import annotations

from decimal import Decimal

from relos.domain.orders.catalogue import Category
from relos.services.orders._units import normalise_unit


def test_spellings_of_an_allowed_unit_become_its_symbol() -> None:
    assert normalise_unit(Category.POL, "litre", Decimal(5)) == ("L", None)
    assert normalise_unit(Category.POL, "tonne", Decimal(5)) == ("t", None)
    assert normalise_unit(Category.WATER, "m^3", Decimal(5)) == ("m3", None)


def test_unit_of_another_size_is_refused_with_the_converted_quantity() -> None:
    unit, hint = normalise_unit(Category.POL, "gallon", Decimal(1000))
    assert unit == "gallon" and hint == "1000 gallon is 3785.412 L: order in L"


def test_unknown_unit_is_left_for_the_domain_to_refuse() -> None:
    assert normalise_unit(Category.CLOTHING, "furlong", Decimal(1)) == ("furlong", None)

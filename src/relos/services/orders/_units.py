"""Units as users spell them, read with pint: the domain checks a line's unit against a small table
per category (relos.domain.orders.catalogue.UNITS); here a spelling pint knows to be the same unit
("litre", "liter", "kilogram", "tonne", "m^3", "kilometre") becomes the table's symbol, and a unit
of the same kind but another size ("gallon" for fuel) is refused with the quantity converted into
an allowed unit, so the user re-enters it (prices are never converted silently).
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from typing import Any

from relos.domain.errors import Said
from relos.domain.orders.catalogue import UNITS, Category

# Table symbols that pint spells differently (or does not know): symbol -> pint expression.
PINT_NAMES = {"m3": "m**3", "t": "metric_ton", "hour": "hour", "day": "day", "L": "liter", "kg": "kg", "km": "km"}


@cache
def _registry() -> Any:
    import pint

    return pint.UnitRegistry()


def _quantity(unit: str) -> Any:
    try:
        return _registry().Quantity(1, PINT_NAMES.get(unit, unit))
    except Exception:  # pint raises several error types for unknown or malformed units
        return None


def normalise_unit(category: Category, unit: str, quantity: Decimal | None) -> tuple[str, str | None]:
    """(the table's symbol for `unit`, None) when pint says they are the same unit; else (unit, hint)
    where hint, when not None, gives the quantity converted into an allowed unit of the same kind."""
    allowed = UNITS[category]
    if unit in allowed:
        return unit, None
    given = _quantity(unit)
    if given is None:
        return unit, None
    same_kind = []
    for symbol in sorted(allowed):
        target = _quantity(symbol)
        if target is not None and given.dimensionality == target.dimensionality:
            factor = Decimal(str(given.to(target.units).magnitude))
            if abs(factor - 1) < Decimal("1e-9"):
                return symbol, None
            same_kind.append((symbol, factor))
    if same_kind and quantity is not None:
        symbol, factor = same_kind[0]
        converted = (quantity * factor).quantize(Decimal("0.001"))
        return unit, Said.of(
            "unit_converted",
            "{quantity} {unit} is {converted} {symbol}: order in {symbol}",
            quantity=quantity,
            unit=unit,
            converted=converted,
            symbol=symbol,
        )
    return unit, None

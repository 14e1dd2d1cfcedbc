"""Price lists and the pricing rule.

A supplying party publishes price lists, national or for one facility, valid over [valid_from,
valid_until), each with its source. Under the family's rule (RELOS, LEMOA: the price the supplier
charges its own forces) a line is priced from the list: the facility's list first, else the
national one, valid on the day the order is priced. A price that departs from the list, or a line
for an item no list carries, needs a recorded reason, and the statement shows it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from relos.domain.errors import FieldProblem
from relos.domain.ledger.money import Money


@dataclass(frozen=True)
class PriceListItem:
    item_code: str
    unit: str
    price: Money
    description: str = ""


@dataclass(frozen=True)
class PriceList:
    id: str
    supplying_party: str
    facility_id: str | None  # None: the national list
    valid_from: date
    valid_until: date | None  # exclusive; None: until replaced
    source: str
    items: tuple[PriceListItem, ...]

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day < self.valid_until)

    def item(self, item_code: str, unit: str) -> PriceListItem | None:
        return next((i for i in self.items if i.item_code == item_code and i.unit == unit), None)


@dataclass(frozen=True)
class ListPrice:
    price: Money
    price_list_id: str
    source: str


def list_price(
    lists: Iterable[PriceList], *, supplying_party: str, facility_id: str, item_code: str, unit: str, on: date
) -> ListPrice | None:
    """The list price of an item on a day: the facility's list first, else the national list."""
    valid = [pl for pl in lists if pl.supplying_party == supplying_party and pl.valid_on(on)]
    for scope in (facility_id, None):
        candidates = sorted((pl for pl in valid if pl.facility_id == scope), key=lambda pl: pl.valid_from)
        for pl in reversed(candidates):
            item = pl.item(item_code, unit)
            if item is not None:
                return ListPrice(item.price, pl.id, pl.source)
    return None


def price_list_problems(price_list: PriceList) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    if not price_list.source.strip():
        problems.append(
            FieldProblem.of(
                "source", "price_list_needs_source_who", "a price list needs its source (who published it, when)"
            )
        )
    if price_list.valid_until is not None and price_list.valid_until <= price_list.valid_from:
        problems.append(
            FieldProblem.of(
                "valid_until",
                "must_after_valid_from",
                "must be after valid_from ({valid_from})",
                valid_from=price_list.valid_from,
            )
        )
    if not price_list.items:
        problems.append(FieldProblem.of("items", "price_list_needs_least_one", "a price list needs at least one item"))
    seen: set[tuple[str, str]] = set()
    for i, item in enumerate(price_list.items):
        if not item.item_code.strip():
            problems.append(FieldProblem.of(f"items[{i}].item_code", "must_not_empty", "must not be empty"))
        if (item.item_code, item.unit) in seen:
            problems.append(
                FieldProblem.of(
                    f"items[{i}].item_code",
                    "listed_twice_3",
                    "{item_code} ({unit}) is listed twice",
                    item_code=item.item_code,
                    unit=item.unit,
                )
            )
        seen.add((item.item_code, item.unit))
        if not item.price.is_positive():
            problems.append(
                FieldProblem.of(
                    f"items[{i}].price", "must_positive_got", "must be positive, got {price}", price=item.price
                )
            )
        elif not item.price.is_in_minor_units():
            problems.append(
                FieldProblem.of(
                    f"items[{i}].price",
                    "more_decimals_currency",
                    "{price} has more decimals than the currency",
                    price=item.price,
                )
            )
    return problems

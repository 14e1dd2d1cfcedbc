"""The units support is ordered in (relos.domain.orders.catalogue.UNITS: `L`, `m3`, `bed_night` …) as the
page's reader writes them: `order_unit.<code>` in the catalogue (locale/*/LC_MESSAGES/order_units.po) gives each
unit's forms after a number, "|"-separated in the order of the language's plural categories (CLDR, through
Babel: English one|other, Russian one|few|many|other), so that a quantity reads "1 200 л", "5 койко-ночей",
"2 рейса". A unit the catalogue does not name is shown as its code."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from babel import Locale

from relos.services import locale_format as fmt
from relos.web.i18n.page import Page

#: The plural categories each language's forms are written in, in order.
CATEGORIES = {"en": ("one", "other"), "ru": ("one", "few", "many", "other")}


def _forms(page: Page, unit: str) -> list[str] | None:
    key = f"order_unit.{unit}"
    return page.t(key).split("|") if page.has(key) else None


def unit_name(page: Page, unit: object) -> str:
    """The unit alone (a price list's column): its first form, e.g. `л`, `койко-ночь`."""
    forms = _forms(page, str(unit))
    return forms[0] if forms else str(unit)


def quantity_of(page: Page, quantity: object, unit: object) -> str:
    """The quantity in the language's digits with the unit in the form that number takes."""
    shown = fmt.number(quantity, page.lang)  # type: ignore[arg-type]
    forms = _forms(page, str(unit)) if unit else None
    if not forms:
        return f"{shown} {unit}" if unit else shown
    try:
        category = Locale.parse(page.lang).plural_form(abs(Decimal(str(quantity))))
    except (InvalidOperation, ValueError):
        category = "other"
    order = CATEGORIES.get(page.lang, ("one", "other"))
    form = forms[order.index(category)] if category in order and len(forms) == len(order) else forms[-1]
    return f"{shown}\u00a0{form}"

"""An order's lines as the new-order and amendment forms carry them, and a refusal's fields named as those forms
label them. Each row of the form is one line: the item picked from the supplier's price list (`code|unit`), its
category, quantity, reimbursement method, and, only when the price departs from the list, the price and why.
Rows left empty are no lines; the rows sent are numbered as the form shows them (line 1, line 2, …), so a
refusal of `lines[1].quantity` reads "line 2, quantity" (or "строка 2, количество") when row 2 was the second
line sent."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from relos.services.orders.lifecycle import LineInput
from relos.services.orders.results import OfferedItem
from relos.web.i18n import CATALOGUE, translator
from relos.web.refusals import PageError

#: Rows a new order's form shows (more on asking, up to MAX_ROWS).
NEW_ROWS = 4
MAX_ROWS = 20
ROW_FIELDS = ("item", "category", "quantity", "method", "price", "reason")
INDEXED = re.compile(r"(lines|items)\[(\d+)\]\.?(.*)")


@dataclass(frozen=True)
class Row:
    number: int  # as the form shows it, from 1
    item: str  # "code|unit" of the price list's item
    category: str
    quantity: str
    method: str
    price: str  # empty: the list's price
    reason: str

    @property
    def empty(self) -> bool:
        return not (self.item or self.quantity or self.price or self.reason)


def typed_number(text: str, lang: str) -> str:
    """A number as typed in the page's language, for the service: "1,000.50" in English, "1 000,50" in Russian
    (spaces and no-break spaces group digits there, the comma marks the decimals) → "1000.50"."""
    text = text.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    return text.replace(",", ".") if lang == "ru" else text.replace(",", "")


def row_count(asked: str | None, least: int = NEW_ROWS) -> int:
    """How many rows the form shows: as asked (`?rows=`), at least `least`, at most MAX_ROWS."""
    try:
        wanted = int(asked or 0)
    except ValueError:
        wanted = 0
    return max(least, min(wanted, MAX_ROWS))


def rows_of(fields: Mapping[str, str]) -> list[Row]:
    """The rows the form sent with anything in them, in the form's order."""
    rows = []
    for n in range(1, MAX_ROWS + 1):
        got = {f: fields.get(f"line-{n}-{f}", "").strip() for f in ROW_FIELDS}
        row = Row(n, got["item"], got["category"], got["quantity"], got["method"], got["price"], got["reason"])
        if not row.empty:
            rows.append(row)
    return rows


def line_inputs(rows: Sequence[Row], offered: Sequence[OfferedItem], lang: str = "en") -> list[LineInput]:
    """The lines for the service, described as the price list describes the item (the service prices them);
    quantities and prices as the page's language writes numbers."""
    listed = {f"{i['item_code']}|{i['unit']}": i for i in offered}
    out = []
    for row in rows:
        code, _, unit = row.item.partition("|")
        item = listed.get(row.item)
        out.append(
            LineInput(
                category=row.category,
                item_code=code,
                description=item["description"] if item and item["description"] else code,
                quantity=typed_number(row.quantity, lang),
                unit=unit,
                method=row.method,
                unit_price=typed_number(row.price, lang) or None,
                currency=item["currency"] if item and row.price else None,
                price_reason=row.reason,
            )
        )
    return out


def form_rows(lines: Sequence[Mapping[str, object]]) -> dict[str, str]:
    """An order's current lines as the amendment form's fields (a price is given only where it departs)."""
    out: dict[str, str] = {}
    for n, ln in enumerate(lines, start=1):
        departs = bool(ln.get("departs_from_list"))
        price = ln.get("unit_price")
        out[f"line-{n}-item"] = f"{ln['item_code']}|{ln['unit']}"
        out[f"line-{n}-category"] = str(ln["category"])
        out[f"line-{n}-quantity"] = str(ln["quantity"])
        out[f"line-{n}-method"] = str(ln["method"])
        out[f"line-{n}-price"] = str(price["amount"]) if departs and isinstance(price, Mapping) else ""
        out[f"line-{n}-reason"] = str(ln.get("price_reason") or "")
    return out


def field_names(rows: Sequence[int] = ()) -> Callable[[PageError, str], PageError]:
    """A refusal whose fields are named as the form labels them in `lang`: `lines[i].x` as the row the form showed
    (`rows[i]`), `items[i].x` as the file's item i+1; a field the catalogue labels (`field.<name>`, `<name>`) is
    left to the refusal card, others by this form's label (`form_field.<name>`). Each problem is said by its
    code on the page."""

    def rename(error: PageError, lang: str) -> PageError:
        if error.title != "error.invalid_input":
            return error
        t = translator(lang)
        return replace(error, items=[(_name(where, rows, t), message) for where, message in error.items])

    return rename


def _name(where: str, rows: Sequence[int], t: Callable[[str], str]) -> str:
    match = INDEXED.fullmatch(where)
    if match is None:  # a field the page labels itself (web/i18n/problems.py) keeps its name
        return where if _labelled(where) else _label(where, t)
    kind, index, rest = match[1], int(match[2]), match[3]
    number = rows[index] if kind == "lines" and index < len(rows) else index + 1
    said = t(f"form_field.{kind}_at").format(n=number)
    return f"{said}, {_label(rest, t)}" if rest else said


def _labelled(name: str) -> bool:
    return bool(re.fullmatch(r"[a-z_]+", name)) and (f"field.{name}" in CATALOGUE["en"] or name in CATALOGUE["en"])


def _label(name: str, t: Callable[[str], str]) -> str:
    key = f"form_field.{name.replace('unit_price', 'price').replace('price_reason', 'reason')}"
    found = t(key)
    return name if found == key else found

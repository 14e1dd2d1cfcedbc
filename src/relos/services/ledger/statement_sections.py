"""The detail tables of the statement as a document, in reading order: what is open, then what happened (invoices,
payments, obligations, returns in kind, conversions, orders, deliveries); then ageing, ceilings and the books
(services.ledger.statement_books).

Each builder turns the statement's JSON into column heads and rows of text in one language (services.ledger.
statement_words): parties by name, statuses, methods and accounts in words, money with its currency, one date
form; a balance as an amount with Dr or Cr, never a bare sign.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from relos.services.ledger.results import Statement, StatementOrder
from relos.services.ledger.statement_words import Words


@dataclass(frozen=True)
class Cell:
    """One cell: its text; `order_id` when it names an order (the screen links it); `reference` when the text is a
    record's id (the screen shows its last group, paper all of it)."""

    text: str
    order_id: str | None = None
    reference: bool = False
    lang: str | None = None  # the text's language when it is not the document's (a name the data holds in English)


@dataclass(frozen=True)
class Column:
    head: str
    numeric: bool = False
    width: float = 1.0  # share of the page's width, relative to the other columns
    reference: bool = False  # a record's id: paper gives it the width of a whole id


Rows = tuple[tuple[Cell, ...], ...]
Built = tuple[tuple[Column, ...], Rows, str]
Builder = Callable[[Statement, Words], Built]


def _ref(value: str | None, *, order: bool = False) -> Cell:
    if not value:
        return Cell("—")
    return Cell(value, order_id=value if order else None, reference=True)


def _text(value: object) -> Cell:
    return Cell("—" if value is None or value == "" else str(value))


def _ref_col(w: Words, key: str) -> Column:
    return Column(w(f"col.{key}"), width=2.0, reference=True)


def text_column(w: Words, key: str, width: float = 1.0) -> Column:
    return Column(w(f"col.{key}"), width=width)


def figure_column(w: Words, key: str, width: float = 1.3) -> Column:
    return Column(w(f"col.{key}"), numeric=True, width=width)


def _note(due_on: str | None, as_of: date, w: Words) -> str:
    if not due_on:
        return ""
    due = date.fromisoformat(due_on)
    if as_of >= due:  # due dates are exclusive: on the day itself the item is overdue
        return w("overdue_since", d=w.day(due))
    days = (due - as_of).days
    return w("due_in", n=days) if days <= 30 else ""


def open_items(st: Statement, w: Words) -> Built:
    as_of = date.fromisoformat(st["as_of"])
    columns = (
        text_column(w, "what", 1.5),
        _ref_col(w, "reference"),
        text_column(w, "debtor", 0.8),
        text_column(w, "creditor", 0.8),
        text_column(w, "since"),
        text_column(w, "due_on"),
        figure_column(w, "amount"),
        text_column(w, "note", 1.3),
    )
    rows = []
    for item in st["open_items"]:
        kind, _, ref = item["reference"].partition(":")
        rows.append(
            (
                Cell(w.coded("item", kind)),
                _ref(ref, order=kind == "order"),
                Cell(w.party(item["debtor"])),
                Cell(w.party(item["creditor"])),
                Cell(w.day(item["since"])),
                Cell(w.day(item["due_on"])),
                Cell(w.money(item["amount"], item["currency"])),
                Cell(_note(item["due_on"], as_of, w)),
            )
        )
    return columns, tuple(rows), ""


def invoices(st: Statement, w: Words) -> Built:
    columns = (
        _ref_col(w, "invoice"),
        _ref_col(w, "order"),
        text_column(w, "creditor", 0.8),
        text_column(w, "debtor", 0.8),
        text_column(w, "issued_on"),
        text_column(w, "due_on"),
        figure_column(w, "amount"),
        figure_column(w, "outstanding"),
    )
    rows = tuple(
        (
            _ref(i["id"]),
            _ref(i["order_id"], order=True),
            Cell(w.party(i["creditor"])),
            Cell(w.party(i["debtor"])),
            Cell(w.day(i["issued_on"])),
            Cell(w.day(i["due_on"])),
            Cell(w.money(i["amount"], i["currency"])),
            Cell(w.money(i["outstanding"], i["currency"])),
        )
        for i in st["invoices"]
    )
    return columns, rows, ""


def payments(st: Statement, w: Words) -> Built:
    columns = (
        _ref_col(w, "payment"),
        _ref_col(w, "invoice"),
        text_column(w, "payer", 0.8),
        text_column(w, "payee", 0.8),
        text_column(w, "paid_on"),
        figure_column(w, "amount"),
        text_column(w, "note", 1.3),
    )
    rows = tuple(
        (
            _ref(p["id"]),
            _ref(p["invoice_id"]),
            Cell(w.party(p["payer"])),
            Cell(w.party(p["payee"])),
            Cell(w.day(p["paid_on"])),
            Cell(w.money(p["amount"], p["currency"])),
            Cell(w("reversed") if p["reversed"] else ""),
        )
        for p in st["payments"]
    )
    return columns, rows, ""


def obligations(st: Statement, w: Words) -> Built:
    columns = (
        _ref_col(w, "obligation"),
        _ref_col(w, "order"),
        text_column(w, "debtor", 0.8),
        text_column(w, "creditor", 0.8),
        text_column(w, "incurred_on"),
        text_column(w, "method", 1.3),
        text_column(w, "due_on"),
        figure_column(w, "value"),
        text_column(w, "status", 1.3),
    )
    rows = tuple(
        (
            _ref(o["id"]),
            _ref(o["order_id"], order=True),
            Cell(w.party(o["debtor"])),
            Cell(w.party(o["creditor"])),
            Cell(w.day(o["incurred_on"])),
            Cell(w.coded("method", o["method"])),
            Cell(w.day(o["due_on"])),
            Cell(w.money(o["value"], o["currency"])),
            Cell(w.coded("ob", o["status"])),
        )
        for o in st["obligations"]
    )
    return columns, rows, ""


def satisfactions(st: Statement, w: Words) -> Built:
    columns = (
        _ref_col(w, "obligation"),
        text_column(w, "method", 1.3),
        text_column(w, "returned_on"),
        figure_column(w, "value"),
        text_column(w, "document", 2.0),
    )
    rows = tuple(
        (
            _ref(s["obligation_id"]),
            Cell(w.coded("method", s["method"])),
            Cell(w.day(s["satisfied_on"])),
            Cell(w.money(s["value"], s["currency"])),
            _text(s["delivery_ref"]),
        )
        for s in st["satisfactions"]
    )
    return columns, rows, ""


def conversions(st: Statement, w: Words) -> Built:
    columns = (_ref_col(w, "obligation"), text_column(w, "converted_on"), figure_column(w, "cash_debt"))
    rows = tuple(
        (_ref(c["obligation_id"]), Cell(w.day(c["converted_on"])), Cell(w.money(c["amount"], c["currency"])))
        for c in st["conversions"]
    )
    return columns, rows, ""


def orders(st: Statement, w: Words) -> Built:
    columns = (
        _ref_col(w, "order"),
        text_column(w, "made_on"),
        text_column(w, "requesting_party", 0.9),
        text_column(w, "unit", 1.3),
        text_column(w, "supplying_party", 0.9),
        text_column(w, "facility", 1.2),
        text_column(w, "status"),
        figure_column(w, "value", 1.5),
    )
    rows = tuple(
        (
            _ref(o["id"], order=True),
            Cell(w.day(o["created_on"])),
            Cell(w.party(o["requesting_party"])),
            _text(o["requesting_unit"]),
            Cell(w.party(o["supplying_party"])),
            _facility(o, w),
            Cell(w.coded("order", o["status"])),
            Cell("; ".join(w.money(v, cur) for cur, v in sorted(o["value"].items())) or "—"),
        )
        for o in st["orders"]
    )
    return columns, rows, ""


def _facility(order: StatementOrder, w: Words) -> Cell:
    """The facility by name: in Russian where the reference data has its Russian name, else in English (so marked)."""
    if w.language == "ru" and order["facility_name_ru"] != order["facility_name"]:
        return Cell(order["facility_name_ru"])
    return Cell(order["facility_name"], lang=None if w.language == "en" else "en")


def price_departures(st: Statement, w: Words) -> Built:
    columns = (
        _ref_col(w, "order"),
        text_column(w, "line", 0.5),
        text_column(w, "item"),
        figure_column(w, "price"),
        figure_column(w, "list_price"),
        text_column(w, "reason", 2.5),
    )
    rows = tuple(
        (
            _ref(o["id"], order=True),
            Cell(str(d["line_no"])),
            _text(d["item_code"]),
            Cell(w.money(d["price"]["amount"], d["price"]["currency"])),
            Cell(w.money(d["list_price"]["amount"], d["list_price"]["currency"]) if d["list_price"] else "—"),
            _text(d["reason"]),
        )
        for o in st["orders"]
        for d in o["price_departures"]
    )
    return columns, rows, ""


def _quantities(lines: Iterable[dict[str, object]] | None, w: Words) -> str:
    return "; ".join(w("line_quantity", n=ln["line_no"], q=_quantity(str(ln["quantity"]), w)) for ln in lines or [])


def _quantity(text: str, w: Words) -> str:
    return w.number(Decimal(text).normalize())


def deliveries(st: Statement, w: Words) -> Built:
    columns = (
        _ref_col(w, "delivery"),
        _ref_col(w, "order"),
        text_column(w, "delivered_on"),
        text_column(w, "receipted_on"),
        text_column(w, "receiving_unit", 1.3),
        text_column(w, "quantities", 1.8),
    )
    rows = []
    for d in st["deliveries"]:
        r = d["receipt"]
        rows.append(
            (
                _ref(d["id"]),
                _ref(d["order_id"], order=True),
                Cell(w.day(d["delivered_on"])),
                Cell(w.day(r["receipted_on"]) if r else w("not_receipted")),
                _text(r["receiving_unit"] if r else None),
                Cell(_quantities(r["lines"] if r else d["lines"], w)),  # type: ignore[arg-type]
            )
        )
    return columns, tuple(rows), ""


def section_builders() -> tuple[tuple[str, Builder], ...]:
    """(section key, builder) in reading order."""
    from relos.services.ledger.statement_books import ageing, balances, ceilings, transactions

    return (
        ("open_items", open_items),
        ("invoices", invoices),
        ("payments", payments),
        ("obligations", obligations),
        ("satisfactions", satisfactions),
        ("conversions", conversions),
        ("orders", orders),
        ("price_departures", price_departures),
        ("deliveries", deliveries),
        ("ageing", ageing),
        ("ceilings", ceilings),
        ("balances", balances),
        ("transactions", transactions),
    )

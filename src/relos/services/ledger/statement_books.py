"""The statement's tables of ageing, annual ceilings and the parties' books (opening, movement and closing balance
of each account, Dr or Cr, in the order of the chart of accounts), and the count of ledger transactions."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from relos.domain.ledger.accounts import AccountKind
from relos.services.ledger.results import Balance, Statement
from relos.services.ledger.statement_sections import Built, Cell, Column, figure_column, text_column
from relos.services.ledger.statement_words import Words

BUCKETS = ("0-30", "31-90", "91-180", "181-365", "over-365")


def _nonzero(amount: str, currency: str, w: Words) -> str:
    return w.money(amount, currency) if Decimal(amount) else "—"


def ageing(st: Statement, w: Words) -> Built:
    columns = (
        text_column(w, "debtor", 0.8),
        text_column(w, "creditor", 0.8),
        *(Column(w(f"age.{b}"), numeric=True, width=1.2) for b in BUCKETS),
        figure_column(w, "total"),
    )
    rows = tuple(
        (
            Cell(w.party(r["debtor"])),
            Cell(w.party(r["creditor"])),
            *(Cell(_nonzero(r[b], r["currency"], w)) for b in BUCKETS),  # type: ignore[literal-required]
            Cell(w.money(r["total"], r["currency"])),
        )
        for r in st["ageing"]
    )
    return columns, rows, ""


def ceilings(st: Statement, w: Words) -> Built:
    columns = (
        text_column(w, "debtor", 0.8),
        text_column(w, "agreement_year", 1.6),
        figure_column(w, "used"),
        figure_column(w, "limit"),
        text_column(w, "exceeded", 1.5),
    )
    rows = tuple(
        (
            Cell(w.party(c["debtor"])),
            Cell(f"{w.day(c['year_start'])} – {w.day(date.fromisoformat(c['year_end']) - timedelta(days=1))}"),
            Cell(w.money(c["used"], c["currency"])),
            Cell(w.money(c["limit"], c["currency"])),
            Cell(c["error"] or (w("yes") if c["exceeded"] else w("no"))),
        )
        for c in st["ceilings"]
    )
    return columns, rows, ""


def _signed(amount: str | None, currency: str, w: Words) -> str:
    if amount is None or Decimal(amount) == 0:
        return "—"
    value = Decimal(amount)
    return f"{w.money(abs(value), currency)} {w('dr') if value > 0 else w('cr')}"


CHART = tuple(kind.value for kind in AccountKind)


def _chart_order(entry: tuple[tuple[str, str, str, str], dict[str, str]]) -> tuple[str, int, str, str]:
    """A party's book in the order of the chart of accounts (claims, debts, cash, support), then currency."""
    party, account, counterparty, currency = entry[0]
    return party, CHART.index(account) if account in CHART else len(CHART), counterparty, currency


def balances(st: Statement, w: Words) -> Built:
    columns = (
        text_column(w, "book", 0.8),
        text_column(w, "account", 1.8),
        text_column(w, "counterparty", 0.8),
        figure_column(w, "opening", 1.5),
        figure_column(w, "movement", 1.5),
        figure_column(w, "closing", 1.5),
    )
    keyed: dict[tuple[str, str, str, str], dict[str, str]] = {}
    parts: dict[str, list[Balance]] = {
        "opening": st["balances"]["opening"],
        "movement": st["balances"]["movements"],
        "closing": st["balances"]["closing"],
    }
    for part, rows in parts.items():
        for b in rows:
            keyed.setdefault((b["party"], b["account"], b["counterparty"], b["currency"]), {})[part] = b["amount"]
    rows_out = tuple(
        (
            Cell(w.party(party)),
            Cell(w.coded("account", account)),
            Cell(w.party(counterparty)),
            *(Cell(_signed(amounts.get(part), currency, w)) for part in ("opening", "movement", "closing")),
        )
        for (party, account, counterparty, currency), amounts in sorted(keyed.items(), key=_chart_order)
    )
    return columns, rows_out, w("balances_note")


def transactions(st: Statement, w: Words) -> Built:
    columns = (text_column(w, "kind", 2.0), figure_column(w, "count", 0.8))
    rows = tuple((Cell(w.coded("txn", t["kind"])), Cell(w.number(t["count"]))) for t in st["transactions"])
    return columns, rows, ""

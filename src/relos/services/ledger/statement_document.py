"""The settlement statement laid out as the document a finance officer signs and sends the other party: a heading
(agreement, parties, period, dates), who owes whom how much in each currency in words, then the detail in tables
with human column heads, every status, method and account in words, money and dates written the language's way.

The statement's JSON (services.ledger.statements) stays the complete record for machines; this is what the
screen, the PDF and the CSV show (services.ledger.formats, web/ledger.py), the same in each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from relos.services.ledger.results import Discrepancy, Netting, Owing, Statement
from relos.services.ledger.statement_sections import Cell, Column, section_builders
from relos.services.ledger.statement_words import NBSP, Language, Words, party_name

__all__ = ["Cell", "Column", "Document", "Section", "owes_sentence", "statement_document"]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    title_other: str  # the title in the other language: paper heads each section in both
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str = ""


@dataclass(frozen=True)
class Document:
    language: Language
    title: str
    title_other: str
    facts: tuple[tuple[str, str], ...]
    owing_title: str
    owing: tuple[str, ...]  # who owes whom, one sentence per currency and kind (or that nothing is owed)
    owing_note: str
    settlement: tuple[str, ...]  # the net in one currency, and each rate used (empty: nothing to convert)
    warnings: tuple[str, ...]  # the open items disagree with the ledger: the records need checking
    sections: tuple[Section, ...]
    empty_title: str
    empty: tuple[str, ...]  # titles of the sections with nothing in the period
    parties: tuple[str, ...] = field(default=())  # who signs: "For the Republic of India"


def statement_document(statement: Statement, language: Language) -> Document:
    """Lay `statement` out in `language` (see the module docstring)."""
    w = Words(language)
    sections: list[Section] = []
    empty: list[str] = []
    for key, build in section_builders():
        columns, rows, note = build(statement, w)
        if rows:
            sections.append(Section(key, w(f"sec.{key}"), w.both(f"sec.{key}").split(" / ", 1)[1], columns, rows, note))
        else:
            empty.append(w(f"sec.{key}"))
    a, b = statement["agreement"]["parties"]
    return Document(
        language=language,
        title=w("title"),
        title_other=w.both("title").split(" / ", 1)[1],
        facts=_facts(statement, w),
        owing_title=w("who_owes"),
        owing=_owing(statement["owing"], statement["as_of"], w),
        owing_note=w("net_note"),
        settlement=_settlement(statement["netting"], w),
        warnings=tuple(_warning(d, statement["netting"], w) for d in statement["discrepancies"]),
        sections=tuple(sections),
        empty_title=w("nothing_in"),
        empty=tuple(empty),
        parties=tuple(_for_party(p, w) for p in (a, b)),
    )


def _facts(st: Statement, w: Words) -> tuple[tuple[str, str], ...]:
    agreement, period = st["agreement"], st["period"]
    title = agreement["title_ru"] if w.language == "ru" and agreement["title_ru"] else agreement["title"]
    last = date.fromisoformat(period["end"]) - timedelta(days=1)
    as_of = w.day(st["as_of"])
    if date.fromisoformat(st["as_of"]) < last:
        as_of += f" ({w('as_of_today')})"
    term = f"{st['in_kind_period_months']} {w('months')}"
    if not st["in_kind_period_stated"]:
        term += f" ({w('term_default')})"
    return (
        (w("agreement"), f"{agreement['short_name']} — {title}" if title else agreement["short_name"]),
        (w("parties"), " — ".join(w.party_full(p) for p in agreement["parties"])),
        (w("period"), f"{period['label']}: {w.day(period['start'])} – {w.day(last)}"),
        (w("as_of"), as_of),
        (w("issued_on"), w.day(st["issued_on"])),
        (w("in_kind_term"), term),
    )


def _subject(code: str, w: Words) -> str:
    """A party as the subject of a sentence, capitalised: "The Russian Federation" / "Российская Федерация"."""
    name = party_name(code)
    text = name.ru if w.language == "ru" else f"{name.en_article}{name.en}"
    return text[:1].upper() + text[1:]


def _to(code: str, w: Words) -> str:
    """A party as the one owed: "the Republic of India" / "Республике Индия"."""
    name = party_name(code)
    return name.ru_dative if w.language == "ru" else f"{name.en_article}{name.en}"


def _verb(code: str, w: Words, en: str, ru_one: str, ru_many: str) -> str:
    if w.language == "en":
        return en
    return ru_many if party_name(code).ru_plural else ru_one


def owes_sentence(row: Owing, w: Words) -> str:
    """ "The Russian Federation owes the Republic of India RUB 15,572,000.00." /
    "Российская Федерация должна Республике Индия 15 572 000,00 RUB." (in kind: support worth the amount)."""
    debtor, creditor = row["debtor"], row["creditor"]
    money = w.money(row["amount"], row["currency"])
    verb = _verb(debtor, w, "owes", "должна", "должны")
    if row["scope"] == "in_kind":
        worth = (
            f"обеспечение в натуральной форме на сумму {money}"
            if w.language == "ru"
            else f"support in kind worth {money}"
        )
        return f"{_subject(debtor, w)} {verb} {_to(creditor, w)} {worth}."
    return f"{_subject(debtor, w)} {verb} {_to(creditor, w)} {money}."


def _owing(rows: list[Owing], as_of: str, w: Words) -> tuple[str, ...]:
    if not rows:
        if w.language == "ru":
            return (f"На {w.day(as_of)} стороны ничего не должны друг другу по Соглашению.",)
        return (f"On {w.day(as_of)} neither party owes the other anything under the agreement.",)
    cash = [r for r in rows if r["scope"] == "cash"]
    in_kind = [r for r in rows if r["scope"] != "cash"]
    return tuple(owes_sentence(r, w) for r in [*cash, *in_kind])


def _settlement(netting: Netting, w: Words) -> tuple[str, ...]:
    """The cash position in one currency, said only when another currency had to be converted into it."""
    s = netting["settlement"]
    ru = w.language == "ru"
    if s is None:
        return ()
    cur = s["currency"]
    if "error" in s:
        pair = s.get("pair") or cur
        if ru:
            return (f"Рассчитать сальдо в {cur} нельзя: не зафиксирован курс {pair} на дату задолженности или ранее.",)
        return (f"The position cannot be settled in {cur}: no exchange rate {pair} is recorded on or before its day.",)
    if "amount" not in s:
        return ()
    conversions = [c for c in s["conversions"] if c["pair"]]
    if not conversions:
        return ()
    lines = [_settled(s["amount"], cur, s["payer"], netting, w)]
    for c in conversions:
        base, quote = (c["pair"] or "/").split("/")
        rate = f"1{NBSP}{base} = {w.number(c['rate'])}{NBSP}{quote}"
        source = f"{c['rate_source']}, {w.day(c['rate_date'])}"
        original = w.money(c["from"].lstrip("-"), c["from_currency"])
        converted = w.money(c["to"].lstrip("-"), cur)
        # the net in one currency, from the netting party's side: positive, its counterparty owes it
        debtor = netting["party"] if c["from"].startswith("-") else netting["counterparty"]
        owes = _verb(debtor, w, "owes", "должна", "должны")
        lines.append(
            f"{w.party(debtor)} {owes} {original} = {converted} по курсу {rate} ({source})"
            if ru
            else f"{w.party(debtor)} {owes} {original} = {converted} at {rate} ({source})"
        )
    return tuple(lines)


def _settled(amount: str, cur: str, payer: str | None, netting: Netting, w: Words) -> str:
    ru = w.language == "ru"
    if payer is None:
        if ru:
            return f"При расчёте в {cur} по зафиксированным курсам платить нечего: суммы взаимно погашаются."
        return f"Settled in {cur} at the recorded rates, nothing is to be paid: the amounts offset each other."
    payee = netting["counterparty"] if payer == netting["party"] else netting["party"]
    money = w.money(amount.lstrip("-"), cur)
    verb = _verb(payer, w, "pays", "уплачивает", "уплачивают")
    if ru:
        return f"При расчёте в {cur} по зафиксированным курсам {party_name(payer).ru} {verb} {_to(payee, w)} {money}:"
    return f"Settled in {cur} at the recorded rates, {_to(payer, w)} {verb} {_to(payee, w)} {money}:"


def _warning(d: Discrepancy, netting: Netting, w: Words) -> str:
    a, b = netting["party"], netting["counterparty"]
    ledger, items = w.money(d["ledger"], d["currency"]), w.money(d["open_items"], d["currency"])
    kind = w("method.cash") if d["scope"] == "cash" else w("item.obligation").lower()
    if w.language == "ru":
        return (
            f"{w('check_records')}: в {d['currency']} ({kind}) по учёту {party_name(b).ru_short} должна "
            f"{party_name(a).ru_short} {ledger}, по открытым позициям — {items} (минус: наоборот)."
        )
    return (
        f"{w('check_records')}: in {d['currency']} ({kind}) the ledger says {w.party(b)} owes {w.party(a)} {ledger}, "
        f"the open items {items} (negative: the other way round)."
    )


def _for_party(code: str, w: Words) -> str:
    name = party_name(code)
    return f"От {name.ru_genitive}" if w.language == "ru" else f"For {name.en_article}{name.en}"

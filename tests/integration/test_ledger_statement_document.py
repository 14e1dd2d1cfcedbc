"""The statement as the document a finance officer signs and sends, on both databases: who owes whom said in words
in English and Russian, the detail in words (no code, no `key=value`, no ISO date, no bare figure), money and
dates the language's way, and a PDF whose ids, dates and figures keep whole within an A4 landscape page."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase.pdfmetrics import stringWidth
from tests.integration.ledger_history import AGREEMENT, History, OrderSpec, PaymentSpec, play
from tests.integration.orders_helpers import IND_FINANCE
from tests.integration.test_ledger_statement_truth import prepare

from relos.db.runtime import Database
from relos.domain.ledger.accounts import AccountKind
from relos.domain.ledger.obligations import ObligationStatus
from relos.domain.orders.model import OrderStatus
from relos.services.ledger import statements
from relos.services.ledger.formats import PAD, _Styles, _widths, to_csv, to_pdf
from relos.services.ledger.results import Statement
from relos.services.ledger.statement_document import statement_document

#: India is supplied fuel by Russia, billed 15,572,000.00 RUB and pays 40 % of it; Russia is supplied by India,
#: billed 750,000.00 INR, unpaid; Russia owes India water in kind.
HISTORY = History(
    orders=(
        OrderSpec(True, "RUB", "cash", 1000, 1_557_200, 200, None, 9, (PaymentSpec(20, 40, None),)),
        OrderSpec(False, "INR", "cash", 300, 250_000, 100, None, 5),
        OrderSpec(False, "RUB", "replacement_in_kind", 20, 990_000, 150, None, None),
    )
)
CODES = {k.value for k in AccountKind} | {s.value for s in ObligationStatus} | {s.value for s in OrderStatus}
CODES |= {"requesting_party", "supplying_party", "value.RUB", "obligation", "invoice", "replacement_in_kind"}


@pytest.fixture
def statement(database: Database) -> Statement:
    db = prepare(database)
    play(db, HISTORY)
    return statements.ledger_statement(
        db.uow(), actor=IND_FINANCE, agreement_id=AGREEMENT, period="2026", today=date(2026, 12, 31)
    )


def test_statement_says_who_owes_whom_in_words_in_each_language(statement: Statement) -> None:
    en, ru = statement_document(statement, "en"), statement_document(statement, "ru")
    assert en.owing == (
        "The Russian Federation owes the Republic of India 750,000.00\u00a0INR.",
        "The Republic of India owes the Russian Federation 9,343,200.00\u00a0RUB.",
        "The Russian Federation owes the Republic of India support in kind worth 198,000.00\u00a0RUB.",
    )
    assert ru.owing == (
        "Российская Федерация должна Республике Индия 750\u00a0000,00\u00a0INR.",
        "Республика Индия должна Российской Федерации 9\u00a0343\u00a0200,00\u00a0RUB.",
        "Российская Федерация должна Республике Индия обеспечение в натуральной форме на сумму "
        "198\u00a0000,00\u00a0RUB.",
    )
    assert dict(en.facts)["Period"] == "2026: 1\u00a0Jan\u00a02026 – 31\u00a0Dec\u00a02026"
    assert dict(ru.facts)["Стороны"] == "Республика Индия — Российская Федерация"
    assert en.warnings == ru.warnings == ()


def test_statement_says_so_when_nothing_is_owed(database: Database) -> None:
    db = prepare(database)
    st = statements.ledger_statement(db.uow(), actor=IND_FINANCE, agreement_id=AGREEMENT, period="2026-05")
    assert statement_document(st, "ru").owing == ("На 31.05.2026 стороны ничего не должны друг другу по Соглашению.",)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_statement_csv_reads_as_a_document_with_no_code_left(statement: Statement, language: str) -> None:
    text = to_csv(statement, language)  # type: ignore[arg-type]
    rows = list(csv.reader(io.StringIO(text)))
    cells = [c for row in rows for c in row]
    titles = ("Settlement statement", "Акт сверки взаимных расчётов")
    assert rows[0] == [" / ".join(titles if language == "en" else titles[::-1])]
    codes = CODES if language == "ru" else {c for c in CODES if "_" in c or "." in c}  # "cash" is English too
    assert not codes & set(cells), codes & set(cells)
    assert not [c for c in cells if re.search(r"(?:^|\s)-\d", c)], "a bare minus sign"
    assert not [c for c in cells if re.search(r"\b[a-z_.]+=|\b\d{4}-\d{2}-\d{2}\b|\bNone\b|15572000", c)]
    heads = {"en": ["Invoice", "Order", "Owed to", "Owed by", "Issued", "Due", "Amount", "Unpaid"]}
    heads["ru"] = ["Счёт", "Заявка", "Кредитор", "Должник", "Выставлен", "Срок", "Сумма", "Не оплачено"]
    assert heads[language] in rows
    money = {"en": "15,572,000.00\u00a0RUB", "ru": "15\u00a0572\u00a0000,00\u00a0RUB"}[language]
    assert (
        money in cells and any(c.endswith(("Dr", "Дт")) for c in cells) and any(c.endswith(("Cr", "Кт")) for c in cells)
    )


@pytest.mark.parametrize("language", ["en", "ru"])
def test_statement_pdf_keeps_ids_dates_and_figures_whole_within_the_page(statement: Statement, language: str) -> None:
    assert to_pdf(statement, language).startswith(b"%PDF")  # type: ignore[arg-type]
    page_width = landscape(A4)[0] - 2 * 14 * 72 / 25.4
    styles = _Styles()
    for section in statement_document(statement, language).sections:  # type: ignore[arg-type]
        widths = _widths(section, page_width, styles)
        assert sum(widths) <= page_width + 0.01, section.key
        for i, column in enumerate(section.columns):
            style = styles.ref if column.reference else styles.num if column.numeric else styles.cell
            for row in section.rows:
                if column.reference or column.numeric or re.fullmatch(r"[\d.\s\w]{6,12}", row[i].text):
                    needed = stringWidth(row[i].text, style.fontName, style.fontSize) + 2 * PAD
                    assert widths[i] >= needed - 0.01, (section.key, column.head, row[i].text)

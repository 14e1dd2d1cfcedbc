"""The statement page is the document a finance officer sends: who owes whom said first, in the page's language,
then the detail in words; the PDF and CSV downloaded from it are in the page's language too."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from tests.e2e.page_text import faults, visible_text
from tests.e2e.web_helpers import add_people, client_for, sign_in
from tests.integration.ledger_history import History, OrderSpec, PaymentSpec, play
from tests.integration.test_ledger_statement_truth import prepare

from relos.db.runtime import Database

STATEMENT = "/ledger/statement"
PERIOD = {"agreement": "relos-ind-rus", "period": "2026"}
#: India billed 15,572,000.00 RUB by Russia and paying 40 % of it; Russia billed 750,000.00 INR by India.
HISTORY = History(
    orders=(
        OrderSpec(True, "RUB", "cash", 1000, 1_557_200, 200, None, 9, (PaymentSpec(20, 40, None),)),
        OrderSpec(False, "INR", "cash", 300, 250_000, 100, None, 5),
    )
)
#: What the history typed, the same in every language.
DATA = ("INS Tabar", "RFS Admiral Golovko", "DFM-TEST", "No list price: agreed for this test lot", "test rate")


@pytest.fixture
def client(database: Database) -> Iterator[TestClient]:
    db = prepare(database)
    add_people(db)
    play(db, HISTORY)
    with client_for(db) as c:
        yield c


def test_statement_page_says_who_owes_whom_first_in_the_pages_language(client: TestClient) -> None:
    sign_in(client, "rus.finance")
    en = client.get(STATEMENT, params={**PERIOD, "lang": "en"}).text
    owing = en.split('id="owing"')[1].split("</section>")[0]
    said = visible_text(owing)  # (white space, the unbreakable one too, read as one space)
    assert "The Russian Federation owes the Republic of India 750,000.00 INR." in said
    assert "The Republic of India owes the Russian Federation 9,343,200.00 RUB." in said
    assert en.index('id="owing"') < en.index('id="section-open_items"') < en.index('id="section-invoices"')
    assert "<th>Owed by</th>" in en and "Invoice, unpaid" in en and "15,572,000.00\u00a0RUB" in en
    assert faults(en, "en", DATA) == []
    ru = client.get(STATEMENT, params={**PERIOD, "lang": "ru"}).text
    text = visible_text(ru, skip_lang="en")
    assert "Кто кому должен" in text and "Российская Федерация должна Республике Индия 750 000,00 INR." in text
    assert "Республика Индия должна Российской Федерации 9 343 200,00 RUB." in text
    assert "<th>Должник</th>" in ru and "15\u00a0572\u00a0000,00\u00a0RUB" in ru
    assert faults(ru, "ru", DATA) == []


def test_statement_downloads_are_in_the_pages_language(client: TestClient) -> None:
    sign_in(client, "ind.finance")
    client.get(STATEMENT, params={**PERIOD, "lang": "ru"})
    csv_text = client.get(f"{STATEMENT}.csv", params=PERIOD).text
    assert csv_text.startswith("Акт сверки взаимных расчётов / Settlement statement")
    assert "Республика Индия должна Российской Федерации" in csv_text
    pdf = client.get(f"{STATEMENT}.pdf", params=PERIOD)
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    client.get(STATEMENT, params={**PERIOD, "lang": "en"})
    assert client.get(f"{STATEMENT}.csv", params=PERIOD).text.startswith("Settlement statement / Акт сверки")

"""The words of the settlement statement as a document (screen, PDF, CSV), in English and Russian: headings,
column heads, statuses, methods, accounts, the parties' names as a sentence needs them, and money and dates
written the way each language writes them everywhere in RELOS (services.locale_format, with Babel).

The words live here, beside the renderings, because the PDF and CSV are made below the web layer; the statement
page renders the same document, so the screen and the paper say the same thing in the same words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

from relos.services import locale_format

Language = Literal["en", "ru"]
LANGUAGES: tuple[Language, ...] = ("en", "ru")
NBSP = "\u00a0"


def language_of(value: str | None) -> Language:
    """`ru` or `en` (anything else reads as English)."""
    return "ru" if (value or "").lower().startswith("ru") else "en"


def other(language: Language) -> Language:
    return "en" if language == "ru" else "ru"


#: key -> (English, Russian)
WORDS: dict[str, tuple[str, str]] = {
    "title": ("Settlement statement", "Акт сверки взаимных расчётов"),
    "agreement": ("Agreement", "Соглашение"),
    "parties": ("Parties", "Стороны"),
    "period": ("Period", "Период"),
    "as_of": ("Position as of", "Задолженность на"),
    "as_of_today": ("the period has not ended: the position is today's", "период не окончен: задолженность на сегодня"),
    "issued_on": ("Date of issue", "Дата составления"),
    "in_kind_term": ("Return in kind within", "Срок возмещения в натуральной форме"),
    "months": ("months", "мес."),
    "term_default": ("not stated in the agreement: the default", "в Соглашении не указан: принят по умолчанию"),
    "who_owes": ("Who owes whom", "Кто кому должен"),
    "net_note": (
        "Net of what each party owes the other, in each currency, on the day of the position; "
        "the open items below make up these amounts.",
        "С учётом встречных требований сторон, по каждой валюте, на дату задолженности; "
        "из чего складываются суммы — в перечне открытых позиций ниже.",
    ),
    "check_records": ("Check the records before sending", "До отправки проверить записи"),
    "for_party": ("For", "От"),
    "sign_name": ("Name and post", "Ф. И. О., должность"),
    "sign_signature": ("Signature", "Подпись"),
    "sign_date": ("Date", "Дата"),
    "none": ("none in the period", "за период нет"),
    "nothing_in": ("Nothing in the period", "За период нет"),
    "yes": ("yes", "да"),
    "no": ("no", "нет"),
    "more_rows": ("more rows in the CSV and JSON forms", "строк — в формах CSV и JSON"),
    # sections
    "sec.open_items": ("Open items", "Открытые позиции"),
    "sec.invoices": ("Invoices", "Счета"),
    "sec.payments": ("Payments", "Платежи"),
    "sec.obligations": ("Reimbursement obligations", "Обязательства по возмещению"),
    "sec.satisfactions": ("Support returned in kind", "Возмещение в натуральной форме"),
    "sec.conversions": ("In-kind debts turned into cash debts", "Натуральные обязательства, переведённые в денежные"),
    "sec.orders": ("Support orders", "Заявки на обеспечение"),
    "sec.price_departures": ("Prices departing from the price list", "Отступления от прейскуранта"),
    "sec.deliveries": ("Deliveries and receipts", "Поставки и их приёмка"),
    "sec.ageing": ("Ageing of open items", "Задолженность по срокам возникновения"),
    "sec.ceilings": ("Annual ceilings", "Годовые лимиты"),
    "sec.balances": ("Balances in each party's books", "Остатки по счетам учёта сторон"),
    "sec.transactions": ("Ledger transactions", "Проводки"),
    # column heads
    "col.what": ("What", "Позиция"),
    "col.reference": ("Reference", "Номер"),
    "col.invoice": ("Invoice", "Счёт"),
    "col.order": ("Order", "Заявка"),
    "col.payment": ("Payment", "Платёж"),
    "col.obligation": ("Obligation", "Обязательство"),
    "col.delivery": ("Delivery", "Поставка"),
    "col.debtor": ("Owed by", "Должник"),
    "col.creditor": ("Owed to", "Кредитор"),
    "col.payer": ("Paid by", "Плательщик"),
    "col.payee": ("Paid to", "Получатель"),
    "col.since": ("Owed since", "Возникла"),
    "col.due_on": ("Due", "Срок"),
    "col.amount": ("Amount", "Сумма"),
    "col.outstanding": ("Unpaid", "Не оплачено"),
    "col.note": ("Note", "Примечание"),
    "col.issued_on": ("Issued", "Выставлен"),
    "col.paid_on": ("Paid on", "Дата платежа"),
    "col.incurred_on": ("Incurred", "Возникло"),
    "col.method": ("Reimbursed", "Способ возмещения"),
    "col.value": ("Value", "Стоимость"),
    "col.status": ("Status", "Состояние"),
    "col.returned_on": ("Returned on", "Дата возмещения"),
    "col.document": ("Delivery document", "Документ о поставке"),
    "col.converted_on": ("Converted on", "Дата перевода"),
    "col.cash_debt": ("Cash debt", "Денежный долг"),
    "col.made_on": ("Made on", "Дата заявки"),
    "col.requesting_party": ("Requested by", "Запрашивающая сторона"),
    "col.unit": ("Unit", "Часть"),
    "col.supplying_party": ("Supplied by", "Обеспечивающая сторона"),
    "col.facility": ("Facility", "Объект"),
    "col.line": ("Line", "Строка"),
    "col.item": ("Item", "Предмет"),
    "col.price": ("Price", "Цена"),
    "col.list_price": ("List price", "Цена по прейскуранту"),
    "col.reason": ("Reason", "Обоснование"),
    "col.delivered_on": ("Delivered", "Поставлено"),
    "col.receipted_on": ("Receipted", "Принято"),
    "col.receiving_unit": ("Receiving unit", "Принимающая часть"),
    "col.quantities": ("Quantities by line", "Количество по строкам"),
    "col.total": ("Total", "Итого"),
    "col.agreement_year": ("Agreement year", "Год Соглашения"),
    "col.used": ("Used", "Использовано"),
    "col.limit": ("Ceiling", "Лимит"),
    "col.exceeded": ("Exceeded", "Превышен"),
    "col.book": ("Book of", "Учёт стороны"),
    "col.account": ("Account", "Счёт учёта"),
    "col.counterparty": ("Facing", "Контрагент"),
    "col.opening": ("Opening", "Входящий остаток"),
    "col.movement": ("Movement", "Оборот"),
    "col.closing": ("Closing", "Исходящий остаток"),
    "col.kind": ("Kind", "Вид"),
    "col.count": ("Number", "Количество"),
    # ageing buckets
    "age.0-30": ("0–30 days", "0–30 дней"),
    "age.31-90": ("31–90 days", "31–90 дней"),
    "age.91-180": ("91–180 days", "91–180 дней"),
    "age.181-365": ("181–365 days", "181–365 дней"),
    "age.over-365": ("over 365 days", "свыше 365 дней"),
    # what an open item is
    "item.invoice": ("Invoice, unpaid", "Счёт, не оплачен"),
    "item.order": ("Delivered, not yet invoiced", "Поставлено, счёт не выставлен"),
    "item.obligation": ("To be returned in kind", "Возместить в натуральной форме"),
    "item.other": ("Posting", "Проводка"),
    "overdue_since": ("overdue since {d}", "просрочено с {d}"),
    "due_in": ("due in {n} days", "срок наступит через {n} дн."),
    "reversed": ("reversed by a correction", "сторнирован (исправление)"),
    "dr": ("Dr", "Дт"),
    "cr": ("Cr", "Кт"),
    "balances_note": (
        "Each party keeps its own book of the agreement. Dr (debit): owed to that party, money it received, support "
        "it consumed; Cr (credit): what that party owes, money it paid, support it supplied.",
        "Каждая сторона ведёт свой учёт по Соглашению. Дт (дебет): причитается стороне, полученные ею средства, "
        "полученное ею обеспечение; Кт (кредит): долг стороны, уплаченные ею средства, оказанное ею обеспечение.",
    ),
    "line_quantity": ("line {n}: {q}", "строка {n}: {q}"),
    "not_receipted": ("not receipted", "не принято"),
    # reimbursement methods
    "method.cash": ("in cash", "деньгами"),
    "method.replacement_in_kind": ("replacement in kind", "возмещение в натуральной форме"),
    "method.equal_value_exchange": ("equal-value exchange", "обмен равной стоимости"),
    # obligation statuses (a cash obligation's is "cash")
    "ob.cash": ("owed in cash", "денежное"),
    "ob.accrued": ("owed in cash, not yet invoiced", "к оплате, счёт не выставлен"),
    "ob.open": ("open", "не погашено"),
    "ob.partly_satisfied": ("partly returned", "погашено частично"),
    "ob.satisfied": ("returned in full", "погашено"),
    "ob.overdue": ("overdue", "просрочено"),
    "ob.converted_to_cash": ("turned into a cash debt", "переведено в денежный долг"),
    # order statuses
    "order.draft": ("draft", "черновик"),
    "order.signed": ("signed", "подписана"),
    "order.accepted": ("accepted", "принята"),
    "order.partly_delivered": ("partly delivered", "поставлена частично"),
    "order.delivered": ("delivered", "поставлена"),
    "order.billed": ("invoiced", "выставлен счёт"),
    "order.settled": ("settled", "оплачена"),
    "order.closed": ("closed", "закрыта"),
    "order.cancelled": ("cancelled", "отменена"),
    # accounts
    "account.accrued_receivable": ("receivable, not yet invoiced", "к получению, счёт не выставлен"),
    "account.receivable": ("receivable, invoiced", "к получению по счёту"),
    "account.in_kind_receivable": ("receivable in kind", "к получению в натуральной форме"),
    "account.accrued_payable": ("payable, not yet invoiced", "к оплате, счёт не выставлен"),
    "account.payable": ("payable, invoiced", "к оплате по счёту"),
    "account.in_kind_payable": ("payable in kind", "к возмещению в натуральной форме"),
    "account.cash": ("cash", "денежные средства"),
    "account.support_provided": ("support supplied", "оказанное обеспечение"),
    "account.support_received": ("support received", "полученное обеспечение"),
    # ledger transaction kinds
    "txn.obligation": ("obligations posted on receipt", "обязательства при приёмке"),
    "txn.invoice": ("invoices", "счета"),
    "txn.payment": ("payments", "платежи"),
    "txn.reversal": ("corrections (reversals)", "исправления (сторно)"),
    "txn.satisfaction": ("returns in kind", "возмещения в натуральной форме"),
    "txn.conversion": ("conversions to cash debts", "переводы в денежный долг"),
}


@dataclass(frozen=True)
class PartyName:
    """How a sentence names a party: English with its article, Russian in the cases a statement needs."""

    en: str  # "Republic of India"
    en_article: str  # "the "
    en_short: str
    ru: str  # nominative: "Республика Индия"
    ru_dative: str  # to whom: "Республике Индия"
    ru_genitive: str  # from whom: "Республики Индия"
    ru_short: str
    ru_plural: bool = False  # "Соединённые Штаты … должны"


PARTY_NAMES: dict[str, PartyName] = {
    "IND": PartyName(
        "Republic of India", "the ", "India", "Республика Индия", "Республике Индия", "Республики Индия", "Индия"
    ),
    "RUS": PartyName(
        "Russian Federation",
        "the ",
        "Russia",
        "Российская Федерация",
        "Российской Федерации",
        "Российской Федерации",
        "Россия",
    ),
    "USA": PartyName(
        "United States of America",
        "the ",
        "United States",
        "Соединённые Штаты Америки",
        "Соединённым Штатам Америки",
        "Соединённых Штатов Америки",
        "США",
        ru_plural=True,
    ),
}


def party_name(code: str) -> PartyName:
    """The party's names; a party not listed is named by its code in every form."""
    return PARTY_NAMES.get(code) or PartyName(code, "", code, code, code, code, code)


class Words:
    """The statement's words, numbers and dates in one language."""

    def __init__(self, language: Language) -> None:
        self.language = language
        self._index = LANGUAGES.index(language)

    def __call__(self, key: str, **values: object) -> str:
        text = WORDS[key][self._index]
        return text.format(**values) if values else text

    def both(self, key: str) -> str:
        """The word in this language, then in the other: a heading on paper both parties read."""
        return f"{self(key)} / {Words(other(self.language))(key)}"

    def coded(self, prefix: str, code: str | None) -> str:
        """A status, method, account or kind in words (the code itself when there is no word for it)."""
        if not code:
            return "—"
        pair = WORDS.get(f"{prefix}.{code}")
        return pair[self._index] if pair else code.replace("_", " ")

    def party(self, code: str) -> str:
        """A party in a table: its short name."""
        name = party_name(code)
        return name.ru_short if self.language == "ru" else name.en_short

    def party_full(self, code: str) -> str:
        name = party_name(code)
        return name.ru if self.language == "ru" else name.en

    def day(self, value: str | date | None) -> str:
        """One form per language (services.locale_format), never broken across lines: 3 Dec 2026 / 03.12.2026."""
        return locale_format.day(value, self.language).replace(" ", NBSP) if value else "—"

    def number(self, value: Decimal | str | int, places: int | None = None) -> str:
        """A number grouped the language's way (15,572,000.00 / 15 572 000,00): its own decimals, or `places`."""
        return locale_format.number(value, self.language, digits=places).replace(" ", NBSP)

    def money(self, amount: Decimal | str, currency: str) -> str:
        """An amount in its currency's minor units with its ISO code after, one unbreakable piece:
        15,572,000.00 RUB / 15 572 000,00 RUB (services.locale_format)."""
        return locale_format.money(amount, currency, self.language).replace(" ", NBSP)

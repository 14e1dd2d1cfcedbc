"""A statement's open items at its day — cash delivered but not yet invoiced, invoices not fully paid, in-kind
obligations neither satisfied nor converted — who owes whom, read off the ledger, and the check that the
open items, netted, say the same."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from relos.domain.ledger.accounts import AccountKind
from relos.domain.ledger.ageing import AgeBucket, OpenItem, ageing, nearly_due, net_of_items, overdue
from relos.domain.ledger.balances import Balances
from relos.domain.ledger.money import Money
from relos.domain.ledger.obligations import Obligation
from relos.domain.ledger.settlement import NettingScope, net_position, owing
from relos.domain.ledger.transactions import Reference, ReferenceKind
from relos.services.ledger import results
from relos.services.ledger.ports import InvoiceLine
from relos.services.unit_of_work import UnitOfWork

NEARLY_DUE_DAYS = 30


def open_items_at(
    uow: UnitOfWork,
    balances: Balances,
    as_of: date,
    invoices: Iterable[InvoiceLine],
    open_in_kind: Iterable[tuple[Obligation, int]],
) -> tuple[list[OpenItem], list[OpenItem], list[OpenItem]]:
    """The open items at `as_of` from the ledger's `balances` then, the invoices and the open in-kind obligations:
    (those in cash, those in kind, all of them oldest first)."""
    cash = accrued_items(uow, balances, as_of) + invoice_items(invoices, as_of)
    in_kind = in_kind_items(open_in_kind)
    every = sorted([*cash, *in_kind], key=lambda i: (i.since, i.reference.kind.value, i.reference.id))
    return cash, in_kind, every


def aged_json(items: list[OpenItem], as_of: date) -> results.AgedItems:
    """The open items at `as_of` aged (what each debtor owes each creditor by age), listed, overdue and nearly due
    (within NEARLY_DUE_DAYS)."""
    report = ageing(items, as_of=as_of)
    return {
        "ageing": [
            {
                "creditor": key[0],
                "debtor": key[1],
                "currency": key[2],
                "0-30": str(row[AgeBucket.DAYS_0_30].amount),
                "31-90": str(row[AgeBucket.DAYS_31_90].amount),
                "91-180": str(row[AgeBucket.DAYS_91_180].amount),
                "181-365": str(row[AgeBucket.DAYS_181_365].amount),
                "over-365": str(row[AgeBucket.OVER_365].amount),
                "total": str(report.total(key).amount),
            }
            for key, row in report.rows.items()
        ],
        "open_items": [item_json(i, as_of) for i in items],
        "overdue": [item_json(i, as_of) for i in overdue(items, as_of=as_of)],
        "nearly_due": [item_json(i, as_of) for i in nearly_due(items, as_of=as_of, within_days=NEARLY_DUE_DAYS)],
    }


def accrued_items(uow: UnitOfWork, balances: Balances, as_of: date) -> list[OpenItem]:
    """Cash owed but not yet invoiced: per accrued account, the latest debits that make up its balance
    (invoices cover the oldest debts first), each an open item from the day it was posted."""
    items: list[OpenItem] = []
    for account, balance in balances:
        if account.kind is not AccountKind.ACCRUED_RECEIVABLE or not balance.is_positive():
            continue
        left = balance.to_minor()
        for debit in uow.ledger.recent_debits(account, before=as_of + timedelta(days=1), covering_minor=left):
            part = min(left, debit.amount_minor)
            left -= part
            ref = (
                Reference(ReferenceKind.ORDER, debit.order_id)
                if debit.order_id
                else Reference(ReferenceKind.OTHER, debit.transaction_id)
            )
            items.append(
                OpenItem(
                    ref, account.party, account.counterparty, Money.from_minor(part, account.currency), debit.booked_on
                )
            )
    return items


def invoice_items(invoices: Iterable[InvoiceLine], as_of: date) -> list[OpenItem]:
    """Invoices issued by `as_of` with something still unpaid on them then."""
    return [
        OpenItem(
            Reference(ReferenceKind.INVOICE, inv.id),
            inv.creditor,
            inv.debtor,
            Money.from_minor(inv.amount_minor - inv.paid_minor, inv.currency),
            inv.issued_on,
            inv.due_on,
        )
        for inv in invoices
        if inv.issued_on <= as_of and inv.paid_minor < inv.amount_minor
    ]


def in_kind_items(open_in_kind: Iterable[tuple[Obligation, int]]) -> list[OpenItem]:
    """In-kind obligations open at the statement's day, each for what is not yet satisfied."""
    return [
        OpenItem(
            Reference(ReferenceKind.OBLIGATION, ob.id),
            ob.creditor,
            ob.debtor,
            ob.value - Money.from_minor(done, ob.value.currency),
            ob.incurred_on,
            ob.due_on,
        )
        for ob, done in open_in_kind
    ]


def item_json(item: OpenItem, as_of: date) -> results.OpenItem:
    return {
        "reference": f"{item.reference.kind.value}:{item.reference.id}",
        "creditor": item.creditor,
        "debtor": item.debtor,
        "amount": str(item.amount.amount),
        "currency": item.amount.currency,
        "since": item.since.isoformat(),
        "due_on": item.due_on.isoformat() if item.due_on else None,
        "age_days": item.age_days(as_of),
    }


def owing_json(balances: Balances, a: str, b: str) -> list[results.Owing]:
    """Who owes whom how much at the statement's day, per currency: in cash (invoiced or not), and in kind."""
    rows: list[results.Owing] = []
    for scope in (NettingScope.CASH, NettingScope.IN_KIND):
        position = net_position(balances, party=a, counterparty=b, scope=scope)
        rows += [
            {
                "scope": scope.value,
                "debtor": o.debtor,
                "creditor": o.creditor,
                "amount": str(o.amount.amount),
                "currency": o.amount.currency,
            }
            for o in owing(position, party=a, counterparty=b)
        ]
    return rows


def discrepancies(
    balances: Balances, a: str, b: str, *, cash: list[OpenItem], in_kind: list[OpenItem]
) -> list[results.Discrepancy]:
    """Where the open items, netted, do not say what the ledger says (empty when the books are consistent;
    anything here is a fault in the records to be investigated, and the statement says so)."""
    found: list[results.Discrepancy] = []
    for scope, items in ((NettingScope.CASH, cash), (NettingScope.IN_KIND, in_kind)):
        ledger = net_position(balances, party=a, counterparty=b, scope=scope)
        listed = net_of_items(items, party=a, counterparty=b)
        for currency in sorted(set(ledger) | set(listed)):
            in_ledger = ledger.get(currency, Money.zero(currency))
            in_items = listed.get(currency, Money.zero(currency))
            if in_ledger != in_items:
                found.append(
                    {
                        "scope": scope.value,
                        "currency": currency,
                        "ledger": str(in_ledger.amount),
                        "open_items": str(in_items.amount),
                    }
                )
    return found

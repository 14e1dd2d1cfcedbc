"""Account statements for a period: opening balances, every movement, closing balances.

The period is half-open, [start, end): a transaction dated ``start`` is in it, one dated
``end`` is not. Everything is derived from the transactions given; nothing is stored.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from relos.domain.errors import Said
from relos.domain.ledger.accounts import AccountRef
from relos.domain.ledger.balances import Balances, account_balances
from relos.domain.ledger.errors import LedgerError
from relos.domain.ledger.money import Money
from relos.domain.ledger.transactions import Posting, Reference, Transaction


@dataclass(frozen=True, slots=True)
class StatementLine:
    """One posting of one transaction in the period."""

    transaction_id: str
    date: date
    description: str
    references: tuple[Reference, ...]
    account: AccountRef
    amount: Money


@dataclass(frozen=True, slots=True)
class Statement:
    start: date
    end: date
    opening: Balances
    lines: tuple[StatementLine, ...]
    closing: Balances

    def lines_for(self, account: AccountRef) -> tuple[StatementLine, ...]:
        return tuple(line for line in self.lines if line.account == account)


def statement(
    transactions: Iterable[Transaction],
    *,
    start: date,
    end: date,
    party: str | None = None,
    agreement_id: str | None = None,
) -> Statement:
    """Statement over [start, end), optionally of one party's book and one agreement only.

    Lines are ordered by date, then transaction id, then account.
    """
    if end <= start:
        raise LedgerError(
            Said.of(
                "period_s_end_must_follow",
                "the period's end ({end}) must follow its start ({start})",
                end=end,
                start=start,
            ),
            field="end",
        )

    def wanted(p: Posting) -> bool:
        return (party is None or p.account.party == party) and (
            agreement_id is None or p.account.agreement_id == agreement_id
        )

    before: list[Posting] = []
    lines: list[StatementLine] = []
    for txn in transactions:
        if txn.date >= end:
            continue
        for p in txn.postings:
            if not wanted(p):
                continue
            if txn.date < start:
                before.append(p)
            else:
                lines.append(StatementLine(txn.id, txn.date, txn.description, txn.references, p.account, p.amount))
    lines.sort(key=lambda line: (line.date, line.transaction_id, line.account))
    opening = account_balances(before)
    closing = account_balances([*before, *(Posting(line.account, line.amount) for line in lines)])
    return Statement(start=start, end=end, opening=opening, lines=tuple(lines), closing=closing)

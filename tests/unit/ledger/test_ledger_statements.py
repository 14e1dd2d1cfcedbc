"""Statements over half-open periods, and the canonical form of transactions."""

from __future__ import annotations

from datetime import date

import pytest
from ledger_helpers import IND, RUS, acc, inr, obligation

from relos.domain.ledger.accounts import AccountKind
from relos.domain.ledger.errors import LedgerError, UnknownCurrencyError
from relos.domain.ledger.obligations import ReimbursementMethod, obligation_transaction
from relos.domain.ledger.serialization import canonical_json, transaction_from_dict, transaction_to_dict
from relos.domain.ledger.statements import statement
from relos.domain.ledger.transactions import Transaction, reverse


def txns() -> list[Transaction]:
    return [
        obligation_transaction(
            obligation(value=inr("100.00"), method=ReimbursementMethod.CASH, obligation_id="a", on=date(2026, 1, 10)),
            transaction_id="t-a",
        ),
        obligation_transaction(
            obligation(value=inr("40.00"), method=ReimbursementMethod.CASH, obligation_id="b", on=date(2026, 2, 1)),
            transaction_id="t-b",
        ),
        obligation_transaction(
            obligation(value=inr("7.00"), method=ReimbursementMethod.CASH, obligation_id="c", on=date(2026, 3, 1)),
            transaction_id="t-c",
        ),
    ]


def test_statement_period_is_half_open() -> None:
    s = statement(txns(), start=date(2026, 2, 1), end=date(2026, 3, 1))
    recv = acc(IND, AccountKind.ACCRUED_RECEIVABLE)
    assert s.opening.of(recv) == inr("100.00")
    assert {line.transaction_id for line in s.lines} == {"t-b"}
    assert s.closing.of(recv) == inr("140.00")


def test_statement_of_one_partys_book() -> None:
    s = statement(txns(), start=date(2026, 1, 1), end=date(2027, 1, 1), party=RUS)
    assert {line.account.party for line in s.lines} == {RUS}
    assert s.closing.of(acc(RUS, AccountKind.ACCRUED_PAYABLE)) == inr("-147.00")


def test_statement_shows_reversal_as_its_own_line() -> None:
    original = txns()[0]
    s = statement(
        [original, reverse(original, id="r", on=date(2026, 1, 11))],
        start=date(2026, 1, 1),
        end=date(2026, 2, 1),
    )
    assert len(s.lines) == 8
    assert s.closing.by_account == {}


def test_rejects_empty_or_inverted_period() -> None:
    with pytest.raises(LedgerError) as err:
        statement([], start=date(2026, 1, 1), end=date(2026, 1, 1))
    assert err.value.field == "end"


def test_canonical_form_round_trips() -> None:
    t = txns()[0]
    assert transaction_from_dict(transaction_to_dict(t)) == t
    assert canonical_json(t) == canonical_json(transaction_from_dict(transaction_to_dict(t)))
    assert '"amount":"100.00"' in canonical_json(t)


def test_canonical_form_errors_name_the_field() -> None:
    data = transaction_to_dict(txns()[0])
    data["postings"][1]["currency"] = "XXX"
    with pytest.raises(UnknownCurrencyError) as unknown:
        transaction_from_dict(data)
    assert unknown.value.field == "postings[1].amount.currency"
    del data["postings"][1]["currency"]
    with pytest.raises(LedgerError) as err:
        transaction_from_dict(data)
    assert err.value.field == "postings[1].currency"
    data = transaction_to_dict(txns()[0])
    data["references"][0]["kind"] = "bogus"
    with pytest.raises(LedgerError) as err:
        transaction_from_dict(data)
    assert err.value.field == "references[0].kind"

"""Transaction rules (each a small function returning violations) and reversal."""

from __future__ import annotations

from datetime import date

import pytest
from ledger_helpers import AGREEMENT, IND, RUS, acc, inr, rub

from relos.domain.ledger.accounts import AccountKind, AccountRef
from relos.domain.ledger.errors import LedgerError, TransactionRejectedError
from relos.domain.ledger.transactions import (
    Posting,
    Reference,
    ReferenceKind,
    Transaction,
    build_transaction,
    mirrored,
    reverse,
    rule_amounts_in_minor_units,
    rule_amounts_non_zero,
    rule_at_least_two_postings,
    rule_balanced_per_currency,
    rule_balanced_per_party,
    rule_currency_matches_account,
    rule_single_agreement,
    validate,
)

DAY = date(2026, 3, 1)
RECV = acc(IND, AccountKind.RECEIVABLE)
PROVIDED = acc(IND, AccountKind.SUPPORT_PROVIDED)


def txn(*postings: Posting, id: str = "t-1") -> Transaction:
    return Transaction(id=id, date=DAY, description="test", postings=postings)


def test_accepts_balanced_transaction() -> None:
    t = build_transaction(
        id="t-1",
        on=DAY,
        description="ok",
        postings=mirrored(debit=RECV, credit=PROVIDED, amount=inr("10.00")),
    )
    assert validate(t) == []


def test_rejects_unbalanced_transaction() -> None:
    t = txn(Posting(RECV, inr("10.00")), Posting(PROVIDED, inr("-9.99")))
    (v,) = rule_balanced_per_currency(t)
    assert v.rule == "balanced_per_currency" and "0.01 INR" in v.message
    with pytest.raises(TransactionRejectedError) as err:
        build_transaction(id="t", on=DAY, description="x", postings=t.postings)
    assert any(x.rule == "balanced_per_currency" for x in err.value.violations)


def test_rejects_transaction_with_fewer_than_two_postings() -> None:
    assert rule_at_least_two_postings(txn(Posting(RECV, inr("1"))))
    assert rule_at_least_two_postings(txn())


def test_rejects_zero_amount_posting() -> None:
    t = txn(Posting(RECV, inr("5")), Posting(PROVIDED, inr("-5")), Posting(acc(IND, AccountKind.CASH), inr("0")))
    (v,) = rule_amounts_non_zero(t)
    assert v.field == "postings[2].amount"


def test_rejects_amounts_finer_than_minor_units() -> None:
    t = txn(Posting(RECV, inr("1.005")), Posting(PROVIDED, inr("-1.005")))
    assert [v.field for v in rule_amounts_in_minor_units(t)] == ["postings[0].amount", "postings[1].amount"]


def test_rejects_amount_in_other_currency_than_its_account() -> None:
    t = txn(Posting(RECV, rub("5")), Posting(PROVIDED, inr("-5")))
    (v,) = rule_currency_matches_account(t)
    assert v.field == "postings[0].amount.currency"


def test_balanced_per_currency_is_checked_in_each_currency() -> None:
    t = txn(
        Posting(RECV, inr("5")),
        Posting(acc(IND, AccountKind.RECEIVABLE, "RUB"), rub("-5")),
    )
    assert len(rule_balanced_per_currency(t)) == 2


def test_rejects_transaction_balanced_only_across_the_two_books() -> None:
    t = txn(Posting(RECV, inr("5")), Posting(acc(RUS, AccountKind.PAYABLE), inr("-5")))
    assert rule_balanced_per_currency(t) == []
    assert [v.rule for v in rule_balanced_per_party(t)] == ["balanced_per_party", "balanced_per_party"]


def test_rejects_transaction_spanning_agreements() -> None:
    other = AccountRef("lemoa-ind-usa", IND, AccountKind.RECEIVABLE, "USA", "INR")
    t = txn(Posting(other, inr("5")), Posting(PROVIDED, inr("-5")))
    assert rule_single_agreement(t)


def test_rejected_transaction_lists_every_violation() -> None:
    with pytest.raises(TransactionRejectedError) as err:
        build_transaction(id=" ", on=DAY, description="", postings=[Posting(RECV, inr("0"))])
    rules = {v.rule for v in err.value.violations}
    assert {"has_id", "has_description", "at_least_two_postings", "amounts_non_zero"} <= rules


def test_reversal_exactly_cancels_and_refers_back() -> None:
    t = build_transaction(
        id="t-1",
        on=DAY,
        description="fuel",
        postings=mirrored(debit=RECV, credit=PROVIDED, amount=inr("10.00")),
        references=[Reference(ReferenceKind.ORDER, "o-1")],
    )
    r = reverse(t, id="t-2", on=date(2026, 3, 2))
    assert [p.amount for p in r.postings] == [-p.amount for p in t.postings]
    assert r.referenced(ReferenceKind.REVERSES) == ("t-1",)
    assert r.referenced(ReferenceKind.ORDER) == ("o-1",)


def test_reversal_needs_its_own_id_and_a_date_not_before_the_original() -> None:
    t = build_transaction(
        id="t-1", on=DAY, description="x", postings=mirrored(debit=RECV, credit=PROVIDED, amount=inr("1"))
    )
    with pytest.raises(LedgerError) as err:
        reverse(t, id="t-1", on=DAY)
    assert err.value.field == "id"
    with pytest.raises(LedgerError) as err:
        reverse(t, id="t-2", on=date(2026, 2, 28))
    assert err.value.field == "on"


def test_account_key_round_trips_and_names_every_part() -> None:
    assert RECV.key == f"{AGREEMENT}:IND:receivable:RUS:INR"
    assert AccountRef.parse(RECV.key) == RECV


def test_account_refuses_same_party_on_both_sides_and_bad_codes() -> None:
    with pytest.raises(LedgerError) as err:
        AccountRef(AGREEMENT, IND, AccountKind.CASH, IND, "INR")
    assert err.value.field == "account"
    with pytest.raises(LedgerError) as err:
        AccountRef(AGREEMENT, "india", AccountKind.CASH, RUS, "INR")
    assert err.value.field == "account.party"
    with pytest.raises(LedgerError) as err:
        AccountRef.parse(f"{AGREEMENT}:IND:bogus:RUS:INR")
    assert err.value.field == "account.kind"

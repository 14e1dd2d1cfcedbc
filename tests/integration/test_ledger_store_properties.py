"""Property: whatever balanced transactions are stored, the database's balances equal the ones
computed from the postings in Python, every currency nets to zero, and unbalanced ones are refused."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.exc import DBAPIError
from uuid6 import uuid7

from relos.db.runtime import Database
from relos.domain.ledger.accounts import AccountKind, AccountRef
from relos.domain.ledger.balances import account_balances
from relos.domain.ledger.money import Money
from relos.domain.ledger.transactions import Posting, Transaction

KINDS = list(AccountKind)
legs = st.tuples(
    st.sampled_from(["IND", "RUS"]),
    st.sampled_from(KINDS),
    st.sampled_from(["RUB", "INR"]),
    st.integers(min_value=1, max_value=10**12),
)


def balanced(raw: list[tuple[str, AccountKind, str, int]], day: int, pact: str) -> Transaction:
    postings: list[Posting] = []
    for party, kind, cur, minor in raw:
        other = "RUS" if party == "IND" else "IND"
        amount = Money.from_minor(minor, cur)
        postings.append(Posting(AccountRef(pact, party, kind, other, cur), amount))
        postings.append(Posting(AccountRef(pact, other, kind, party, cur), -amount))
    return Transaction(str(uuid7()), date(2026, 1, 1) + timedelta(days=day), "property", tuple(postings))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=st.lists(st.tuples(st.lists(legs, min_size=1, max_size=4), st.integers(0, 400)), min_size=1, max_size=8))
def test_stored_balances_match_python_and_net_to_zero(database: Database, batch: list) -> None:  # type: ignore[type-arg]
    pact = f"p-{uuid7().hex[-12:]}"  # each example in an agreement of its own
    txns = [balanced(raw, day, pact) for raw, day in batch]
    with database.uow() as uow:
        uow.ledger.post_many([(t, "property", None) for t in txns], recorded_by="hypothesis", now=datetime.now(UTC))
        uow.commit()
    with database.uow() as uow:
        stored = uow.ledger.balances(agreement_id=pact)
        before = uow.ledger.balances(agreement_id=pact, before=date(2026, 6, 1))
        read_back = [uow.ledger.get(t.id) for t in txns]
    assert read_back == txns
    assert dict(stored.by_account) == dict(account_balances(p for t in txns for p in t.postings).by_account)
    early = account_balances(p for t in txns if t.date < date(2026, 6, 1) for p in t.postings)
    assert dict(before.by_account) == dict(early.by_account)
    assert all(total.is_zero() for total in stored.total_per_currency().values())


def test_repository_cannot_store_an_unbalanced_transaction(database: Database) -> None:
    acc = AccountRef("pact", "IND", AccountKind.CASH, "RUS", "RUB")
    other = AccountRef("pact", "RUS", AccountKind.CASH, "IND", "RUB")
    bad = Transaction(
        "t-bad",
        date(2026, 1, 1),
        "bad",
        (Posting(acc, Money.from_minor(5, "RUB")), Posting(other, Money.from_minor(-4, "RUB"))),
    )
    with pytest.raises(DBAPIError, match="does not balance"), database.uow() as uow:
        uow.ledger.post(bad, kind="raw", order_id=None, recorded_by="test", now=datetime.now(UTC))
        uow.commit()

"""Pure rules about users: names, passwords, the lock-out and token lifetimes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from relos.domain.users import (
    FAILURES_REMEMBERED,
    LOCKOUT_PERIOD,
    MAX_FAILED_SIGN_INS,
    MAX_FAILED_SIGN_INS_PER_ACCOUNT,
    SignInLocks,
    SignInState,
    password_problems,
    token_lifetime_problems,
    user_problems,
)

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def test_a_valid_user_has_no_problems() -> None:
    assert user_problems(user_id="ind.auditor-1", party="IND", roles=["auditor"], language="ru") == []


@pytest.mark.parametrize("user_id", ["A", "x", "1abc", "has space", "cli:root", "a" * 65, "Ivan"])
def test_rejects_malformed_user_names(user_id: str) -> None:
    assert [p.field for p in user_problems(user_id=user_id, party="IND", roles=["auditor"])] == ["user_id"]


def test_rejects_reserved_user_names_that_would_pass_for_the_operator() -> None:
    assert user_problems(user_id="operator", party="IND", roles=["auditor"])[0].message == "'operator' is reserved"


def test_every_problem_names_its_field() -> None:
    problems = user_problems(user_id="ok-name", party="XXX", roles=["general"], language="fr")
    assert [p.field for p in problems] == ["party", "roles", "language"]


def test_a_user_needs_a_role() -> None:
    assert [p.message for p in user_problems(user_id="ok-name", party="RUS", roles=[])] == [
        "a user needs at least one role"
    ]


def test_short_passwords_and_passwords_holding_the_name_are_refused() -> None:
    assert [p.field for p in password_problems("short")] == ["password"]
    assert password_problems("ivan-petrov-2026!", user_id="ivan-petrov")[0].message == "must not contain the user name"
    assert password_problems("correct horse battery staple", user_id="ivan") == []


def test_fifth_failure_in_a_row_from_one_address_locks_it_for_fifteen_minutes() -> None:
    locks = SignInLocks(SignInState(), SignInState())
    for _ in range(MAX_FAILED_SIGN_INS - 1):
        locks = locks.after_failure(NOW)
        assert not locks.locked_at(NOW)
    locks = locks.after_failure(NOW)
    state = locks.from_address
    assert state.locked_at(NOW) and state.locked_until == NOW + LOCKOUT_PERIOD == NOW + timedelta(minutes=15)
    assert state.locked_at(NOW + timedelta(minutes=14, seconds=59))
    assert not state.locked_at(NOW + timedelta(minutes=15))  # half-open: unlocked at the end
    assert not locks.account.locked_at(NOW) and locks.account.failed_sign_ins == MAX_FAILED_SIGN_INS


def test_an_addresss_failures_are_forgotten_a_day_after_counting_began() -> None:
    state = SignInState()
    for _ in range(MAX_FAILED_SIGN_INS - 1):
        state = state.after_failure(NOW, limit=MAX_FAILED_SIGN_INS, window=FAILURES_REMEMBERED)
    later = state.after_failure(NOW + FAILURES_REMEMBERED, limit=MAX_FAILED_SIGN_INS, window=FAILURES_REMEMBERED)
    assert later == SignInState(1, None, NOW + FAILURES_REMEMBERED)


def test_the_accounts_ceiling_counts_failures_from_all_addresses_within_fifteen_minutes() -> None:
    assert MAX_FAILED_SIGN_INS_PER_ACCOUNT >= 20 * MAX_FAILED_SIGN_INS

    def fail(state: SignInState, at: datetime) -> SignInState:
        return state.after_failure(at, limit=MAX_FAILED_SIGN_INS_PER_ACCOUNT, window=LOCKOUT_PERIOD)

    state = SignInState()
    for _ in range(MAX_FAILED_SIGN_INS_PER_ACCOUNT - 1):
        state = fail(state, NOW)
    assert not state.locked_at(NOW)
    assert fail(state, NOW).locked_until == NOW + LOCKOUT_PERIOD
    assert fail(state, NOW + LOCKOUT_PERIOD) == SignInState(1, None, NOW + LOCKOUT_PERIOD)


def test_tokens_live_between_one_day_and_a_year() -> None:
    assert token_lifetime_problems(timedelta(days=90)) == []
    assert [p.field for p in token_lifetime_problems(timedelta(0))] == ["days"]
    assert [p.field for p in token_lifetime_problems(timedelta(days=367))] == ["days"]

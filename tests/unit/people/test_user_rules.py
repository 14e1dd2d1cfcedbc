"""Pure rules about users: names, passwords, the lock-out and token lifetimes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from relos.domain.users import (
    LOCKOUT_PERIOD,
    MAX_FAILED_SIGN_INS,
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


def test_fifth_failure_in_a_row_locks_for_fifteen_minutes() -> None:
    state = SignInState()
    for _ in range(MAX_FAILED_SIGN_INS - 1):
        state = state.after_failure(NOW)
        assert not state.locked_at(NOW)
    state = state.after_failure(NOW)
    assert state.locked_at(NOW) and state.locked_until == NOW + LOCKOUT_PERIOD == NOW + timedelta(minutes=15)
    assert state.locked_at(NOW + timedelta(minutes=14, seconds=59))
    assert not state.locked_at(NOW + timedelta(minutes=15))  # half-open: unlocked at the end


def test_tokens_live_between_one_day_and_a_year() -> None:
    assert token_lifetime_problems(timedelta(days=90)) == []
    assert [p.field for p in token_lifetime_problems(timedelta(0))] == ["days"]
    assert [p.field for p in token_lifetime_problems(timedelta(days=367))] == ["days"]

"""The sign-in lock-out against a real database: failures count per account and client address, so that
someone who knows a user's name cannot lock the user out from elsewhere; a ceiling of failures from all
addresses together still locks the account everywhere."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.domain.errors import NotAuthenticated
from relos.domain.users import LOCKOUT_PERIOD, MAX_FAILED_SIGN_INS, MAX_FAILED_SIGN_INS_PER_ACCOUNT
from relos.services.people import sessions, users

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
# the lock of the first test ends at NOW + LOCKOUT_PERIOD: 2026-03-01T12:15:00Z
PASSWORD = "correct horse battery staple"
WRONG = "wrong password!"
ADDRESS_A, ADDRESS_B = "198.51.100.7", "203.0.113.9"


@pytest.fixture
def ivan(database: Database, operator: Actor) -> Database:
    users.create_user(database.uow(), actor=operator, user_id="ivan", party="RUS", roles=["auditor"], password=PASSWORD)
    return database


def _fail(db: Database, address: str, times: int = 1, at: datetime = NOW) -> None:
    for _ in range(times):
        with pytest.raises(NotAuthenticated):
            sessions.sign_in(db.uow(), user_id="ivan", password=WRONG, now=at, address=address)


def _signs_in(db: Database, address: str, at: datetime = NOW) -> bool:
    try:
        sessions.sign_in(db.uow(), user_id="ivan", password=PASSWORD, now=at, address=address)
    except NotAuthenticated:
        return False
    return True


def _last_entry_after(db: Database) -> tuple[str, dict[str, object]]:
    with db.uow() as uow:
        entry = uow.audit.entries(entity="user", entity_id="ivan", limit=1)[0]
    return entry.action, dict(entry.after or {})


def test_five_failures_from_one_address_do_not_lock_the_user_out_from_another(ivan: Database) -> None:
    _fail(ivan, ADDRESS_A, MAX_FAILED_SIGN_INS)
    assert _last_entry_after(ivan) == (
        "user.locked",
        {
            "address": ADDRESS_A,
            "failed_sign_ins": 0,
            "failed_sign_ins_from_all_addresses": MAX_FAILED_SIGN_INS,
            "locked_until": "2026-03-01T12:15:00Z",
            "locked_for": "this address",
        },
    )
    assert _signs_in(ivan, ADDRESS_B)
    assert not _signs_in(ivan, ADDRESS_A)  # even with the right password, until the lock ends
    assert _signs_in(ivan, ADDRESS_A, NOW + LOCKOUT_PERIOD)


def test_a_success_resets_its_own_addresss_count_only(ivan: Database) -> None:
    _fail(ivan, ADDRESS_A, MAX_FAILED_SIGN_INS - 1)
    _fail(ivan, ADDRESS_B, MAX_FAILED_SIGN_INS - 1)
    assert _signs_in(ivan, ADDRESS_A)
    _fail(ivan, ADDRESS_A)
    assert _signs_in(ivan, ADDRESS_A)
    _fail(ivan, ADDRESS_B)  # B's fifth in a row
    assert not _signs_in(ivan, ADDRESS_B)


def test_failures_from_many_addresses_reach_the_ceiling_and_lock_every_address(ivan: Database) -> None:
    addresses = [f"192.0.2.{n}" for n in range(MAX_FAILED_SIGN_INS_PER_ACCOUNT // (MAX_FAILED_SIGN_INS - 1) + 1)]
    failed = 0
    for address in addresses:
        times = min(MAX_FAILED_SIGN_INS - 1, MAX_FAILED_SIGN_INS_PER_ACCOUNT - failed)
        if times:
            _fail(ivan, address, times)
            failed += times
    assert failed == MAX_FAILED_SIGN_INS_PER_ACCOUNT
    action, after = _last_entry_after(ivan)
    assert (action, after["locked_for"]) == ("user.locked", "every address")
    assert not _signs_in(ivan, ADDRESS_B)  # never failed from B, yet locked there too
    assert _signs_in(ivan, ADDRESS_B, NOW + LOCKOUT_PERIOD)


def test_below_the_ceiling_failures_older_than_its_window_are_forgotten(ivan: Database) -> None:
    earlier = NOW - LOCKOUT_PERIOD
    for n in range(MAX_FAILED_SIGN_INS_PER_ACCOUNT // (MAX_FAILED_SIGN_INS - 1)):
        _fail(ivan, f"192.0.2.{n}", MAX_FAILED_SIGN_INS - 1, at=earlier)
    _fail(ivan, "192.0.2.250", MAX_FAILED_SIGN_INS - 1)
    assert _signs_in(ivan, ADDRESS_B)


def test_setting_a_new_password_lifts_every_lock(ivan: Database, operator: Actor) -> None:
    _fail(ivan, ADDRESS_A, MAX_FAILED_SIGN_INS)
    users.change_password(ivan.uow(), actor=operator, user_id="ivan", password="a new long passphrase", now=NOW)
    assert sessions.sign_in(ivan.uow(), user_id="ivan", password="a new long passphrase", now=NOW, address=ADDRESS_A)

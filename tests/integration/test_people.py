"""Users, sign-in with its lock-out, sessions and API tokens against a real database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from relos.db.runtime import Database
from relos.domain.actor import Actor, Role
from relos.domain.errors import Forbidden, InvalidInput, NotAuthenticated, NotFound
from relos.services.people import sessions, tokens, users

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
PASSWORD = "correct horse battery staple"


@pytest.fixture
def people(database: Database, operator: Actor) -> Database:
    users.create_user(
        database.uow(), actor=operator, user_id="ivan", party="RUS", roles=["auditor"], password=PASSWORD, language="ru"
    )
    users.create_user(
        database.uow(), actor=operator, user_id="asha", party="IND", roles=["administrator"], password=PASSWORD
    )
    return database


def _audit_actions(db: Database) -> list[str]:
    with db.uow() as uow:
        return [e.action for e in reversed(uow.audit.entries(limit=500))]


def test_password_is_stored_as_an_argon2id_hash(people: Database) -> None:
    with people.uow() as uow:
        stored = uow.users.get("ivan")
    assert stored is not None and stored.password_hash.startswith("$argon2id$") and PASSWORD not in stored.password_hash


def test_duplicate_user_name_is_refused_and_nothing_written(people: Database, operator: Actor) -> None:
    before = _audit_actions(people)
    with pytest.raises(InvalidInput, match="user_id: 'ivan' is taken"):
        users.create_user(
            people.uow(), actor=operator, user_id="ivan", party="RUS", roles=["auditor"], password=PASSWORD
        )
    assert _audit_actions(people) == before


def test_sign_in_gives_a_session_that_names_the_user(people: Database) -> None:
    signed = sessions.sign_in(people.uow(), user_id="Ivan ", password=PASSWORD, now=NOW)
    actor = sessions.authenticate_session(people.uow(), secret=signed.secret, now=NOW + timedelta(hours=1))
    assert actor == Actor("ivan", "RUS", frozenset({Role.AUDITOR}))
    assert signed.language == "ru"
    assert _audit_actions(people)[-1] == "user.signed_in"


def test_session_expires_after_twelve_hours(people: Database) -> None:
    signed = sessions.sign_in(people.uow(), user_id="ivan", password=PASSWORD, now=NOW)
    with pytest.raises(NotAuthenticated):
        sessions.authenticate_session(people.uow(), secret=signed.secret, now=NOW + timedelta(hours=12))


def test_signed_out_session_no_longer_works(people: Database) -> None:
    signed = sessions.sign_in(people.uow(), user_id="ivan", password=PASSWORD, now=NOW)
    sessions.sign_out(people.uow(), secret=signed.secret, now=NOW)
    with pytest.raises(NotAuthenticated):
        sessions.authenticate_session(people.uow(), secret=signed.secret, now=NOW)
    assert _audit_actions(people)[-1] == "user.signed_out"


def test_five_failures_lock_the_account_for_fifteen_minutes_even_for_the_right_password(people: Database) -> None:
    for _ in range(5):
        with pytest.raises(NotAuthenticated):
            sessions.sign_in(people.uow(), user_id="ivan", password="wrong password!", now=NOW)
    with pytest.raises(NotAuthenticated):
        sessions.sign_in(people.uow(), user_id="ivan", password=PASSWORD, now=NOW + timedelta(minutes=14))
    assert sessions.sign_in(people.uow(), user_id="ivan", password=PASSWORD, now=NOW + timedelta(minutes=15))
    assert _audit_actions(people)[-6:] == ["user.sign_in_failed"] * 4 + ["user.locked", "user.signed_in"]


def test_a_success_resets_the_failure_count(people: Database) -> None:
    for _ in range(4):
        with pytest.raises(NotAuthenticated):
            sessions.sign_in(people.uow(), user_id="ivan", password="wrong password!", now=NOW)
    sessions.sign_in(people.uow(), user_id="ivan", password=PASSWORD, now=NOW)
    with pytest.raises(NotAuthenticated):
        sessions.sign_in(people.uow(), user_id="ivan", password="wrong password!", now=NOW)
    assert sessions.sign_in(people.uow(), user_id="ivan", password=PASSWORD, now=NOW)


def test_unknown_user_fails_alike_and_writes_nothing(people: Database) -> None:
    before = _audit_actions(people)
    with pytest.raises(NotAuthenticated) as unknown:
        sessions.sign_in(people.uow(), user_id="nobody", password=PASSWORD, now=NOW)
    with pytest.raises(NotAuthenticated) as wrong:
        sessions.sign_in(people.uow(), user_id="ivan", password="wrong password!", now=NOW)
    assert str(unknown.value) == str(wrong.value)
    assert _audit_actions(people) == [*before, "user.sign_in_failed"]


def test_disabled_user_cannot_sign_in_and_loses_sessions_and_tokens(people: Database, operator: Actor) -> None:
    signed = sessions.sign_in(people.uow(), user_id="ivan", password=PASSWORD, now=NOW)
    issued = tokens.issue_token(
        people.uow(), actor=operator, user_id="ivan", name="script", lifetime=timedelta(days=30), now=NOW
    )
    users.set_user_disabled(people.uow(), actor=operator, user_id="ivan")
    with pytest.raises(NotAuthenticated):
        sessions.authenticate_session(people.uow(), secret=signed.secret, now=NOW)
    with pytest.raises(NotAuthenticated):
        tokens.authenticate_token(people.uow(), secret=issued.secret, now=NOW)
    with pytest.raises(NotAuthenticated):
        sessions.sign_in(people.uow(), user_id="ivan", password=PASSWORD, now=NOW)


def test_token_works_until_it_expires(people: Database, operator: Actor) -> None:
    issued = tokens.issue_token(
        people.uow(), actor=operator, user_id="ivan", name="x", lifetime=timedelta(days=1), now=NOW
    )
    assert tokens.authenticate_token(people.uow(), secret=issued.secret, now=NOW).user_id == "ivan"
    with pytest.raises(NotAuthenticated):
        tokens.authenticate_token(people.uow(), secret=issued.secret, now=NOW + timedelta(days=1))


def test_revoked_token_stops_working(people: Database, operator: Actor) -> None:
    issued = tokens.issue_token(
        people.uow(), actor=operator, user_id="ivan", name="x", lifetime=timedelta(days=9), now=NOW
    )
    tokens.revoke_token(people.uow(), actor=operator, token_id=issued.credential.credential_id, now=NOW)
    with pytest.raises(NotAuthenticated):
        tokens.authenticate_token(people.uow(), secret=issued.secret, now=NOW)


def test_only_the_hash_of_a_token_is_stored(people: Database, operator: Actor) -> None:
    issued = tokens.issue_token(
        people.uow(), actor=operator, user_id="ivan", name="x", lifetime=timedelta(days=9), now=NOW
    )
    with people.engine.connect() as conn:
        dump = " ".join(str(v) for row in conn.exec_driver_sql("SELECT * FROM credentials") for v in row)
    assert issued.secret not in dump and issued.secret.startswith("relos_")


def test_a_session_secret_is_not_an_api_token(people: Database) -> None:
    signed = sessions.sign_in(people.uow(), user_id="ivan", password=PASSWORD, now=NOW)
    with pytest.raises(NotAuthenticated):
        tokens.authenticate_token(people.uow(), secret=signed.secret, now=NOW)


def test_administrator_manages_only_own_partys_users(people: Database) -> None:
    asha = Actor("asha", "IND", frozenset({Role.ADMINISTRATOR}))
    with pytest.raises(Forbidden):
        users.create_user(people.uow(), actor=asha, user_id="boris", party="RUS", roles=["auditor"], password=PASSWORD)
    with pytest.raises(NotFound, match="user 'ivan' not found"):
        users.set_user_disabled(people.uow(), actor=asha, user_id="ivan")
    assert [u.user_id for u in users.list_users(people.uow(), actor=asha)] == ["asha"]


def test_change_password_lifts_the_lock_out(people: Database, operator: Actor) -> None:
    for _ in range(5):
        with pytest.raises(NotAuthenticated):
            sessions.sign_in(people.uow(), user_id="ivan", password="wrong password!", now=NOW)
    users.change_password(people.uow(), actor=operator, user_id="ivan", password="a new long passphrase", now=NOW)
    assert sessions.sign_in(people.uow(), user_id="ivan", password="a new long passphrase", now=NOW)


def test_user_changes_are_in_the_chain(people: Database, operator: Actor) -> None:
    users.set_user_disabled(people.uow(), actor=operator, user_id="ivan")
    with people.uow() as uow:
        report = uow.audit.verify()
        entry = uow.audit.entries(limit=1)[0]
    assert report.intact
    assert (entry.action, entry.subject_party, entry.agreement_id) == ("user.disabled", "RUS", None)


def test_new_password_ends_the_users_web_sessions(people: Database, operator: Actor) -> None:
    signed = sessions.sign_in(people.uow(), user_id="ivan", password=PASSWORD, now=NOW)
    users.change_password(people.uow(), actor=operator, user_id="ivan", password="a new long passphrase", now=NOW)
    with pytest.raises(NotAuthenticated):
        sessions.authenticate_session(people.uow(), secret=signed.secret, now=NOW)

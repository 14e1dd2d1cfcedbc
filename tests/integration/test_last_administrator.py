"""A party always keeps an active administrator: the last one cannot be disabled, by themselves, another or
the operator, even when two administrators disable each other at the same moment (threads, both databases)."""

from __future__ import annotations

import threading

import pytest

from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.domain.errors import Conflict
from relos.services.people import users

OPERATOR = Actor.operator("test")


def _admin(db: Database, user_id: str, party: str = "IND") -> Actor:
    return users.create_user(
        db.uow(), actor=OPERATOR, user_id=user_id, party=party, roles=["administrator"], password="a long passphrase!"
    ).actor()


def test_the_last_active_administrator_of_a_party_cannot_be_disabled(database: Database) -> None:
    asha = _admin(database, "asha")
    _admin(database, "ivan", party="RUS")
    for actor in (asha, OPERATOR):
        with pytest.raises(Conflict, match="last active administrator of IND"):
            users.set_user_disabled(database.uow(), actor=actor, user_id="asha")
    ravi = _admin(database, "ravi")
    assert users.set_user_disabled(database.uow(), actor=ravi, user_id="asha").disabled
    with pytest.raises(Conflict):
        users.set_user_disabled(database.uow(), actor=ravi, user_id="ravi")
    assert users.set_user_disabled(database.uow(), actor=ravi, user_id="asha", disabled=False).disabled is False


def _disable_each_other(database: Database, a: Actor, b: Actor) -> list[str]:
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def disable(actor: Actor, target: str) -> None:
        start.wait()
        try:
            users.set_user_disabled(database.uow(), actor=actor, user_id=target)
            outcomes.append("disabled")
        except Conflict:
            outcomes.append("refused")

    threads = [
        threading.Thread(target=disable, args=(a, b.user_id)),
        threading.Thread(target=disable, args=(b, a.user_id)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(outcomes)


def test_two_administrators_disabling_each_other_at_once_leave_one(database: Database) -> None:
    for round_, party in enumerate(("USA", "IND", "RUS", "FRA", "JPN")):  # a party each round
        a, b = _admin(database, f"a{round_}", party=party), _admin(database, f"b{round_}", party=party)
        assert _disable_each_other(database, a, b) == ["disabled", "refused"]
        active = [u for u in users.list_users(database.uow(), actor=OPERATOR) if u.party == party and not u.disabled]
        assert len(active) == 1

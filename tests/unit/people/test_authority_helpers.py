"""Authority helpers the later areas share, separation of duties first."""

from __future__ import annotations

import pytest

from relos.domain.actor import Actor, Role
from relos.domain.errors import Forbidden, NotFound
from relos.services.people.authority import require_different_people, require_party_member

REQUESTER = Actor("ind-requester", "IND", frozenset({Role.REQUESTER}))
APPROVER = Actor("rus-approver", "RUS", frozenset({Role.HOST_APPROVER}))


def test_who_requested_may_not_approve_the_same_order() -> None:
    with pytest.raises(Forbidden, match="approving a support order: ind-requester already took an earlier step"):
        require_different_people(REQUESTER, "ind-requester", action="approving a support order")


def test_another_person_may_approve() -> None:
    require_different_people(APPROVER, "ind-requester", action="approving a support order")


def test_who_took_any_earlier_step_may_not_receipt() -> None:
    with pytest.raises(Forbidden):
        require_different_people(APPROVER, "ind-requester", "rus-approver", action="receipting a delivery")


def test_steps_nobody_has_taken_yet_do_not_block() -> None:
    require_different_people(APPROVER, None, None, action="receipting a delivery")


def test_the_operator_is_not_a_second_person() -> None:
    operator = Actor.operator("cli:root")
    with pytest.raises(Forbidden):
        require_different_people(operator, "cli:root", action="approving a support order")


def test_a_record_of_another_party_does_not_exist_for_its_users() -> None:
    with pytest.raises(NotFound) as raised:
        require_party_member(APPROVER, "IND", kind="user", key="ind-requester")
    assert str(raised.value) == "user 'ind-requester' not found"
    require_party_member(Actor.operator(), "IND", kind="user", key="ind-requester")

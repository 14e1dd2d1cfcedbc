"""An administrator opens a sensitive site closed by default, or closes a facility, with a reason (SQLite and
PostgreSQL): the route planner then counts it, `relos init` does not undo it, and the audit trail says why."""

from __future__ import annotations

from datetime import date

import pytest

from relos.db.runtime import Database
from relos.domain.actor import Actor, Role
from relos.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from relos.services.facilities import access as service
from relos.services.facilities.bundled import load_bundled_reference_data
from relos.services.planning._inputs import AgreementChoice, resolve_access

RELOS = "relos-ind-rus"
SUBMARINE_BASE = "RU-GDZ"  # Gadzhiyevo: closed by default


def _may_use(db: Database, facility_id: str) -> bool:
    with db.uow() as uow:
        access = resolve_access(
            uow, actor=Actor.operator("t"), party="IND", at=date(2026, 8, 1), choice=AgreementChoice((RELOS,))
        )
        facility = uow.facilities.get(facility_id)
        assert facility is not None
        return access.may_use(facility)


def test_a_sensitive_site_is_closed_until_an_administrator_opens_it(catalogue: Database, operator: Actor) -> None:
    assert not _may_use(catalogue, SUBMARINE_BASE)
    after = service.open_facility(
        catalogue.uow(), actor=operator, facility_id=SUBMARINE_BASE, agreement_id=RELOS, reason="exercise 2027"
    )
    assert after.open_under == (RELOS,) and "open_under" not in after.estimated
    assert _may_use(catalogue, SUBMARINE_BASE)
    load_bundled_reference_data(catalogue.uow(), actor=operator)  # `relos init` again keeps the decision
    assert _may_use(catalogue, SUBMARINE_BASE)
    with catalogue.uow() as uow:
        [entry, *_] = uow.audit.entries(entity="facility", entity_id=SUBMARINE_BASE)
        assert entry.action == "facility.opened" and entry.after is not None
        assert entry.after["reason"] == "exercise 2027" and entry.after["open_under"] == [RELOS]
    closed = service.close_facility(
        catalogue.uow(), actor=operator, facility_id=SUBMARINE_BASE, agreement_id=RELOS, reason="exercise over"
    )
    assert closed.open_under == () and not _may_use(catalogue, SUBMARINE_BASE)


def test_opening_refuses_a_missing_reason_and_a_host_not_party(catalogue: Database, operator: Actor) -> None:
    with pytest.raises(InvalidInput) as caught:
        service.open_facility(
            catalogue.uow(), actor=operator, facility_id=SUBMARINE_BASE, agreement_id="lemoa-ind-usa", reason=" "
        )
    assert {p.code for p in caught.value.problems} == {"access_reason_required", "facility_host_not_party"}
    with pytest.raises(Conflict):
        service.close_facility(
            catalogue.uow(), actor=operator, facility_id=SUBMARINE_BASE, agreement_id=RELOS, reason="r"
        )
    with pytest.raises(NotFound):
        service.open_facility(catalogue.uow(), actor=operator, facility_id="RU-NONE", agreement_id=RELOS, reason="r")
    with catalogue.uow() as uow:
        entries = uow.audit.entries(entity="facility", entity_id=SUBMARINE_BASE)
        assert [e.action for e in entries if e.action in ("facility.opened", "facility.closed")] == []


def test_only_an_administrator_changes_access(catalogue: Database) -> None:
    planner = Actor(user_id="planner", party="IND", roles=frozenset({Role.LOGISTICS_OFFICER}))
    with pytest.raises(Forbidden):
        service.open_facility(
            catalogue.uow(), actor=planner, facility_id=SUBMARINE_BASE, agreement_id=RELOS, reason="r"
        )

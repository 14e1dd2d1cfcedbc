"""Clearances and deployments on both databases: a clearance made for a deployment must match it, a
deployment's arrival is refused without its clearances and accepted with them, and deployments whose
units no clearance names yet are due."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from tests.integration.clearance_helpers import (
    IND_CLEARANCE,
    IND_REQUESTER,
    NOW,
    RUS_APPROVER,
    RUS_CLEARANCE,
    RUS_LOGISTICS,
    TALWAR,
    add_test_port,
    deployment_data,
    port_call,
    prepare_airspace,
    prepare_port_call,
    relos_in_force,
)

from relos.db.runtime import Database
from relos.domain.errors import InvalidInput, RuleViolated
from relos.services.clearances import lifecycle as clearances
from relos.services.clearances.lifecycle import amend_clearance, approve_clearance, submit_clearance
from relos.services.deployments import lifecycle as deployments
from relos.services.deployments import reads as deployment_reads


@pytest.fixture
def world(catalogue: Database) -> Database:
    relos_in_force(catalogue)
    add_test_port(catalogue)
    return catalogue


def _rules(exc: RuleViolated) -> set[str]:
    return {v.rule for v in exc.violations}


def _approved_deployment(db: Database, **data: object) -> str:
    d = deployments.create_deployment(db.uow(), actor=IND_REQUESTER, data=deployment_data(**data), now=NOW)  # type: ignore[arg-type]
    deployments.submit_deployment(db.uow(), actor=IND_REQUESTER, deployment_id=d["id"], now=NOW)
    deployments.approve_deployment(db.uow(), actor=RUS_APPROVER, deployment_id=d["id"], now=NOW)
    return str(d["id"])


def _granted(db: Database, c: dict[str, object], number: str) -> None:
    submit_clearance(db.uow(), actor=IND_CLEARANCE, clearance_id=str(c["id"]), now=NOW)
    approve_clearance(db.uow(), actor=RUS_CLEARANCE, clearance_id=str(c["id"]), clearance_number=number, now=NOW)


ARRIVAL = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


def test_deployment_arrival_is_refused_without_its_clearance(world: Database) -> None:
    deployment_id = _approved_deployment(world)
    with pytest.raises(RuleViolated) as refused:
        deployments.mark_arrived(world.uow(), actor=RUS_LOGISTICS, deployment_id=deployment_id, at=ARRIVAL, now=ARRIVAL)
    assert _rules(refused.value) == {"no_port_call_clearance", "no_airspace_clearance"}
    shown = deployment_reads.get_deployment(world.uow(), actor=RUS_LOGISTICS, deployment_id=deployment_id, now=ARRIVAL)
    assert shown["status"] == "approved"


def test_deployment_arrival_is_accepted_with_its_clearances(world: Database) -> None:
    deployment_id = _approved_deployment(world)
    _granted(world, prepare_port_call(world, deployment_id=deployment_id), "PC-1")
    with pytest.raises(RuleViolated) as half:
        deployments.mark_arrived(world.uow(), actor=RUS_LOGISTICS, deployment_id=deployment_id, at=ARRIVAL, now=ARRIVAL)
    assert _rules(half.value) == {"no_airspace_clearance"}
    _granted(world, prepare_airspace(world, deployment_id=deployment_id), "AS-1")
    arrived = deployments.mark_arrived(
        world.uow(), actor=RUS_LOGISTICS, deployment_id=deployment_id, at=ARRIVAL, now=ARRIVAL
    )
    assert arrived["status"] == "arrived"


def test_a_pending_or_amended_clearance_does_not_admit_the_arrival(world: Database) -> None:
    deployment_id = _approved_deployment(world, aircraft=False)
    c = prepare_port_call(world, deployment_id=deployment_id)
    submit_clearance(world.uow(), actor=IND_CLEARANCE, clearance_id=c["id"], now=NOW)
    with pytest.raises(RuleViolated):
        deployments.mark_arrived(world.uow(), actor=RUS_LOGISTICS, deployment_id=deployment_id, at=ARRIVAL, now=ARRIVAL)
    approve_clearance(world.uow(), actor=RUS_CLEARANCE, clearance_id=c["id"], clearance_number="PC-9", now=NOW)
    amend_clearance(
        world.uow(),
        actor=IND_REQUESTER,
        clearance_id=c["id"],
        reason="new commander",
        details=port_call(commander={"name": "A. Kumar", "rank": "Captain"}),
        now=NOW,
    )
    with pytest.raises(RuleViolated):
        deployments.mark_arrived(world.uow(), actor=RUS_LOGISTICS, deployment_id=deployment_id, at=ARRIVAL, now=ARRIVAL)


def test_clearance_for_a_deployment_must_cover_its_units_and_dates(world: Database) -> None:
    deployment_id = _approved_deployment(world, aircraft=False)
    other = {**TALWAR, "name": "INS Trikand", "hull_number": "F51"}
    with pytest.raises(RuleViolated) as wrong_ship:
        prepare_port_call(world, deployment_id=deployment_id, details=port_call(ships=[other]))
    assert _rules(wrong_ship.value) == {"deployment_unit_not_covered", "unit_not_in_deployment"}
    with pytest.raises(RuleViolated) as short:
        prepare_port_call(world, deployment_id=deployment_id, end="2026-05-03T08:00:00Z")
    assert _rules(short.value) == {"deployment_dates_not_covered"}
    with pytest.raises(RuleViolated) as no_aircraft:
        prepare_airspace(world, deployment_id=deployment_id)
    assert _rules(no_aircraft.value) == {"deployment_mismatch"}
    with pytest.raises(InvalidInput):
        prepare_port_call(world, deployment_id="no-such-deployment")


def test_clearance_not_covering_the_whole_window_does_not_admit_arrival(world: Database) -> None:
    deployment_id = _approved_deployment(world, aircraft=False)
    c = prepare_port_call(world, end="2026-05-03T08:00:00Z")  # not linked, and too short
    _granted(world, c, "PC-3")
    with pytest.raises(RuleViolated) as refused:
        deployments.mark_arrived(world.uow(), actor=RUS_LOGISTICS, deployment_id=deployment_id, at=ARRIVAL, now=ARRIVAL)
    assert _rules(refused.value) == {"no_port_call_clearance"}


def test_due_soon_lists_deployments_whose_units_no_clearance_names_yet(world: Database) -> None:
    deployment_id = _approved_deployment(world)
    due = clearances.due_soon(world.uow(), actor=IND_REQUESTER, within_days=30, now=NOW)
    assert [(d["item"], d["id"], d["needs"]) for d in due] == [("deployment", deployment_id, ["port_call", "airspace"])]
    assert due[0]["submit_by"] == "2026-04-17T14:00:00+00:00" and due[0]["ships_without_clearance"] == ["INS Tabar"]
    port = prepare_port_call(world, deployment_id=deployment_id)
    due = clearances.due_soon(world.uow(), actor=RUS_CLEARANCE, within_days=30, now=NOW)
    assert {(d["item"], d["id"]) for d in due} == {("clearance", port["id"]), ("deployment", deployment_id)}
    assert [d["needs"] for d in due if d["item"] == "deployment"] == [["airspace"]]
    _granted(world, port, "PC-5")
    _granted(world, prepare_airspace(world, deployment_id=deployment_id), "AS-5")
    assert clearances.due_soon(world.uow(), actor=IND_REQUESTER, within_days=30, now=NOW) == []


def test_a_clearance_for_another_visit_of_the_same_ship_leaves_the_deployment_due(world: Database) -> None:
    deployment_id = _approved_deployment(world, aircraft=False)
    earlier_visit = prepare_port_call(world, start="2026-04-20T08:00:00Z", end="2026-04-25T08:00:00Z")
    due = clearances.due_soon(world.uow(), actor=IND_REQUESTER, within_days=30, now=NOW)
    assert [(d["item"], d["id"], d["needs"]) for d in due if d["item"] == "deployment"] == [
        ("deployment", deployment_id, ["port_call"])
    ]
    assert earlier_visit["id"] in {d["id"] for d in due if d["item"] == "clearance"}

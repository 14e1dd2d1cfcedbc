"""Clearances on both databases: every rule by name, each step with who and when, the audit trail,
and the link to deployments (arrival refused without a covering clearance, accepted with one)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from tests.integration.clearance_helpers import (
    AIRFIELD,
    IND_CLEARANCE,
    IND_REQUESTER,
    NOW,
    RUS_APPROVER,
    RUS_CLEARANCE,
    RUS_LOGISTICS,
    TALWAR,
    add_test_port,
    airspace,
    port_call,
    prepare_airspace,
    prepare_port_call,
    relos_in_force,
)

from relos.db.runtime import Database
from relos.domain.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolated
from relos.services.clearances import lifecycle as clearances
from relos.services.clearances.lifecycle import (
    amend_clearance,
    approve_clearance,
    deny_clearance,
    record_lead_time_exception,
    request_information,
    submit_clearance,
)

TEN_DAYS_BEFORE = datetime(2026, 4, 21, 8, 0, tzinfo=UTC)


@pytest.fixture
def world(catalogue: Database) -> Database:
    relos_in_force(catalogue)
    add_test_port(catalogue)
    return catalogue


def _rules(exc: RuleViolated) -> set[str]:
    return {v.rule for v in exc.violations}


def test_port_call_walk_records_every_change_with_who_and_when(world: Database) -> None:
    c = prepare_port_call(world)
    assert c["status"] == "draft" and c["missing"] == [] and c["host_party"] == "RUS"
    assert c["lead_days"] == 14 and c["channel"] == "diplomatic"
    c = submit_clearance(world.uow(), actor=IND_CLEARANCE, clearance_id=c["id"], now=NOW)
    assert c["status"] == "submitted" and c["submitted_by"] == "ind.clearance"
    c = request_information(
        world.uow(), actor=RUS_CLEARANCE, clearance_id=c["id"], questions="Which berth length do you need?", now=NOW
    )
    assert c["status"] == "need_more_information" and "berth" in c["reason"]
    c = amend_clearance(
        world.uow(),
        actor=IND_REQUESTER,
        clearance_id=c["id"],
        reason="answer: 130 m alongside",
        details=port_call(other_services=["fresh water", "130 m alongside"]),
        now=NOW,
    )
    assert c["status"] == "amended" and c["version"] == 2
    c = approve_clearance(
        world.uow(),
        actor=RUS_CLEARANCE,
        clearance_id=c["id"],
        clearance_number="RU-PC-2026-0042",
        restrictions=["No helicopter flying in the port", "Berth 3 only"],
        now=NOW,
    )
    assert c["status"] == "approved_with_restrictions"
    assert c["clearance_number"] == "RU-PC-2026-0042"
    assert c["restrictions"] == ["No helicopter flying in the port", "Berth 3 only"]
    steps = [(ch["action"], ch["by"], ch["party"], ch["to_status"]) for ch in c["changes"]]
    assert steps == [
        ("prepared", "ind.requester", "IND", "draft"),
        ("submitted", "ind.clearance", "IND", "submitted"),
        ("need_more_information", "rus.clearance", "RUS", "need_more_information"),
        ("amended", "ind.requester", "IND", "amended"),
        ("approved", "rus.clearance", "RUS", "approved_with_restrictions"),
    ]
    assert all(ch["at"] == NOW.isoformat() for ch in c["changes"])
    shown = clearances.get_clearance(world.uow(), actor=RUS_LOGISTICS, clearance_id=c["id"])
    assert [v["version"] for v in shown["versions"]] == [1, 2]
    with world.uow() as uow:
        actions = [e.action for e in uow.audit.entries(entity="clearance", entity_id=c["id"])]
    assert actions[::-1] == [
        "clearance.prepared",
        "clearance.submitted",
        "clearance.need_more_information",
        "clearance.amended",
        "clearance.approved",
    ]


def test_notice_ten_days_before_the_call_is_refused_without_an_exception(world: Database) -> None:
    c = prepare_port_call(world)
    with pytest.raises(RuleViolated) as refused:
        submit_clearance(world.uow(), actor=IND_CLEARANCE, clearance_id=c["id"], now=TEN_DAYS_BEFORE)
    assert _rules(refused.value) == {"lead_time"}
    assert "14 days" in str(refused.value) and "10 days" in str(refused.value)
    assert clearances.get_clearance(world.uow(), actor=IND_CLEARANCE, clearance_id=c["id"])["status"] == "draft"


def test_notice_ten_days_before_the_call_is_accepted_with_the_hosts_recorded_exception(world: Database) -> None:
    c = prepare_port_call(world)
    excepted = record_lead_time_exception(
        world.uow(),
        actor=RUS_CLEARANCE,
        clearance_id=c["id"],
        reason="Humanitarian relief: cyclone damage",
        now=TEN_DAYS_BEFORE,
    )
    assert excepted["exception"]["reason"] == "Humanitarian relief: cyclone damage"
    assert excepted["exception"]["recorded_by"] == "rus.clearance"
    done = submit_clearance(world.uow(), actor=IND_CLEARANCE, clearance_id=c["id"], now=TEN_DAYS_BEFORE)
    assert done["status"] == "submitted"
    assert "lead_time_exception" in [ch["action"] for ch in done["changes"]]


def test_exception_does_not_cover_a_start_moved_earlier(world: Database) -> None:
    c = prepare_port_call(world)
    record_lead_time_exception(
        world.uow(), actor=RUS_CLEARANCE, clearance_id=c["id"], reason="exercise brought forward", now=NOW
    )
    amend_clearance(
        world.uow(),
        actor=IND_REQUESTER,
        clearance_id=c["id"],
        reason="earlier",
        start="2026-04-28T08:00:00Z",
        now=NOW,
    )
    with pytest.raises(RuleViolated) as refused:
        submit_clearance(
            world.uow(), actor=IND_CLEARANCE, clearance_id=c["id"], now=TEN_DAYS_BEFORE - timedelta(days=3)
        )
    assert _rules(refused.value) == {"lead_time"}


def test_lead_time_is_counted_in_the_host_facility_local_time(world: Database) -> None:
    """Start 2026-05-01 08:00 UTC = 18:00 in Vladivostok (UTC+10): the last local day to give notice is
    17 April. 17 April 15:00 UTC is still 17 April in UTC but already 18 April in Vladivostok: late."""
    c = prepare_port_call(world)
    assert c["submit_by"] == "2026-04-17T14:00:00+00:00" and c["submit_by_local_date"] == "2026-04-17"
    late = datetime(2026, 4, 17, 15, 0, tzinfo=UTC)
    with pytest.raises(RuleViolated) as refused:
        submit_clearance(world.uow(), actor=IND_CLEARANCE, clearance_id=c["id"], now=late)
    assert _rules(refused.value) == {"lead_time"}
    in_time = datetime(2026, 4, 17, 13, 59, tzinfo=UTC)
    assert submit_clearance(world.uow(), actor=IND_CLEARANCE, clearance_id=c["id"], now=in_time)["status"] == (
        "submitted"
    )


def test_ship_of_nine_metres_draught_is_refused_for_a_seven_metre_port(world: Database) -> None:
    deep = {**TALWAR, "name": "INS Deepak", "hull_number": "A50", "draught_m": "9.0"}
    with pytest.raises(RuleViolated) as refused:
        prepare_port_call(world, details=port_call(ships=[TALWAR, deep]))
    assert _rules(refused.value) == {"ship_does_not_fit"}
    assert "draught 9 m exceeds the berth maximum of 7 m" in str(refused.value)
    with world.uow() as uow:
        assert uow.clearances.list() == []


def test_ship_longer_than_every_berth_is_refused(world: Database) -> None:
    long = {**TALWAR, "length_m": "262"}
    with pytest.raises(RuleViolated) as refused:
        prepare_port_call(world, details=port_call(ships=[long]))
    assert "length 262 m exceeds" in str(refused.value)


def test_unknown_berth_limits_are_a_warning_on_the_notice_never_a_silent_pass(world: Database) -> None:
    c = prepare_port_call(world, facility_id="RU-VVO")
    assert c["warnings"] and "host to confirm" in c["warnings"][0]


def test_aircraft_without_tail_number_is_refused(world: Database) -> None:
    anonymous = {k: v for k, v in airspace()["aircraft"][0].items() if k != "tail_number"}
    c = prepare_airspace(world, details=airspace(aircraft=[anonymous]))
    assert {"field": "airspace.aircraft[0].tail_number", "message": "is required"} in c["missing"]
    with pytest.raises(InvalidInput) as refused:
        submit_clearance(world.uow(), actor=IND_CLEARANCE, clearance_id=c["id"], now=NOW)
    assert "airspace.aircraft[0].tail_number" in [p.field for p in refused.value.problems]


def test_every_field_the_agreement_requires_is_named_when_missing(world: Database) -> None:
    c = prepare_port_call(world, details={"ships": [{"name": "INS Tabar"}]})
    missing = {m["field"] for m in c["missing"]}
    assert {
        "port_call.ships[0].class",
        "port_call.ships[0].displacement_t",
        "port_call.ships[0].length_m",
        "port_call.ships[0].beam_m",
        "port_call.ships[0].draught_m",
        "port_call.commander.name",
        "port_call.commander.rank",
        "port_call.radio_frequencies",
    } == missing
    with pytest.raises(InvalidInput):
        submit_clearance(world.uow(), actor=IND_CLEARANCE, clearance_id=c["id"], now=NOW)


def test_dangerous_cargo_must_be_declared_even_when_none(world: Database) -> None:
    undeclared = {k: v for k, v in airspace()["aircraft"][0].items() if k != "dangerous_cargo"}
    c = prepare_airspace(world, details=airspace(aircraft=[undeclared]))
    assert "airspace.aircraft[0].dangerous_cargo" in {m["field"] for m in c["missing"]}


def test_bad_values_are_named_and_nothing_is_stored(world: Database) -> None:
    bad = {**TALWAR, "draught_m": "-4", "crew": "many"}
    with pytest.raises(InvalidInput) as refused:
        prepare_port_call(world, details=port_call(ships=[bad]), end="2026-04-30T00:00:00Z")
    fields = {p.field for p in refused.value.problems}
    assert {"port_call.ships[0].draught_m", "port_call.ships[0].crew"} <= fields
    with pytest.raises(InvalidInput) as window:
        prepare_port_call(world, end="2026-04-30T00:00:00Z")
    assert [p.field for p in window.value.problems] == ["end"]
    with world.uow() as uow:
        assert uow.clearances.list() == []


def test_port_call_needs_a_port_opened_to_the_visitor_in_the_hosts_territory(world: Database) -> None:
    with pytest.raises(RuleViolated) as airfield:
        prepare_port_call(world, facility_id=AIRFIELD)
    assert "facility_kind" in _rules(airfield.value)
    with pytest.raises(RuleViolated) as own:
        prepare_port_call(world, facility_id="IN-BOM")
    assert "facility_not_in_host_territory" in _rules(own.value)


def test_clearance_window_must_lie_where_the_agreement_is_in_force(catalogue: Database) -> None:
    add_test_port(catalogue)
    with pytest.raises(RuleViolated) as refused:
        prepare_port_call(catalogue)
    assert _rules(refused.value) == {"agreement_not_in_force"}


def test_requests_the_agreement_does_not_provide_for_are_refused(world: Database) -> None:
    with pytest.raises(InvalidInput) as refused:
        prepare_airspace(world, details={**airspace(), "other_services": []} | {"route": "x"} | {"tugs": 1})
    assert "airspace.tugs" in {p.field for p in refused.value.problems}


def test_denial_needs_its_reason_and_is_final(world: Database) -> None:
    c = prepare_port_call(world)
    submit_clearance(world.uow(), actor=IND_CLEARANCE, clearance_id=c["id"], now=NOW)
    with pytest.raises(InvalidInput):
        deny_clearance(world.uow(), actor=RUS_CLEARANCE, clearance_id=c["id"], reason="  ", now=NOW)
    denied = deny_clearance(world.uow(), actor=RUS_CLEARANCE, clearance_id=c["id"], reason="Port closed", now=NOW)
    assert denied["status"] == "denied" and denied["reason"] == "Port closed"
    with pytest.raises(Conflict):
        amend_clearance(world.uow(), actor=IND_REQUESTER, clearance_id=c["id"], reason="again", now=NOW)


def test_approval_needs_a_clearance_number_unique_for_the_host(world: Database) -> None:
    first, second = prepare_port_call(world), prepare_port_call(world)
    for c in (first, second):
        submit_clearance(world.uow(), actor=IND_CLEARANCE, clearance_id=c["id"], now=NOW)
    with pytest.raises(InvalidInput):
        approve_clearance(world.uow(), actor=RUS_CLEARANCE, clearance_id=first["id"], clearance_number=" ", now=NOW)
    ok = approve_clearance(world.uow(), actor=RUS_CLEARANCE, clearance_id=first["id"], clearance_number="N-1", now=NOW)
    assert ok["status"] == "approved" and ok["restrictions"] == []
    with pytest.raises(Conflict):
        approve_clearance(world.uow(), actor=RUS_CLEARANCE, clearance_id=second["id"], clearance_number="N-1", now=NOW)


def test_only_the_hosts_clearance_officer_decides_and_only_the_visitor_submits(world: Database) -> None:
    c = prepare_port_call(world)
    with pytest.raises(Forbidden):
        submit_clearance(world.uow(), actor=RUS_CLEARANCE, clearance_id=c["id"], now=NOW)
    submit_clearance(world.uow(), actor=IND_CLEARANCE, clearance_id=c["id"], now=NOW)
    with pytest.raises(Forbidden):
        approve_clearance(world.uow(), actor=IND_CLEARANCE, clearance_id=c["id"], clearance_number="X", now=NOW)
    with pytest.raises(Forbidden):
        approve_clearance(world.uow(), actor=RUS_APPROVER, clearance_id=c["id"], clearance_number="X", now=NOW)


def test_a_party_outside_the_agreement_does_not_see_its_clearances(world: Database) -> None:
    from tests.integration.clearance_helpers import person

    from relos.domain.actor import Role

    c = prepare_port_call(world)
    american = person("usa.clearance", "USA", Role.CLEARANCE_OFFICER)
    with pytest.raises(NotFound):
        clearances.get_clearance(world.uow(), actor=american, clearance_id=c["id"])
    assert clearances.list_clearances(world.uow(), actor=american) == []


def test_approved_clearance_expires_after_its_window_and_undecided_after_its_start(world: Database) -> None:
    granted, pending = prepare_port_call(world), prepare_port_call(world)
    for c in (granted, pending):
        submit_clearance(world.uow(), actor=IND_CLEARANCE, clearance_id=c["id"], now=NOW)
    approve_clearance(world.uow(), actor=RUS_CLEARANCE, clearance_id=granted["id"], clearance_number="E-1", now=NOW)
    during = datetime(2026, 5, 2, tzinfo=UTC)
    done = clearances.expire_clearances(world.uow(), actor=RUS_CLEARANCE, now=during)
    assert [d["id"] for d in done] == [pending["id"]]
    after = datetime(2026, 5, 7, tzinfo=UTC)
    assert [d["id"] for d in clearances.expire_clearances(world.uow(), actor=RUS_CLEARANCE, now=after)] == [
        granted["id"]
    ]
    shown = clearances.get_clearance(world.uow(), actor=IND_CLEARANCE, clearance_id=granted["id"])
    assert shown["status"] == "expired" and shown["changes"][-1]["by"] == "rus.clearance"


def test_due_soon_lists_drafts_by_submission_deadline(world: Database) -> None:
    later = prepare_port_call(world, start="2026-06-01T08:00:00Z", end="2026-06-03T08:00:00Z")
    sooner = prepare_airspace(world)
    submitted = prepare_port_call(world)
    submit_clearance(world.uow(), actor=IND_CLEARANCE, clearance_id=submitted["id"], now=NOW)
    due = clearances.due_soon(world.uow(), actor=IND_REQUESTER, within_days=90, now=NOW)
    assert [d["id"] for d in due] == [sooner["id"], later["id"]]
    assert due[0]["submit_by"] < due[1]["submit_by"] and not due[0]["overdue"]
    assert [d["id"] for d in clearances.due_soon(world.uow(), actor=IND_REQUESTER, within_days=20, now=NOW)] == [
        sooner["id"]
    ]
    overdue = clearances.due_soon(world.uow(), actor=IND_REQUESTER, within_days=0, now=TEN_DAYS_BEFORE)
    assert [d["id"] for d in overdue] == [sooner["id"]] and overdue[0]["overdue"]

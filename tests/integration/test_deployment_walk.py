"""Deployments through their life on both databases: the rules by name, explanations, audit, bad input."""

from __future__ import annotations

from typing import Any

import pytest
from tests.integration.clearance_helpers import grant_clearances
from tests.integration.deployments_helpers import (
    IND_APPROVER,
    IND_LOGISTICS,
    NOW,
    OPERATOR,
    RUS_REQUESTER,
    USA_REQUESTER,
    approved,
    day,
    override,
    prepare,
    request,
    submitted,
)

from relos.db.runtime import Database
from relos.domain.errors import Conflict, Forbidden, InvalidInput, NotFound, RuleViolated
from relos.services.deployments import lifecycle as service
from relos.services.deployments import presence, reads
from relos.services.people import audit as audit_trail


@pytest.fixture
def db(loaded: Database) -> Database:
    return prepare(loaded)


def _violations(exc: pytest.ExceptionInfo[RuleViolated]) -> list[dict[str, Any]]:
    return [v.details for v in exc.value.violations]


def test_deployment_walks_from_draft_to_closed_with_audit(db: Database) -> None:
    created = service.create_deployment(
        db.uow(), actor=RUS_REQUESTER, data=request(ships=2, aircraft=1, personnel=450), now=NOW
    )
    assert created["status"] == "draft" and created["totals"] == {"warships": 2, "aircraft": 1, "personnel": 450}
    assert created["host_party"] == "IND"
    d = created["id"]
    assert service.submit_deployment(db.uow(), actor=RUS_REQUESTER, deployment_id=d, now=NOW)["status"] == "submitted"
    assert service.approve_deployment(db.uow(), actor=IND_APPROVER, deployment_id=d, now=NOW)["status"] == "approved"
    grant_clearances(db, d, now=NOW)  # issue 6: no ship enters and no aircraft lands without its clearance
    arrived = service.mark_arrived(db.uow(), actor=IND_LOGISTICS, deployment_id=d, at=day(0.5), now=day(0.5))
    assert arrived["status"] == "arrived" and arrived["arrived_at"] == "2026-03-01T12:00:00Z"
    departed = service.mark_departed(db.uow(), actor=IND_LOGISTICS, deployment_id=d, at=day(9), now=day(9))
    assert departed["status"] == "departed"
    assert service.close_deployment(db.uow(), actor=IND_LOGISTICS, deployment_id=d)["status"] == "closed"
    actions = [e.action for e in audit_trail.read_audit_trail(db.uow(), actor=OPERATOR, limit=50) if e.entity_id == d]
    assert actions == [
        "deployment.closed",
        "deployment.departed",
        "deployment.arrived",
        "deployment.approved",
        "deployment.submitted",
        "deployment.created",
    ]


def test_rejects_sixth_warship_at_any_instant(db: Database) -> None:
    approved(db, start=0, end=10, ships=3, facility="IN-OTH")
    approved(db, start=4, end=6, ships=2, first=10, facility="IN-OTH")
    late = submitted(db, start=5, end=20, ships=1, first=20, facility="IN-OTH")
    with pytest.raises(RuleViolated) as exc:
        service.approve_deployment(db.uow(), actor=IND_APPROVER, deployment_id=late["id"], now=NOW)
    (found,) = _violations(exc)
    assert (found["limit"], found["at"], found["total"], found["max"]) == ("warships", "2026-03-06T00:00:00Z", 6, 5)
    # the earliest window of the same length at or after the start in which it fits: from day 6
    assert found["earliest_window"] == {"start": "2026-03-07T00:00:00Z", "end": "2026-03-22T00:00:00Z"}
    assert reads.get_deployment(db.uow(), actor=IND_APPROVER, deployment_id=late["id"])["status"] == "submitted"


def test_rejection_explains_itself(db: Database) -> None:
    approved(db, start=0, end=10, personnel=2900, facility="IN-OTH")
    big = submitted(db, start=2, end=4, personnel=200, facility="IN-OTH")
    rejected = service.reject_deployment(
        db.uow(), actor=IND_APPROVER, deployment_id=big["id"], reason="over the personnel cap", now=NOW
    )
    assert rejected["status"] == "rejected"
    (why,) = rejected["explanation"]["violations"]
    assert (why["limit"], why["at"], why["total"], why["max"]) == ("personnel", "2026-03-03T00:00:00Z", 3100, 3000)
    assert rejected["explanation"]["earliest_window"] == {
        "start": "2026-03-11T00:00:00Z",
        "end": "2026-03-13T00:00:00Z",
    }


def test_facility_capacity_holds_across_visiting_forces_and_agreements(db: Database) -> None:
    approved(db, start=0, end=10, ships=3)
    american = submitted(db, USA_REQUESTER, agreement_id="lemoa-ind-usa", start=5, end=8, ships=2, first=50)
    with pytest.raises(RuleViolated) as exc:
        service.approve_deployment(db.uow(), actor=IND_APPROVER, deployment_id=american["id"], now=NOW)
    assert [(v["limit"], v["total"], v["max"]) for v in _violations(exc)] == [("facility:IN-TST:berths", 5, 4)]


def test_override_lifts_only_named_caps_for_its_window(db: Database) -> None:
    approved(db, start=0, end=30, ships=5, facility="IN-OTH")
    extra = submitted(db, start=10, end=15, ships=2, first=10, facility="IN-OTH")
    with pytest.raises(RuleViolated):
        service.approve_deployment(db.uow(), actor=IND_APPROVER, deployment_id=extra["id"], now=NOW)
    override(db, warships=7)
    assert service.approve_deployment(db.uow(), actor=IND_APPROVER, deployment_id=extra["id"], now=NOW)["status"] == (
        "approved"
    )
    beyond = submitted(db, start=15, end=17, ships=1, first=20, facility="IN-OTH")
    with pytest.raises(RuleViolated) as exc:
        service.approve_deployment(db.uow(), actor=IND_APPROVER, deployment_id=beyond["id"], now=NOW)
    assert _violations(exc)[0]["at"] == "2026-03-17T00:00:00Z"


def test_overstay_counts_until_departure_and_shows_as_such(db: Database) -> None:
    stay = approved(db, start=0, end=10, ships=5, facility="IN-OTH")
    grant_clearances(db, stay["id"], now=NOW)
    service.mark_arrived(db.uow(), actor=IND_LOGISTICS, deployment_id=stay["id"], at=day(0), now=day(0))
    later = day(12)
    shown = reads.get_deployment(db.uow(), actor=RUS_REQUESTER, deployment_id=stay["id"], now=later)
    assert shown["overstay"] is True
    listed = reads.list_deployments(db.uow(), actor=IND_APPROVER, overstays=True, now=later)
    assert [d["id"] for d in listed] == [stay["id"]]
    newcomer = submitted(db, start=20, end=25, ships=1, first=40, facility="IN-OTH")
    with pytest.raises(RuleViolated):
        service.approve_deployment(db.uow(), actor=IND_APPROVER, deployment_id=newcomer["id"], now=later)
    service.mark_departed(db.uow(), actor=IND_LOGISTICS, deployment_id=stay["id"], at=day(13), now=day(13))
    assert service.approve_deployment(db.uow(), actor=IND_APPROVER, deployment_id=newcomer["id"], now=day(13))[
        "status"
    ] == ("approved")


def test_amendment_is_checked_again_as_a_whole(db: Database) -> None:
    approved(db, start=0, end=10, ships=4, facility="IN-OTH")
    mine = approved(db, start=20, end=25, ships=1, first=10, facility="IN-OTH")
    data = request(start=5, end=25, ships=2, first=10, facility="IN-OTH")
    amended = service.amend_deployment(
        db.uow(), actor=RUS_REQUESTER, deployment_id=mine["id"], data=data, reason="longer stay", now=NOW
    )
    assert (amended["status"], amended["version"]) == ("submitted", 2)
    with pytest.raises(RuleViolated) as exc:
        service.approve_deployment(db.uow(), actor=IND_APPROVER, deployment_id=mine["id"], now=NOW)
    assert _violations(exc)[0]["at"] == "2026-03-06T00:00:00Z"
    versions = reads.get_deployment(db.uow(), actor=RUS_REQUESTER, deployment_id=mine["id"])["versions"]
    assert [v["version"] for v in versions] == [1, 2]


def test_submission_refused_when_agreement_not_in_force_or_purpose_not_allowed(db: Database) -> None:
    with pytest.raises(RuleViolated) as exc:
        submitted(db, start=-400, end=-390, personnel=10)
    assert _violations(exc)[0]["limit"] == "not_in_force"
    with pytest.raises(RuleViolated) as exc:
        submitted(db, purpose="other", personnel=10)
    assert _violations(exc)[0]["limit"] == "purpose_not_allowed"
    fine = submitted(db, purpose="other", purpose_consent="Note verbale 2026/44", personnel=10)
    assert fine["status"] == "submitted"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"end": day(-1)}, "end"),
        ({"personnel": -5}, "personnel"),
        ({"facility_id": "IN-NOPE"}, "facility_id"),
        ({"facility_id": "RU-VVO"}, "facility_id"),
        ({"ships": [{"name": "Deep", "hull_number": "D1", "class": "kirov", "displacement_t": 25000,
                     "length_m": 190, "beam_m": 28, "draught_m": 10.5}]}, "ships[0].draught_m"),
        ({"ships": [{"name": "No hull"}]}, "ships[0].hull_number"),
        ({"aircraft": [{"type": "su-30", "tail_number": "", "callsign": "X"}]}, "aircraft[0].tail_number"),
        ({"agreement_id": "no-such-pact"}, None),
    ],
)  # fmt: skip
def test_bad_input_names_the_field_and_stores_nothing(db: Database, change: dict[str, Any], field: str | None) -> None:
    data = request(ships=1, personnel=100) | change
    with pytest.raises((InvalidInput, NotFound)) as exc:
        service.create_deployment(db.uow(), actor=RUS_REQUESTER, data=data, now=NOW)
    if field is not None:
        assert isinstance(exc.value, InvalidInput)
        assert field in [p.field for p in exc.value.problems], exc.value
    assert reads.list_deployments(db.uow(), actor=OPERATOR) == []


def test_authority_of_each_step(db: Database) -> None:
    d = submitted(db, personnel=10)
    with pytest.raises(Forbidden):  # the visiting party does not approve its own request
        service.approve_deployment(db.uow(), actor=RUS_REQUESTER, deployment_id=d["id"], now=NOW)
    with pytest.raises(NotFound):  # the USA does not see an India–Russia deployment
        reads.get_deployment(db.uow(), actor=USA_REQUESTER, deployment_id=d["id"])
    with pytest.raises(Conflict):
        service.mark_arrived(db.uow(), actor=IND_LOGISTICS, deployment_id=d["id"], now=NOW)


def test_presence_timeline_steps(db: Database) -> None:
    approved(db, start=0, end=10, ships=2, personnel=300)
    approved(db, start=5, end=15, ships=1, first=10, personnel=100)
    found = presence.timeline(db.uow(), actor=IND_APPROVER, host_party="IND", start=day(0), end=day(20),
                              facility_id="IN-TST")  # fmt: skip
    ships = [(s["from"][:10], s["until"][:10], s["value"]) for s in found["visiting_parties"]["RUS"]["warships"]]
    assert ships == [("2026-03-01", "2026-03-06", 2), ("2026-03-06", "2026-03-11", 3), ("2026-03-11", "2026-03-16", 1),
                     ("2026-03-16", "2026-03-21", 0)]  # fmt: skip
    assert found["facilities"]["IN-TST"]["berths"]["capacity"] == 4
    with pytest.raises(Forbidden):
        presence.timeline(
            db.uow(), actor=USA_REQUESTER, host_party="IND", start=day(0), end=day(1), visiting_party="RUS"
        )

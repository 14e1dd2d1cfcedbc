"""Revoking a cap override (recorded in error, or withdrawn by the parties), on both databases: refused while
forces already approved or present rely on it, each cap named with its first instant, total and max; once
revoked it lifts nothing, stays listed as revoked, and the audit trail says who revoked it and why."""

from __future__ import annotations

import pytest
from tests.integration.deployments_helpers import (
    IND_APPROVER,
    NOW,
    OPERATOR,
    RUS_REQUESTER,
    approved,
    override,
    prepare,
    submitted,
)

from relos.db.runtime import Database
from relos.domain.actor import Actor, Role
from relos.domain.errors import Forbidden, InvalidInput, NotFound, RuleViolated
from relos.services.deployments import lifecycle as service
from relos.services.deployments import presence
from relos.services.people import audit as audit_trail

RUS_APPROVER = Actor("rus.approver", "RUS", frozenset({Role.HOST_APPROVER}))


@pytest.fixture
def db(loaded: Database) -> Database:
    return prepare(loaded)


def test_override_revocation_refused_while_approved_forces_rely_on_it(db: Database) -> None:
    approved(db, start=0, end=30, ships=5, facility="IN-OTH")
    recorded = override(db, warships=7)
    relying = approved(db, start=10, end=15, ships=2, first=10, facility="IN-OTH")
    with pytest.raises(RuleViolated) as exc:
        presence.revoke_override(db.uow(), actor=IND_APPROVER, override_id=recorded["id"], reason="recorded twice")
    found = [(v.details["limit"], v.details["at"], v.details["total"], v.details["max"]) for v in exc.value.violations]
    assert found == [("warships", "2026-03-11T00:00:00Z", 7, 5)]
    listed = presence.list_overrides(db.uow(), actor=IND_APPROVER, host_party="IND")
    assert [o["in_effect"] for o in listed] == [True]  # nothing was written
    service.cancel_deployment(db.uow(), actor=RUS_REQUESTER, deployment_id=relying["id"], reason="not needed", now=NOW)
    revoked = presence.revoke_override(
        db.uow(), actor=IND_APPROVER, override_id=recorded["id"], reason="recorded twice", now=NOW
    )
    assert (revoked["in_effect"], revoked["revoked_by"], revoked["revocation_reason"]) == (
        False, "ind.approver", "recorded twice",
    )  # fmt: skip


def test_revoked_override_lifts_nothing_and_stays_listed(db: Database) -> None:
    approved(db, start=0, end=30, ships=5, facility="IN-OTH")
    recorded = override(db, warships=7)
    presence.revoke_override(db.uow(), actor=IND_APPROVER, override_id=recorded["id"], reason="withdrawn", now=NOW)
    extra = submitted(db, start=10, end=15, ships=2, first=10, facility="IN-OTH")
    with pytest.raises(RuleViolated) as exc:
        service.approve_deployment(db.uow(), actor=IND_APPROVER, deployment_id=extra["id"], now=NOW)
    assert [(v.details["limit"], v.details["max"]) for v in exc.value.violations] == [("warships", 5)]
    listed = presence.list_overrides(db.uow(), actor=RUS_REQUESTER, host_party="IND", visiting_party="RUS")
    assert [(o["id"], o["in_effect"], o["revocation_reason"]) for o in listed] == [(recorded["id"], False, "withdrawn")]
    trail = [
        e for e in audit_trail.read_audit_trail(db.uow(), actor=OPERATOR, limit=50) if e.entity_id == recorded["id"]
    ]
    assert [e.action for e in reversed(trail)] == ["cap_override.recorded", "cap_override.revoked"]
    assert trail[0].actor == "ind.approver"
    assert trail[0].after is not None and trail[0].after["revocation_reason"] == "withdrawn"


def test_override_revocation_is_the_hosts_approvers_once_with_a_reason(db: Database) -> None:
    recorded = override(db, personnel=4000)
    with pytest.raises(Forbidden):
        presence.revoke_override(db.uow(), actor=RUS_REQUESTER, override_id=recorded["id"], reason="x")
    with pytest.raises(Forbidden):  # the visiting party's approver is not the host's
        presence.revoke_override(db.uow(), actor=RUS_APPROVER, override_id=recorded["id"], reason="x")
    with pytest.raises(InvalidInput) as exc:
        presence.revoke_override(db.uow(), actor=IND_APPROVER, override_id=recorded["id"], reason="  ")
    assert exc.value.problems[0].field == "reason"
    with pytest.raises(NotFound):
        presence.revoke_override(db.uow(), actor=IND_APPROVER, override_id="no-such-override", reason="x")
    presence.revoke_override(db.uow(), actor=IND_APPROVER, override_id=recorded["id"], reason="withdrawn")
    with pytest.raises(InvalidInput) as exc:
        presence.revoke_override(db.uow(), actor=IND_APPROVER, override_id=recorded["id"], reason="again")
    assert "was revoked on" in exc.value.problems[0].message

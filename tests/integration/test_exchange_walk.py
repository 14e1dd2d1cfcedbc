"""Two sovereign instances exchange signed documents by file bundle: India's (SQLite) requests a deployment,
Russia's (PostgreSQL) takes it, approves it with its own caps check, records the arrival and departure; each
fact crosses back and India's instance ends in the same state, every document acknowledged; a port-call notice
crosses to the host, whose approval crosses back and lets the host record the arrival."""

from __future__ import annotations

import pytest
from tests.integration.clearance_helpers import IND_CLEARANCE, RUS_CLEARANCE
from tests.integration.exchange_helpers import (
    IND_REQUESTER,
    NOW,
    OPERATOR,
    RUS_APPROVER,
    RUS_LOGISTICS,
    Instance,
    day,
    request_data,
    requested,
    submitted_notice,
)

from relos.domain.deployments.model import DeploymentStatus
from relos.domain.errors import RuleViolated
from relos.services.clearances import lifecycle as clearances
from relos.services.deployments import lifecycle
from relos.services.exchange import status
from relos.services.people.audit_checkpoints import verify_audit


def test_deployment_requested_in_india_is_approved_in_russia_and_walks_to_departure(
    instances: tuple[Instance, Instance],
) -> None:
    india, russia = instances
    deployment_id = requested(india)

    report = russia.take(india.export("RUS"))
    assert len(report.applied) == 1 and report.refused == []
    taken = russia.deployment(deployment_id)
    assert taken.status is DeploymentStatus.SUBMITTED and taken.visiting_party == "IND"
    assert taken.totals == india.deployment(deployment_id).totals
    assert taken.reference == india.deployment(deployment_id).reference

    lifecycle.approve_deployment(russia.db.uow(), actor=RUS_APPROVER, deployment_id=deployment_id, now=NOW)
    back = india.take(russia.export("IND"))
    assert back.acknowledged == 1 and len(back.applied) == 1
    assert india.deployment(deployment_id).status is DeploymentStatus.APPROVED
    assert india.deployment(deployment_id).decided_by == "RUS:rus.approver"

    lifecycle.mark_arrived(
        russia.db.uow(), actor=RUS_LOGISTICS, deployment_id=deployment_id, at=day(1), now=day(1),
        clearance_check=lambda *_, **__: [],
    )  # fmt: skip
    lifecycle.mark_departed(russia.db.uow(), actor=RUS_LOGISTICS, deployment_id=deployment_id, at=day(5), now=day(5))
    later = india.take(russia.export("IND", now=day(5)), now=day(5))
    assert [line.split()[1] for line in later.applied] == ["deployment.arrival", "deployment.departure"]
    here, there = india.deployment(deployment_id), russia.deployment(deployment_id)
    assert (here.status, here.arrived_at, here.departed_at) == (there.status, there.arrived_at, there.departed_at)

    russia.take(india.export("RUS", now=day(5)), now=day(5))  # India's acknowledgement of all three
    for one in (india, russia):
        found = status.exchange_status(one.db.uow(), actor=OPERATOR, now=day(6))
        (channel,) = found.channels
        assert channel.unacknowledged == [] and channel.missing == [] and channel.refused_here == []
    assert [c.sent for c in status.exchange_status(russia.db.uow(), actor=OPERATOR, now=day(6)).channels] == [3]
    for one in (india, russia):  # each audit chain covers what crossed, and replays to the records as they are
        verdict = verify_audit(one.db.uow(), public_key=None, checkpoints=one.data_dir / "none.jsonl")
        assert verdict.intact, (verdict.problems, verdict.discrepancies)
        with one.db.uow(read_only=True) as uow:
            actions = {e.action for e in uow.audit.entries(limit=100)}
        assert {"exchange.sent", "exchange.applied"} <= actions


def test_exporting_twice_sends_the_unacknowledged_again_and_the_partner_takes_it_once(
    instances: tuple[Instance, Instance],
) -> None:
    india, russia = instances
    deployment_id = requested(india)
    first, again = india.export("RUS"), india.export("RUS")
    assert len(russia.take(first).applied) == 1
    replay = russia.take(again)
    assert replay.applied == [] and replay.replayed == [1]
    assert russia.deployment(deployment_id).status is DeploymentStatus.SUBMITTED


def test_an_amendment_crossing_the_hosts_approval_is_decided_again_and_a_cancellation_follows(
    instances: tuple[Instance, Instance],
) -> None:
    india, russia = instances
    deployment_id = requested(india)
    russia.take(india.export("RUS"))
    lifecycle.approve_deployment(russia.db.uow(), actor=RUS_APPROVER, deployment_id=deployment_id, now=NOW)
    # meanwhile India amends version 1, before Russia's approval of it reaches India
    amended = {**request_data(ships=3), "agreement_id": "relos-ind-rus"}
    lifecycle.amend_deployment(
        india.db.uow(), actor=IND_REQUESTER, deployment_id=deployment_id, data=amended, reason="a third frigate",
        now=NOW,
    )  # fmt: skip
    crossed = india.take(russia.export("IND"))
    assert [r["rules"][0]["rule"] for r in crossed.refused] == ["conflict.exchange_decision_other_version"]
    assert india.deployment(deployment_id).status is DeploymentStatus.SUBMITTED

    answer = russia.take(india.export("RUS"))  # the amendment; and India's refusal of the stale approval
    assert sorted(line.split()[1] for line in answer.applied) == ["deployment.amendment", "refusal"]
    there = russia.deployment(deployment_id)
    assert (there.version, there.status, there.totals.warships) == (2, DeploymentStatus.SUBMITTED, 3)
    lifecycle.approve_deployment(russia.db.uow(), actor=RUS_APPROVER, deployment_id=deployment_id, now=NOW)
    india.take(russia.export("IND"))
    here = india.deployment(deployment_id)
    assert (here.version, here.status) == (2, DeploymentStatus.APPROVED)

    lifecycle.cancel_deployment(
        india.db.uow(), actor=IND_REQUESTER, deployment_id=deployment_id, reason="exercise called off", now=NOW
    )
    assert [line.split()[1] for line in russia.take(india.export("RUS")).applied] == ["deployment.cancellation"]
    assert russia.deployment(deployment_id).status is DeploymentStatus.CANCELLED


def test_a_port_call_notice_crosses_and_its_approval_lets_the_host_record_the_arrival(
    instances: tuple[Instance, Instance],
) -> None:
    india, russia = instances
    deployment_id = requested(india)
    russia.take(india.export("RUS"))
    lifecycle.approve_deployment(russia.db.uow(), actor=RUS_APPROVER, deployment_id=deployment_id, now=NOW)
    india.take(russia.export("IND"))
    clearance_id, _ = submitted_notice(india, deployment_id)
    with pytest.raises(RuleViolated):  # no approved notice at the host yet: the arrival is refused
        lifecycle.mark_arrived(russia.db.uow(), actor=RUS_LOGISTICS, deployment_id=deployment_id, at=day(1), now=day(1))
    assert [line.split()[1] for line in russia.take(india.export("RUS")).applied] == ["clearance.notice"]
    with russia.db.uow(read_only=True) as uow:
        there = uow.clearances.get(clearance_id)
    assert there is not None and there.status.value == "submitted" and there.deployment_id == deployment_id
    clearances.approve_clearance(
        russia.db.uow(), actor=RUS_CLEARANCE, clearance_id=clearance_id, clearance_number="VVO-2026-017", now=NOW
    )
    assert [line.split()[1] for line in india.take(russia.export("IND")).applied] == ["clearance.decision"]
    with india.db.uow(read_only=True) as uow:
        here = uow.clearances.get(clearance_id)
    assert here is not None and (here.status.value, here.clearance_number) == ("approved", "VVO-2026-017")
    lifecycle.mark_arrived(russia.db.uow(), actor=RUS_LOGISTICS, deployment_id=deployment_id, at=day(1), now=day(1))
    india.take(russia.export("IND", now=day(1)), now=day(1))
    assert india.deployment(deployment_id).status is DeploymentStatus.ARRIVED


def test_a_notice_answered_after_the_host_asked_for_more_information_crosses_again_and_is_decided(
    instances: tuple[Instance, Instance],
) -> None:
    india, russia = instances
    deployment_id = requested(india)
    russia.take(india.export("RUS"))
    clearance_id, details = submitted_notice(india, deployment_id)
    russia.take(india.export("RUS"))
    clearances.request_information(
        russia.db.uow(), actor=RUS_CLEARANCE, clearance_id=clearance_id, questions="Pilot needed?", now=NOW
    )
    india.take(russia.export("IND"))
    clearances.amend_clearance(
        india.db.uow(), actor=IND_CLEARANCE, clearance_id=clearance_id, reason="a pilot is needed",
        details={**details, "pilot": True}, now=NOW,
    )  # fmt: skip
    assert [line.split()[1] for line in russia.take(india.export("RUS")).applied] == ["clearance.amendment"]
    with russia.db.uow(read_only=True) as uow:
        there = uow.clearances.get(clearance_id)
    assert there is not None and (there.status.value, there.version) == ("amended", 2)
    assert there.port_call is not None and there.port_call.pilot
    clearances.deny_clearance(
        russia.db.uow(), actor=RUS_CLEARANCE, clearance_id=clearance_id, reason="berth taken", now=NOW
    )
    india.take(russia.export("IND"))
    with india.db.uow(read_only=True) as uow:
        here = uow.clearances.get(clearance_id)
    assert here is not None and (here.status.value, here.version, here.reason) == ("denied", 2, "berth taken")

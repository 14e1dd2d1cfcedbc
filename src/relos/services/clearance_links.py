"""Clearances and deployments: a clearance made for a deployment must match it (agreement, parties,
facility, whole window, every ship or aircraft and no other); a deployment is marked arrived only when
granted clearances (approved, or approved with restrictions) cover every one of its units and its dates."""

from __future__ import annotations

from datetime import datetime

from relos.domain.clearances.coverage import Force, ShipRef, coverage_gaps, match_violations
from relos.domain.clearances.model import Clearance
from relos.domain.clearances.terms import ClearanceKind
from relos.domain.deployments.model import Deployment
from relos.domain.errors import InvalidInput, RuleViolated, Violation
from relos.services.ports import UnitOfWork


def force_of(d: Deployment) -> Force:
    """What the deployment brings, as clearances must cover it."""
    return Force(
        deployment_id=d.id,
        agreement_id=d.agreement_id,
        visiting_party=d.visiting_party,
        host_party=d.host_party,
        facility_id=d.facility_id,
        start=d.start,
        end=d.end,
        ships=tuple(ShipRef(s.name, s.hull_number or None) for s in d.ships),
        tail_numbers=tuple(a.tail_number for a in d.aircraft),
    )


def check_deployment(uow: UnitOfWork, c: Clearance) -> None:
    """Raise when `c` names a deployment that does not exist (for this clearance) or that it does not match."""
    if c.deployment_id is None:
        return
    d = uow.deployments.get(c.deployment_id)
    if d is None or {d.visiting_party, d.host_party} != {c.visiting_party, c.host_party}:
        raise InvalidInput.for_field("deployment_id", f"no deployment {c.deployment_id!r} of these parties")
    force = force_of(d)
    if c.kind is ClearanceKind.PORT_CALL and not force.ships:
        raise RuleViolated([Violation("deployment_mismatch", f"deployment {d.id} brings no ships", {})])
    if c.kind is ClearanceKind.AIRSPACE and not force.tail_numbers:
        raise RuleViolated([Violation("deployment_mismatch", f"deployment {d.id} brings no aircraft", {})])
    found = match_violations(c, force)
    if found:
        raise RuleViolated(found)


def arrival_violations(uow: UnitOfWork, deployment: Deployment, *, at: datetime) -> list[Violation]:
    """Why the deployment may not be marked arrived at `at` for want of clearances (empty: it may)."""
    del at  # coverage is of the deployment's whole window, whatever the moment of arrival
    candidates = [
        c
        for c in uow.clearances.list(agreement_id=deployment.agreement_id, parties=(deployment.visiting_party,))
        if c.visiting_party == deployment.visiting_party
    ]
    return coverage_gaps(force_of(deployment), candidates)

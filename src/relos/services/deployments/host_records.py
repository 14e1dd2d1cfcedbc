"""What the host's records of a deployment's life rest on beyond its state: the clearance an arrival needs
(a hook `lifecycle.mark_arrived` calls inside its transaction) and the audit entry of an overstay that a
recorded departure shows."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from relos.domain.deployments.admission import iso
from relos.domain.deployments.breaches import OVERSTAY_RECORDED
from relos.domain.deployments.model import Deployment
from relos.domain.errors import Violation
from relos.services.clearances import links as clearance_links
from relos.services.unit_of_work import UnitOfWork

__all__ = ["ArrivalClearanceCheck", "arrival_clearance_check", "overstay_entry"]


class ArrivalClearanceCheck(Protocol):
    """What must hold before a deployment is marked arrived, beyond its state (a clearance).

    Returns the violations (empty: arrival may be recorded). Called inside the arrival's transaction.
    """

    def __call__(self, uow: UnitOfWork, deployment: Deployment, *, at: datetime) -> list[Violation]: ...


def arrival_clearance_check(uow: UnitOfWork, deployment: Deployment, *, at: datetime) -> list[Violation]:
    """The default hook point of `mark_arrived`: a violation for every ship or aircraft that no
    approved clearance covers for the deployment's dates (relos.services.clearances.links)."""
    return clearance_links.arrival_violations(uow, deployment, at=at)


def overstay_entry(d: Deployment) -> tuple[str, dict[str, object]] | None:
    """The overstay a recorded departure shows, as its audit entry: the approved end, the departure, how long."""
    if not d.overstay_recorded:
        return None
    assert d.departed_at is not None
    return (
        f"deployment.{OVERSTAY_RECORDED}",
        {
            "rule": OVERSTAY_RECORDED,
            "approved_end": iso(d.end),
            "departed_at": iso(d.departed_at),
            "overstay_s": int((d.departed_at - d.end).total_seconds()),
            "totals": d.totals.as_dict(),
        },
    )

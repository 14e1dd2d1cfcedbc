"""The deployment, its status and what of it occupies capacity. Totals (warships, aircraft, personnel) are
derived from its units.

The units are in `units`, cap overrides and facility capacity in `limits`, a request's particulars and their
checks in `particulars`; their names are re-exported here, so `relos.domain.deployments.model` still offers them.

Every value is immutable; `lifecycle` returns new deployments. Windows are half-open [start, end)
in UTC. A force still present after its approved end is an overstay; so is one that departed after it (the
overstay is recorded: relos.domain.deployments.breaches).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from relos.domain.deployments.limits import FACILITY_RESOURCES, Capacity, CapOverride
from relos.domain.deployments.particulars import (
    MAX_AIRCRAFT,
    MAX_PERSONNEL,
    MAX_SHIPS,
    Particulars,
    aircraft_problems,
    aware,
    fit_problems,
    particulars_problems,
    ship_problems,
)
from relos.domain.deployments.units import CAP_NAMES, Aircraft, Ship, Totals

__all__ = [
    "AMENDABLE",
    "CAP_NAMES",
    "FACILITY_RESOURCES",
    "FOREVER",
    "MAX_AIRCRAFT",
    "MAX_PERSONNEL",
    "MAX_SHIPS",
    "OCCUPYING",
    "Aircraft",
    "CapOverride",
    "Capacity",
    "Deployment",
    "DeploymentStatus",
    "Occupancy",
    "Particulars",
    "Ship",
    "Totals",
    "aircraft_problems",
    "aware",
    "fit_problems",
    "particulars_problems",
    "ship_problems",
]

#: The far future: the open end of a force that is present past its approved end (it counts until departure).
FOREVER = datetime(9999, 12, 31, tzinfo=UTC)


class DeploymentStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    ARRIVED = "arrived"
    DEPARTED = "departed"
    CLOSED = "closed"
    CANCELLED = "cancelled"


#: States whose deployment occupies capacity (approved or present; departed/closed as history).
OCCUPYING = frozenset(
    {DeploymentStatus.APPROVED, DeploymentStatus.ARRIVED, DeploymentStatus.DEPARTED, DeploymentStatus.CLOSED}
)
#: States in which the requester may still amend or cancel.
AMENDABLE = frozenset({DeploymentStatus.DRAFT, DeploymentStatus.SUBMITTED, DeploymentStatus.APPROVED})


@dataclass(frozen=True)
class Deployment:
    """A visiting party's request to send units to a facility of the host for a window, and where it stands."""

    id: str
    agreement_id: str
    visiting_party: str
    host_party: str
    facility_id: str
    purpose: str
    start: datetime
    end: datetime
    ships: tuple[Ship, ...]
    aircraft: tuple[Aircraft, ...]
    personnel: int
    requested_by: str
    created_at: datetime
    purpose_consent: str = ""  # the reference of the recorded mutual consent, for purpose "other"
    status: DeploymentStatus = DeploymentStatus.DRAFT
    version: int = 1
    decided_by: str | None = None
    decided_at: datetime | None = None
    decision_reason: str = ""
    arrived_at: datetime | None = None
    departed_at: datetime | None = None
    note: str = ""
    amendment_reason: str = ""
    reference: str = ""  # HOST-DEP-YEAR-NUMBER, allocated at creation (relos.domain.references)
    title: str = ""  # chosen at creation, or made from it (relos.domain.titles)

    @property
    def totals(self) -> Totals:
        return Totals(warships=len(self.ships), aircraft=len(self.aircraft), personnel=self.personnel)

    @property
    def duration_s(self) -> float:
        return (self.end - self.start).total_seconds()

    def occupancy(self) -> Occupancy:
        return Occupancy(
            self.id,
            self.visiting_party,
            self.facility_id,
            self.status,
            self.start,
            self.end,
            self.totals,
            self.arrived_at,
            self.departed_at,
        )

    def overstaying(self, now: datetime) -> bool:
        """Present after its approved end."""
        return self.occupancy().overstaying(now)

    def overstayed(self, now: datetime) -> bool:
        """Present after its approved end, now or as its recorded departure shows."""
        return self.occupancy().overstayed(now)

    @property
    def overstay_recorded(self) -> bool:
        """Departed after its approved end."""
        return self.occupancy().overstay_recorded

    def presence(self, now: datetime) -> tuple[datetime, datetime] | None:
        return self.occupancy().presence(now)


@dataclass(frozen=True)
class Occupancy:
    """What of a deployment occupies capacity: who, where, its window, actual times and totals."""

    id: str
    visiting_party: str
    facility_id: str
    status: DeploymentStatus
    start: datetime
    end: datetime
    totals: Totals
    arrived_at: datetime | None = None
    departed_at: datetime | None = None

    def overstaying(self, now: datetime) -> bool:
        """Present after its approved end (and still there)."""
        return self.status is DeploymentStatus.ARRIVED and now >= self.end

    @property
    def overstay_recorded(self) -> bool:
        """Departed after its approved end: an overstay that is over, and stays on the record."""
        return self.departed_at is not None and self.departed_at > self.end

    def overstayed(self, now: datetime) -> bool:
        """Present after its approved end: still there (`overstaying`), or as its recorded departure shows."""
        return self.overstaying(now) or (self.status in (DeploymentStatus.DEPARTED, DeploymentStatus.CLOSED)
                                         and self.overstay_recorded)  # fmt: skip

    def presence(self, now: datetime) -> tuple[datetime, datetime] | None:
        """[from, until) during which it occupies capacity, or None when it does not.

        Approved: its window (held for it). Once it has arrived, what it was and is: from its actual arrival —
        earlier than its start only in records made before an early arrival was refused, and then counted
        from there, as it happened — to its end, or, once it overstays, until it departs (FOREVER while it has
        not). Departed/closed: from arrival to actual departure, an overstay included.
        """
        if self.status not in OCCUPYING:
            return None
        if self.status is DeploymentStatus.APPROVED:
            return (self.start, self.end)
        start = self.arrived_at or self.start
        if self.status is DeploymentStatus.ARRIVED:
            return (start, FOREVER if self.overstaying(now) else self.end)
        until = self.departed_at or self.end
        return (start, until) if until > start else None

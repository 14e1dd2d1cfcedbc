"""A clearance and its parts: ships of a port call, aircraft of an airspace request, the host's
lead-time exception, the host's decision, and every change with who and when.

Values are immutable; ``lifecycle`` returns new clearances. Times are UTC (aware datetimes); the
window is half-open [start, end). Unknown values are None: ``rules.missing_fields`` says which of
them the agreement requires.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from relos.domain.clearances.terms import ClearanceKind


class ClearanceStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"  # through the channel the agreement names; awaits the host's decision
    NEED_MORE_INFORMATION = "need_more_information"  # the host asks; the visitor amends
    APPROVED = "approved"  # with the host's clearance number
    APPROVED_WITH_RESTRICTIONS = "approved_with_restrictions"  # number and the restrictions listed
    DENIED = "denied"  # with the reason
    CANCELLED = "cancelled"
    EXPIRED = "expired"  # its window passed (or its start, undecided)
    AMENDED = "amended"  # a new version after submission; awaits the host's decision again


#: The statuses in which a clearance lets ships enter or aircraft land.
GRANTED = frozenset({ClearanceStatus.APPROVED, ClearanceStatus.APPROVED_WITH_RESTRICTIONS})
#: Awaiting the host's decision.
PENDING = frozenset({ClearanceStatus.SUBMITTED, ClearanceStatus.AMENDED})
#: Nothing more happens to these.
FINAL = frozenset({ClearanceStatus.DENIED, ClearanceStatus.CANCELLED, ClearanceStatus.EXPIRED})


@dataclass(frozen=True)
class Ship:
    name: str | None = None
    hull_number: str | None = None
    class_name: str | None = None
    displacement_t: Decimal | None = None
    length_m: Decimal | None = None
    beam_m: Decimal | None = None
    draught_m: Decimal | None = None
    crew: int | None = None

    @property
    def label(self) -> str:
        hull = f" ({self.hull_number})" if self.hull_number else ""
        return f"{self.name or '?'}{hull}"


@dataclass(frozen=True)
class Commander:
    name: str | None = None
    rank: str | None = None


@dataclass(frozen=True)
class PortCall:
    """The body of a port-call notice."""

    ships: tuple[Ship, ...] = ()
    commander: Commander = Commander()
    radio_frequencies: tuple[str, ...] = ()
    pilot: bool | None = None  # a request for a pilot
    tugs: int | None = None  # how many tugs are requested
    other_services: tuple[str, ...] = ()


@dataclass(frozen=True)
class Aircraft:
    type: str | None = None
    tail_number: str | None = None
    callsign: str | None = None
    crew: int | None = None
    passengers: int | None = None
    dangerous_cargo: tuple[str, ...] | None = None  # () declares none; None: not declared
    fuel_needed_kg: Decimal | None = None

    @property
    def label(self) -> str:
        return f"{self.type or '?'} {self.tail_number or '(no tail number)'}"


@dataclass(frozen=True)
class Airspace:
    """The body of an airspace and landing clearance request."""

    aircraft: tuple[Aircraft, ...] = ()
    entry_point: str | None = None
    exit_point: str | None = None
    route: str | None = None
    airfields: tuple[str, ...] = ()  # facility ids of the host's airfields of landing
    other_services: tuple[str, ...] = ()


@dataclass(frozen=True)
class LeadTimeException:
    """The host admits an entry earlier than the notice period allows: recorded, with its reason.

    It admits the call as notified: a start moved earlier than ``admits_start`` is no longer covered.
    """

    reason: str
    recorded_by: str
    recorded_at: datetime
    admits_start: datetime


@dataclass(frozen=True)
class Clearance:
    """A port-call notice or an airspace clearance request, and where it stands."""

    id: str
    agreement_id: str
    kind: ClearanceKind
    visiting_party: str
    host_party: str
    facility_id: str
    purpose: str
    start: datetime
    end: datetime
    created_by: str
    created_at: datetime
    port_call: PortCall | None = None
    airspace: Airspace | None = None
    deployment_id: str | None = None
    status: ClearanceStatus = ClearanceStatus.DRAFT
    version: int = 1
    submitted_at: datetime | None = None
    submitted_by: str | None = None
    decided_at: datetime | None = None
    decided_by: str | None = None
    clearance_number: str | None = None
    restrictions: tuple[str, ...] = ()
    reason: str = ""  # the denial's reason, the host's questions, the cancellation's or amendment's reason
    exception: LeadTimeException | None = None
    warnings: tuple[str, ...] = ()  # e.g. a berth limit that is not recorded: the host confirms
    note: str = ""
    reference: str = ""  # HOST-CLR-YEAR-NUMBER, allocated at creation (relos.domain.references)
    title: str = ""  # chosen at creation, or made from it (relos.domain.titles)

    @property
    def ships(self) -> tuple[Ship, ...]:
        return self.port_call.ships if self.port_call else ()

    @property
    def aircraft(self) -> tuple[Aircraft, ...]:
        return self.airspace.aircraft if self.airspace else ()

    @property
    def granted(self) -> bool:
        return self.status in GRANTED


@dataclass(frozen=True)
class ClearanceChange:
    """One change of a clearance: what, by whom (of which party), when, and the status before and after."""

    clearance_id: str
    seq: int
    at: datetime
    by: str
    party: str | None
    action: str
    from_status: ClearanceStatus | None
    to_status: ClearanceStatus
    version: int
    note: str = ""

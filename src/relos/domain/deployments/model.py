"""The deployment and its units. Totals (warships, aircraft, personnel) are derived from the units.

Every value is immutable; `lifecycle` returns new deployments. Windows are half-open [start, end)
in UTC. A force still present after its approved end is an overstay; so is one that departed after it (the
overstay is recorded: relos.domain.deployments.breaches).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from relos.domain.errors import FieldProblem
from relos.domain.parties import party_problem

#: The far future: the open end of a force that is present past its approved end (it counts until departure).
FOREVER = datetime(9999, 12, 31, tzinfo=UTC)

#: The limits a visiting party's presence is held to (the agreement's caps).
CAP_NAMES = ("warships", "aircraft", "personnel")

MAX_SHIPS = 100
MAX_AIRCRAFT = 500
MAX_PERSONNEL = 1_000_000


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
class Ship:
    """One ship: dimensions in metres, displacement in tonnes."""

    name: str
    hull_number: str
    ship_class: str
    displacement_t: float
    length_m: float
    beam_m: float
    draught_m: float

    def as_dict(self) -> dict[str, str | float]:
        """The ship as it stands in a deployment's canonical JSON (key `class` for its class)."""
        return {
            "name": self.name,
            "hull_number": self.hull_number,
            "class": self.ship_class,
            "displacement_t": self.displacement_t,
            "length_m": self.length_m,
            "beam_m": self.beam_m,
            "draught_m": self.draught_m,
        }


@dataclass(frozen=True)
class Aircraft:
    type: str
    tail_number: str
    callsign: str

    def as_dict(self) -> dict[str, str]:
        return {"type": self.type, "tail_number": self.tail_number, "callsign": self.callsign}


@dataclass(frozen=True)
class Totals:
    warships: int = 0
    aircraft: int = 0
    personnel: int = 0

    def get(self, name: str) -> int:
        return int(getattr(self, name))

    def as_dict(self) -> dict[str, int]:
        return {"warships": self.warships, "aircraft": self.aircraft, "personnel": self.personnel}


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


@dataclass(frozen=True)
class CapOverride:
    """ "Unless otherwise agreed": raised limits for one visiting party in the host's territory for a window.

    Only the caps it names are lifted (None = not lifted), and only within [start, end).
    """

    id: str
    agreement_id: str
    visiting_party: str
    host_party: str
    start: datetime
    end: datetime
    authority: str  # who agreed (e.g. the exchange of notes between the ministries)
    reference: str  # the document's reference
    warships: int | None = None
    aircraft: int | None = None
    personnel: int | None = None
    recorded_by: str = ""
    recorded_at: datetime | None = None
    revoked_at: datetime | None = None  # revoked (recorded in error, or withdrawn): it lifts nothing any more
    revoked_by: str = ""
    revocation_reason: str = ""

    def limit(self, name: str) -> int | None:
        value: int | None = getattr(self, name)
        return value

    def covers(self, name: str, at: datetime) -> bool:
        return self.limit(name) is not None and self.start <= at < self.end


@dataclass(frozen=True)
class Capacity:
    """What a facility holds at once: berths, aircraft stands and beds (None: not recorded, not limited)."""

    facility_id: str
    berths: int | None = None
    aircraft_stands: int | None = None
    beds: int | None = None
    berth_max_length_m: float | None = None
    berth_max_draught_m: float | None = None

    def limits(self) -> dict[str, int | None]:
        return {"berths": self.berths, "aircraft_stands": self.aircraft_stands, "beds": self.beds}


#: Which total each facility resource is loaded by.
FACILITY_RESOURCES = {"berths": "warships", "aircraft_stands": "aircraft", "beds": "personnel"}


def aware(value: datetime) -> bool:
    return value.tzinfo is not None and value.utcoffset() is not None


@dataclass(frozen=True)
class Particulars:
    """What a requester gives for a new or amended deployment (before ids and status exist)."""

    agreement_id: str
    visiting_party: str
    host_party: str
    facility_id: str
    purpose: str
    start: datetime
    end: datetime
    ships: tuple[Ship, ...] = ()
    aircraft: tuple[Aircraft, ...] = ()
    personnel: int = 0
    purpose_consent: str = ""
    note: str = ""


def ship_problems(ship: Ship, *, at: str) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    for name in ("name", "hull_number", "ship_class"):
        value = getattr(ship, name)
        if not isinstance(value, str) or not value.strip():
            problems.append(FieldProblem.of(f"{at}.{name}", "required_2", "is required"))
    for name in ("displacement_t", "length_m", "beam_m", "draught_m"):
        value = getattr(ship, name)
        if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
            problems.append(
                FieldProblem.of(
                    f"{at}.{name}", "must_positive_number_got", "must be a positive number, got {value!r}", value=value
                )
            )
    return problems


def aircraft_problems(plane: Aircraft, *, at: str) -> list[FieldProblem]:
    return [
        FieldProblem.of(f"{at}.{name}", "required_2", "is required")
        for name in ("type", "tail_number", "callsign")
        if not isinstance(getattr(plane, name), str) or not getattr(plane, name).strip()
    ]


def particulars_problems(p: Particulars) -> list[FieldProblem]:
    """What is wrong with a deployment's particulars, each problem naming its field."""
    problems: list[FieldProblem] = []
    for name in ("visiting_party", "host_party"):
        found = party_problem(getattr(p, name), field=name)
        if found:
            problems.append(found)
    if p.visiting_party == p.host_party:
        problems.append(FieldProblem.of("host_party", "host_must_other_party", "the host must be the other party"))
    for name in ("agreement_id", "facility_id", "purpose"):
        if not getattr(p, name):
            problems.append(FieldProblem.of(name, "required_2", "is required"))
    if not aware(p.start):
        problems.append(FieldProblem.of("start", "must_carry_time_zone_utc_2", "must carry a time zone (UTC)"))
    if not aware(p.end):
        problems.append(FieldProblem.of("end", "must_carry_time_zone_utc_2", "must carry a time zone (UTC)"))
    if aware(p.start) and aware(p.end) and p.end <= p.start:
        problems.append(
            FieldProblem.of(
                "end",
                "not_after_start",
                "{end} is not after the start {start}",
                end=p.end.isoformat(),
                start=p.start.isoformat(),
            )
        )
    if isinstance(p.personnel, bool) or not isinstance(p.personnel, int) or p.personnel < 0:
        problems.append(
            FieldProblem.of(
                "personnel",
                "must_whole_number_0_got",
                "must be a whole number ≥ 0, got {personnel!r}",
                personnel=p.personnel,
            )
        )
    elif p.personnel > MAX_PERSONNEL:
        problems.append(FieldProblem.of("personnel", "most", "at most {MAX_PERSONNEL}", MAX_PERSONNEL=MAX_PERSONNEL))
    if len(p.ships) > MAX_SHIPS:
        problems.append(
            FieldProblem.of(
                "ships", "most_ships_per_deployment", "at most {MAX_SHIPS} ships per deployment", MAX_SHIPS=MAX_SHIPS
            )
        )
    if len(p.aircraft) > MAX_AIRCRAFT:
        problems.append(
            FieldProblem.of(
                "aircraft",
                "most_aircraft_per_deployment",
                "at most {MAX_AIRCRAFT} aircraft per deployment",
                MAX_AIRCRAFT=MAX_AIRCRAFT,
            )
        )
    for i, ship in enumerate(p.ships):
        problems += ship_problems(ship, at=f"ships[{i}]")
    for i, plane in enumerate(p.aircraft):
        problems += aircraft_problems(plane, at=f"aircraft[{i}]")
    hulls = [s.hull_number for s in p.ships]
    if len(set(hulls)) != len(hulls):
        problems.append(FieldProblem.of("ships", "hull_number_appears_twice", "a hull number appears twice"))
    tails = [a.tail_number for a in p.aircraft]
    if len(set(tails)) != len(tails):
        problems.append(FieldProblem.of("aircraft", "tail_number_appears_twice", "a tail number appears twice"))
    if not p.ships and not p.aircraft and p.personnel == 0:
        problems.append(
            FieldProblem.of(
                "units", "deployment_sends_least_one_ship", "a deployment sends at least one ship, aircraft or person"
            )
        )
    return problems


def fit_problems(p: Particulars, capacity: Capacity) -> list[FieldProblem]:
    """Ships that exceed every berth of the facility (length or draught), and units it cannot take at all."""
    problems: list[FieldProblem] = []
    for i, ship in enumerate(p.ships):
        if capacity.berths == 0:
            problems.append(
                FieldProblem.of(
                    f"ships[{i}]", "no_berths", "{facility_id} has no berths", facility_id=capacity.facility_id
                )
            )
            continue
        if capacity.berth_max_draught_m is not None and ship.draught_m > capacity.berth_max_draught_m:
            problems.append(
                FieldProblem.of(
                    f"ships[{i}].draught_m",
                    "s_draught_m_exceeds_every",
                    "{name}'s draught {draught_m:g} m exceeds every berth of {facility_id} (deepest "
                    "{berth_max_draught_m:g} m)",
                    name=ship.name,
                    draught_m=ship.draught_m,
                    facility_id=capacity.facility_id,
                    berth_max_draught_m=capacity.berth_max_draught_m,
                )
            )
        if capacity.berth_max_length_m is not None and ship.length_m > capacity.berth_max_length_m:
            problems.append(
                FieldProblem.of(
                    f"ships[{i}].length_m",
                    "s_length_m_exceeds_every",
                    "{name}'s length {length_m:g} m exceeds every berth of {facility_id} (longest "
                    "{berth_max_length_m:g} m)",
                    name=ship.name,
                    length_m=ship.length_m,
                    facility_id=capacity.facility_id,
                    berth_max_length_m=capacity.berth_max_length_m,
                )
            )
    if p.aircraft and capacity.aircraft_stands == 0:
        problems.append(
            FieldProblem.of(
                "aircraft",
                "no_aircraft_stands",
                "{facility_id} has no aircraft stands",
                facility_id=capacity.facility_id,
            )
        )
    return problems

"""A deployment request's particulars (before ids and status exist) and the checks on them: each problem names
its field (`particulars_problems`), and ships or aircraft a facility cannot take at all (`fit_problems`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from relos.domain.deployments.limits import Capacity
from relos.domain.deployments.units import Aircraft, Ship
from relos.domain.errors import FieldProblem
from relos.domain.parties import party_problem

MAX_SHIPS = 100
MAX_AIRCRAFT = 500
MAX_PERSONNEL = 1_000_000


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

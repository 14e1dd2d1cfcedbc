"""Turning what a planner names into the routing engine's inputs: endpoints, ship or aircraft figures,
the agreements that count, and the facilities where the party may refuel at a date.

A party may refuel at its own facilities (in its own territory) and at its partners' facilities
opened to it (``open_under``) by the agreements that count: those in force at the date (from the
register's terms and recorded events), or exactly the ones named for a what-if. An actor sees only
the agreements of their party: others neither count nor may be named.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from relos.domain.actor import Actor
from relos.domain.errors import FieldProblem, InvalidInput, NotFound
from relos.domain.facilities import KM_PER_NM, Facility, FacilityKind, is_open_to
from relos.domain.facilities import AircraftType as CatalogueAircraft
from relos.domain.facilities import ShipClass as CatalogueShip
from relos.domain.parties import party_problem
from relos.planning.facade import parse_lat_lon
from relos.planning.inputs import AircraftType, Endpoint, RefuelPoint, ShipClass
from relos.planning.sea.passages import PassagePolicy, parse_passages
from relos.services.planning.reads import CatalogueReads
from relos.services.unit_of_work import UnitOfWork

if TYPE_CHECKING:  # the register and the fuel table load for a route that refuels, not for the shortest one
    from relos.domain.agreements import Agreement
    from relos.services.planning.results import AccessJson

#: The planning factor giving the share of fuel kept in reserve (planning_factors.csv).
RESERVE_FACTOR = "fuel-reserve-fraction"
#: Facility kinds where ships call, and where aircraft land.
SEA_KINDS = frozenset({FacilityKind.PORT, FacilityKind.NAVAL_BASE})
AIR_KINDS = frozenset({FacilityKind.AIRFIELD, FacilityKind.AIR_BASE})
#: Default stop time per refuelling call: no sourced figure exists (planning_factors.csv says so).
DEFAULT_SHIP_STOP_H = 12.0
DEFAULT_AIRCRAFT_STOP_H = 2.0


@dataclass(frozen=True)
class AgreementChoice:
    """Which agreements count: ``None`` = those in force at the date; ``()`` = none; else exactly these."""

    ids: tuple[str, ...] | None = None

    @classmethod
    def parse(cls, text: str | None) -> AgreementChoice:
        """``None``/empty: in force at the date; ``"none"``: own facilities only; ``"a,b"``: these (what-if)."""
        if text is None or not text.strip():
            return cls(None)
        if text.strip().lower() == "none":
            return cls(())
        return cls(tuple(dict.fromkeys(t.strip() for t in text.split(",") if t.strip())))


@dataclass(frozen=True)
class Access:
    """The party, the date, and the agreements through which it may use partner facilities."""

    party: str
    at: date
    agreements: tuple[Agreement, ...]
    what_if: bool

    @property
    def agreement_ids(self) -> tuple[str, ...]:
        return tuple(a.id for a in self.agreements)

    def may_use(self, facility: Facility) -> bool:
        """Its own facility, or one an agreement that counts opens to it."""
        if facility.country == self.party:
            return True
        return any(
            is_open_to(facility, party=self.party, agreement_id=a.id, agreement_parties=a.parties)
            for a in self.agreements
        )

    def to_json(self) -> AccessJson:
        return {
            "party": self.party,
            "at": self.at.isoformat(),
            "agreements": list(self.agreement_ids),
            "agreements_assumed": self.what_if,
        }


def resolve_endpoint(uow: CatalogueReads, text: str, *, option: str) -> Endpoint:
    """A facility id or ``LAT,LON``; an unknown id or a bad pair is bad input naming the option."""
    value = text.strip()
    try:
        pair = parse_lat_lon(value)
    except ValueError as exc:
        raise InvalidInput.of(option, "bad_value", "{reason}", reason=str(exc)) from None
    if pair is not None:
        return Endpoint(value, pair[0], pair[1])
    facility = uow.facilities.get(value) or uow.facilities.get(value.upper())
    if facility is None:
        raise InvalidInput.of(
            option, "neither_facility_id_nor_lat", "{value!r} is neither a facility id nor LAT,LON", value=value
        )
    return Endpoint(facility.id, facility.lat, facility.lon)


def resolve_party(actor: Actor, party: str | None, *, fallback: str | None = None) -> str:
    """The party whose access counts: as given, else the actor's, else ``fallback`` (a class's navy)."""
    chosen = (party or "").strip().upper() or actor.party or fallback
    if chosen is None:
        raise InvalidInput.of(
            "--party", "name_party_iso_alpha_3", "name the party (ISO alpha-3) whose facilities the route may use"
        )
    problem = party_problem(chosen, field="--party")
    if problem:
        raise InvalidInput([problem])
    return chosen


def resolve_access(uow: CatalogueReads, *, actor: Actor, party: str, at: date, choice: AgreementChoice) -> Access:
    """The agreements that count for ``party`` at ``at`` among those the actor may see."""
    from relos.domain.agreements import Status, status_at

    if choice.ids is None:
        counted = tuple(
            s.agreement
            for s in uow.agreements.list()
            if actor.may_see(s.agreement.parties)
            and party in s.agreement.parties
            and status_at(s.agreement, s.events, at).status is Status.IN_FORCE
        )
        return Access(party, at, counted, what_if=False)
    named: list[Agreement] = []
    problems: list[FieldProblem] = []
    for agreement_id in choice.ids:
        stored = uow.agreements.get(agreement_id)
        if stored is None or not actor.may_see(stored.agreement.parties):
            raise NotFound("agreement", agreement_id)
        if party not in stored.agreement.parties:
            problems.append(
                FieldProblem.of(
                    "--agreements",
                    "not_party_3",
                    "{party} is not a party to {agreement_id}",
                    party=party,
                    agreement_id=agreement_id,
                )
            )
        named.append(stored.agreement)
    if problems:
        raise InvalidInput(problems)
    return Access(party, at, tuple(named), what_if=True)


def reach_access(
    uow: UnitOfWork, *, actor: Actor, party: str, at: date, agreement: str | None
) -> tuple[Access, Access]:
    """The access a reach compares: (baseline, with the agreement). With ``agreement``: the other agreements in
    force at ``at``, then also it, assumed in force; without: own facilities only, then every agreement in force."""
    in_force = resolve_access(uow, actor=actor, party=party, at=at, choice=AgreementChoice(None))
    if agreement is None:
        return Access(party, at, (), what_if=False), in_force
    named = resolve_access(uow, actor=actor, party=party, at=at, choice=AgreementChoice((agreement,)))
    others = tuple(a for a in in_force.agreements if a.id != agreement)
    return Access(party, at, others, what_if=False), Access(party, at, others + named.agreements, what_if=True)


def refuel_points(
    facilities: Sequence[Facility],
    access: Access,
    *,
    kinds: frozenset[FacilityKind],
    burns: str | None = None,
    assumed_fuels: bool | None = None,
) -> list[RefuelPoint]:
    """Every facility of ``kinds`` as a refuelling point, usable when the party may use it and its fuel is
    recorded (a facility whose fuel is unknown is not counted on, whatever the class burns).

    With ``assumed_fuels`` given (ships), a point's grades are those serving a ship burning ``burns`` under the
    fuel table: its own grade, or a substitute (assumed ones only while ``assumed_fuels``)."""
    from relos.services.planning.stop_fuels import serving_fuels

    points = []
    for f in facilities:
        if f.kind not in kinds:
            continue
        fuels = (
            frozenset(f.fuel_types)
            if assumed_fuels is None
            else serving_fuels(f, burns=burns, assumed_fuels=assumed_fuels)
        )
        points.append(RefuelPoint(f.id, f.lat, f.lon, f.country, fuels, usable=bool(fuels) and access.may_use(f)))
    return points


def reserve_fraction(uow: CatalogueReads) -> tuple[float, str | None]:
    """The fuel reserve from the planning factors (0 and None when the factor is not loaded)."""
    factor = uow.planning_factors.get(RESERVE_FACTOR)
    if factor is None:
        return 0.0, None
    return float(factor.value), factor.id


#: Speed of a shortest route asked for without a class or speed.
DEFAULT_SPEED_KN = 15.0


def _ship_record(uow: CatalogueReads, class_id: str) -> CatalogueShip:
    record = uow.ship_classes.get(class_id.strip()) or uow.ship_classes.get(class_id.strip().lower())
    if record is None:
        raise InvalidInput.of(
            "--ship-class", "no_ship_class_catalogue", "no ship class {class_id!r} in the catalogue", class_id=class_id
        )
    return record


def ship_for_shortest(uow: CatalogueReads, *, class_id: str | None, speed_kn: float | None) -> ShipClass:
    """For ``--unconstrained``: no fuel limit; the class gives the speed and ice class when named."""
    record = _ship_record(uow, class_id) if class_id is not None else None
    speed = speed_kn or (record.range_speed_kn or record.cruise_speed_kn if record else None) or DEFAULT_SPEED_KN
    return ShipClass(
        record.id if record else "unconstrained",
        range_nm=1.0,  # not used: the shortest route has no fuel limit
        cruise_speed_kn=speed,
        ice_class=bool(record and record.ice_class),
    )


def ship_for_route(
    uow: CatalogueReads,
    *,
    class_id: str | None,
    range_nm: float | None,
    speed_kn: float | None,
    stop_hours: float = DEFAULT_SHIP_STOP_H,
) -> tuple[ShipClass, CatalogueShip | None, str | None]:
    """The ship figures: from the class (range at its speed, less the reserve factor) or as given.

    A given ``--range-nm`` is used as is (no reserve), also with a class (whose fuel and ice class count).
    Returns the engine's class, the catalogue class and the reserve factor id used (if any).
    """
    record = _ship_record(uow, class_id) if class_id is not None else None
    if record is None and (range_nm is None or speed_kn is None):
        raise InvalidInput.of(
            "--ship-class", "give_ship_class_both_range", "give --ship-class, or both --range-nm and --speed-kn"
        )
    speed = speed_kn or (record.range_speed_kn or record.cruise_speed_kn if record else None)
    if speed is None:
        raise InvalidInput.of(
            "--speed-kn",
            "class_records_no_speed_give",
            "class {class_id} records no speed: give --speed-kn",
            class_id=class_id,
        )
    fuel = record.fuel_type if record else None
    ice = bool(record and record.ice_class)
    name = record.id if record else f"range {range_nm:g} nm"
    try:
        if range_nm is not None:
            ship = ShipClass(
                name, range_nm=range_nm, cruise_speed_kn=speed, fuel_type=fuel, ice_class=ice, stop_hours=stop_hours
            )
            return ship, record, None
        assert record is not None
        if record.range_nm is None:
            raise InvalidInput.of(
                "--range-nm",
                "class_records_no_range_give",
                "class {record_id} records no range: give --range-nm (and --speed-kn)",
                record_id=record.id,
            )
        reserve, factor_id = reserve_fraction(uow)
        ship = ShipClass(
            record.id,
            range_nm=record.range_nm,
            cruise_speed_kn=speed,
            reserve_fraction=reserve,
            fuel_type=fuel,
            ice_class=ice,
            stop_hours=stop_hours,
        )
    except ValueError as exc:
        raise InvalidInput.of("--range-nm", "bad_value", "{reason}", reason=str(exc)) from None
    return ship, record, factor_id


def aircraft_for_ferry(
    uow: UnitOfWork, *, type_id: str, range_nm: float | None, speed_kn: float | None, stop_hours: float
) -> tuple[AircraftType, str]:
    """The aircraft figures: ferry range (else the stated range) and cruise speed, or as given.

    Returns the engine's type and which figure the range came from.
    """
    record: CatalogueAircraft | None = uow.aircraft_types.get(type_id.strip()) or uow.aircraft_types.get(
        type_id.strip().lower()
    )
    if record is None:
        raise InvalidInput.of(
            "--aircraft", "no_aircraft_type_catalogue", "no aircraft type {type_id!r} in the catalogue", type_id=type_id
        )
    basis = "given"
    if range_nm is None:
        km, basis = (
            (record.ferry_range_km, "ferry_range_km") if record.ferry_range_km else (record.range_km, "range_km")
        )
        if km is None:
            raise InvalidInput.of(
                "--range-nm",
                "type_records_no_range_give",
                "type {record_id} records no range: give --range-nm",
                record_id=record.id,
            )
        range_nm = km / KM_PER_NM
    if speed_kn is None:
        if record.cruise_speed_kmh is None:
            raise InvalidInput.of(
                "--speed-kn",
                "type_records_no_cruise_speed",
                "type {record_id} records no cruise speed: give --speed-kn",
                record_id=record.id,
            )
        speed_kn = record.cruise_speed_kmh / KM_PER_NM
    try:
        plane = AircraftType(
            record.id,
            ferry_range_nm=range_nm,
            cruise_speed_kn=speed_kn,
            fuel_type=record.fuel_type,
            stop_hours=stop_hours,
        )
    except ValueError as exc:
        raise InvalidInput.of("--range-nm", "bad_value", "{reason}", reason=str(exc)) from None
    return plane, basis


def passage_policy(close: str | None) -> PassagePolicy:
    """The passages closed by ``--close a,b`` (unknown names are bad input)."""
    try:
        return PassagePolicy(closed=parse_passages(close))
    except ValueError as exc:
        raise InvalidInput.of("--close", "bad_value", "{reason}", reason=str(exc)) from None

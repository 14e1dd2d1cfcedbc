"""Use case of ``relos reach-compare`` (and the API and the web page): what a ship reaches in N days on its own
facilities, then with the agreement(s), then also bunkering commercially in other states' ports (when asked; each
such stop needs the port state's consent), then as a task group with a replenishment tanker (when one is named).

It reads the catalogue and the register in one short read-only transaction, then runs the pure engine
(relos.planning.reach.tiers) outside it. Nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from relos.domain.actor import Actor
from relos.domain.errors import InvalidInput
from relos.domain.facilities import Facility, FacilityKind, ShipType
from relos.domain.facilities import ShipClass as CatalogueShip
from relos.planning.inputs import RefuelPoint, ShipClass
from relos.planning.reach.task_group import Escort, Tanker, TaskGroup
from relos.planning.reach.tiers import ComparisonFeatureCollectionJson, ComparisonJson, ReachComparison, Tier
from relos.planning.reach.tiers import compare_reach as compare_tiers
from relos.services.planning._inputs import (
    DEFAULT_SHIP_STOP_H,
    SEA_KINDS,
    Access,
    passage_policy,
    reach_access,
    refuel_points,
    resolve_endpoint,
    resolve_party,
    ship_for_route,
)
from relos.services.planning.ship_fuel import ship_fuel_table
from relos.services.unit_of_work import UnitOfWork

#: The most escorts of one class a task group may have in a comparison.
MAX_ESCORTS = 12


class ReachComparisonJson(ComparisonJson):
    """The comparison, with the party, the date, the agreements counted and whether they were assumed."""

    party: str
    at: str
    agreements: list[str]
    agreements_assumed: bool
    assumed_fuels: bool
    closed: list[str]


@dataclass(frozen=True, eq=False)
class ReachComparisonPlan:
    """The tiers side by side and the access the agreement tier stands for."""

    result: ReachComparison
    access: Access
    assumed_fuels: bool
    closed: frozenset[str] = frozenset()  # partner facilities the agreements counted leave closed (sensitive sites)

    def to_json(self) -> ReachComparisonJson:
        access = self.access.to_json()
        return {
            **self.result.to_json(),
            "party": access["party"],
            "at": access["at"],
            "agreements": access["agreements"],
            "agreements_assumed": access["agreements_assumed"],
            "assumed_fuels": self.assumed_fuels,
            "closed": sorted(self.closed),
        }

    def geojson(self) -> ComparisonFeatureCollectionJson:
        return self.result.geojson()


def _opened_by(facilities: list[Facility], points: list[RefuelPoint], party: str) -> dict[str, Tier]:
    """The first tier that lets ``party`` refuel at each point (the points as ``refuel_points`` made them with the
    agreements that count): its own where a fuel the ship takes is offered, the agreements', or a port of another
    state (or of the partner where no agreement opens it) selling such a fuel."""
    kinds = {f.id: f.kind for f in facilities}
    opened: dict[str, Tier] = {}
    for p in points:
        if p.usable:
            opened[p.id] = Tier.OWN if p.country == party else Tier.AGREEMENT
        elif p.fuel_types and kinds[p.id] is FacilityKind.PORT:
            opened[p.id] = Tier.COMMERCIAL  # a port selling a fuel the ship takes, in another state's hands
    return opened


def _task_group(
    uow: UnitOfWork, *, escort: ShipClass, record: CatalogueShip | None, escorts: int, tanker: str, stop_hours: float
) -> TaskGroup:
    """``escorts`` ships of ``escort`` (the figures the other tiers used) and one tanker of class ``tanker``."""
    if record is None:
        raise InvalidInput.of(
            "--ship-class", "task_group_needs_class", "a task group needs the escorts' class, to know their fuel"
        )
    if not 1 <= escorts <= MAX_ESCORTS:
        raise InvalidInput.of(
            "--escorts", "escorts_out_of_range", "must be 1 to {most}, got {escorts}", most=MAX_ESCORTS, escorts=escorts
        )
    table = ship_fuel_table()
    found = uow.ship_classes.get(tanker.strip()) or uow.ship_classes.get(tanker.strip().lower())
    if found is None:
        raise InvalidInput.of(
            "--tanker", "no_ship_class_catalogue", "no ship class {class_id!r} in the catalogue", class_id=tanker
        )
    if found.type is not ShipType.TANKER:
        raise InvalidInput.of(
            "--tanker", "class_not_tanker", "class {class_id} is not a replenishment tanker", class_id=found.id
        )
    cargo = table.cargo(found, field="--tanker")
    if found.range_nm is None or not (found.range_speed_kn or found.cruise_speed_kn):
        raise InvalidInput.of(
            "--tanker", "tanker_no_range", "class {class_id} records no range at a speed", class_id=found.id
        )
    tanker_ship, _, _ = ship_for_route(uow, class_id=found.id, range_nm=None, speed_kn=None, stop_hours=stop_hours)
    capacity = table.capacity(record, field="--ship-class")
    return TaskGroup(
        (Escort(escort, escorts, capacity.tonnes, capacity_estimated=capacity.estimated),),
        Tanker(tanker_ship, cargo.tonnes, cargo_estimated=cargo.estimated),
    )


def compare_reach(
    uow: UnitOfWork,
    *,
    actor: Actor,
    home: str,
    ship_class: str | None,
    days: float,
    party: str | None = None,
    agreement: str | None = None,
    at: date | None = None,
    range_nm: float | None = None,
    speed_kn: float | None = None,
    close: str | None = None,
    commercial: bool = False,
    tanker: str | None = None,
    escorts: int = 1,
    assumed_fuels: bool = True,
    stop_hours: float = DEFAULT_SHIP_STOP_H,
) -> ReachComparisonPlan:
    """Own facilities / + agreement / + commercial ports (with ``commercial``) / + tanker (with ``tanker``: the
    class's ``escorts`` ships in company with one tanker of that class), from ``home`` within ``days``.

    The agreement tier counts the agreements in force at ``at`` (today by default), or ``agreement`` assumed in
    force on top of them. A tanker group sails on the class's own figures (its range less the reserve factor).
    """
    if not days > 0:
        raise InvalidInput.of("--days", "must_positive_got_5", "must be positive, got {days:g}", days=days)
    for value, option in ((range_nm, "--range-nm"), (speed_kn, "--speed-kn")):
        if value is not None and not value > 0:
            raise InvalidInput.of(option, "must_positive_got_4", "must be positive, got {value:g}", value=value)
    day = at or date.today()
    policy = passage_policy(close)
    with uow:
        start = resolve_endpoint(uow, home, option="--from")
        ship, record, _ = ship_for_route(
            uow, class_id=ship_class, range_nm=range_nm, speed_kn=speed_kn, stop_hours=stop_hours
        )
        who = resolve_party(actor, party, fallback=record.navy if record else None)
        _, shared = reach_access(uow, actor=actor, party=who, at=day, agreement=agreement)
        group = None
        if tanker is not None:
            group = _task_group(uow, escort=ship, record=record, escorts=escorts, tanker=tanker, stop_hours=stop_hours)
        facilities = uow.facilities.list()
    points = refuel_points(facilities, shared, kinds=SEA_KINDS, burns=ship.fuel_type, assumed_fuels=assumed_fuels)
    opened = _opened_by(facilities, points, who)
    try:
        result = compare_tiers(
            home=start,
            ship=ship,
            days=days,
            points=points,
            opened_by=opened,
            commercial=commercial,
            group=group,
            policy=policy,
            when=day,
        )
    except ValueError as exc:
        raise InvalidInput.of("--tanker", "bad_value", "{reason}", reason=str(exc)) from None
    return ReachComparisonPlan(result, shared, assumed_fuels, closed_to(facilities, shared))


def closed_to(facilities: list[Facility], access: Access) -> frozenset[str]:
    """The sea facilities in the territory of a partner under the agreements counted that none of them opens to
    the party (sensitive sites closed until an administrator opens them): reached, but no port of call."""
    closed = set()
    for f in facilities:
        hosts = [a for a in access.agreements if f.country in a.parties]
        if f.kind in SEA_KINDS and f.country != access.party and hosts and not access.may_use(f):
            closed.add(f.id)
    return frozenset(closed)

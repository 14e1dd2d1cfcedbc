"""Use cases of route planning: ``relos route``, ``relos reach`` and ``relos ferry`` (and the API).

Each reads the catalogue and the register in one short read-only transaction, then runs the pure
engine (relos.planning) outside it. Nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from relos.domain.actor import Actor
from relos.domain.errors import InvalidInput
from relos.planning.facade import plan_route
from relos.planning.sea.result import RouteResult
from relos.services.planning._inputs import (
    AIR_KINDS,
    DEFAULT_AIRCRAFT_STOP_H,
    DEFAULT_SHIP_STOP_H,
    SEA_KINDS,
    Access,
    AgreementChoice,
    aircraft_for_ferry,
    passage_policy,
    reach_access,
    refuel_points,
    resolve_access,
    resolve_endpoint,
    resolve_party,
    ship_for_route,
    ship_for_shortest,
)
from relos.services.planning.reads import CatalogueReads
from relos.services.unit_of_work import UnitOfWork

if (
    TYPE_CHECKING
):  # the reach, the ferry flights and the fuel at the stops load with their use cases, not with every route
    from relos.planning.reach.result import FeatureCollectionJson, ReachResult
    from relos.services.planning.results import ReachPlanJson, RouteContextJson, RoutePlanJson
    from relos.services.planning.stop_fuels import StopFuel


@dataclass(frozen=True)
class RoutePlan:
    """A route (or the reason there is none) with the access it was planned under.

    ``reserve_factor``: the planning factor that set the fuel reserve; ``range_basis``: the aircraft figure
    a ferry range came from (``ferry_range_km``, ``range_km`` or ``given``).
    """

    result: RouteResult
    access: Access | None
    reserve_factor: str | None = None
    range_basis: str | None = None
    fuels: tuple[StopFuel, ...] | None = None  # a ship's route: the fuel at each stop
    assumed_fuels: bool = True

    @property
    def feasible(self) -> bool:
        return self.result.feasible

    def to_json(self) -> RoutePlanJson:
        """The route shape of docs/planning.md, plus the party, date and agreements that counted."""
        context: RouteContextJson = {}
        if self.range_basis is not None:
            context["range_basis"] = self.range_basis
        if self.access is not None:
            context = {**context, **self.access.to_json()}
        if self.reserve_factor is not None:
            context["reserve_factor"] = self.reserve_factor
        if self.fuels is not None:
            context["assumed_fuels"] = self.assumed_fuels
            context["fuel_at_stops"] = [f.to_json() for f in self.fuels]
        return {**self.result.to_json(), **context}


def _positive(value: float | None, option: str) -> None:
    if value is not None and not value > 0:
        raise InvalidInput.of(option, "must_positive_got_4", "must be positive, got {value:g}", value=value)


def route(
    uow: CatalogueReads,
    *,
    actor: Actor,
    origin: str,
    destination: str,
    ship_class: str | None = None,
    range_nm: float | None = None,
    speed_kn: float | None = None,
    party: str | None = None,
    agreements: str | None = None,
    at: date | None = None,
    unconstrained: bool = False,
    close: str | None = None,
    stop_hours: float = DEFAULT_SHIP_STOP_H,
    assumed_fuels: bool = True,
) -> RoutePlan:
    """The shortest sea route (``unconstrained``) or the fastest one whose every leg fits the range,
    refuelling only where ``party`` may at ``at`` (today by default) and a fuel the ship takes is offered
    (assumed substitutions counted only while ``assumed_fuels``); the answer names the fuel at each stop."""
    for value, option in ((range_nm, "--range-nm"), (speed_kn, "--speed-kn")):
        _positive(value, option)
    if stop_hours < 0:
        raise InvalidInput.of(
            "--stop-hours", "must_not_negative_got_3", "must not be negative, got {stop_hours:g}", stop_hours=stop_hours
        )
    day = at or date.today()
    policy = passage_policy(close)
    choice = AgreementChoice.parse(agreements)
    with uow:
        start = resolve_endpoint(uow, origin, option="--from")
        end = resolve_endpoint(uow, destination, option="--to")
        if unconstrained:
            ship, record, factor = ship_for_shortest(uow, class_id=ship_class, speed_kn=speed_kn), None, None
        else:
            ship, record, factor = ship_for_route(
                uow, class_id=ship_class, range_nm=range_nm, speed_kn=speed_kn, stop_hours=stop_hours
            )
        access: Access | None = None
        points = []
        catalogue = {}
        if not unconstrained:
            who = resolve_party(actor, party, fallback=record.navy if record else None)
            access = resolve_access(uow, actor=actor, party=who, at=day, choice=choice)
            catalogue = {f.id: f for f in uow.facilities.list()}
            points = refuel_points(
                list(catalogue.values()),
                access,
                kinds=SEA_KINDS,
                burns=ship.fuel_type,
                assumed_fuels=assumed_fuels,
            )
    result = plan_route(
        origin=start,
        destination=end,
        ship=ship,
        refuel_points=points,
        unconstrained=unconstrained,
        policy=policy,
        when=day,
    )
    if unconstrained:
        return RoutePlan(result, access, factor)
    from relos.services.planning.stop_fuels import stop_fuels

    fuels = stop_fuels(result.stops, catalogue, burns=ship.fuel_type, assumed_fuels=assumed_fuels)
    return RoutePlan(result, access, factor, fuels=fuels, assumed_fuels=assumed_fuels)


@dataclass(frozen=True, eq=False)
class ReachPlan:
    """Reach without and with the agreement(s), and the access each case stands for."""

    result: ReachResult
    baseline: Access
    added_agreements: tuple[str, ...]
    fuels: tuple[StopFuel, ...] = ()  # the fuel at each refuelling facility reached with the agreement
    assumed_fuels: bool = True

    def to_json(self, *, geojson: bool = False) -> ReachPlanJson:
        base = self.baseline.to_json()
        return {
            **self.result.to_json(geojson=geojson),
            "party": base["party"],
            "at": base["at"],
            "agreements_assumed": base["agreements_assumed"],
            "agreements_baseline": base["agreements"],
            "agreements_added": list(self.added_agreements),
            "assumed_fuels": self.assumed_fuels,
            "fuel_at_stops": [f.to_json() for f in self.fuels],
        }

    def geojson(self) -> FeatureCollectionJson:
        from relos.planning.reach.result import reach_feature_collection

        return reach_feature_collection(self.result)


def reach_from(
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
    stop_hours: float = DEFAULT_SHIP_STOP_H,
    assumed_fuels: bool = True,
) -> ReachPlan:
    """What a class reaches from ``home`` within ``days``, without and with ``agreement``, and the fuel the ship
    takes at each refuelling facility it reaches.

    With ``agreement``: the baseline is the party's own facilities and the other agreements in force
    at ``at``; the agreement is assumed in force on top. Without: own facilities only, then every
    agreement in force ("what the agreements add").
    """
    if not days > 0:
        raise InvalidInput.of("--days", "must_positive_got_5", "must be positive, got {days:g}", days=days)
    for value, option in ((range_nm, "--range-nm"), (speed_kn, "--speed-kn")):
        _positive(value, option)
    day = at or date.today()
    policy = passage_policy(close)
    with uow:
        start = resolve_endpoint(uow, home, option="--from")
        ship, record, _ = ship_for_route(
            uow, class_id=ship_class, range_nm=range_nm, speed_kn=speed_kn, stop_hours=stop_hours
        )
        who = resolve_party(actor, party, fallback=record.navy if record else None)
        base, added = reach_access(uow, actor=actor, party=who, at=day, agreement=agreement)
        facilities = uow.facilities.list()
    base_points, with_all = (
        refuel_points(facilities, a, kinds=SEA_KINDS, burns=ship.fuel_type, assumed_fuels=assumed_fuels)
        for a in (base, added)
    )
    with_points = {p.id: p for p in with_all}
    newly = [with_points[p.id] for p in base_points if not p.usable and with_points[p.id].usable]
    newly_ids = {p.id for p in newly}
    baseline = [p for p in base_points if p.id not in newly_ids]
    from relos.planning.reach.search import reach

    result = reach(home=start, ship=ship, days=days, baseline=baseline, added=newly, policy=policy, when=day)
    added_ids = tuple(a for a in added.agreement_ids if a not in base.agreement_ids)
    refuelling = [fid for fid in result.with_agreement.facilities if fid in with_points and with_points[fid].usable]
    by_id = {f.id: f for f in facilities}
    from relos.services.planning.stop_fuels import stop_fuels

    fuels = stop_fuels(refuelling, by_id, burns=ship.fuel_type, assumed_fuels=assumed_fuels)
    return ReachPlan(result, base, added_ids, fuels=fuels, assumed_fuels=assumed_fuels)


def ferry(
    uow: UnitOfWork,
    *,
    actor: Actor,
    origin: str,
    destination: str,
    aircraft: str,
    party: str | None = None,
    agreements: str | None = None,
    at: date | None = None,
    range_nm: float | None = None,
    speed_kn: float | None = None,
    stop_hours: float = DEFAULT_AIRCRAFT_STOP_H,
) -> RoutePlan:
    """The fastest ferry flight over great-circle legs between airfields the party may use, each leg
    listing the countries whose airspace it crosses."""
    for value, option in ((range_nm, "--range-nm"), (speed_kn, "--speed-kn")):
        _positive(value, option)
    day = at or date.today()
    choice = AgreementChoice.parse(agreements)
    with uow:
        start = resolve_endpoint(uow, origin, option="--from")
        end = resolve_endpoint(uow, destination, option="--to")
        plane, basis = aircraft_for_ferry(
            uow, type_id=aircraft, range_nm=range_nm, speed_kn=speed_kn, stop_hours=stop_hours
        )
        who = resolve_party(actor, party)
        access = resolve_access(uow, actor=actor, party=who, at=day, choice=choice)
        fields = refuel_points(uow.facilities.list(), access, kinds=AIR_KINDS)
    from relos.planning.air_route import ferry_route

    result = ferry_route(origin=start, destination=end, aircraft=plane, airfields=fields)
    return RoutePlan(result, access, range_basis=basis)

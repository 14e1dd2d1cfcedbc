"""/api/v1/routes, /reach, /ferry and /sustainment: the same parameters as the commands.

Keys a result leaves out stay out of the answer (``response_model_exclude_unset``), as in the commands' JSON.
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Query

from relos.api.deps import ActorDep, ClockDep, UowDep
from relos.api.schemas.planning import ReachOut, RouteOut, SustainmentOut
from relos.planning.sustainment import EstimateJson
from relos.services.planning import routes as service
from relos.services.planning import sustainment as sustainment_service
from relos.services.planning.results import ReachPlanJson, RoutePlanJson

router = APIRouter(tags=["planning"])

_ID = 64


@router.get("/routes", response_model=RouteOut, response_model_exclude_unset=True)
def get_route(
    uow: UowDep,
    actor: ActorDep,
    clock: ClockDep,
    origin: str = Query(alias="from", max_length=_ID, description="facility id or LAT,LON"),
    destination: str = Query(alias="to", max_length=_ID, description="facility id or LAT,LON"),
    ship_class: str | None = Query(None, max_length=_ID),
    range_nm: float | None = Query(None, gt=0, le=100_000),
    speed_kn: float | None = Query(None, gt=0, le=100),
    party: str | None = Query(None, max_length=3),
    agreements: str | None = Query(None, max_length=500, description="ID,ID assumed in force, or none"),
    at: date | None = Query(None, description="default: today, by the application's clock"),
    unconstrained: bool = False,
    close: str | None = Query(None, max_length=500, description="passages closed, comma-separated"),
    stop_hours: float = Query(12.0, ge=0, le=240),
    assumed_fuels: bool = Query(True, description="count fuel substitutions no public source states"),
) -> RoutePlanJson:
    """A route (``feasible`` true) or the reason there is none (``feasible`` false): both are answers."""
    return service.route(
        uow,
        actor=actor,
        origin=origin,
        destination=destination,
        ship_class=ship_class,
        range_nm=range_nm,
        speed_kn=speed_kn,
        party=party,
        agreements=agreements,
        at=at or clock.today(),
        unconstrained=unconstrained,
        close=close,
        stop_hours=stop_hours,
        assumed_fuels=assumed_fuels,
    ).to_json()


@router.get("/reach", response_model=ReachOut, response_model_by_alias=True, response_model_exclude_unset=True)
def get_reach(
    uow: UowDep,
    actor: ActorDep,
    clock: ClockDep,
    home: str = Query(alias="from", max_length=_ID, description="home port: facility id or LAT,LON"),
    ship_class: str | None = Query(None, max_length=_ID),
    days: float = Query(gt=0, le=365),
    party: str | None = Query(None, max_length=3),
    agreement: str | None = Query(None, max_length=_ID, description="default: every agreement in force"),
    at: date | None = None,
    range_nm: float | None = Query(None, gt=0, le=100_000),
    speed_kn: float | None = Query(None, gt=0, le=100),
    close: str | None = Query(None, max_length=500),
    geojson: bool = Query(False, description="include the GeoJSON FeatureCollection"),
    assumed_fuels: bool = Query(True, description="count fuel substitutions no public source states"),
) -> ReachPlanJson:
    plan = service.reach_from(
        uow,
        actor=actor,
        home=home,
        ship_class=ship_class,
        days=days,
        party=party,
        agreement=agreement,
        at=at or clock.today(),
        range_nm=range_nm,
        speed_kn=speed_kn,
        close=close,
        assumed_fuels=assumed_fuels,
    )
    return plan.to_json(geojson=geojson)


@router.get("/ferry", response_model=RouteOut, response_model_exclude_unset=True)
def get_ferry(
    uow: UowDep,
    actor: ActorDep,
    clock: ClockDep,
    origin: str = Query(alias="from", max_length=_ID),
    destination: str = Query(alias="to", max_length=_ID),
    aircraft: str = Query(max_length=_ID),
    party: str | None = Query(None, max_length=3),
    agreements: str | None = Query(None, max_length=500),
    at: date | None = None,
    range_nm: float | None = Query(None, gt=0, le=100_000),
    speed_kn: float | None = Query(None, gt=0, le=2_000),
    stop_hours: float = Query(2.0, ge=0, le=240),
) -> RoutePlanJson:
    return service.ferry(
        uow,
        actor=actor,
        origin=origin,
        destination=destination,
        aircraft=aircraft,
        party=party,
        agreements=agreements,
        at=at or clock.today(),
        range_nm=range_nm,
        speed_kn=speed_kn,
        stop_hours=stop_hours,
    ).to_json()


@router.get("/sustainment", response_model=SustainmentOut, response_model_exclude_unset=True)
def get_sustainment(
    uow: UowDep,
    actor: ActorDep,
    days: int = Query(ge=1, le=3650),
    climate: str = Query(max_length=16, description="temperate, tropical, arctic or arid"),
    ships: str | None = Query(None, max_length=500, description="CLASS:N,..."),
    aircraft: str | None = Query(None, max_length=500, description="TYPE:N,..."),
    personnel: int = Query(0, ge=0, le=1_000_000),
    intense: bool = False,
    underway_hours: float = Query(24.0, ge=0, le=24),
    order_lines: bool = Query(False, description="add draft support-order lines"),
) -> EstimateJson:
    result = sustainment_service.estimate_sustainment(
        uow,
        actor=actor,
        days=days,
        climate=climate,
        ships=sustainment_service.parse_counts(ships, option="ships"),
        aircraft=sustainment_service.parse_counts(aircraft, option="aircraft"),
        personnel=personnel,
        intense=intense,
        underway_hours_per_day=underway_hours,
    )
    return result.to_json(with_order_lines=order_lines)

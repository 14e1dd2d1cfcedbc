"""/api/v1/reach/compare: the reach comparison (own facilities / + agreement / + commercial ports / + tanker), the
same parameters as ``relos reach --compare``."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Query

from relos.api.deps import ActorDep, ClockDep, UowDep
from relos.api.schemas.reach_compare import ReachComparisonOut
from relos.services.planning import reach_compare as service

router = APIRouter(tags=["planning"])

_ID = 64


@router.get("/reach/compare", response_model=ReachComparisonOut, response_model_exclude_unset=True)
def get_reach_comparison(
    uow: UowDep,
    actor: ActorDep,
    clock: ClockDep,
    home: str = Query(alias="from", max_length=_ID, description="home port: facility id or LAT,LON"),
    ship_class: str | None = Query(None, max_length=_ID),
    days: float = Query(gt=0, le=365),
    party: str | None = Query(None, max_length=3),
    agreement: str | None = Query(None, max_length=_ID, description="assumed in force; default: those in force"),
    at: date | None = None,
    range_nm: float | None = Query(None, gt=0, le=100_000),
    speed_kn: float | None = Query(None, gt=0, le=100),
    close: str | None = Query(None, max_length=500),
    commercial: bool = Query(False, description="also bunker in other states' ports (each needs their consent)"),
    tanker: str | None = Query(None, max_length=_ID, description="a replenishment tanker class in company"),
    escorts: int = Query(1, ge=1, le=service.MAX_ESCORTS, description="ships of the class the tanker refuels"),
    assumed_fuels: bool = Query(True, description="count fuel substitutions no public source states"),
    geojson: bool = Query(False, description="include the GeoJSON FeatureCollection"),
) -> dict[str, Any]:
    plan = service.compare_reach(
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
        commercial=commercial,
        tanker=tanker,
        escorts=escorts,
        assumed_fuels=assumed_fuels,
    )
    out: dict[str, Any] = dict(plan.to_json())
    if geojson:
        out["geojson"] = plan.geojson()
    return out

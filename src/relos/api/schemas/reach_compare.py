"""Response body of the reach comparison (GET /api/v1/reach/compare): the use case's ``ReachComparisonJson``
(relos.services.planning.reach_compare) as pydantic models. Undeclared keys are refused (``extra="forbid"``).
GeoJSON coordinates are declared in the schema and passed through as they are (as for a reach)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from relos.api.schemas.planning import ReachGeometryOut, _Out

TierName = Literal["own", "agreement", "commercial", "tanker"]


class TierOut(_Out):
    """One tier's totals: facilities and sea-network nodes reached, and the leg and speed the ship or group had."""

    tier: TierName
    facilities: int
    sea_nodes: int
    leg_nm: float
    speed_kn: float


class FacilityTiersOut(_Out):
    """A facility reached in some tier: the tier whose ports it belongs to, whether a call needs the port state's
    consent, the first tier reaching it, and per tier its arrival (hours), stops and consent stops on the way."""

    id: str
    opened_by: TierName | None
    consent_needed: bool
    first_reached: TierName | None
    arrival_h: dict[str, float | None]
    stops: dict[str, int | None]
    consent_stops: dict[str, list[str]]


class EscortFuelOut(_Out):
    """An escort class of the group: its bunkers (estimated or published), its burn and its own usable leg."""

    ship_class: str
    count: int
    fuel_capacity_t: float
    capacity_estimated: bool
    burn_t_per_nm: float
    own_leg_nm: float


class TaskGroupOut(_Out):
    """The tanker arithmetic: the legs the cargo and the tanker's own range allow, which binds, the group's speed."""

    tanker: str
    cargo_fuel_t: float
    cargo_estimated: bool
    escorts: list[EscortFuelOut]
    cargo_leg_nm: float
    tanker_leg_nm: float
    group_leg_nm: float
    bound_by: Literal["cargo", "tanker_range"]
    cargo_used_per_leg_t: float
    speed_kn: float


class TierAreaPropertiesOut(_Out):
    """A sea-area feature: the sea a tier adds to the tiers before it."""

    kind: Literal["sea_area"]
    tier: TierName


class TierFacilityPropertiesOut(_Out):
    """A facility feature: the first tier reaching it (or ``home``, ``unreachable``) and its consent flag."""

    kind: Literal["facility"]
    id: str
    status: str
    opened_by: TierName | None
    consent_needed: bool


class TierFeatureOut(_Out):
    """A GeoJSON Feature of the comparison."""

    type: Literal["Feature"]
    properties: Annotated[TierAreaPropertiesOut | TierFacilityPropertiesOut, Field(discriminator="kind")]
    geometry: ReachGeometryOut


class TierFeatureCollectionOut(_Out):
    """The comparison's GeoJSON: a sea area per tier, then every facility."""

    type: Literal["FeatureCollection"]
    features: list[TierFeatureOut]


class ReachComparisonOut(_Out):
    """Own facilities / + agreement / + commercial ports / + tanker, side by side."""

    home: str
    days: float
    ship_class: str
    commercial: bool
    tiers: list[TierOut]
    facilities: list[FacilityTiersOut]
    task_group: TaskGroupOut | None
    party: str
    at: str
    agreements: list[str]
    agreements_assumed: bool
    assumed_fuels: bool
    closed: list[str] = Field(
        default_factory=list,
        description="partner facilities the agreements counted do not open to the party (sensitive sites closed"
        " until an administrator opens them): a tier may reach them, but a ship may not call there",
    )
    geojson: TierFeatureCollectionOut | None = Field(None, description="with geojson=true")

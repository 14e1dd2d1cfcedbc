"""Response bodies of route planning and sustainment (the route shape is documented in docs/planning.md).

They mirror the engine's and the use cases' JSON records (``RouteJson``, ``ReachJson``, ``EstimateJson`` in
relos.planning; ``RoutePlanJson``, ``ReachPlanJson`` in relos.services.planning.results). Undeclared keys
are refused (``extra="forbid"``), so a key the code emits but no model declares fails loudly. A key that
appears only sometimes defaults to None and the routes answer with ``response_model_exclude_unset``, so it
stays absent (never null) when the record leaves it out.

GeoJSON coordinates (tens of thousands of pairs in a reach's sea area) are declared in the schema but passed
through as they are: the engine builds them from float arrays (typed ``TypedDict``s checked by mypy), and
validating them, serializing them as typed lists, or behind a union of geometry models, made the reach
answer several times slower (pydantic-core copies them). Hence one geometry model for a reach's features.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, WithJsonSchema


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


#: (lon, lat) pairs of a LineString; a reach's Point (lon, lat) or MultiLineString (lines of pairs). Described
#: in the schema as these types, neither validated nor converted.
LineCoordinates = Annotated[Any, WithJsonSchema(TypeAdapter(list[list[float]]).json_schema())]
ReachCoordinates = Annotated[Any, WithJsonSchema(TypeAdapter(list[float] | list[list[list[float]]]).json_schema())]


# -- routes and ferry flights ------------------------------------------------------------------------------
class LegOut(_Out):
    """One leg between refuelling points (or the ends); a ferry leg lists the countries whose airspace it crosses."""

    from_: str = Field(alias="from")
    to: str
    distance_nm: float
    countries: list[str] | None = None


class ShortfallOut(_Out):
    """Why no route fits: the leg that comes closest, and how far it exceeds the usable range."""

    from_: str = Field(alias="from")
    to: str
    distance_nm: float
    usable_range_nm: float
    beyond_nm: float


class LineStringOut(_Out):
    """A GeoJSON LineString: (lon, lat) pairs, longitudes unwrapped across the antimeridian."""

    type: Literal["LineString"]
    coordinates: LineCoordinates


class StopFuelOut(_Out):
    """The fuel a refuelling stop supplies to the ship: the grades offered, the one taken, the substitution used."""

    facility: str
    offered: list[str]
    takes: str
    substitute_for: str | None = Field(None, description="the grade the ship burns, when another stands in for it")
    substitution_basis: str | None = Field(None, description="sourced, or assumption (switch off: assumed_fuels)")


class RouteOut(_Out):
    """A route, or why there is none (``feasible`` false with ``reason``), and what it was planned under."""

    feasible: bool
    distance_nm: float | None
    duration_h: float | None
    stops: list[str]
    legs: list[LegOut]
    geometry: LineStringOut | None
    reason: str | None = Field(None, description="when infeasible: why")
    passages: list[str] | None = Field(None, description="passages (canals, straits) the route goes through")
    shortfall: ShortfallOut | None = Field(None, description="when no leg sequence fits the range")
    ship_class: str | None = None
    aircraft_type: str | None = None
    speed_kn: float | None = None
    usable_range_nm: float | None = None
    stop_hours: float | None = None
    countries: list[str] | None = Field(None, description="ferry: the countries whose airspace it crosses")
    range_basis: str | None = Field(None, description="ferry: ferry_range_km, range_km or given")
    party: str | None = Field(None, description="the party whose access counted (not for a shortest route)")
    at: str | None = None
    agreements: list[str] | None = None
    agreements_assumed: bool | None = None
    reserve_factor: str | None = Field(None, description="the planning factor that set the fuel reserve")
    assumed_fuels: bool | None = Field(None, description="a ship's route: whether assumed substitutions counted")
    fuel_at_stops: list[StopFuelOut] | None = Field(None, description="a ship's route: the fuel at each stop")


# -- reach ---------------------------------------------------------------------------------------------------
class FacilityReachOut(_Out):
    """A facility reached in one scenario: arrival (hours), distance (nm) and refuelling stops on the way."""

    id: str
    arrival_h: float
    distance_nm: float
    stops: int


class ScenarioOut(_Out):
    """What one scenario reaches: the facilities, soonest first, and the number of sea-network nodes."""

    facilities: list[FacilityReachOut]
    sea_nodes: int


class GainOut(_Out):
    """A row of "what the agreement adds": a facility newly reachable, or reached sooner or with fewer stops."""

    id: str
    change: str
    arrival_h_without: float | None
    arrival_h_with: float
    hours_saved: float | None
    stops_without: int | None
    stops_with: int
    stops_saved: int | None


class SeaAreaPropertiesOut(_Out):
    """The properties of a sea-area feature: the area reached without the agreement, or the area it adds."""

    kind: Literal["sea_area"]
    case: Literal["without", "added_by_agreement"]


class FacilityPropertiesOut(_Out):
    """The properties of a facility feature: its status and, when the agreement changes it, the gain row."""

    kind: Literal["facility"]
    id: str
    status: str
    change: str | None = None
    arrival_h_without: float | None = None
    arrival_h_with: float | None = None
    hours_saved: float | None = None
    stops_without: int | None = None
    stops_with: int | None = None
    stops_saved: int | None = None


class ReachGeometryOut(_Out):
    """A GeoJSON geometry of a reach: a sea area's MultiLineString or a facility's Point, in (lon, lat)."""

    type: Literal["MultiLineString", "Point"]
    coordinates: ReachCoordinates


class FeatureOut(_Out):
    """A GeoJSON Feature: a sea area (MultiLineString) or a facility and its reach status (Point)."""

    type: Literal["Feature"]
    properties: Annotated[SeaAreaPropertiesOut | FacilityPropertiesOut, Field(discriminator="kind")]
    geometry: ReachGeometryOut


class FeatureCollectionOut(_Out):
    """The GeoJSON of a reach: the sea areas, then every facility with its status."""

    type: Literal["FeatureCollection"]
    features: list[FeatureOut]


class ReachOut(_Out):
    """Reach without and with the agreement(s), the gain rows, and the GeoJSON when asked."""

    home: str
    days: float
    ship_class: str
    without: ScenarioOut
    with_: ScenarioOut = Field(alias="with")
    added: list[GainOut]
    sea_nodes_added: int
    geojson: FeatureCollectionOut | None = Field(None, description="with geojson=true")
    party: str
    at: str
    agreements_assumed: bool
    agreements_baseline: list[str]
    agreements_added: list[str]
    assumed_fuels: bool = Field(description="whether assumed fuel substitutions counted")
    fuel_at_stops: list[StopFuelOut] = Field(description="the fuel the ship takes at each refuelling facility reached")


# -- sustainment ---------------------------------------------------------------------------------------------
class SustainmentLineOut(_Out):
    """One estimated need: item, quantity (a decimal string, null when unknown) in ``unit``, factors, basis."""

    item: str
    quantity: str | None
    unit: str
    factors: list[str]
    basis: str


class OrderLineOut(_Out):
    """A draft support-order line: category (``fuel``, ``water``, ``rations``), estimate line, quantity, basis."""

    item: str
    detail: str
    quantity: str
    unit: str
    basis: str
    factors: list[str]


class SustainmentOut(_Out):
    """The fuel, water and rations a deployment needs, the factor ids used, the gaps, and order lines if asked."""

    people: int
    days: int
    climate: str
    lines: list[SustainmentLineOut]
    factors: list[str]
    gaps: list[str]
    order_lines: list[OrderLineOut] | None = Field(None, description="with order_lines=true")

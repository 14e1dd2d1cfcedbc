"""What the planning use cases hand back (the convention of relos.services.results): a route or ferry flight
with what it was planned under, and a reach with the agreements on each side (a sustainment estimate is the
engine's ``EstimateJson`` as it is).

Each extends the engine's JSON form (relos.planning, which knows no pydantic: its records are plain
``TypedDict``s). A ``NotRequired`` key is absent, not null, when it does not apply.
"""

from __future__ import annotations

from typing_extensions import TypedDict

from relos.planning.reach.result import ReachJson
from relos.planning.sea.result import RouteJson
from relos.services.planning.stop_fuels import StopFuelJson
from relos.services.results import record


@record
class AccessJson(TypedDict):
    """The party whose access counted, the date, the agreements that counted and whether they were assumed."""

    party: str
    at: str
    agreements: list[str]
    agreements_assumed: bool


@record
class RouteContextJson(TypedDict, total=False):
    """What a route was planned under: the ferry range's basis, the access (not for a shortest route), the reserve;
    for a ship's route, whether assumed fuel substitutions counted and the fuel each stop supplies."""

    range_basis: str
    party: str
    at: str
    agreements: list[str]
    agreements_assumed: bool
    reserve_factor: str
    assumed_fuels: bool
    fuel_at_stops: list[StopFuelJson]


@record
class RoutePlanJson(RouteJson, RouteContextJson):
    """A route or ferry flight (or why there is none), with what it was planned under."""


@record
class ReachPlanJson(ReachJson):
    """A reach, with the party, the date, the agreements of the baseline and those added, and the fuel the ship
    takes at each refuelling facility reached."""

    party: str
    at: str
    agreements_assumed: bool
    agreements_baseline: list[str]
    agreements_added: list[str]
    assumed_fuels: bool
    fuel_at_stops: list[StopFuelJson]

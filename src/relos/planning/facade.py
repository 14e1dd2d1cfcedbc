"""Entry points for ``relos route`` and the API: plain inputs in, JSON-ready results out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from relos.planning.inputs import Endpoint, RefuelPoint, ShipClass
from relos.planning.sea.passages import PassagePolicy
from relos.planning.sea.result import RouteResult
from relos.planning.sea.shortest import shortest_sea_route

#: ``relos route`` exit status: a route, no feasible route, bad input (docs/planning.md).
EXIT_ROUTE, EXIT_NO_ROUTE, EXIT_BAD_INPUT = 0, 1, 2


def parse_lat_lon(text: str) -> tuple[float, float] | None:
    """``"18.95,72.84"`` as (lat, lon); None when the text is not a LAT,LON pair (e.g. a facility id).

    Raises ValueError naming the field when it is a pair out of range.
    """
    parts = text.split(",")
    if len(parts) != 2:
        return None
    try:
        lat, lon = float(parts[0]), float(parts[1])
    except ValueError:
        return None
    if not -90.0 <= lat <= 90.0:
        raise ValueError(f"LAT,LON {text!r}: latitude {lat} is outside -90..90")
    if not -180.0 <= lon <= 180.0:
        raise ValueError(f"LAT,LON {text!r}: longitude {lon} is outside -180..180")
    return lat, lon


def plan_route(
    *,
    origin: Endpoint,
    destination: Endpoint,
    ship: ShipClass,
    refuel_points: Sequence[RefuelPoint] = (),
    unconstrained: bool = False,
    policy: PassagePolicy = PassagePolicy(),
    when: dt.date | None = None,
) -> RouteResult:
    """What ``relos route`` computes.

    ``ship`` is the class named by ``--ship-class`` or ``ShipClass.given_range(range_nm=N, speed_kn=S)``;
    ``refuel_points`` are all candidate facilities with ``usable`` set for the party, date and
    agreements. With ``unconstrained`` the shortest route at the class's speed, no fuel limit.
    Pass ``when`` (the ``--at`` date, today by default): without a date the ice routes stay shut.
    ``result.to_json()`` is the printed object; ``exit_status(result)`` the exit status.
    """
    if unconstrained:
        return shortest_sea_route(
            origin=origin,
            destination=destination,
            speed_kn=ship.cruise_speed_kn,
            policy=policy,
            when=when,
            ice_class=ship.ice_class,
        )
    from relos.planning.sea.refuel import refuel_route  # with its hop search, only for a route that refuels

    return refuel_route(
        origin=origin,
        destination=destination,
        ship=ship,
        refuel_points=refuel_points,
        policy=policy,
        when=when,
    )


def exit_status(result: RouteResult) -> int:
    """0 for a route, 1 for no feasible route."""
    return EXIT_ROUTE if result.feasible else EXIT_NO_ROUTE

"""Plain, immutable inputs of the route and reach searches (the CLI and API fill them from the database)."""

from __future__ import annotations

from dataclasses import dataclass


def _check_lat_lon(lat: float, lon: float, what: str) -> None:
    if not -90.0 <= lat <= 90.0:
        raise ValueError(f"{what}.lat: {lat} is outside -90..90")
    if not -180.0 <= lon <= 360.0:
        raise ValueError(f"{what}.lon: {lon} is outside -180..180")


@dataclass(frozen=True, slots=True)
class Endpoint:
    """The start or end of a route: a facility id (or the ``LAT,LON`` text given) and its position."""

    id: str
    lat: float
    lon: float

    def __post_init__(self) -> None:
        _check_lat_lon(self.lat, self.lon, f"endpoint {self.id!r}")


@dataclass(frozen=True, slots=True)
class RefuelPoint:
    """A facility where a ship or aircraft may take fuel.

    ``usable`` says whether the party may use it at the date asked (its own, or its partner's
    under an agreement in force); ``fuel_types`` the fuels it supplies (e.g. ``"F-76"``, ``"JP-5"``).
    """

    id: str
    lat: float
    lon: float
    country: str
    fuel_types: frozenset[str]
    usable: bool = True

    def __post_init__(self) -> None:
        _check_lat_lon(self.lat, self.lon, f"refuel point {self.id!r}")

    def supplies(self, fuel_type: str | None) -> bool:
        """True when the point supplies the fuel (any fuel when ``fuel_type`` is None)."""
        return fuel_type is None or fuel_type in self.fuel_types


@dataclass(frozen=True, slots=True)
class ShipClass:
    """What the routing needs of a ship class.

    ``range_nm`` is the endurance at ``cruise_speed_kn``; ``reserve_fraction`` (0..1) of it is kept
    in reserve, so a leg may be at most ``range_nm * (1 - reserve_fraction)``.
    """

    name: str
    range_nm: float
    cruise_speed_kn: float
    reserve_fraction: float = 0.0
    fuel_type: str | None = None
    ice_class: bool = False
    stop_hours: float = 12.0

    def __post_init__(self) -> None:
        if self.range_nm <= 0:
            raise ValueError(f"range_nm: must be positive, got {self.range_nm}")
        if self.cruise_speed_kn <= 0:
            raise ValueError(f"cruise_speed_kn: must be positive, got {self.cruise_speed_kn}")
        if not 0.0 <= self.reserve_fraction < 1.0:
            raise ValueError(f"reserve_fraction: must be in [0, 1), got {self.reserve_fraction}")
        if self.stop_hours < 0:
            raise ValueError(f"stop_hours: must not be negative, got {self.stop_hours}")

    @property
    def usable_range_nm(self) -> float:
        """The longest leg allowed: the range less the reserve."""
        return self.range_nm * (1.0 - self.reserve_fraction)

    @classmethod
    def given_range(
        cls, *, range_nm: float, speed_kn: float, stop_hours: float = 12.0, ice_class: bool = False
    ) -> ShipClass:
        """A class made from ``--range-nm N --speed-kn S``: the range is used as given (no reserve)."""
        return cls(
            name=f"range {range_nm:g} nm",
            range_nm=range_nm,
            cruise_speed_kn=speed_kn,
            stop_hours=stop_hours,
            ice_class=ice_class,
        )


@dataclass(frozen=True, slots=True)
class AircraftType:
    """What a ferry route needs of an aircraft type (ferry range already net of any reserve)."""

    name: str
    ferry_range_nm: float
    cruise_speed_kn: float
    fuel_type: str | None = None
    stop_hours: float = 2.0

    def __post_init__(self) -> None:
        if self.ferry_range_nm <= 0:
            raise ValueError(f"ferry_range_nm: must be positive, got {self.ferry_range_nm}")
        if self.cruise_speed_kn <= 0:
            raise ValueError(f"cruise_speed_kn: must be positive, got {self.cruise_speed_kn}")

"""Great-circle distance (haversine on a spherical Earth) and nearest-first ordering."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from relos.domain.facilities.model import Facility

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
KM_PER_NM = 1.852


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two points given in decimal degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class Nearby:
    facility: Facility
    distance_km: float


def nearest(facilities: Iterable[Facility], *, lat: float, lon: float, limit: int | None = None) -> list[Nearby]:
    """Facilities ordered by distance from (lat, lon), closest first (ties by id), at most `limit`."""
    ranked = sorted(
        (Nearby(f, haversine_km(lat, lon, f.lat, f.lon)) for f in facilities),
        key=lambda n: (n.distance_km, n.facility.id),
    )
    return ranked if limit is None else ranked[:limit]

"""Spherical geometry on plain numbers and numpy arrays: distances, unit vectors, great circles.

Distances are in nautical miles on a sphere of the mean Earth radius (IUGG, 6371.0088 km).
Longitudes are in degrees east, latitudes in degrees north; GeoJSON order is (lon, lat).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

EARTH_RADIUS_KM = 6371.0088
KM_PER_NM = 1.852
EARTH_RADIUS_NM = EARTH_RADIUS_KM / KM_PER_NM

FloatArray = NDArray[np.float64]


def normalize_lon(lon: float) -> float:
    """The same meridian as ``lon`` in [-180, 180)."""
    return (lon + 180.0) % 360.0 - 180.0


def haversine_nm(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in nautical miles between two points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2.0 * EARTH_RADIUS_NM * math.asin(min(1.0, math.sqrt(a)))


def haversine_nm_arrays(lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray) -> FloatArray:
    """Element-wise (broadcasting) great-circle distances in nautical miles."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dl = np.radians(lon2 - lon1)
    a = np.sin((p2 - p1) / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    out: FloatArray = 2.0 * EARTH_RADIUS_NM * np.arcsin(np.minimum(1.0, np.sqrt(a)))
    return out


def unit_vectors(lat: FloatArray, lon: FloatArray) -> FloatArray:
    """(n, 3) unit vectors of points on the sphere."""
    p, lam = np.radians(lat), np.radians(lon)
    c = np.cos(p)
    return np.column_stack((c * np.cos(lam), c * np.sin(lam), np.sin(p)))


def chord_to_nm(chord: FloatArray | float) -> FloatArray | float:
    """Great-circle distance (nm) of a chord length between unit vectors."""
    return 2.0 * EARTH_RADIUS_NM * np.arcsin(np.minimum(1.0, np.asarray(chord) / 2.0))


def great_circle_points(
    lat1: float, lon1: float, lat2: float, lon2: float, *, step_nm: float
) -> tuple[FloatArray, FloatArray]:
    """Points (lat, lon arrays) along the great circle, both ends included, about ``step_nm`` apart."""
    a = unit_vectors(np.array([lat1]), np.array([lon1]))[0]
    b = unit_vectors(np.array([lat2]), np.array([lon2]))[0]
    omega = math.acos(max(-1.0, min(1.0, float(a @ b))))
    n = max(2, math.ceil(omega * EARTH_RADIUS_NM / step_nm) + 1)
    t = np.linspace(0.0, 1.0, n)
    if omega < 1e-12:
        pts = np.repeat(a[None, :], n, axis=0)
    else:
        s = math.sin(omega)
        pts = (np.sin((1 - t) * omega) / s)[:, None] * a + (np.sin(t * omega) / s)[:, None] * b
    lat = np.degrees(np.arcsin(np.clip(pts[:, 2], -1.0, 1.0)))
    lon = np.degrees(np.arctan2(pts[:, 1], pts[:, 0]))
    return lat, lon


def unwrap_lons(lons: Sequence[float] | FloatArray) -> FloatArray:
    """Longitudes made continuous along a line (no jump over 180 degrees between neighbours).

    A line crossing the antimeridian then runs past +-180 (e.g. 179 -> 181) rather than across
    the whole map, which is what web maps draw correctly.
    """
    arr = np.asarray(lons, dtype=np.float64)
    if arr.size == 0:
        return arr
    out = np.degrees(np.unwrap(np.radians(arr)))
    # keep the start in [-180, 180)
    shift = out[0] - normalize_lon(float(out[0]))
    shifted: FloatArray = out - shift
    return shifted


def line_length_nm(lat: FloatArray, lon: FloatArray) -> float:
    """Length in nautical miles of a polyline given by vertex arrays."""
    if lat.size < 2:
        return 0.0
    return float(haversine_nm_arrays(lat[:-1], lon[:-1], lat[1:], lon[1:]).sum())

"""The time zone of an imported facility, from the time zone database's own table of zones per country.

The published files name no time zone. The IANA database's zone.tab lists each zone with its country and
a principal place: a facility gets its country's zone when the country has one (exact), else the zone
whose principal place is nearest (an estimate, marked so); a country the table lacks gets the nautical
zone of its longitude (Etc/GMT±N, an estimate).
"""

from __future__ import annotations

import math
import re
import zoneinfo
from functools import cache
from importlib import resources
from pathlib import Path

_COORD = re.compile(r"^([+-]\d{4,6})([+-]\d{5,7})$")


def _degrees(text: str) -> float:
    sign = -1.0 if text[0] == "-" else 1.0
    digits = text[1:]
    head = 2 if len(digits) in (4, 6) else 3
    degrees, minutes, seconds = int(digits[:head]), int(digits[head : head + 2]), int(digits[head + 2 :] or 0)
    return sign * (degrees + minutes / 60 + seconds / 3600)


def _zone_tab_text() -> str:
    for folder in zoneinfo.TZPATH:
        path = Path(folder) / "zone.tab"
        if path.is_file():
            return path.read_text(encoding="utf-8")
    try:
        return (resources.files("tzdata") / "zoneinfo" / "zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return ""


@cache
def zones_by_country() -> dict[str, list[tuple[str, float, float]]]:
    """alpha-2 -> [(zone, lat, lon of its principal place)] from zone.tab."""
    zones: dict[str, list[tuple[str, float, float]]] = {}
    for line in _zone_tab_text().splitlines():
        if line.startswith("#") or not line.strip():
            continue
        parts = line.split("\t")
        match = _COORD.match(parts[1]) if len(parts) >= 3 else None
        if match:
            zones.setdefault(parts[0], []).append((parts[2], _degrees(match[1]), _degrees(match[2])))
    return zones


def _nautical(lon: float) -> str:
    hours = max(-12, min(12, round(lon / 15)))
    return "Etc/GMT" if hours == 0 else f"Etc/GMT{-hours:+d}"  # POSIX signs: Etc/GMT-3 is UTC+3


def timezone_of(alpha2: str, lat: float, lon: float) -> tuple[str, bool]:
    """(IANA zone, whether it is an estimate) of a place in the country `alpha2`."""
    zones = zones_by_country().get(alpha2)
    if not zones:
        return _nautical(lon), True
    if len(zones) == 1:
        return zones[0][0], False
    cos = math.cos(math.radians(lat))
    best = min(zones, key=lambda z: (z[1] - lat) ** 2 + ((z[2] - lon + 540) % 360 - 180) ** 2 * cos * cos)
    return best[0], True

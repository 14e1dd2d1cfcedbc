"""Real ports named in the seeds and helpers shared by the planning tests."""

from __future__ import annotations

import pytest

from relos.planning.inputs import Endpoint, RefuelPoint, ShipClass

PORTS: dict[str, tuple[float, float, str]] = {
    "IN-BOM": (18.95, 72.84, "IND"),  # Mumbai
    "IN-VTZ": (17.69, 83.29, "IND"),  # Visakhapatnam
    "IN-COK": (9.97, 76.27, "IND"),  # Kochi
    "IN-IXZ": (11.67, 92.73, "IND"),  # Port Blair
    "RU-VVO": (43.11, 131.88, "RUS"),  # Vladivostok
    "RU-MMK": (68.97, 33.08, "RUS"),  # Murmansk
    "RU-PKC": (53.02, 158.65, "RUS"),  # Petropavlovsk-Kamchatsky
    "RU-NVS": (44.72, 37.78, "RUS"),  # Novorossiysk
    "SY-TTS": (34.89, 35.88, "SYR"),  # Tartus
}


def endpoint(pid: str) -> Endpoint:
    lat, lon, _ = PORTS[pid]
    return Endpoint(pid, lat, lon)


def point(pid: str, *, usable: bool = True, fuels: frozenset[str] = frozenset({"F-76"})) -> RefuelPoint:
    lat, lon, country = PORTS[pid]
    return RefuelPoint(pid, lat, lon, country, fuels, usable=usable)


@pytest.fixture()
def frigate() -> ShipClass:
    return ShipClass(
        "frigate", range_nm=4850, cruise_speed_kn=14, reserve_fraction=0.2, fuel_type="F-76", stop_hours=12
    )


@pytest.fixture()
def indian_points() -> list[RefuelPoint]:
    return [point(p) for p in PORTS if p.startswith("IN-")]


@pytest.fixture()
def partner_points() -> list[RefuelPoint]:
    return [point(p) for p in PORTS if not p.startswith("IN-")]

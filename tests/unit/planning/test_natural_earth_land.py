"""Quality: the seed pairs' shortest routes do not cross Natural Earth land (npm package world-atlas).

The engine's own land test uses geopip's World Borders; this one swaps in Natural Earth 1:50m land
(the polygons the issue names) and applies the same measure: the longest run over land, canals and
narrow straits of the network exempt, sampled every 2 nm.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest
from natural_earth import LAND_50M, natural_earth_land
from planning_ports import endpoint

from relos.planning.earth import land_check
from relos.planning.earth.countries import CountryShapes
from relos.planning.sea.shortest import shortest_sea_route

pytestmark = pytest.mark.skipif(
    not LAND_50M.exists(), reason="node_modules/world-atlas missing: run scripts/setup (npm ci)"
)

SEED_PAIRS = [(a, b) for a in ("IN-BOM", "IN-VTZ", "IN-COK", "IN-IXZ") for b in ("RU-VVO", "RU-MMK", "RU-PKC")]
#: Coastlines at 1:50m close harbours and narrow channels: a few miles at the ports are tolerated.
TOLERANCE_NM = 20.0


@functools.lru_cache(maxsize=1)
def _land() -> CountryShapes:
    return natural_earth_land()


def test_natural_earth_land_is_land_and_the_sea_is_not() -> None:
    land = _land()
    # Delhi, the middle of Siberia, Brazil's interior; the Arabian Sea, the mid-Pacific, the Barents Sea
    lat = np.array([28.6, 60.0, -10.0, 15.0, 0.0, 72.0])
    lon = np.array([77.2, 100.0, -50.0, 65.0, -150.0, 40.0])
    assert land.on_land(lat, lon).tolist() == [True, True, True, False, False, False]


@pytest.mark.parametrize(("a", "b"), SEED_PAIRS)
def test_seed_routes_do_not_cross_natural_earth_land(a: str, b: str, monkeypatch: pytest.MonkeyPatch) -> None:
    route = shortest_sea_route(origin=endpoint(a), destination=endpoint(b), speed_kn=15)
    assert route.feasible
    monkeypatch.setattr(land_check, "country_shapes", _land)
    assert land_check.longest_land_run_nm(route.coordinates) <= TOLERANCE_NM

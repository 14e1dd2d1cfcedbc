"""Benchmark of the planning engine against the `searoute` package, on the ports the seeds name.

Prints, measured in the same run on this machine:
- cold start of the sea network (fresh interpreter; with the .npz cache and when it is rebuilt);
- shortest route median (ms) and `searoute`'s own query on the same pairs, with the ratio;
- quality: our length against `searoute`'s per pair, and the longest run over land of each line
  (sampled every 2 nm against the country polygons); legs of constrained routes against the range;
- refuel-constrained route median (ms), warm and with the tree cache cleared;
- 30-day reach with and without an agreement (ms), with and without the GeoJSON.

Run: python benchmarks/bench_routes.py
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from relos.planning.earth.land_check import longest_land_run_nm  # noqa: E402
from relos.planning.inputs import Endpoint, RefuelPoint, ShipClass  # noqa: E402
from relos.planning.reach.search import reach  # noqa: E402
from relos.planning.sea.distances import ROWS  # noqa: E402
from relos.planning.sea.refuel import refuel_route  # noqa: E402
from relos.planning.sea.shortest import shortest_sea_route  # noqa: E402

ORIGINS = {
    "IN-BOM": (18.95, 72.84),  # Mumbai
    "IN-VTZ": (17.69, 83.29),  # Visakhapatnam
    "IN-COK": (9.97, 76.27),  # Kochi
    "IN-IXZ": (11.67, 92.73),  # Port Blair
}
DESTINATIONS = {
    "RU-VVO": (43.11, 131.88),  # Vladivostok
    "RU-MMK": (68.97, 33.08),  # Murmansk
    "RU-PKC": (53.02, 158.65),  # Petropavlovsk-Kamchatsky
    "RU-NVS": (44.72, 37.78),  # Novorossiysk
    "RU-SEV": (44.62, 33.53),  # Sevastopol
    "SY-TTS": (34.89, 35.88),  # Tartus
}
REPEATS = 15


def median_ms(fn: Callable[[], object], repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000.0


def cold_start(cache_dir: str) -> tuple[float, float, float]:
    """Fresh interpreter: ms with the numpy/scipy imports, ms of the network, ms of a first route."""
    code = (
        "import time; t=time.perf_counter(); "
        "import numpy, scipy.sparse.csgraph; "
        "from relos.planning.sea.network import sea_network; u=time.perf_counter(); sea_network(); "
        "v=time.perf_counter(); "
        "from relos.planning.inputs import Endpoint, ShipClass; "
        "from relos.planning.facade import plan_route; "
        "plan_route(origin=Endpoint('a', 18.95, 72.84), destination=Endpoint('b', 43.11, 131.88), "
        "ship=ShipClass('s', range_nm=6000, cruise_speed_kn=14)); "
        "w=time.perf_counter(); print(v-t, v-u, w-v)"
    )
    env = {"PYTHONPATH": str(ROOT / "src"), "RELOS_CACHE_DIR": cache_dir, "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    total, own, first = (float(x) * 1000.0 for x in out.stdout.split())
    return total, own, first


def ports_of(country: str, limit: int) -> list[RefuelPoint]:
    """Sample ports of a country from `searoute`'s port list (stand-ins for facilities)."""
    data = json.loads(files("searoute").joinpath("data/ports.geojson").read_text())
    rows = sorted(
        (f for f in data["features"] if f["properties"].get("cty") == country),
        key=lambda f: f["properties"]["port"],
    )
    step = max(1, len(rows) // limit)
    out = []
    for f in rows[::step][:limit]:
        lon, lat = f["geometry"]["coordinates"]
        out.append(RefuelPoint(f["properties"]["port"], lat, lon, country[:3].upper(), frozenset({"F-76"})))
    return out


def main() -> None:
    import searoute

    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"searoute {importlib.metadata.version('searoute')}; load average at start {load} (2 cores)")
    with tempfile.TemporaryDirectory() as tmp:
        rebuilt = cold_start(tmp)
        runs = [cold_start(tmp) for _ in range(5)]
    cached = statistics.median(r[0] for r in runs)
    own = statistics.median(r[1] for r in runs)
    first = statistics.median(r[2] for r in runs)
    print(
        f"cold start (fresh interpreter): {cached:.0f} ms including the numpy/scipy imports, of which the "
        f"network from the .npz cache {own:.0f} ms;\n  rebuilt from searoute's marnet: {rebuilt[1]:.0f} ms "
        f"(first run {rebuilt[2]:.0f} ms more for the first route, building the country arrays too); "
        f"first route in a fresh process: {first:.0f} ms"
    )

    pairs = [(a, b) for a in ORIGINS for b in DESTINATIONS]
    ends = {k: Endpoint(k, *v) for k, v in {**ORIGINS, **DESTINATIONS}.items()}

    # warm both
    shortest_sea_route(origin=ends["IN-BOM"], destination=ends["RU-VVO"], speed_kn=16)
    searoute.searoute([72.84, 18.95], [131.88, 43.11], units="naut")

    print("\nshortest route: ours vs searoute (same pairs, warm; lengths in nm, land = longest run over land)")
    head = ("pair", "ours", "searoute", "diff%", "land", "sr land", "ours ms", "sr ms")
    print("{:<16}{:>8}{:>10}{:>7}{:>6}{:>8}{:>9}{:>8}".format(*head))
    ours_ms, theirs_ms, diffs = [], [], []
    for a, b in pairs:
        oa, ob = ends[a], ends[b]
        r = shortest_sea_route(origin=oa, destination=ob, speed_kn=16)
        f = searoute.searoute([oa.lon, oa.lat], [ob.lon, ob.lat], units="naut", append_orig_dest=True)
        sr_len = float(f.properties["length"])
        assert r.distance_nm is not None
        d = (r.distance_nm / sr_len - 1) * 100
        om = median_ms(lambda oa=oa, ob=ob: shortest_sea_route(origin=oa, destination=ob, speed_kn=16))
        sm = median_ms(
            lambda oa=oa, ob=ob: searoute.searoute([oa.lon, oa.lat], [ob.lon, ob.lat], units="naut"),
            repeats=5,
        )
        ours_ms.append(om)
        theirs_ms.append(sm)
        lr = longest_land_run_nm(r.coordinates)
        slr = longest_land_run_nm(f.geometry["coordinates"])
        diffs.append((a, b, d, lr, slr))
        row = (a + ">" + b, r.distance_nm, sr_len, d, lr, slr, om, sm)
        print("{:<16}{:>8.0f}{:>10.0f}{:>7.1f}{:>6.0f}{:>8.0f}{:>9.2f}{:>8.2f}".format(*row))
    mo, ms = statistics.median(ours_ms), statistics.median(theirs_ms)
    print(f"shortest route median: ours {mo:.2f} ms, searoute {ms:.2f} ms, searoute/ours = {ms / mo:.1f}x")
    agree = [d for d in diffs if d[4] <= 20]  # pairs where searoute's own line stays at sea
    within = [d for d in agree if abs(d[2]) < 2]
    shorter_at_sea = [d for d in agree if d[2] <= -2 and d[3] <= 20]
    print(
        f"within 2% of searoute where its line stays at sea: {len(within)}/{len(agree)} pairs "
        f"(max |diff| {max(abs(d[2]) for d in within):.2f}%); shorter by more, our line at sea: "
        + (", ".join(f"{a}>{b} ({d:.1f}%)" for a, b, d, _, _ in shorter_at_sea) or "none")
    )
    print(
        "pairs where searoute's line crosses land (its snap to the network): "
        + ", ".join(f"{a}>{b} ({s:.0f} nm over land, ours {o:.0f})" for a, b, _, o, s in diffs if s > 20)
    )

    # refuel-constrained
    own = [RefuelPoint(k, *v, "IND", frozenset({"F-76"})) for k, v in ORIGINS.items()] + ports_of("India", 20)
    partner = [RefuelPoint(k, *v, "RUS", frozenset({"F-76"})) for k, v in DESTINATIONS.items()] + ports_of("Russia", 25)
    ship = ShipClass("destroyer", range_nm=5500, cruise_speed_kn=16, reserve_fraction=0.15, fuel_type="F-76")
    points = own + partner
    usable = ship.usable_range_nm
    print(f"\nrefuel-constrained routes ({len(points)} refuelling points, usable range {usable:.0f} nm)")
    worst_leg = 0.0
    feasible = 0
    for a, b in pairs:
        r = refuel_route(origin=ends[a], destination=ends[b], ship=ship, refuel_points=points)
        if r.feasible:
            feasible += 1
            worst_leg = max(worst_leg, max(leg.distance_nm for leg in r.legs))
    print(
        f"feasible {feasible}/{len(pairs)}; longest leg {worst_leg:.0f} nm <= {ship.usable_range_nm:.0f} nm: "
        f"{worst_leg <= ship.usable_range_nm}"
    )
    warm = statistics.median(
        median_ms(lambda a=a, b=b: refuel_route(origin=ends[a], destination=ends[b], ship=ship, refuel_points=points))
        for a, b in pairs
    )

    def cold_refuel() -> None:
        ROWS.clear()
        refuel_route(origin=ends["IN-BOM"], destination=ends["RU-PKC"], ship=ship, refuel_points=points)

    cold = median_ms(cold_refuel, repeats=3)
    print(f"refuel-constrained median: {warm:.2f} ms warm; {cold:.0f} ms with the tree cache cleared")
    sr_sum = statistics.median(theirs_ms)
    print(f"  (searoute's plain shortest query, no fuel limit: {sr_sum:.2f} ms; ratio {sr_sum / warm:.1f}x)")

    # reach
    home = ends["IN-BOM"]
    r = reach(home=home, ship=ship, days=30, baseline=own, added=partner)
    added = [g for g in r.gains if g.change == "newly_reachable"]
    print(
        f"\n30-day reach from IN-BOM: {len(r.without.facilities)} facilities without, "
        f"{len(r.with_agreement.facilities)} with the agreement ({len(added)} newly reachable, "
        f"{sum(g.change == 'shortened' for g in r.gains)} shortened); sea nodes "
        f"{int(r.without.area.sum())} -> {int(r.with_agreement.area.sum())}"
    )
    rm = median_ms(lambda: reach(home=home, ship=ship, days=30, baseline=own, added=partner).to_json(geojson=False))
    rg = median_ms(lambda: reach(home=home, ship=ship, days=30, baseline=own, added=partner).to_json())
    print(f"30-day reach with and without the agreement: {rm:.2f} ms (JSON), {rg:.2f} ms (JSON + GeoJSON)")
    print(
        f"  (searoute would need one query per facility pair: {len(points)} x {sr_sum:.2f} ms = "
        f"{len(points) * sr_sum:.0f} ms for the single-hop distances from home alone)"
    )

    print(f"\nload average at the end {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("targets: shortest < 2 ms, constrained < 20 ms, reach < 100 ms, cold start < 1000 ms")
    print(
        f"met: shortest {mo < 2}, constrained {warm < 20}, reach {rg < 100}, cold {cached < 1000}, "
        f"faster than searoute {mo < ms}"
    )


if __name__ == "__main__":
    main()

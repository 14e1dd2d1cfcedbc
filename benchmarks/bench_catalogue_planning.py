"""Route and reach speed over the bundled catalogue, beside the catalogue as it was before the world-record pass.

The baseline is rebuilt in the same run from the bundled file: without the eleven ports that pass added (Magadan,
Vanino, Vostochny, De-Kastri, Dudinka, Tuapse, Ust-Luga, Paradip, Kandla, Tuticorin, Mormugao) and with the fuel
it filled (Kochi, Port Blair, Petropavlovsk-Kamchatsky, Nakhodka, Korsakov, Murmansk, Arkhangelsk) emptied
again. Both are loaded into a fresh SQLite database each, and the use cases (`relos route`, `relos reach`: reading
the catalogue, deciding each stop's fuel from the fuel table, the search) are timed through the services: medians
of repeated warm runs, of the processor time (steady on a busy machine) and of the wall time.

Run: .venv/bin/python benchmarks/bench_catalogue_planning.py
"""

from __future__ import annotations

import csv
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from relos.db.runtime import Database  # noqa: E402
from relos.domain.actor import Actor  # noqa: E402
from relos.domain.facilities import RecordKind  # noqa: E402
from relos.services.facilities.bundled import bundled_reference_file, load_bundled_agreements  # noqa: E402
from relos.services.facilities.catalogue import import_reference_file  # noqa: E402
from relos.services.facilities.files import FileFormat  # noqa: E402
from relos.services.planning.routes import reach_from, route  # noqa: E402

ADDED = {"RU-MAG", "RU-VNN", "RU-VYP", "RU-DKA", "RU-DUD", "RU-TUA", "RU-ULU", "IN-PRT", "IN-IXY", "IN-TUT", "IN-MRM"}
FUEL_FILLED = {"IN-COK", "IN-IXZ", "RU-PKC", "RU-NAK", "RU-KOR", "RU-MUR", "RU-ARH"}
REPEATS = 9
OPERATOR = Actor.operator("bench")
AT = date(2026, 8, 1)
SHIP = {"ship_class": "talwar", "range_nm": 4500.0, "speed_kn": 14.0, "party": "IND", "at": AT}


def baseline_catalogue(text: str) -> str:
    rows = [r for r in csv.DictReader(io.StringIO(text)) if r["id"] not in ADDED]
    for r in rows:
        if r["id"] in FUEL_FILLED:
            r["fuel_types"] = ""
            r["estimated"] = ";".join(e for e in r["estimated"].split(";") if e and e != "fuel_types")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def database(folder: Path, name: str, facilities: str) -> Database:
    db = Database(f"sqlite:///{folder / name}.db")
    db.migrate()
    load_bundled_agreements(db.uow(), actor=OPERATOR)
    for file, kind in (("ship_classes.csv", "ship-classes"), ("planning_factors.csv", "planning-factors")):
        import_reference_file(
            db.uow(),
            actor=OPERATOR,
            kind=RecordKind(kind),
            text=bundled_reference_file(file),
            source_name=file,
            file_format=FileFormat.CSV,
        )
    import_reference_file(
        db.uow(),
        actor=OPERATOR,
        kind=RecordKind.FACILITIES,
        text=facilities,
        source_name=name,
        file_format=FileFormat.CSV,
    )
    return db


def median_ms(fn: Callable[[], object]) -> tuple[float, float]:
    """Median processor time and median wall time of a call, in ms (after one warming call)."""
    fn()  # warm: the sea network and its distance rows
    cpu, wall = [], []
    for _ in range(REPEATS):
        c, t = time.process_time(), time.perf_counter()
        fn()
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - t)
    return statistics.median(cpu) * 1000, statistics.median(wall) * 1000


def figures(db: Database) -> dict[str, object]:
    def relos_route() -> object:
        return route(
            db.uow(), actor=OPERATOR, origin="IN-BOM", destination="RU-PKC", agreements="relos-ind-rus", **SHIP
        )

    def vladivostok() -> object:
        return route(
            db.uow(), actor=OPERATOR, origin="IN-BOM", destination="RU-VVO", agreements="relos-ind-rus", **SHIP
        )

    def own_route() -> object:
        return route(db.uow(), actor=OPERATOR, origin="IN-BOM", destination="RU-PKC", agreements="none", **SHIP)

    def reach_30() -> object:
        return reach_from(
            db.uow(),
            actor=OPERATOR,
            home="IN-BOM",
            ship_class="talwar",
            days=30,
            party="IND",
            agreement="relos-ind-rus",
            at=AT,
            range_nm=4500.0,
            speed_kn=14.0,
        ).to_json()

    plan = relos_route()
    with db.uow() as uow:
        count = uow.facilities.count()
    return {
        "facilities": count,
        "route": " > ".join(plan.result.stops) if plan.feasible else "infeasible",  # type: ignore[attr-defined]
        "route_ms": median_ms(relos_route),
        "vvo_ms": median_ms(vladivostok),
        "own_ms": median_ms(own_route),
        "reach_ms": median_ms(reach_30),
    }


def main() -> None:
    current_text = bundled_reference_file("facilities.csv")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        before = figures(database(folder, "before", baseline_catalogue(current_text)))
        after = figures(database(folder, "after", current_text))
    print("Route and reach over the catalogue: medians of", REPEATS, "warm runs, ms (processor time; wall time)\n")
    print(f"{'':48} {'before':>15} {'after':>15} {'ratio':>7}")
    print(f"{'facilities':48} {before['facilities']:>15} {after['facilities']:>15}")
    for key, label in (
        ("route_ms", "route IN-BOM > RU-PKC, 4,500 nm, RELOS"),
        ("vvo_ms", "route IN-BOM > RU-VVO, RELOS assumed"),
        ("own_ms", "IN-BOM > RU-PKC on India's own facilities"),
        ("reach_ms", "30-day reach from IN-BOM, without and with RELOS"),
    ):
        (bc, bw), (ac, aw) = before[key], after[key]  # type: ignore[misc]
        print(f"{label:48} {bc:>7.1f}; {bw:>6.1f} {ac:>7.1f}; {aw:>6.1f} {ac / bc:>6.2f}x")
    print(f"\nstops with RELOS: before {before['route']}; after {after['route']}")
    print(f"load average at the end {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()

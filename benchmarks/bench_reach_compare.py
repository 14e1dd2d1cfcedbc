"""Speed of the reach comparison (own facilities / + agreement / + commercial ports / + tanker) beside the plain
reach (without and with the agreement), measured in the same run through the use cases.

A fresh SQLite database gets the bundled catalogue (`relos init`'s loading), RELOS taken in force and five World
Port Index bunkering ports of other states (Colombo, Salalah, Port Louis, Singapore, Durban) imported as a planner
would; then a Talwar-class frigate from Mumbai in 30 days is asked, medians of repeated warm runs: the plain reach
(the baseline), the comparison with two tiers, with commercial ports (three), with a Deepak-class tanker and two
escorts (four); and the four with the GeoJSON beside the plain reach with its GeoJSON. Ratios are to the baseline
of the same run.

Run: .venv/bin/python benchmarks/bench_reach_compare.py
"""

from __future__ import annotations

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
from relos.domain.agreements import AgreementEvent, EventKind  # noqa: E402
from relos.services.agreements import register  # noqa: E402
from relos.services.facilities.bundled import load_bundled_agreements, load_bundled_reference_data  # noqa: E402
from relos.services.facilities.world_import import import_world_file, read_wpi_file  # noqa: E402
from relos.services.planning.reach_compare import compare_reach  # noqa: E402
from relos.services.planning.routes import reach_from  # noqa: E402

REPEATS = 9
OPERATOR = Actor.operator("bench")
AT = date(2026, 8, 1)
ASK = {"home": "IN-BOM", "ship_class": "talwar", "days": 30.0, "party": "IND", "at": AT}
BUNKERING_PORTS = ROOT / "tests" / "fixtures" / "world" / "wpi_bunkering_ports.csv"


def database(folder: Path) -> Database:
    db = Database(f"sqlite:///{folder / 'bench.db'}")
    db.migrate()
    load_bundled_agreements(db.uow(), actor=OPERATOR)
    load_bundled_reference_data(db.uow(), actor=OPERATOR)
    event = AgreementEvent(EventKind.ENTRY_INTO_FORCE, date(2026, 1, 1), source="benchmark assumption")
    register.record_event(db.uow(), actor=OPERATOR, agreement_id="relos-ind-rus", event=event, at=event.on)
    found = read_wpi_file(BUNKERING_PORTS.read_text(encoding="utf-8"), edition="bench")
    import_world_file(db.uow(), actor=OPERATOR, found=found, edition="bench")
    return db


def median_ms(run: Callable[[], object]) -> float:
    run()  # warm: the sea network and the distance rows
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = database(Path(tmp))
        cases: list[tuple[str, Callable[[], object]]] = [
            (
                "plain reach, without and with RELOS (baseline)",
                lambda: reach_from(db.uow(), actor=OPERATOR, **ASK).to_json(),
            ),
            ("comparison: own / + RELOS", lambda: compare_reach(db.uow(), actor=OPERATOR, **ASK).to_json()),
            (
                "comparison: + commercial ports",
                lambda: compare_reach(db.uow(), actor=OPERATOR, commercial=True, **ASK).to_json(),
            ),
            (
                "comparison: + tanker (Deepak, 2 escorts)",
                lambda: compare_reach(
                    db.uow(), actor=OPERATOR, commercial=True, tanker="deepak", escorts=2, **ASK
                ).to_json(),
            ),
            (
                "plain reach with the GeoJSON (baseline of the next)",
                lambda: reach_from(db.uow(), actor=OPERATOR, **ASK).to_json(geojson=True),
            ),
            (
                "comparison: four tiers with the GeoJSON",
                lambda: compare_reach(
                    db.uow(), actor=OPERATOR, commercial=True, tanker="deepak", escorts=2, **ASK
                ).geojson(),
            ),
        ]
        figures = [(name, median_ms(run)) for name, run in cases]
    print(f"Talwar from Mumbai, 30 days; medians of {REPEATS} warm runs, ms (ratio to its baseline)")
    for i, (name, ms) in enumerate(figures):
        base = figures[4][1] if i == 5 else figures[0][1]
        print(f"  {name:<52} {ms:8.1f}  ({ms / base:.2f}x)")


if __name__ == "__main__":
    main()

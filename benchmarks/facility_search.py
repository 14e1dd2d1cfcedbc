"""Facility catalogue speed: loading the bundled catalogue and the four searches, on a fresh SQLite file.

Prints each figure beside a baseline measured in the same run (a plain SELECT of every facility row),
so that a slow machine shows up as a slow baseline rather than as a regression.
Run: python benchmarks/facility_search.py [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "src"))

from sqlalchemy import text

from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.services.facilities import catalogue as service
from relos.services.facilities.bundled import load_bundled_agreements, load_bundled_reference_data


def timed(fn: Callable[[], object], rounds: int) -> float:
    """Median milliseconds of `rounds` calls."""
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    actor = Actor.operator("benchmark")
    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite:///{folder}/bench.sqlite3")
        db.migrate()
        load_bundled_agreements(db.uow(), actor=actor)
        start = time.perf_counter()
        load_bundled_reference_data(db.uow(), actor=actor)
        first_load = (time.perf_counter() - start) * 1000
        reload_ms = timed(lambda: load_bundled_reference_data(db.uow(), actor=actor), max(1, rounds // 4))

        def baseline() -> None:
            with db.engine.connect() as conn:
                conn.execute(text("SELECT * FROM facilities")).all()

        figures = {
            "baseline: SELECT * FROM facilities": timed(baseline, rounds),
            "list all facilities": timed(lambda: service.list_facilities(db.uow(), actor=actor), rounds),
            "search by name (Cyrillic)": timed(
                lambda: service.list_facilities(db.uow(), actor=actor, name="владивосток"), rounds
            ),
            "search by country": timed(lambda: service.list_facilities(db.uow(), actor=actor, country="IND"), rounds),
            "open to IND under relos-ind-rus": timed(
                lambda: service.list_facilities(db.uow(), actor=actor, open_to="IND", agreement="relos-ind-rus"),
                rounds,
            ),
            "nearest 5 to 43.1,131.9": timed(
                lambda: service.list_facilities(db.uow(), actor=actor, near=(43.1, 131.9), limit=5), rounds
            ),
            "facility by id": timed(lambda: service.get_facility(db.uow(), actor=actor, facility_id="RU-VVO"), rounds),
        }
        db.dispose()
    print(f"bundled catalogue, first load: {first_load:8.1f} ms")
    print(f"bundled catalogue, reload (no change): {reload_ms:8.1f} ms")
    for name, ms in figures.items():
        print(f"{name:40s} {ms:8.2f} ms (median of {rounds})")


if __name__ == "__main__":
    main()

"""How long importing the world records takes at full size, as a whole command, with baselines in the same run.

Generates, in a temporary folder, a World Port Index CSV of 3,800 ports (the published UpdatedPub150.csv
header, all its columns) and OurAirports' airports.csv of 75,000 airports with a runways.csv of about 45,000
runways (the published headers), then times `relos facilities import-wpi FILE` and
`relos facilities import-ourairports AIRPORTS --runways RUNWAYS` (the default types, and all seven), each on
SQLite and on PostgreSQL (a fresh copy of a database made by `relos init`, so the bundled curated catalogue is
there): "new" into that copy, "again" after an import of an earlier edition of the same file, so that every
record is found by its identity and updated in place. Target: under 10 s each.

Baselines, in the same run: `relos --help` (starting the command), and reading the same files with the
standard library's csv module (the least any importer has to do).

PostgreSQL: the server of RELOS_BENCH_POSTGRES_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/test,
where the benchmark creates and drops its own databases); --no-postgres, or no server there, measures SQLite
only and says so.

Medians of --repeats runs (default 3). Run: .venv/bin/python benchmarks/bench_import_reference.py
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import shutil
import sqlite3
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from sqlalchemy.engine import make_url

from process_timing import BIN, median_seconds
from relos.domain.facilities import ourairports, wpi

RELOS = str(BIN / "relos")
POSTGRES = os.environ.get("RELOS_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def database_url(name: str, driver: str = "postgresql+psycopg") -> str:
    """The URL of database `name` on the benchmark's PostgreSQL server."""
    return make_url(POSTGRES).set(drivername=driver, database=name).render_as_string(hide_password=False)


WPI_HEADER = (WORLD := Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "world") / "wpi_sample.csv"
COUNTRIES = ["RU", "IN", "US", "CN", "JP", "NO", "BR", "AU", "CA", "GB", "FR", "ZA", "ID", "AR", "DE", "IT"]
TYPES = ["small_airport"] * 5 + ["heliport"] * 2 + ["medium_airport", "closed", "large_airport", "seaplane_base"]


def write_wpi(path: Path, n: int, rng: random.Random) -> None:
    with WPI_HEADER.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, header, lineterminator="\r\n")
        writer.writeheader()
        for i in range(n):
            country = COUNTRIES[i % len(COUNTRIES)]
            row = dict.fromkeys(header, "")
            row.update(
                {
                    "OID_": str(i + 1),
                    wpi.NUMBER: str(10000 + i),
                    wpi.NAME: f"Port {i}",
                    wpi.LOCODE: f"{country} {i % 1000:03d}" if i % 3 else "",
                    wpi.COUNTRY: country,
                    wpi.LATITUDE: f"{rng.uniform(-70, 80):.4f}",
                    wpi.LONGITUDE: f"{rng.uniform(-180, 180):.4f}",
                    wpi.HARBOR_SIZE: rng.choice(["Large", "Medium", "Small", "Very Small"]),
                    wpi.LENGTH: rng.choice(["", "150", "300.5"]),
                    wpi.DRAFT: rng.choice(["", "9.1", "14"]),
                    wpi.FUEL_OIL: rng.choice(["Yes", "No", "Unknown"]),
                    wpi.DIESEL: rng.choice(["Yes", "No", "Unknown"]),
                    wpi.REPAIRS: rng.choice(["Major", "Limited", "None", "Unknown"]),
                    wpi.DRY_DOCK: rng.choice(["Large", "Small", "Unknown"]),
                }
                | {column: rng.choice(["Yes", "No", "Unknown"]) for column in wpi.SERVICES}
            )
            writer.writerow(row)


def write_ourairports(airports: Path, runways: Path, n: int, rng: random.Random) -> None:
    with (WORLD / "airports_sample.csv").open(encoding="utf-8", newline="") as f:
        airport_header = next(csv.reader(f))
    with (WORLD / "runways_sample.csv").open(encoding="utf-8", newline="") as f:
        runway_header = next(csv.reader(f))
    with airports.open("w", encoding="utf-8", newline="") as fa, runways.open("w", encoding="utf-8", newline="") as fr:
        aw = csv.DictWriter(fa, airport_header, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
        rw = csv.DictWriter(fr, runway_header, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
        aw.writeheader()
        rw.writeheader()
        runway_id = 1
        for i in range(n):
            row = dict.fromkeys(airport_header, "")
            row.update(
                {
                    "id": str(i + 1),
                    "ident": f"X{i:06d}" if i % 4 else f"{COUNTRIES[i % len(COUNTRIES)]}-{i:04d}",
                    "type": TYPES[i % len(TYPES)],
                    "name": f"Airfield {i}",
                    "latitude_deg": f"{rng.uniform(-60, 75):.6f}",
                    "longitude_deg": f"{rng.uniform(-180, 180):.6f}",
                    "iso_country": COUNTRIES[i % len(COUNTRIES)],
                }
            )
            aw.writerow(row)
            for _ in range(i % 2 + (i % 7 == 0)):  # about 0.64 runways an airport, as in the published file
                runway = dict.fromkeys(runway_header, "")
                runway.update(
                    {
                        "id": str(runway_id),
                        "airport_ref": str(i + 1),
                        "airport_ident": row["ident"],
                        "length_ft": str(rng.randint(800, 13000)),
                        "surface": rng.choice(["ASP", "CON", "GRS", "TURF"]),
                        "closed": "0",
                    }
                )
                rw.writerow(runway)
                runway_id += 1


class Target:
    """Where a run imports: a fresh copy of a database made by `relos init` (a SQLite file, or a PostgreSQL
    database created from a template database)."""

    def __init__(self, kind: str, work: Path) -> None:
        self.kind, self.work = kind, work
        self.template = work / "template.sqlite3" if kind == "sqlite" else "relos_bench_import_template"
        self.fresh_name = "relos_bench_import_run"
        subprocess.run([RELOS, "init"], env=self.env(self.template_url()), check=True, capture_output=True)
        if kind == "sqlite":  # fold the write-ahead log into the file, so that a copy of the file is whole
            with sqlite3.connect(self.template) as db:
                db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def template_url(self) -> str:
        if self.kind == "sqlite":
            return f"sqlite:///{self.template}"
        _admin(f"DROP DATABASE IF EXISTS {self.template}", f"CREATE DATABASE {self.template}")
        return database_url(self.template)

    def env(self, url: str) -> dict[str, str]:
        return {**os.environ, "RELOS_DATABASE_URL": url, "RELOS_DATA_DIR": str(self.work)}

    def fresh(self) -> str:
        if self.kind == "sqlite":
            db = self.work / "run.sqlite3"
            for old in self.work.glob("run.sqlite3*"):
                old.unlink()
            shutil.copy(self.template, db)
            return f"sqlite:///{db}"
        _admin(
            f"DROP DATABASE IF EXISTS {self.fresh_name}", f"CREATE DATABASE {self.fresh_name} TEMPLATE {self.template}"
        )
        return database_url(self.fresh_name)

    def drop(self) -> None:
        if self.kind == "postgres":
            _admin(f"DROP DATABASE IF EXISTS {self.fresh_name}", f"DROP DATABASE IF EXISTS {self.template}")


def _admin(*statements: str) -> None:
    import psycopg

    with psycopg.connect(database_url("postgres", "postgresql"), autocommit=True) as db:
        for statement in statements:
            db.execute(statement)  # type: ignore[arg-type]


def postgres_reachable() -> bool:
    try:
        _admin("SELECT 1")
    except Exception as error:  # any failure means: measure SQLite only, and say why
        print(f"PostgreSQL at {POSTGRES} not measured: {error}", flush=True)
        return False
    return True


def run(command: list[str], env: dict[str, str]) -> None:
    """Run the command; when it fails, say how (its last lines of output) and stop."""
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command[1:4])} failed ({done.returncode}):\n{done.stderr[-2000:]}")


def time_import(target: Target, args: list[str], repeats: int, *, again: bool) -> tuple[float, float]:
    """Median wall time and processor time (user + system) of the command, each run into a fresh copy of the
    initialised database; with `again`, the same import of an earlier edition is run first (untimed), so
    every record is found and updated in place. On a shared machine wall time also counts waiting for a core."""
    times, cpus = [], []
    for _ in range(repeats):
        env = target.env(target.fresh())
        if again:
            run([RELOS, *args, "--edition", "earlier"], env)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        run([RELOS, *args, "--edition", "later"], env)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(times), statistics.median(cpus)


def parse_only(*paths: Path) -> None:
    for path in paths:
        with path.open(encoding="utf-8", newline="") as f:
            for _ in csv.DictReader(f):
                pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--ports", type=int, default=3800)
    parser.add_argument("--airports", type=int, default=75000)
    parser.add_argument("--postgres", action=argparse.BooleanOptionalAction, default=True)
    args = parser.parse_args()
    rng = random.Random(150)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        ports, airports, runways = work / "UpdatedPub150.csv", work / "airports.csv", work / "runways.csv"
        write_wpi(ports, args.ports, rng)
        write_ourairports(airports, runways, args.airports, rng)
        runway_count = sum(1 for _ in runways.open(encoding="utf-8")) - 1
        print(f"generated {args.ports} ports; {args.airports} airports with {runway_count} runways", flush=True)
        help_s = statistics.median(
            median_seconds(lambda: subprocess.run([RELOS, "--help"], check=True, capture_output=True), 1)
            for _ in range(args.repeats)
        )
        print(f"baseline relos --help: median {help_s:.2f} s", flush=True)
        parse_wpi = median_seconds(lambda: parse_only(ports), args.repeats)
        parse_air = median_seconds(lambda: parse_only(airports, runways), args.repeats)
        print(f"baseline csv parse: WPI {parse_wpi:.2f} s, OurAirports {parse_air:.2f} s", flush=True)
        wpi_cmd = ["facilities", "import-wpi", str(ports)]
        air_cmd = ["facilities", "import-ourairports", str(airports), "--runways", str(runways)]
        every_type = [*air_cmd, "--types", ",".join(ourairports.TYPES)]
        kinds = ["sqlite", *(["postgres"] if args.postgres and postgres_reachable() else [])]
        for kind in kinds:
            target = Target(kind, work)
            try:
                for label, cmd in (
                    (f"import-wpi ({args.ports} ports)", wpi_cmd),
                    (f"import-ourairports ({args.airports} airports + runways, default types)", air_cmd),
                    ("import-ourairports, --types of all seven", every_type),
                ):
                    show(f"{kind}: {label}, new", time_import(target, cmd, args.repeats, again=False))
                    show(f"{kind}: {label}, again", time_import(target, cmd, args.repeats, again=True))
            finally:
                target.drop()


def show(label: str, figures: tuple[float, float]) -> None:
    wall, cpu = figures
    verdict = "met" if wall < 10 else "missed"
    print(f"{label}: median {wall:.2f} s wall, {cpu:.2f} s cpu (target < 10 s wall: {verdict})", flush=True)


if __name__ == "__main__":
    main()

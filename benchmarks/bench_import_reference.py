"""How long importing the world records takes at full size, as a whole command, with baselines in the same run.

Generates, in a temporary folder, a World Port Index CSV of 3,800 ports (the published UpdatedPub150.csv
header, all its columns) and OurAirports' airports.csv of 75,000 airports with a runways.csv of about 45,000
runways (the published headers), then times `relos facilities import-wpi FILE` and
`relos facilities import-ourairports AIRPORTS --runways RUNWAYS` each into a fresh SQLite database (a copy
of one made by `relos init`, so the bundled curated catalogue is there). Target: under 10 s each.

Baselines, in the same run: `relos --help` (starting the command), and reading the same files with the
standard library's csv module (the least any importer has to do).

Medians of --repeats runs (default 3). Run: .venv/bin/python benchmarks/bench_import_reference.py
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from process_timing import BIN, median_seconds
from relos.domain.facilities import ourairports, wpi

RELOS = str(BIN / "relos")
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


def time_fresh(args: list[str], template: Path, work: Path, repeats: int) -> tuple[float, float]:
    """Median wall time and processor time (user + system) of the command, each run into a fresh copy of the
    initialised database. On a machine others share, wall time also counts the time spent waiting for a core."""
    times, cpus = [], []
    for i in range(repeats):
        db = work / f"run{i}.sqlite3"
        shutil.copy(template, db)
        env = {**os.environ, "RELOS_DATABASE_URL": f"sqlite:///{db}", "RELOS_DATA_DIR": str(work)}
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([RELOS, *args], env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        db.unlink()
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
    args = parser.parse_args()
    rng = random.Random(150)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        ports, airports, runways = work / "UpdatedPub150.csv", work / "airports.csv", work / "runways.csv"
        write_wpi(ports, args.ports, rng)
        write_ourairports(airports, runways, args.airports, rng)
        runway_count = sum(1 for _ in runways.open(encoding="utf-8")) - 1
        print(f"generated {args.ports} ports; {args.airports} airports with {runway_count} runways", flush=True)
        template = work / "template.sqlite3"
        env = {**os.environ, "RELOS_DATABASE_URL": f"sqlite:///{template}", "RELOS_DATA_DIR": str(work)}
        subprocess.run([RELOS, "init"], env=env, check=True, capture_output=True)
        help_s = statistics.median(
            median_seconds(lambda: subprocess.run([RELOS, "--help"], check=True, capture_output=True), 1)
            for _ in range(args.repeats)
        )
        print(f"baseline relos --help: median {help_s:.2f} s", flush=True)
        parse_wpi = median_seconds(lambda: parse_only(ports), args.repeats)
        figures = time_fresh(["facilities", "import-wpi", str(ports)], template, work, args.repeats)
        show(f"relos facilities import-wpi ({args.ports} ports)", figures, parse_wpi)
        parse_air = median_seconds(lambda: parse_only(airports, runways), args.repeats)
        cmd = ["facilities", "import-ourairports", str(airports), "--runways", str(runways)]
        figures = time_fresh(cmd, template, work, args.repeats)
        show(f"relos facilities import-ourairports ({args.airports} airports + runways)", figures, parse_air)
        figures = time_fresh([*cmd, "--types", ",".join(ourairports.TYPES)], template, work, args.repeats)
        show("the same, --types of all seven", figures, parse_air)


def show(label: str, figures: tuple[float, float], parse: float) -> None:
    wall, cpu = figures
    verdict = "met" if wall < 10 else "missed"
    print(
        f"{label}: median {wall:.2f} s wall, {cpu:.2f} s cpu (target < 10 s wall: {verdict}); "
        f"baseline csv parse {parse:.2f} s",
        flush=True,
    )


if __name__ == "__main__":
    main()

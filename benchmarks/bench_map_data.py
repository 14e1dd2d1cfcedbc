"""What the planners' maps cost to fetch: the GeoJSON of each map (facilities, a route, a ferry flight, a
reach without and with RELOS, the land) through HTTP, beside GET /api/v1/health measured in the same run. A
route, ferry flight or reach is measured as a browser fetches it, right after its page (which keeps its answer
for the map), and asked alone (a shared address: planned afresh).

Serves RELOS with uvicorn on a loopback port over a temporary SQLite database holding the bundled reference
data (RELOS taken in force), signs in as a planner and asks each address in turn, after a warm-up. Prints the
median (p50) and 95th percentile in milliseconds, and the size of each answer.

Run: python benchmarks/bench_map_data.py [--rounds N]
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import statistics
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import httpx
import uvicorn

from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.domain.agreements import AgreementEvent, EventKind
from relos.server import create_app
from relos.services.agreements import register
from relos.services.facilities.bundled import load_bundled_agreements, load_bundled_reference_data
from relos.services.people import users
from relos.settings import Settings
from relos.web.planning import answers

logging.disable(logging.INFO)  # the request log would drown the figures

PASSWORD = "correct horse battery staple"
RELOS = "relos-ind-rus"
QUESTIONS = {
    "route Mumbai → Vladivostok": f"route?from=IN-BOM&to=RU-VVO&ship_class=talwar&range_nm=4850&party=IND"
    f"&access=assume&agreement={RELOS}&go=1",
    "ferry Hindon → Chkalovsky": f"ferry?from=IN-HDN&to=RU-CKS&aircraft=su-30mki&range_nm=2500&speed_kn=450"
    f"&access=assume&agreement={RELOS}&go=1",
    "reach Talwar 30 days ± RELOS": f"reach?from=IN-BOM&ship_class=talwar&range_nm=4850&days=30&agreement={RELOS}&go=1",
}
ADDRESSES = {
    "GET /api/v1/health (baseline)": "/api/v1/health",
    "facilities.geojson (all)": "/planning/map/facilities.geojson",
    "land.geojson (Natural Earth 1:50m)": "/planning/map/land.geojson",
    **{f"{name}: after its page": f"/planning/map/{q.replace('?', '.geojson?', 1)}" for name, q in QUESTIONS.items()},
    **{f"{name}: asked alone": f"/planning/map/{q.replace('?', '.geojson?', 1)}" for name, q in QUESTIONS.items()},
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _database(folder: str) -> Database:
    db = Database(f"sqlite:///{folder}/bench.sqlite3")
    db.migrate()
    operator = Actor.operator("bench")
    load_bundled_agreements(db.uow(), actor=operator)
    load_bundled_reference_data(db.uow(), actor=operator)
    event = AgreementEvent(EventKind.ENTRY_INTO_FORCE, date(2026, 1, 1), "benchmark assumption")
    register.record_event(db.uow(), actor=operator, agreement_id=RELOS, event=event, at=event.on)
    users.create_user(
        db.uow(), actor=operator, user_id="planner", party="IND", roles=["logistics_officer"], password=PASSWORD
    )
    return db


def _sign_in(client: httpx.Client) -> None:
    page = client.get("/sign-in").text
    token = page.split('name="csrf" value="')[1].split('"')[0]
    answer = client.post("/sign-in", data={"user_id": "planner", "password": PASSWORD, "csrf": token})
    assert answer.status_code == 303, answer.text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=60)
    rounds = parser.parse_args().rounds
    with tempfile.TemporaryDirectory() as folder:
        db = _database(folder)
        settings = Settings(database_url=db.url, secret_key="bench-" + "k" * 40, cookie_secure=False)
        port = _free_port()
        config = uvicorn.Config(create_app(settings, db), host="127.0.0.1", port=port, log_level="warning")
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        timings: dict[str, list[float]] = {name: [] for name in ADDRESSES}
        sizes: dict[str, int] = {}
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client:
            _sign_in(client)
            for name, address in ADDRESSES.items():  # warm-up: the sea network, the land, the catalogue
                answer = client.get(address)
                assert answer.status_code == 200, (name, answer.status_code, answer.text[:200])
                sizes[name] = len(answer.content)
            for _ in range(rounds):  # interleaved, so every address meets the same conditions
                for name, address in ADDRESSES.items():
                    question = name.split(":")[0]
                    if name.endswith("after its page"):  # what a browser does: the page, then its map's data
                        client.get("/planning/" + QUESTIONS[question]).raise_for_status()
                    elif name.endswith("asked alone"):  # a shared address: nothing kept, planned afresh
                        answers.forget_all()
                    start = time.perf_counter()
                    client.get(address).raise_for_status()
                    timings[name].append((time.perf_counter() - start) * 1000)
        server.should_exit = True
        thread.join(timeout=10)
        db.dispose()
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"through HTTP (uvicorn, SQLite), {rounds} rounds; milliseconds; load average {load} on {os.cpu_count()} CPUs"
    )
    print(f"{'address':48} {'p50':>8} {'p95':>8} {'bytes':>10}")
    for name, times in timings.items():
        p95 = statistics.quantiles(times, n=20)[-1]
        print(f"{name:48} {statistics.median(times):8.1f} {p95:8.1f} {sizes[name]:10,}")


if __name__ == "__main__":
    main()

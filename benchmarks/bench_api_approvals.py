"""Approvals through the HTTP API on PostgreSQL with several workers, with baselines measured in the same run.

`relos serve --workers 4` over a database of its own on the PostgreSQL server at RELOS_BENCH_POSTGRES_URL
(default postgresql+psycopg://postgres@127.0.0.1:5432/test; created, then dropped at the end). 480 submitted
deployments of Russia's forces to India, all in the same fortnight, 10 personnel each: India's cap of 3,000
visiting personnel admits 300 of them. Printed:
1. 24 clients approving them all at once, racing on the host's lock: decisions a second (approvals and
   refusals), their median and 95th-percentile latency, and the check that the cap held (target: at least 300
   decisions a second). Each round races twice, each on a database of its own: with the lean load generator
   (lean_client.py: 24 connections on one event loop) and with 24 threads each driving an `httpx` client, which
   on a two-core machine spends about a third of the processors' time the race takes;
2. 24 clients reading for --seconds each, in turn, a deployment (GET /api/v1/deployments/{id}), an agreement
   (GET /api/v1/agreements/{id}) and a list page (GET /api/v1/deployments?limit=20), each right after a bare
   FastAPI hello-world served by uvicorn with as many workers, read the same way (target: at least 40% of it);
   with `httpx` threads, then with the lean load generator.

Run: .venv/bin/python benchmarks/bench_api_approvals.py [--workers 4] [--clients 24] [--seconds 5] [--races 3]
[--read-rounds 3] [--reads-only] (--races: rounds of races, each client in turn on a fresh database, the median
printed with each run: a race lasts under two seconds and the machine is shared; --read-rounds: likewise for the
reads, each beside its baseline; --reads-only: no approvals race, the reads alone)
"""

from __future__ import annotations

import argparse
import functools
import os
import queue
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

import lean_client
from bench_deployments import OPERATOR, _facilities
from process_timing import BIN
from relos.db.runtime import Database
from relos.domain.actor import Actor, Role
from relos.domain.agreements import AgreementEvent, EventKind
from relos.services.agreements import register as agreements
from relos.services.deployments import lifecycle
from relos.services.facilities.bundled import load_bundled_agreements
from relos.services.people import tokens, users

ADMIN_URL = os.environ.get("RELOS_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
DEPLOYMENTS, PERSONNEL, CAP = 480, 10, 3000
#: The reads timed, in turn (the deployment's id filled in).
READS = {
    "GET /api/v1/deployments/{id}": "/api/v1/deployments/{id}",
    "GET /api/v1/agreements/{id}": "/api/v1/agreements/relos-ind-rus",
    "GET /api/v1/deployments?limit=20": "/api/v1/deployments?limit=20",
}
HELLO = (
    'from fastapi import FastAPI\napp = FastAPI()\n\n@app.get("/hello")\ndef hello():\n    return {"hello": "world"}\n'
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(cmd: list[str], env: dict[str, str], url: str) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(cmd, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    proc.terminate()
    raise RuntimeError(f"{cmd[0]} did not answer at {url}")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


def _prepare(url: str) -> tuple[list[str], str]:
    """The database: agreements in force, the bench facilities, the deployments submitted; an approver's token."""
    db = Database(url)
    db.migrate()
    load_bundled_agreements(db.uow(), actor=OPERATOR)
    event = AgreementEvent(EventKind.ENTRY_INTO_FORCE, datetime(2026, 1, 1).date(), "benchmark")
    agreements.record_event(db.uow(), actor=OPERATOR, agreement_id="relos-ind-rus", event=event,
                            at=datetime(2026, 1, 1).date())  # fmt: skip
    with db.uow() as uow:
        uow.facilities.save_many(_facilities(), imported_from="benchmark")
        uow.commit()
    requester = Actor("rus.req", "RUS", frozenset({Role.REQUESTER}))
    start, now = datetime(2027, 3, 1, tzinfo=UTC), datetime(2026, 6, 1, tzinfo=UTC)
    ids = []
    for i in range(DEPLOYMENTS):
        data = {"agreement_id": "relos-ind-rus", "facility_id": f"IN-B{i % 20:02d}", "purpose": "training",
                "start": start, "end": start + timedelta(days=14), "personnel": PERSONNEL}  # fmt: skip
        created = lifecycle.create_deployment(db.uow(), actor=requester, data=data, now=now)
        lifecycle.submit_deployment(db.uow(), actor=requester, deployment_id=created["id"], now=now)
        ids.append(created["id"])
    users.create_user(db.uow(), actor=OPERATOR, user_id="ind.app", party="IND", roles=["host_approver"],
                      password="bench-approver-Passw0rd!")  # fmt: skip
    token = tokens.issue_token(db.uow(), actor=OPERATOR, user_id="ind.app", name="bench",
                               lifetime=timedelta(days=1), now=datetime.now(UTC))  # fmt: skip
    db.dispose()
    return ids, token.secret


def _race(base: str, token: str, ids: list[str], clients: int) -> tuple[float, list[float], dict[int, int]]:
    """Every id approved by one of `clients` threads at once: (seconds, latencies in ms, count per status)."""
    work: queue.Queue[str] = queue.Queue()
    for i in ids:
        work.put(i)
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock, barrier = threading.Lock(), threading.Barrier(clients + 1)

    def client() -> None:
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=120) as http:
            barrier.wait()
            while True:
                try:
                    deployment_id = work.get_nowait()
                except queue.Empty:
                    return
                t = time.perf_counter()
                status = http.post(f"/api/v1/deployments/{deployment_id}/approval").status_code
                with lock:
                    latencies.append((time.perf_counter() - t) * 1000)
                    statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    barrier.wait()
    began = time.perf_counter()
    for t in threads:
        t.join()
    return time.perf_counter() - began, latencies, statuses


def _get(http: httpx.Client, path: str) -> httpx.Response:
    return http.get(path)


def _reads_per_second(get: Callable[[httpx.Client], httpx.Response], base: str, headers: dict[str, str], clients: int,
                      seconds: float) -> float:  # fmt: skip
    counts = [0] * clients
    barrier = threading.Barrier(clients + 1)
    stop = threading.Event()
    refused: list[int] = []

    def client(k: int) -> None:
        with httpx.Client(base_url=base, headers=headers, timeout=60) as http:
            first = get(http)
            if first.status_code != 200:  # a refusal is no read: the figure would mean nothing
                refused.append(first.status_code)
            barrier.wait()
            while not stop.is_set():
                get(http)
                counts[k] += 1

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    barrier.wait()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join()
    if refused:
        raise RuntimeError(f"a read at {base} answered {refused[0]}, not 200")
    return sum(counts) / seconds


def _lean_race(base: str, token: str, ids: list[str], clients: int) -> tuple[float, list[float], dict[int, int]]:
    """`_race` with the lean load generator."""
    auth = {"Authorization": f"Bearer {token}"}
    pending = [lean_client.request("POST", f"/api/v1/deployments/{i}/approval", auth) for i in reversed(ids)]
    seconds, done = lean_client.timed(base, clients, lambda: pending.pop() if pending else None)
    statuses: dict[int, int] = {}
    for status, _ in done:
        statuses[status] = statuses.get(status, 0) + 1
    return seconds, [ms for _, ms in done], statuses


def _lean_reads_per_second(base: str, path: str, headers: dict[str, str], clients: int, seconds: float) -> float:
    """`_reads_per_second` with the lean load generator (after half a second's warming)."""
    sent = lean_client.request("GET", path, headers)

    def until(deadline: float) -> Callable[[], bytes | None]:
        return lambda: sent if time.perf_counter() < deadline else None

    for span in (0.5, seconds):
        took, done = lean_client.timed(base, clients, until(time.perf_counter() + span))
    refused = [status for status, _ in done if status != 200]
    if refused:
        raise RuntimeError(f"a read at {base}{path} answered {refused[0]}, not 200")
    return len(done) / took


RACES: dict[str, Callable[[str, str, list[str], int], tuple[float, list[float], dict[int, int]]]] = {
    "the lean load generator": _lean_race,
    "httpx, a thread per client": _race,
}


class _World:
    """A database of its own with the deployments submitted, and `relos serve` over it."""

    def __init__(self, args: argparse.Namespace, tmp: str) -> None:
        self.name = f"relos_bench_{uuid.uuid4().hex[:10]}"
        with ADMIN.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.name}"'))
        self.url = make_url(ADMIN_URL).set(database=self.name).render_as_string(hide_password=False)
        self.ids, self.token = _prepare(self.url)
        port = _free_port()
        env = {"RELOS_DATABASE_URL": self.url, "RELOS_SECRET_KEY": "k" * 40, "RELOS_DATA_DIR": tmp}
        self.base = f"http://127.0.0.1:{port}"
        cmd = [str(BIN / "relos"), "serve", "--workers", str(args.workers), "--port", str(port)]
        self.server = _serve(cmd, env, f"{self.base}/api/v1/health")

    def close(self) -> None:
        _stop(self.server)
        with ADMIN.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))

    def cap_held(self) -> tuple[int, bool]:
        with Database(self.url).uow(read_only=True) as uow:
            admitted = [d for d in (uow.deployments.get(i) for i in self.ids) if d and d.status.value == "approved"]
        return len(admitted), sum(d.personnel for d in admitted) <= CAP


ADMIN = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")


def _races(args: argparse.Namespace, tmp: str) -> bool:
    """`--races` rounds, each racing each client on a world of its own (interleaved); per client, the median
    and every run printed; whether every cap held."""
    held_all = True
    runs: dict[str, list[tuple[float, list[float], dict[int, int], int, bool]]] = {label: [] for label in RACES}
    for _ in range(args.races):
        for label, race in RACES.items():
            world = _World(args, tmp)
            try:
                seconds, latencies, statuses = race(world.base, world.token, world.ids, args.clients)
                admitted, held = world.cap_held()
            finally:
                world.close()
            held_all &= held
            runs[label].append((DEPLOYMENTS / seconds, latencies, statuses, admitted, held))
    for label, done in runs.items():
        rates = [rate for rate, *_ in done]
        latencies = [ms for _, run, *_ in done for ms in run]
        q = statistics.quantiles(latencies, n=20)
        answers = sorted({str(dict(sorted(statuses.items()))) for _, _, statuses, _, _ in done})
        caps = "; ".join(f"{admitted} approved, cap {'held' if held else 'BROKEN'}" for *_, admitted, held in done)
        print(f"{DEPLOYMENTS} approvals by {args.clients} clients ({label}) racing on one host, {args.workers} "
              f"workers, PostgreSQL: median {statistics.median(rates):.0f} decisions/s of {len(done)} races "
              f"({', '.join(f'{r:.0f}' for r in rates)}); latency median {statistics.median(latencies):.0f} ms, "
              f"p95 {q[18]:.0f} ms; answers {'; '.join(answers)}; {caps} (cap {CAP:,} personnel)")  # fmt: skip
    return held_all


def _reads(args: argparse.Namespace, tmp: str) -> None:
    world = _World(args, tmp)
    try:
        Path(tmp, "hello_app.py").write_text(HELLO, encoding="utf-8")
        port = _free_port()
        hello = [str(BIN / "python"), "-m", "uvicorn", "hello_app:app", "--app-dir", tmp, "--port",
                 str(port), "--workers", str(args.workers), "--log-level", "warning"]  # fmt: skip
        bare_base = f"http://127.0.0.1:{port}"
        bare_server = _serve(hello, {}, f"{bare_base}/hello")
        auth = {"Authorization": f"Bearer {world.token}"}
        shares: dict[str, dict[str, list[tuple[float, float]]]] = {label: {"httpx": [], "lean": []} for label in READS}
        try:
            for _ in range(args.read_rounds):
                for label, path in READS.items():  # each right after its baseline, both servers up
                    path = path.format(id=world.ids[0])
                    bare = _reads_per_second(lambda h: h.get("/hello"), bare_base, {}, args.clients, args.seconds)
                    rate = _reads_per_second(functools.partial(_get, path=path), world.base, auth, args.clients,
                                             args.seconds)  # fmt: skip
                    shares[label]["httpx"].append((rate, bare))
                    lean_bare = _lean_reads_per_second(bare_base, "/hello", {}, args.clients, args.seconds)
                    lean = _lean_reads_per_second(world.base, path, auth, args.clients, args.seconds)
                    shares[label]["lean"].append((lean, lean_bare))
            for label, by_client in shares.items():
                told = []
                for client, runs in by_client.items():
                    ratios = [rate / bare for rate, bare in runs]
                    each = ", ".join(f"{rate:.0f}/{bare:.0f}" for rate, bare in runs)
                    told.append(f"{client}: median {statistics.median(ratios):.0%} ({each} per s)")
                print(f"reads {label} (token, database), share of a bare FastAPI hello-world read just before with "
                      f"the same workers and clients, {args.read_rounds} rounds: {'; '.join(told)}")  # fmt: skip
        finally:
            _stop(bare_server)
    finally:
        world.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--clients", type=int, default=24)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--races", type=int, default=3, help="rounds of races (each client, a fresh database)")
    parser.add_argument("--read-rounds", type=int, default=3, help="rounds of the reads and their baselines (0: none)")
    parser.add_argument("--reads-only", action="store_true", help="skip the approvals races")
    args = parser.parse_args()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            held = True if args.reads_only else _races(args, tmp)
            if args.read_rounds > 0:  # 0: the races alone
                _reads(args, tmp)
        print("targets: at least 300 decisions/s; reads at least 40% of hello-world")
        if not held:
            sys.exit("a cap was broken")
    finally:
        ADMIN.dispose()


if __name__ == "__main__":
    main()

"""Deployment admission speed, with baselines measured in the same run.

1. `relos plan check` of 100,000 rows over a 10-year horizon (CSV text → JSON verdicts, parsing included),
   and the same rows' first-come-first-served decisions by a straightforward all-pairs check (each row against
   every row admitted before it), timed on subsamples and extrapolated quadratically to 100,000 rows (timing
   it at full size would take hours); both are run on the same subsample and must agree. The check is also
   timed on the plan's first quarter and half, to show how its cost grows with the plan's size.
2. One admission decision (relos.domain.deployments.admission.exceeded) against 100,000 approved deployments:
   the decision on the presence index (step functions with segment trees, built once in O(n log n), build time
   printed), and as baseline the brute-force decision scanning every deployment.
3. The earliest-window suggestion on the same data for four requests, from no week fitting anywhere to a
   crowded horizon in which the next fitting week is months away or none is; baseline: the same search
   jumping from failing run to failing run only (no vectorised pass), answers compared; and a brute force
   (every candidate start against every deployment) on an equally crowded 10,000-deployment slice.
4. POST /api/v1/deployments/{id}/approval on SQLite with 100,000 approved deployments stored, median of
   200 approvals, authenticated by a bearer token as a real client is; baseline GET /api/v1/health in the
   same client.

Run: .venv/bin/python benchmarks/bench_deployments.py [--rows 100000]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import math
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from fastapi.testclient import TestClient
from sqlalchemy import insert
from uuid6 import uuid7

from relos.api.app import create_app
from relos.db.repositories.deployment_rows import units_json
from relos.db.runtime import Database
from relos.db.tables.deployments import DeploymentRow
from relos.domain.actor import Actor, Role
from relos.domain.agreements import AgreementEvent, Caps, EventKind
from relos.domain.deployments.admission import (
    WALK,
    Check,
    Limit,
    build_checks,
    cap_limits,
    earliest_window,
    exceeded,
    validity,
)
from relos.domain.deployments.model import Aircraft, Deployment, DeploymentStatus, Ship, Totals
from relos.domain.errors import InvalidInput
from relos.domain.facilities import Facility, FacilityKind
from relos.services.agreements import register as agreements
from relos.services.deployments import lifecycle as service
from relos.services.deployments.plan_check import FIELDS, check_plan
from relos.services.facilities.bundled import load_bundled_agreements
from relos.services.people import tokens, users
from relos.settings import Settings

OPERATOR = Actor.operator("bench")
START = datetime(2026, 1, 1, tzinfo=UTC)
HORIZON_DAYS = 3650
PAIRS = [("RUS", "IND", "relos-ind-rus"), ("IND", "RUS", "relos-ind-rus"), ("USA", "IND", "lemoa-ind-usa"),
         ("IND", "USA", "lemoa-ind-usa")]  # fmt: skip
CAPS = Caps(warships=5, aircraft=10, personnel=3000)


def _facilities() -> list[Facility]:
    out = []
    for country, prefix, n in (("IND", "IN", 20), ("RUS", "RU", 10), ("USA", "US", 10)):
        for i in range(n):
            out.append(
                Facility(
                    id=f"{prefix}-B{i:02d}", name_en=f"Bench base {i}", name_local="", country=country,
                    kind=FacilityKind.NAVAL_BASE, lat=10.0, lon=70.0, timezone="UTC", berths=3 + i % 4,
                    berth_max_length_m=250.0, berth_max_draught_m=11.0, aircraft_stands=4 + i % 5,
                    accommodation_beds=800 + 100 * (i % 5), open_under=("relos-ind-rus", "lemoa-ind-usa"),
                    source="benchmark",
                )
            )  # fmt: skip
    return out


def _database(tmp: str) -> Database:
    db = Database(f"sqlite:///{tmp}/bench.sqlite3")
    db.migrate()
    load_bundled_agreements(db.uow(), actor=OPERATOR)
    for agreement_id in ("relos-ind-rus", "lemoa-ind-usa"):
        events = [AgreementEvent(EventKind.ENTRY_INTO_FORCE, date(2026, 1, 1), "benchmark")]
        events += [AgreementEvent(EventKind.EXTENSION_CONSENT, date(2030, 6, 1), "benchmark", party=p)
                   for p in agreement_id.split("-")[1:3] for p in [p.upper()]]  # fmt: skip
        for event in events:
            with contextlib.suppress(InvalidInput):  # e.g. LEMOA's entry into force is in its file already
                agreements.record_event(
                    db.uow(), actor=OPERATOR, agreement_id=agreement_id, event=event, at=date(2026, 1, 1)
                )
    with db.uow() as uow:
        uow.facilities.save_many(_facilities(), imported_from="benchmark")
        uow.commit()
    return db


def _plan_rows(n: int, rng: random.Random) -> list[dict[str, Any]]:
    by_country = {"IND": [f"IN-B{i:02d}" for i in range(20)], "RUS": [f"RU-B{i:02d}" for i in range(10)],
                  "USA": [f"US-B{i:02d}" for i in range(10)]}  # fmt: skip
    rows = []
    for i in range(n):
        visiting, host, agreement = rng.choice(PAIRS)
        start = START + timedelta(hours=rng.randrange(0, (HORIZON_DAYS - 30) * 24))
        end = start + timedelta(hours=rng.randrange(12, 14 * 24))
        rows.append(
            {
                "ref": f"r{i}", "agreement": agreement, "visiting_party": visiting, "host_party": host,
                "facility": rng.choice(by_country[host]) if rng.random() < 0.8 else "",
                "purpose": rng.choice(["joint_exercise", "training", "port_call"]),
                "start": start.isoformat().replace("+00:00", "Z"), "end": end.isoformat().replace("+00:00", "Z"),
                "warships": rng.choice([0, 0, 0, 1, 1, 2]), "aircraft": rng.choice([0, 0, 0, 1, 2, 4]),
                "personnel": rng.choice([20, 50, 120, 300, 600]),
            }
        )  # fmt: skip
    return rows


def _csv(rows: list[dict[str, Any]]) -> str:
    return ",".join(FIELDS) + "\n" + "".join(",".join(str(r[f]) for f in FIELDS) + "\n" for r in rows)


def all_pairs(
    rows: list[dict[str, Any]],
    capacities: dict[str, dict[str, int]],
    allowed: Callable[[dict[str, Any]], bool],
    caps_of: dict[str, Caps],
) -> list[bool]:
    """The straightforward check: each row against every admitted row before it (all pairs)."""
    parse = datetime.fromisoformat
    admitted: list[tuple[datetime, datetime, dict[str, Any]]] = []
    out = []
    for r in rows:
        s, e = parse(r["start"]), parse(r["end"])
        ok = allowed(r)
        c = caps_of[r["agreement"]]
        for name, limit, same in (
            ("warships", c.warships, "party"), ("aircraft", c.aircraft, "party"),
            ("personnel", c.personnel, "party"), ("warships", None, "berths"),
            ("aircraft", None, "stands"), ("personnel", None, "beds"),
        ):  # fmt: skip
            amount = int(r[name])
            if not amount:
                continue
            if same == "party":
                if limit is None:
                    continue
                key = (r["visiting_party"], r["host_party"])
                others = [(a, b, x) for a, b, x in admitted if (x["visiting_party"], x["host_party"]) == key]
            else:
                if not r["facility"]:
                    continue
                limit = capacities[r["facility"]][same]
                others = [(a, b, x) for a, b, x in admitted if x["facility"] == r["facility"]]
            assert limit is not None
            overlapping = [(a, b, int(x[name])) for a, b, x in others if a < e and b > s]
            points = sorted({s} | {t for a, b, _ in overlapping for t in (a, b) if s <= t < e})
            if any(sum(v for a, b, v in overlapping if a <= t < b) + amount > limit for t in points):
                ok = False
        out.append(ok)
        if ok:
            admitted.append((s, e, r))
    return out


def _median_ms(fn: Callable[[], object], n: int) -> tuple[float, float]:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), max(times)


def bench_plan(db: Database, n: int) -> None:
    rng = random.Random(5)
    rows = _plan_rows(n, rng)
    text = _csv(rows)
    t = time.perf_counter()
    check_plan(db.uow(), actor=OPERATOR, text=_csv(rows[:10]), name="warm.csv")
    print(f"plan check's compiled loop loaded from numba's cache (compiled on a first run) by a first 10-row "
          f"check: {time.perf_counter() - t:.2f} s, once per process")  # fmt: skip
    t = time.perf_counter()
    result = check_plan(db.uow(), actor=OPERATOR, text=text, name="bench.csv")
    ours = time.perf_counter() - t
    caps = {f.id: {"berths": f.berths or 0, "stands": f.aircraft_stands or 0, "beds": f.accommodation_beds or 0}
            for f in _facilities()}  # fmt: skip
    print(f"plan check, {n:,} rows over {HORIZON_DAYS // 365} years (CSV, parsing included): {ours:.2f} s "
          f"({result['admitted']:,} admitted, {result['rejected']:,} rejected)")  # fmt: skip
    del result  # 100,000 verdicts left alive would make every later cycle collection (in either timing) slow
    gc.collect()
    growth = []
    for size in (n // 4, n // 2):
        t = time.perf_counter()
        check_plan(db.uow(), actor=OPERATOR, text=_csv(rows[:size]), name="part.csv")
        growth.append(f"{size:,} rows {time.perf_counter() - t:.2f} s")
    print(f"  growth with the plan's size: {'; '.join(growth)}; {n:,} rows {ours:.2f} s (n log n would be "
          f"{2 * math.log(n) / math.log(n / 2):.2f}× per doubling)")  # fmt: skip
    stored = {a: agreements.get_agreement(db.uow(), actor=OPERATOR, agreement_id=a, at=date(2026, 1, 1))
              for a in ("relos-ind-rus", "lemoa-ind-usa")}  # fmt: skip

    def allowed(r: dict[str, Any]) -> bool:
        view = stored[r["agreement"]]
        window = validity(view.agreement, view.events)
        s, e = datetime.fromisoformat(r["start"]), datetime.fromisoformat(r["end"])
        in_force = window is not None and window[0] <= s and e <= window[1]
        return in_force and view.agreement.allows_purpose(r["purpose"])

    sizes = (1000, 2000)
    base_times = []
    for size in sizes:
        sub = rows[:size]
        t = time.perf_counter()
        expected = all_pairs(sub, caps, allowed, {a: v.agreement.caps for a, v in stored.items()})
        base_times.append(time.perf_counter() - t)
        t = time.perf_counter()
        got = check_plan(db.uow(), actor=OPERATOR, text=_csv(sub), name="sub.csv")
        mine = time.perf_counter() - t
        assert [r["admitted"] for r in got["results"]] == expected, "the engine and the all-pairs check disagree"
        print(f"  same {size:,} rows: engine {mine * 1000:.0f} ms, all-pairs {base_times[-1] * 1000:.0f} ms "
              f"(ratio {base_times[-1] / mine:.1f}×; verdicts identical)")  # fmt: skip
    growth = base_times[1] / base_times[0]
    extrapolated = base_times[1] * (n / sizes[1]) ** 2
    print(f"  all-pairs grows {growth:.1f}× for 2× rows; extrapolated (n²) to {n:,} rows: {extrapolated:,.0f} s "
          f"→ ratio ≈ {extrapolated / ours:,.0f}×")  # fmt: skip


def _approved_deployments(n: int, rng: random.Random) -> list[Deployment]:
    out = []
    for i in range(n):
        start = START + timedelta(minutes=rng.randrange(0, (HORIZON_DAYS - 5) * 24 * 60))
        out.append(
            Deployment(
                id=f"a{i}", agreement_id="relos-ind-rus", visiting_party="RUS", host_party="IND",
                facility_id=f"IN-B{rng.randrange(20):02d}", purpose="training", start=start,
                end=start + timedelta(hours=rng.randrange(6, 72)),
                ships=(Ship("S", f"H{i}", "talwar", 4000, 125, 15, 6.5),) if i % 40 == 0 else (),
                aircraft=(Aircraft("su-30", f"T{i}", "C"),) if i % 20 == 0 else (),
                personnel=rng.randrange(5, 25), requested_by="bench", created_at=START,
                status=DeploymentStatus.APPROVED,
            )
        )  # fmt: skip
    return out


WEEK = timedelta(days=7)
SLICE_NEED = 2950  # on a tenth of the deployments, as crowded as 2,350 on all of them


def _suggesting(checks: list[Check], requests: list[datetime], horizon: datetime, walk: int) -> Callable[[], object]:
    """One earliest-window search per call, each from the next requested start."""
    starts = iter(requests)
    return lambda: earliest_window(checks, start=next(starts), length=WEEK, not_after=horizon, walk=walk)


def bench_decision(n: int) -> list[Deployment]:
    rng = random.Random(7)
    approved = _approved_deployments(n, rng)
    facility = _facilities()[3]
    from relos.services.deployments._views import capacity_of

    totals = Totals(warships=3, aircraft=2, personnel=2400)
    occupancies = [d.occupancy() for d in approved]
    gc.collect()
    gc.freeze()  # the deployments stay alive: keep the cycle collector from walking them in the timings
    t = time.perf_counter()
    checks = build_checks(totals=totals, visiting_party="RUS", facility_id=facility.id, caps=cap_limits(CAPS, ()),
                          capacity=capacity_of(facility), others=occupancies, now=START)  # fmt: skip
    build = (time.perf_counter() - t) * 1000
    windows = []
    for _ in range(2000):
        s = START + timedelta(hours=rng.randrange(0, (HORIZON_DAYS - 20) * 24))
        windows.append((s, s + timedelta(days=rng.randrange(1, 15))))
    it = iter(windows * 2)
    decision = _median_ms(lambda: exceeded(checks, *next(it)), 2000)

    def brute(s: datetime, e: datetime) -> list[str]:
        bad = []
        for name in ("warships", "aircraft", "personnel"):
            amount = totals.get(name)
            over = [(d.start, d.end, d.totals.get(name)) for d in approved if d.start < e and d.end > s]
            points = sorted({s} | {p for a, b, _ in over for p in (a, b) if s <= p < e})
            if any(sum(v for a, b, v in over if a <= p < b) + amount > 3000 for p in points):
                bad.append(name)
        return bad

    it2 = iter(windows)
    baseline = _median_ms(lambda: brute(*next(it2)), 20)
    print(f"admission decision against {n:,} approved deployments: median {decision[0] * 1000:.0f} µs "
          f"(max {decision[1]:.2f} ms); index built once in {build:.0f} ms; brute-force scan {baseline[0]:.1f} ms "
          f"(ratio {baseline[0] / decision[0]:,.0f}×)")  # fmt: skip
    growth = []
    for size in (n // 4, n // 2):
        t = time.perf_counter()
        part = build_checks(totals=totals, visiting_party="RUS", facility_id=facility.id, caps=cap_limits(CAPS, ()),
                            capacity=capacity_of(facility), others=occupancies[:size], now=START)  # fmt: skip
        built = (time.perf_counter() - t) * 1000
        it3 = iter(windows)
        median = _median_ms(lambda: exceeded(part, *next(it3)), 2000)[0]  # noqa: B023
        growth.append(f"{size:,}: built in {built:.0f} ms, decided in {median * 1000:.0f} µs")
    print(f"  growth with the number of deployments: {'; '.join(growth)}; {n:,}: {build:.0f} ms, "
          f"{decision[0] * 1000:.0f} µs (n log n: ×{2 * math.log(n) / math.log(n / 2):.2f} per doubling to build, "
          f"log n to decide)")  # fmt: skip

    load = checks[2].load
    horizon = START + timedelta(days=HORIZON_DAYS)
    t = time.perf_counter()
    load.excess(0, 1, 0)  # the step function's arrays for the vectorised pass, built on first use
    arrays = (time.perf_counter() - t) * 1000
    requests = [w[0] for w in windows[:200]]
    print(f"earliest-window suggestion ({n:,} deployments, 7-day window, personnel cap 3,000; the step arrays "
          f"built once in {arrays:.0f} ms):")  # fmt: skip
    for need, what in ((2900, "no week fits anywhere"), (2200, "a week fits soon after"),
                       (2350, "crowded: the next fitting week months away"),
                       (2450, "crowded: no week fits in the 10 years")):  # fmt: skip
        ask = [Check(Limit("personnel", 3000), load, need), *checks[:2]]
        ours = _median_ms(_suggesting(ask, requests * 3, horizon, WALK), 600)
        jumping = _median_ms(_suggesting(ask, requests, horizon, 10**9), 200)
        same = all(earliest_window(ask, start=r, length=WEEK, not_after=horizon)
                   == earliest_window(ask, start=r, length=WEEK, not_after=horizon, walk=10**9)
                   for r in requests[:50])  # fmt: skip
        assert same, "the vectorised pass and the run-to-run jumps disagree"
        print(f"  {need:,} personnel ({what}): median {ours[0]:.2f} ms (max {ours[1]:.2f} ms); jumping from "
              f"run to run only: median {jumping[0]:.2f} ms (max {jumping[1]:.2f} ms); answers identical")  # fmt: skip
    sample = approved[: n // 10]
    sampled = [d.occupancy() for d in sample]
    small = [Check(Limit("personnel", 3000), build_checks(totals=totals, visiting_party="RUS", facility_id="x",
             caps=cap_limits(CAPS, ()), capacity=None, others=sampled, now=START)[2].load, SLICE_NEED)]  # fmt: skip

    def brute_window(s: datetime) -> tuple[datetime, datetime] | None:
        length = timedelta(days=7)
        for c in sorted({s} | {d.end for d in sample if d.end > s}):
            e = c + length
            over = [(d.start, d.end, d.personnel) for d in sample if d.start < e and d.end > c]
            points = {c} | {p for a, b, _ in over for p in (a, b) if c <= p < e}
            if all(sum(v for a, b, v in over if a <= p < b) + SLICE_NEED <= 3000 for p in points):
                return c, e
        return None

    s0 = windows[0][0]
    found = earliest_window(small, start=s0, length=WEEK, not_after=datetime.max.replace(tzinfo=UTC))
    assert brute_window(s0) == found
    base_w = _median_ms(lambda: brute_window(s0), 3)
    ours_w = _median_ms(lambda: earliest_window(small, start=s0, length=WEEK, not_after=horizon), 50)
    later = "none" if found is None else f"{(found[0] - s0).total_seconds() / 86400:.1f} days after the request"
    print(f"  on a {len(sample):,}-deployment slice as crowded ({SLICE_NEED:,} personnel; answer {later}): "
          f"{ours_w[0]:.2f} ms; brute force (every candidate start against every deployment) {base_w[0]:.0f} ms, "
          f"the same answer")  # fmt: skip
    return approved


def bench_api(db: Database, approved: list[Deployment]) -> None:
    rows = []
    now = datetime.now(UTC)
    for d in approved:
        rows.append(
            {"id": str(uuid7()), "agreement_id": d.agreement_id, "visiting_party": d.visiting_party,
             "host_party": d.host_party, "facility_id": d.facility_id, "purpose": d.purpose, "purpose_consent": "",
             "start_at": d.start, "end_at": d.end, "duration_s": d.duration_s, "units": units_json(d),
             "warships": d.totals.warships, "aircraft": d.totals.aircraft, "personnel": d.personnel,
             "status": "approved", "version": 1, "requested_by": "bench", "decision_reason": "", "note": "",
             "amendment_reason": "", "created_at": now, "updated_at": now}
        )  # fmt: skip
    with db.uow() as uow:
        uow.session.execute(insert(DeploymentRow), rows)
        uow.commit()
    requester = Actor("rus.req", "RUS", frozenset({Role.REQUESTER}))
    approver = Actor("ind.app", "IND", frozenset({Role.HOST_APPROVER}))
    rng = random.Random(11)
    ids = []
    for i in range(200):
        s = START + timedelta(days=rng.randrange(0, HORIZON_DAYS - 20))
        data = {"agreement_id": "relos-ind-rus", "facility_id": f"IN-B{i % 20:02d}", "purpose": "training",
                "start": s, "end": s + timedelta(days=3), "personnel": 10}  # fmt: skip
        created = service.create_deployment(db.uow(), actor=requester, data=data, now=START)
        service.submit_deployment(db.uow(), actor=requester, deployment_id=created["id"], now=START)
        ids.append(created["id"])
    users.create_user(db.uow(), actor=OPERATOR, user_id=approver.user_id, party="IND", roles=["host_approver"],
                      password="bench-approver-Passw0rd!")  # fmt: skip
    token = tokens.issue_token(db.uow(), actor=OPERATOR, user_id=approver.user_id, name="bench",
                               lifetime=timedelta(days=1), now=datetime.now(UTC))  # fmt: skip
    app = create_app(Settings(database_url=db.url, secret_key="k" * 40), db)
    client = TestClient(app, headers={"Authorization": f"Bearer {token.secret}"})
    for _ in range(20):
        client.get("/api/v1/health")
    health = _median_ms(lambda: client.get("/api/v1/health"), 200)
    it = iter(ids)

    def approve() -> None:
        response = client.post(f"/api/v1/deployments/{next(it)}/approval")
        assert response.status_code == 200, response.text

    approval = _median_ms(approve, len(ids))
    print(f"POST /approval on SQLite with {len(approved):,} approved deployments stored: median {approval[0]:.2f} ms "
          f"(max {approval[1]:.1f} ms); baseline GET /api/v1/health {health[0]:.2f} ms")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = _database(tmp)
        bench_plan(db, args.rows)
        approved = bench_decision(args.rows)
        bench_api(db, approved)
        db.dispose()
    print(json.dumps({"note": "figures above; machine shared with other work, timings vary"}))


if __name__ == "__main__":
    main()

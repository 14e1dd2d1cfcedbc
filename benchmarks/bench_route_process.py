"""`relos route` between two facilities as a whole process, and warm through the API, with baselines
measured in the same run.

1. `relos route --from IN-BOM --to RU-VVO --unconstrained` and the same for a ship class (refuelling where
   India may), each a whole process on a fresh SQLite database after `relos init`, with the sea network and
   its landmarks cached on disk (target: under 0.4 s); once with the cache emptied before each run, to show
   what the cache saves. Baselines: the `searoute` package's own query of the same pair as a whole process, and
   importing alone the libraries a route still needs (numpy, Typer with its pydantic, Rich's tables; a route on
   SQLite reads the catalogue with sqlite3 and loads no SQLAlchemy).
2. Warm, in one process: GET /api/v1/routes for the same pair through the application (target: under 2 ms),
   beside GET /api/v1/health and `searoute`'s own query of the pair: once through Starlette's test client (which
   itself costs some 2 ms a request), once handed straight to the application (asgi_direct.py: routing,
   middleware, authentication and the route, with no client around them).

Medians of --repeats runs (default 7). Run: .venv/bin/python benchmarks/bench_route_process.py
Figures measured: benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from process_timing import BIN, median_seconds, report, run

BOM, VVO = (72.84, 18.95), (131.88, 43.11)  # lon, lat of the two facilities' ports (searoute's order)
SEAROUTE = f"import searoute; searoute.searoute({list(BOM)}, {list(VVO)})"
#: The libraries a route imports, as `relos` does: one OpenBLAS thread, the collector paused (relos.cli.process).
LIBRARIES = (
    "import gc, os; gc.disable(); os.environ['OPENBLAS_NUM_THREADS'] = '1'; "
    "import numpy, typer._adapters, rich.table, pydantic"
)
ROUTE = ["route", "--from", "IN-BOM", "--to", "RU-VVO"]


def _median_ms(fn: Callable[[], object], n: int) -> float:
    return median_seconds(fn, n, warm=3) * 1000


def warm_api(tmp: str, n: int) -> None:
    import searoute
    from fastapi.testclient import TestClient

    from asgi_direct import median_get_ms
    from relos.api.app import create_app
    from relos.db.runtime import Database
    from relos.domain.actor import Actor
    from relos.services.people import tokens, users
    from relos.settings import Settings

    logging.disable(logging.INFO)  # no line per request
    operator = Actor.operator("bench")
    db = Database(f"sqlite:///{tmp}/relos.sqlite3")
    users.create_user(db.uow(), actor=operator, user_id="ind.planner", party="IND", roles=["requester"],
                      password="bench-planner-Passw0rd!")  # fmt: skip
    token = tokens.issue_token(db.uow(), actor=operator, user_id="ind.planner", name="bench",
                               lifetime=timedelta(days=1), now=datetime.now(UTC))  # fmt: skip
    app = create_app(Settings(database_url=db.url, secret_key="k" * 40), db)
    client = TestClient(app, headers={"Authorization": f"Bearer {token.secret}"})
    query = "/api/v1/routes?from=IN-BOM&to=RU-VVO&unconstrained=true"
    assert client.get(query).json()["feasible"]
    route = _median_ms(lambda: client.get(query), n)
    health = _median_ms(lambda: client.get("/api/v1/health"), n)
    own = _median_ms(lambda: searoute.searoute(list(BOM), list(VVO)), n)
    print(f"warm GET {query} through a test client: median {route:.2f} ms; baselines GET /api/v1/health "
          f"{health:.2f} ms, searoute's own query {own:.2f} ms -> {route / own:.2f}x")  # fmt: skip
    auth = {"Authorization": f"Bearer {token.secret}"}
    route = median_get_ms(app, query, auth, n)
    health = median_get_ms(app, "/api/v1/health", auth, n)
    print(f"warm GET {query} handed straight to the application (no client): median {route:.2f} ms; baselines "
          f"GET /api/v1/health {health:.2f} ms, searoute's own query {own:.2f} ms -> {route / own:.2f}x; "
          "target under 2 ms")  # fmt: skip
    db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=7)
    n = parser.parse_args().repeats
    with tempfile.TemporaryDirectory() as tmp:
        cache = os.path.join(tmp, "cache")
        env = {"RELOS_DATA_DIR": tmp, "RELOS_DATABASE_URL": f"sqlite:///{tmp}/relos.sqlite3", "RELOS_CACHE_DIR": cache}
        subprocess.run([str(BIN / "relos"), "init"], check=True, capture_output=True, env={**os.environ, **env})
        own = run([str(BIN / "python"), "-c", SEAROUTE], n)
        relos = str(BIN / "relos")
        shortest = run([relos, *ROUTE, "--unconstrained"], n, env)
        report("relos route --unconstrained (process)", shortest, own, "searoute's own query (process)")
        libraries = run([str(BIN / "python"), "-c", LIBRARIES], n)
        report("relos route --unconstrained (process)", shortest, libraries,
               "importing numpy, typer (with pydantic), rich.table alone")  # fmt: skip
        ship = [*ROUTE, "--ship-class", "deepak", "--speed-kn", "15", "--party", "IND"]
        report("relos route --ship-class deepak (process)", run([relos, *ship], n, env), own,
               "searoute's own query (process)")  # fmt: skip
        emptied = ["sh", "-c", 'rm -rf "$0" && exec "$@"', cache, relos, *ROUTE, "--unconstrained"]
        cold = run(emptied, max(1, n // 3), env)
        cached = run([relos, *ROUTE, "--unconstrained"], n, env)
        report("relos route --unconstrained, cache emptied first", cold, cached, "with the cache")
        print("target: a route as a whole process under 400 ms")
        os.environ.update(env)
        warm_api(tmp, max(50, n))


if __name__ == "__main__":
    main()

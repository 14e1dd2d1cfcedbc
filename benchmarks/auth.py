"""What authentication costs: an API request with a bearer token against the same request's
baseline without one (GET /api/v1/health), and Argon2id with the production parameters.

Run: python benchmarks/auth.py   (SQLite in a temporary folder; prints milliseconds)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from fastapi.testclient import TestClient

from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.server import create_app
from relos.services.people import _passwords as passwords
from relos.services.people import tokens, users
from relos.settings import Settings


def _ms(fn: Callable[[], object], n: int) -> tuple[float, float]:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{tmp}/bench.sqlite3")
        db.migrate()
        operator = Actor.operator("bench")
        users.create_user(db.uow(), actor=operator, user_id="bench", party="IND", roles=["auditor"], password="p" * 16)
        secret = tokens.issue_token(
            db.uow(), actor=operator, user_id="bench", name="b", lifetime=timedelta(days=1), now=datetime.now(UTC)
        ).secret
        client = TestClient(create_app(Settings(database_url=db.url, secret_key="k" * 40), db))
        headers = {"Authorization": f"Bearer {secret}"}
        for _ in range(20):  # warm up
            client.get("/api/v1/health")
            client.get("/api/v1/me", headers=headers)
        base = _ms(lambda: client.get("/api/v1/health"), 300)
        authed = _ms(lambda: client.get("/api/v1/me", headers=headers), 300)
        digest = passwords.hash_password("correct horse battery staple")
        hashing = _ms(lambda: passwords.hash_password("correct horse battery staple"), 5)
        verifying = _ms(lambda: passwords.verify_password(digest, "correct horse battery staple"), 5)
        db.dispose()
    print("median / max, milliseconds")
    print(f"baseline  GET /api/v1/health (no credential)     {base[0]:7.2f} / {base[1]:7.2f}")
    print(f"          GET /api/v1/me (bearer token, lookup)  {authed[0]:7.2f} / {authed[1]:7.2f}")
    print(f"argon2id  hash (production parameters)           {hashing[0]:7.2f} / {hashing[1]:7.2f}")
    print(f"argon2id  verify (one per sign-in)               {verifying[0]:7.2f} / {verifying[1]:7.2f}")


if __name__ == "__main__":
    main()

"""A sliding-window count shared by every worker process of one server: `relos serve --workers N` has its workers
count the sign-in attempts per client address in one small SQLite file in the data folder
(RELOS_SIGN_IN_COUNTS_FILE; not the application's database: counting an attempt must not wait for, or add to,
its writer), so that an address gets the limit once, not N times. The counts are not precious: the file is
written without waiting for the disk; attempts older than the window are dropped as it goes."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

_SCHEMA = "CREATE TABLE IF NOT EXISTS attempts (key TEXT NOT NULL, at REAL NOT NULL)"
_INDEXES = (
    "CREATE INDEX IF NOT EXISTS attempts_key_at ON attempts (key, at)",
    "CREATE INDEX IF NOT EXISTS attempts_at ON attempts (at)",
)


class SharedSlidingWindow:
    """At most `limit` events per `window` seconds per key, counted in the SQLite file at `path` by every process
    that opens it. `take` has the interface of relos.api.rate_limits.SlidingWindow."""

    def __init__(self, path: Path, limit: int, window: float, clock: Callable[[], float] = time.time) -> None:
        self.path, self.limit, self.window, self.clock = path, limit, window, clock
        self._lock = threading.Lock()  # one connection per process, used by one thread at a time
        # Opened now: a file that cannot be written stops the server at its start, not at a sign-in.
        self._conn = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
        self._conn.execute("PRAGMA busy_timeout=10000")
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=OFF")  # a count lost to a power failure only forgives some attempts
        self._conn.execute("BEGIN IMMEDIATE")  # one process at a time makes the table
        self._conn.execute(_SCHEMA)
        for index in _INDEXES:
            self._conn.execute(index)
        self._conn.execute("COMMIT")

    def take(self, key: str) -> float:
        """Count an event; 0 when it may pass, else the seconds until one may."""
        with self._lock:
            conn = self._conn
            now = self.clock()
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute("DELETE FROM attempts WHERE at <= ?", (now - self.window,))
                count, first = conn.execute("SELECT count(*), min(at) FROM attempts WHERE key = ?", (key,)).fetchone()
                if count >= self.limit:
                    wait = float(first) + self.window - now
                else:
                    conn.execute("INSERT INTO attempts (key, at) VALUES (?, ?)", (key, now))
                    wait = 0.0
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            return wait

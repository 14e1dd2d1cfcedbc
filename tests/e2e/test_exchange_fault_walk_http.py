"""The whole exercise across two servers on loopback — India's instance (SQLite) and Russia's (PostgreSQL), each
served by `relos serve`'s application and syncing with the other's inbox — walked once cleanly and once with
every fault injected in turn (tests.integration.exchange_faults): one altered byte, a truncated bundle, a bundle
for the other party, a key not yet added, a revoked key, a replay, the partner's server down (tried again with
back-off, the next sync completes), a sequence gap, a server crashing halfway through an import, a partition
healed later. Both instances end in the same state as after the clean walk, every refused bundle answered 422,
logged and audited, nothing applied twice."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from tests.e2e.live_server import free_port, serving
from tests.integration.exchange_fault_checks import ended, ends_as_clean
from tests.integration.exchange_fault_walks import REFUSED_AT_RUSSIA, clean_walk, faulted_walk
from tests.integration.exchange_faults import Walk
from tests.integration.exchange_helpers import OPERATOR, Instance, pair

from relos.clock import Clock
from relos.domain.errors import Conflict
from relos.services.exchange import sync


@dataclass
class HttpLink:
    """Each instance syncs with the other's server; a bundle brought by hand is posted to the inbox."""

    urls: dict[str, str]
    clock: Clock  # both servers', standing at the walk's present
    crash: tuple[type[BaseException], ...] = (Conflict,)  # the crashed server answers 500: not answered
    waited: list[float] = field(default_factory=list)

    def _sync(self, sender: Instance, receiver: Instance, *, now: datetime, url: str, attempts: int = 1) -> None:
        self.clock.pin(now)
        sync.sync(
            sender.db.uow(), actor=OPERATOR, peer=receiver.party, key=sender.key, now=now,
            post=sync.http_post(url, timeout=10), attempts=attempts, sleep=self.waited.append,
        )  # fmt: skip

    def cross(self, sender: Instance, receiver: Instance, *, now: datetime) -> None:
        self._sync(sender, receiver, now=now, url=self.urls[receiver.party])

    def _post(self, receiver: Instance, data: bytes, now: datetime) -> tuple[int, dict[str, Any]]:
        self.clock.pin(now)
        url = self.urls[receiver.party] + sync.INBOX_PATH
        request = urllib.request.Request(url, data=data, method="POST", headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return answer.status, json.loads(answer.read())
        except urllib.error.HTTPError as refused:
            return refused.code, json.loads(refused.read())

    def deliver(self, receiver: Instance, data: bytes, *, now: datetime) -> dict[str, Any]:
        status, answer = self._post(receiver, data, now)
        assert status == 200, answer
        body: dict[str, Any] = answer["documents"][0]["body"]
        return body

    def refusal(self, receiver: Instance, data: bytes, *, now: datetime) -> str:
        status, problem = self._post(receiver, data, now)
        assert status == 422 and problem["type"] == "/problems/invalid-input", problem
        return str(problem["errors"][0]["code"])

    def unreachable(self, sender: Instance, receiver: Instance, *, now: datetime) -> None:
        self.waited.clear()
        with pytest.raises(Conflict) as gave_up:
            self._sync(sender, receiver, now=now, url=f"http://127.0.0.1:{free_port()}", attempts=3)
        assert gave_up.value.code == "conflict.exchange_partner_unreachable"
        assert self.waited == [1.0, 2.0]  # tried again after 1 s, then 2 s


class _Logged(logging.Handler):
    """The codes of each refusal the servers log."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.refused: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.refused.extend(getattr(record, "refused", []))


@contextmanager
def _served(request: pytest.FixtureRequest, folder: Path) -> Iterator[Walk]:
    url = request.getfixturevalue("pg_url")
    if url is None:
        pytest.skip("PostgreSQL not reachable (set RELOS_TEST_POSTGRES_URL to run these)")
    folder.mkdir()
    india, russia = pair(folder, request.getfixturevalue("sqlite_template"), url)
    clock = Clock()
    with (
        serving(india.db, data_dir=india.data_dir, clock=clock) as india_url,
        serving(russia.db, data_dir=russia.data_dir, clock=clock) as russia_url,
    ):
        yield Walk(india, russia, HttpLink({"IND": india_url, "RUS": russia_url}, clock))


def test_the_exercise_walked_over_http_with_every_fault_ends_as_the_clean_walk_does(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with _served(request, tmp_path / "clean") as clean:
        clean_walk(clean)
        expected = (ended(clean, clean.india), ended(clean, clean.russia))
    logged = _Logged()
    logging.getLogger("relos.exchange").addHandler(logged)
    with _served(request, tmp_path / "faulted") as w:
        try:
            faulted_walk(w, monkeypatch)
            ends_as_clean(w, expected)
        finally:
            logging.getLogger("relos.exchange").removeHandler(logged)
    assert logged.refused == REFUSED_AT_RUSSIA  # each refusal in the server's log too, by its code

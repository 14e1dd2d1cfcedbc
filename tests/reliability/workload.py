"""Concurrent clients driving the server through HTTP, each with its own records (so that the last answer a
client got for a record is its state in the database): deployments (create, submit, approve, amend, approve
again, cancel), port-call clearances (prepare, submit, approve or deny) and support orders (create, sign
twice, accept, deliver, receipt, bill, pay), with reads between. Every change carries an Idempotency-Key;
what the server acknowledged (2xx) is recorded, with its latency, for the checks afterwards.

With `retry_lost` a client whose request got no answer (the server killed, the connection cut) or a 503
sends it again with the same key until it is answered, as a client of the API is told to."""

from __future__ import annotations

import random
import statistics
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
from tests.reliability import world


@dataclass
class Record:
    """What all clients saw, merged under a lock."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    failures: list[str] = field(default_factory=list)  # 5xx or "database is locked" reaching a client
    acknowledged: set[tuple[str, str]] = field(default_factory=set)  # (table, id) created and acknowledged
    status: dict[tuple[str, str], str] = field(default_factory=dict)  # (table, id) -> last acknowledged status
    keys: set[tuple[str, str]] = field(default_factory=set)  # (user, Idempotency-Key) acknowledged
    marked: dict[str, str] = field(default_factory=dict)  # marker (the create's key) -> table it marks a row of
    retried: int = 0
    seconds: float = 0.0

    def summary(self) -> str:
        total = sum(len(v) for v in self.latencies.values())
        lines = [f"{total} requests in {self.seconds:.1f} s: {total / max(self.seconds, 1e-9):.1f}/s; "
                 f"{len(self.acknowledged)} records created; {self.retried} sent again"]  # fmt: skip
        for kind in sorted(self.latencies):
            found = sorted(self.latencies[kind])
            q = statistics.quantiles(found, n=100, method="inclusive") if len(found) > 1 else found * 99
            lines.append(
                f"  {kind:<22} n={len(found):>5}  p50={q[49] * 1000:7.0f} ms  p95={q[94] * 1000:7.0f} ms  "
                f"p99={q[98] * 1000:7.0f} ms"
            )
        return "\n".join(lines)


class Client:
    """One client: its own connection and random choices; `run` loops until `stop` is set."""

    def __init__(self, base: str, tokens: dict[str, str], record: Record, seed: int, *, retry_lost: bool) -> None:
        self.http = httpx.Client(base_url=base, timeout=60)
        self.tokens = tokens
        self.record = record
        self.rng = random.Random(seed)
        self.retry_lost = retry_lost
        self.stop = threading.Event()  # the run's, once it runs
        self.ends_at: float | None = None  # when a client still retrying after the run gives up

    def _wait_out(self) -> None:
        """Count a request sent again, pause before it; a server still away 60 s after the run is a failure."""
        with self.record.lock:
            self.record.retried += 1
        if self.stop.is_set():
            self.ends_at = self.ends_at or time.monotonic() + 60
            if time.monotonic() > self.ends_at:
                raise RuntimeError("the server did not answer for 60 s after the run")
        time.sleep(0.3)

    def send(self, kind: str, user: str, method: str, path: str, body: Any = None, key: str | None = None) -> Any:
        """The answer's JSON when acknowledged (2xx), else None; a lost request is sent again with its key. Once the
        run is over nothing new is sent (the flow under way ends there)."""
        if self.stop.is_set():
            return None
        key = key or world.key()
        headers = {"Authorization": f"Bearer {self.tokens[user]}", "Idempotency-Key": key}
        while True:
            began = time.monotonic()
            try:
                r = self.http.request(method, path, json=body, headers=headers)
            except httpx.TransportError:
                if not self.retry_lost:
                    raise
                self._wait_out()
                continue
            took = time.monotonic() - began
            with self.record.lock:
                self.record.latencies[kind].append(took)
                expected = self.retry_lost and r.status_code == 503  # a fault the client waits out
                if "database is locked" in r.text or (r.status_code >= 500 and not expected):
                    self.record.failures.append(f"{method} {path}: {r.status_code} {r.text[:300]}")
            if r.status_code == 503 and self.retry_lost:
                self._wait_out()
                continue
            if not r.is_success:
                return None
            if method != "GET":
                with self.record.lock:
                    self.record.keys.add((user, key))
            return r.json() if r.content else {}

    def _state(self, table: str, answer: Any) -> None:
        """Deployments and clearances: the status answered. (An order's status moves on with its ledger.)"""
        if answer and "status" in answer and table != "support_orders":
            with self.record.lock:
                self.record.status[(table, answer["id"])] = answer["status"]

    def _create(self, kind: str, user: str, path: str, table: str, make: Any) -> Any:
        key = world.key()
        body = make(self.rng, key)
        answer = self.send(kind, user, "POST", path, body, key=key)
        if answer:
            with self.record.lock:
                self.record.acknowledged.add((table, answer["id"]))
                self.record.marked[key] = table
            self._state(table, answer)
        return answer

    def deployment(self) -> None:
        visitor, host = self.rng.choice([("RUS", "IND"), ("IND", "RUS")])
        requester, approver = f"{visitor.lower()}.requester", f"{host.lower()}.approver"
        made = self._create(
            "deployment.create", requester, "/api/v1/deployments", "deployments",
            lambda rng, k: world.deployment(rng, visitor, k),
        )  # fmt: skip
        if not made:
            return
        d = f"/api/v1/deployments/{made['id']}"
        self._state("deployments", self.send("deployment.submit", requester, "POST", f"{d}/submission"))
        self._state("deployments", self.send("deployment.approve", approver, "POST", f"{d}/approval"))
        if self.rng.random() < 0.3:
            again = world.deployment(self.rng, visitor, made.get("note", "")) | {"reason": "window moved"}
            self._state("deployments", self.send("deployment.amend", requester, "POST", f"{d}/amendments", again))
            self._state("deployments", self.send("deployment.approve", approver, "POST", f"{d}/approval"))
        if self.rng.random() < 0.3:
            cancelled = self.send("deployment.cancel", requester, "POST", f"{d}/cancellation", {"reason": "not needed"})
            self._state("deployments", cancelled)

    def clearance(self) -> None:
        made = self._create("clearance.prepare", "ind.requester", "/api/v1/clearances", "clearances", world.clearance)
        if not made:
            return
        c = f"/api/v1/clearances/{made['id']}"
        self._state("clearances", self.send("clearance.submit", "ind.clearance", "POST", f"{c}/submission"))
        if self.rng.random() < 0.7:
            decided = self.send("clearance.decide", "rus.clearance", "POST", f"{c}/approval",
                                {"clearance_number": f"RU-{made['id'][:8]}"})  # fmt: skip
        else:
            decided = self.send("clearance.decide", "rus.clearance", "POST", f"{c}/denial", {"reason": "berth taken"})
        self._state("clearances", decided)

    def order(self) -> None:
        made = self._create("order.create", "ind.requester", "/api/v1/orders", "support_orders", world.order)
        if not made:
            return
        o, today = f"/api/v1/orders/{made['id']}", datetime.now(UTC).date().isoformat()
        for user in ("ind.approver", "rus.approver"):
            if not self.send("order.sign", user, "POST", f"{o}/signatures", {}):
                return
        if not self.send("order.accept", "rus.logistics", "POST", f"{o}/acceptance"):
            return
        quantity = made["lines"][0]["quantity"]
        note = world.key()
        delivered = self.send("order.deliver", "rus.logistics", "POST", f"{o}/deliveries",
                              {"delivered_on": today, "lines": [{"line_no": 1, "quantity": quantity}], "note": note},
                              key=note)  # fmt: skip
        if not delivered:
            return
        self._mark("deliveries", delivered["id"], note)
        if not self.send("order.receipt", "ind.logistics", "POST", f"{o}/deliveries/{delivered['id']}/receipt",
                         {"receipted_on": today}):  # fmt: skip
            return
        billed = self.send("order.bill", "rus.finance", "POST", f"{o}/invoices", {"issued_on": today})
        if not billed:
            return
        invoice = billed["invoice"]
        self._mark("ledger_invoices", invoice["id"], None)
        ref = world.key()
        paid = self.send("order.pay", "ind.finance", "POST", "/api/v1/payments",
                         {"invoice_id": invoice["id"], "amount": invoice["amount"], "currency": invoice["currency"],
                          "paid_on": today, "reference": ref}, key=ref)  # fmt: skip
        if paid:
            self._mark("ledger_payments", paid["id"], ref)

    def _mark(self, table: str, record_id: str, marker: str | None) -> None:
        with self.record.lock:
            self.record.acknowledged.add((table, record_id))
            if marker:
                self.record.marked[marker] = table

    def read(self) -> None:
        user = self.rng.choice(["ind.approver", "rus.requester", "ind.finance"])
        path = self.rng.choice(["/api/v1/deployments?limit=20", "/api/v1/orders?limit=20",
                                "/api/v1/presence?host_party=IND&start=2027-03-01&end=2027-03-20"])  # fmt: skip
        self.send("read", user, "GET", path)

    def run(self, stop: threading.Event) -> None:
        self.stop = stop
        steps = [self.deployment] * 4 + [self.clearance] * 2 + [self.order] * 3 + [self.read]
        try:
            while not stop.is_set():
                self.rng.choice(steps)()
        except Exception as exc:  # a client that dies is a finding, not a silent stop
            with self.record.lock:
                self.record.failures.append(f"client stopped: {exc!r}")
        finally:
            self.http.close()


def drive(base: str, tokens: dict[str, str], clients: int, seconds: float, *, retry_lost: bool = False,
          during: Any = None) -> Record:  # fmt: skip
    """`clients` clients for `seconds`; `during(record)` runs meanwhile in this thread (a kill, a fault)."""
    record = Record()
    stop = threading.Event()
    threads = [
        threading.Thread(
            target=Client(base, tokens, record, seed, retry_lost=retry_lost).run, args=(stop,), daemon=True
        )
        for seed in range(clients)
    ]
    began = time.monotonic()
    for t in threads:
        t.start()
    try:
        if during is not None:
            during(record)
        time.sleep(max(0.0, seconds - (time.monotonic() - began)))
    finally:  # a failing `during` stops the clients too (else they retry for ever)
        stop.set()
        for t in threads:
            t.join(timeout=180)
    record.seconds = time.monotonic() - began
    assert not any(t.is_alive() for t in threads), "a client did not finish"
    return record

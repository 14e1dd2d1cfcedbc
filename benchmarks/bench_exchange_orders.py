"""Support orders between two instances: their documents exported, verified and applied a second, and an export
with nothing new to send at 10,000 orders.

Two SQLite instances in a temporary folder (India's and Russia's, as in benchmarks/bench_exchange.py). Russia's
price list crosses; then N orders (`--count`, default 100) walk their whole life across, each step in the
instance of the party that decides it and each crossing by bundle: India orders and signs; Russia signs, accepts
and delivers; India receipts; Russia bills; both sign the settlement certificate; India pays. Each crossing is
measured once — India's or Russia's export (compose, sign, write the bundle), every signature of the bundle
verified, the partner's import (check and apply, one transaction each) — and the documents of the whole walk
give the rates.

Then India's instance is grown to `--orders` shared orders (default 10,000) by copying the walked orders' rows
in bulk (the order, its lines, versions and signatures: benchmarks/bench_web_pages.py's copy), as if they had
crossed already, and an export with nothing new is measured (median of `--repeats`): it looks only at the orders
audited since the last export that sent something. Baseline in the same run: what every export read before,
every shared order's history and the whole outbox (`orders_due` with no marker), over the same database — the
copies carry no deliveries or ledger, so the baseline is, if anything, cheaper than real.

Run: .venv/bin/python benchmarks/bench_exchange_orders.py [--count 100] [--orders 10000] [--repeats 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT), str(ROOT / "benchmarks")]

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from bench_exchange import BASE, OPERATOR, _instance  # noqa: E402
from bench_web_pages import _copy  # noqa: E402
from relos.db.runtime import Database  # noqa: E402
from relos.domain.actor import Actor, Role  # noqa: E402
from relos.services.exchange import inbox, keys, outbox, peers, reconcile, settlement  # noqa: E402
from relos.services.exchange.signing import signature_holds  # noqa: E402
from relos.services.ledger import reimbursement  # noqa: E402
from relos.services.orders import deliveries  # noqa: E402
from relos.services.orders import lifecycle as orders  # noqa: E402
from relos.services.orders.exchanged_due import orders_due  # noqa: E402
from relos.services.orders.lifecycle import LineInput  # noqa: E402
from relos.services.orders.price_lists import PriceItemInput, add_price_list  # noqa: E402

IND_REQUESTER = Actor("ind.requester", "IND", frozenset({Role.REQUESTER}))
IND_SIGNER = Actor("ind.captain", "IND", frozenset({Role.HOST_APPROVER}))
IND_RECEIVER = Actor("ind.supply", "IND", frozenset({Role.LOGISTICS_OFFICER}))
IND_FINANCE = Actor("ind.finance", "IND", frozenset({Role.FINANCE_OFFICER}))
RUS_SIGNER = Actor("rus.commander", "RUS", frozenset({Role.HOST_APPROVER}))
RUS_SUPPLY = Actor("rus.supply", "RUS", frozenset({Role.LOGISTICS_OFFICER}))
RUS_FINANCE = Actor("rus.finance", "RUS", frozenset({Role.FINANCE_OFFICER}))
T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


def day(n: int) -> datetime:
    return T0 + timedelta(days=n)


class Pair:
    """The two instances, their keys, and the documents and seconds each crossing took."""

    def __init__(self, root: Path) -> None:
        self.db = {"IND": _instance(root / "ind.sqlite3", "IND"), "RUS": _instance(root / "rus.sqlite3", "RUS")}
        self.key: dict[str, Ed25519PrivateKey] = {p: keys.current_key(root / f"{p.lower()}-data") for p in self.db}
        for own, peer in (("IND", "RUS"), ("RUS", "IND")):
            public = keys.key_list(root / f"{peer.lower()}-data")[0].public_key
            peers.add_peer(self.db[own].uow(), actor=OPERATOR, party=peer, key=public)
        self.documents = 0
        self.seconds = {"export": 0.0, "verify": 0.0, "import": 0.0}

    def cross(self, sender: str, receiver: str, now: datetime) -> None:
        """`sender`'s bundle for `receiver`, verified and imported there, each timed."""
        start = time.perf_counter()
        data, _ = outbox.export_bundle(self.db[sender].uow(), actor=OPERATOR, peer=receiver,
                                       key=self.key[sender], now=now)  # fmt: skip
        exported = time.perf_counter()
        public = self.key[sender].public_key()
        assert all(signature_holds(d, public, where="bench") for d in json.loads(data)["documents"])
        verified = time.perf_counter()
        report = inbox.import_bundle(self.db[receiver].uow(), actor=OPERATOR, data=data, where="bench",
                                     key=self.key[receiver], now=now)  # fmt: skip
        assert not report.refused, report.refused[:1]
        self.seconds["export"] += exported - start
        self.seconds["verify"] += verified - exported
        self.seconds["import"] += time.perf_counter() - verified
        self.documents += len(report.applied)
        # the receiver's acknowledgement, so that the next bundle repeats nothing
        ack, _ = outbox.export_bundle(self.db[receiver].uow(), actor=OPERATOR, peer=sender, key=self.key[receiver],
                                      now=now)  # fmt: skip
        inbox.import_bundle(self.db[sender].uow(), actor=OPERATOR, data=ack, where="bench", key=self.key[sender],
                            now=now)  # fmt: skip


def _settle(pair: Pair) -> None:
    """Both sign the certificate of 2026 (a payment opens only then)."""
    today, now = day(4).date(), day(4)
    digest = reconcile.make_digest(pair.db["IND"].uow(), actor=OPERATOR, agreement_id="relos-ind-rus", period="2026",
                                   key=pair.key["IND"], today=day(4).date(), now=day(4))  # fmt: skip
    by_russia = settlement.certify(pair.db["RUS"].uow(), actor=OPERATOR, data=json.dumps(digest).encode(),
                                   key=pair.key["RUS"], where="bench", today=today, now=now)  # fmt: skip
    both = settlement.countersign(pair.db["IND"].uow(), actor=OPERATOR, data=json.dumps(by_russia).encode(),
                                  key=pair.key["IND"], where="bench", today=today, now=now)  # fmt: skip
    settlement.record_countersigned(pair.db["RUS"].uow(), actor=OPERATOR, data=json.dumps(both).encode(),
                                    where="bench")  # fmt: skip


def walk(pair: Pair, n: int) -> None:
    """N orders from order to payment, every fact crossing."""
    ind, rus = pair.db["IND"], pair.db["RUS"]
    add_price_list(rus.uow(), actor=RUS_SUPPLY, supplying_party="RUS", facility_id=None, valid_from=date(2026, 1, 1),
                   valid_until=date(2027, 1, 1), source="Benchmark price list, 2026",
                   items=[PriceItemInput("F-76", "L", "95.50", "RUB", "Naval distillate fuel"),
                          PriceItemInput("WATER-POTABLE", "m3", "120.00", "RUB", "Potable water")])  # fmt: skip
    pair.cross("RUS", "IND", day(0))
    lines = [LineInput("petroleum_oils_lubricants", "F-76", "Naval distillate fuel", "1000", "L", "cash"),
             LineInput("water", "WATER-POTABLE", "Potable water", "50", "m3", "cash")]  # fmt: skip
    ids = []
    for i in range(n):
        made = orders.create_order(ind.uow(), actor=IND_REQUESTER, agreement_id="relos-ind-rus",
                                   requesting_unit=f"INS Bench {i}", facility_id=BASE.id, lines=lines,
                                   now=day(0))  # fmt: skip
        orders.sign_order(ind.uow(), actor=IND_SIGNER, order_id=made["id"], now=day(0))
        ids.append(made["id"])
    pair.cross("IND", "RUS", day(0))
    delivered = {}
    for order_id in ids:
        orders.sign_order(rus.uow(), actor=RUS_SIGNER, order_id=order_id, now=day(1))
        orders.accept_order(rus.uow(), actor=RUS_SUPPLY, order_id=order_id)
        done = deliveries.record_delivery(rus.uow(), actor=RUS_SUPPLY, order_id=order_id, delivered_on=day(2).date(),
                                          lines=[(1, "1000"), (2, "50")], now=day(2))  # fmt: skip
        delivered[order_id] = done["id"]
    pair.cross("RUS", "IND", day(2))
    for order_id, delivery_id in delivered.items():
        deliveries.receipt_delivery(ind.uow(), actor=IND_RECEIVER, order_id=order_id, delivery_id=delivery_id,
                                    receipted_on=day(3).date(), now=day(3))  # fmt: skip
    pair.cross("IND", "RUS", day(3))
    invoices = []
    for order_id in ids:
        billed = reimbursement.bill_order(rus.uow(), actor=RUS_FINANCE, order_id=order_id, issued_on=day(4).date(),
                                          now=day(4))  # fmt: skip
        invoices.append(billed["invoice"])
    pair.cross("RUS", "IND", day(4))
    _settle(pair)
    for inv in invoices:
        assert inv is not None
        reimbursement.record_payment(ind.uow(), actor=IND_FINANCE, invoice_id=inv["id"], amount=inv["amount"],
                                     currency=inv["currency"], paid_on=day(5).date(), now=day(5))  # fmt: skip
    pair.cross("IND", "RUS", day(5))


def _median(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def grow(db: Database, url: str, total: int) -> None:
    """India's instance grown to `total` shared orders by copying the walked ones in bulk."""
    with db.uow(read_only=True) as uow:
        held = len(uow.orders.list(parties=["IND"]))
    copies = Database(url)
    with copies.engine.begin() as conn:
        children = {"support_order_lines": "order_id", "support_order_versions": "order_id",
                    "support_order_signatures": "order_id"}  # fmt: skip
        _copy(conn, "support_orders", max(total - held, 0), "BENCH-X", children)
    copies.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        pair = Pair(root)
        walk(pair, args.count)
        docs, s = pair.documents, pair.seconds
        print(f"{args.count} support orders walked across ({docs} documents; each crossing measured once)")
        print(f"export: compose, sign, write the bundle   {docs / s['export']:7.0f} documents/s")
        print(f"verify: every signature of the bundle     {docs / s['verify']:7.0f} documents/s")
        print(f"import: check and apply, one transaction each {docs / s['import']:3.0f} documents/s")

        ind = pair.db["IND"]
        grow(ind, f"sqlite:///{root / 'ind.sqlite3'}", args.orders)
        key = pair.key["IND"]

        def nothing_new() -> None:
            _, count = outbox.export_bundle(ind.uow(), actor=OPERATOR, peer="RUS", key=key, now=day(6))
            assert count == 0

        def read_everything() -> None:
            with ind.uow(read_only=True) as uow:
                orders_due(uow, own="IND", peer="RUS", since=None)

        quiet_s = _median(nothing_new, args.repeats)
        full_s = _median(read_everything, max(1, args.repeats // 2))
        print(f"{args.orders} shared orders in India's instance; medians")
        print(f"export with nothing new                   {quiet_s * 1000:7.0f} ms")
        print(f"baseline  every shared order read (before) {full_s * 1000:6.0f} ms   "
              f"({full_s / quiet_s:.0f}× the export)")  # fmt: skip


if __name__ == "__main__":
    main()

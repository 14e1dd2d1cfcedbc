"""What an instance ends holding after a walk of the exchange's fault tests (tests.integration.exchange_faults),
and the checks that a faulted walk ended as the clean one did.

`ended` is what an instance holds of the exercise, labelled, without the instants that differ between two runs:
each deployment, notice and order with its ledger, and each channel's documents; `exactly_once` checks its
channels: every document taken once, in order, acknowledged, each applied audited; `ends_as_clean` puts it all
together, with the refused bundles audited and the two ledgers reconciled without a difference.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tests.integration.exchange_fault_walks import REFUSED_AT_RUSSIA
from tests.integration.exchange_faults import Walk
from tests.integration.exchange_helpers import OPERATOR, Instance

from relos.services.exchange import reconcile
from relos.services.people.audit_checkpoints import verify_audit


@dataclass(frozen=True)
class Ended:
    """What an instance holds of the exercise: each record's state, each channel's documents (number, type,
    record, state), and the documents it took about each record in order."""

    deployments: dict[str, tuple[Any, ...]]
    clearances: dict[str, tuple[Any, ...]]
    orders: dict[str, tuple[Any, ...]]
    balances: Any
    overrides: list[tuple[Any, ...]]
    sent: list[tuple[int, str, str]]
    received: list[tuple[int, str, str, str]]

    def about(self, label: str) -> list[str]:
        """The types of the documents about `label`, sent or received, each channel in its order."""
        return [t for _, t, r in self.sent if r == label] + [t for _, t, r, _ in self.received if r == label]


def _order(uow: Any, order_id: str) -> tuple[Any, ...] | None:
    """The order's state, its deliveries and receipts counted, and its ledger: obligations, invoices, payments."""
    history = uow.orders.get(order_id)
    if history is None:
        return None
    o = history.order
    obligations = uow.claims.obligations(order_id=order_id)
    invoices = uow.claims.invoices(order_id=order_id)
    payments = uow.claims.payments(invoice_ids=[i.id for i in invoices])
    return (
        o.reference, o.status.value, o.version, sorted(s.party for s in o.signatures), len(history.deliveries),
        len(history.receipts), [(b.value, b.method.value, b.incurred_on, b.due_on) for b in obligations],
        [(i.amount, i.issued_on, i.due_on) for i in invoices], [(p.amount, p.paid_on) for p in payments],
    )  # fmt: skip


def ended(w: Walk, one: Instance) -> Ended:
    names = {record: label for label, record in w.ids.items()}
    peer = "RUS" if one.party == "IND" else "IND"
    kinds: dict[str, dict[str, str]] = {"deployment": {}, "notice": {}, "order": {}}
    for label, record in w.ids.items():
        kind = label.split()[0] if " " in label else "deployment"
        kinds.get(kind, {})[label] = record
    with one.db.uow(read_only=True) as uow:
        found = {label: uow.deployments.get(i) for label, i in kinds["deployment"].items()}
        deployments = {
            label: (d.reference, d.status.value, d.version, d.arrived_at, d.departed_at, d.decided_by, d.totals)
            for label, d in found.items()
            if d is not None
        }
        notices = {label: uow.clearances.get(i) for label, i in kinds["notice"].items()}
        held = {
            label: (c.reference, c.status.value, c.version, c.clearance_number)
            for label, c in notices.items()
            if c is not None
        }
        orders = {label: _order(uow, i) for label, i in kinds["order"].items()}
        balances = uow.ledger.balances(agreement_id="relos-ind-rus")
        overrides = [(o.warships, o.aircraft, o.personnel, o.start, o.end, o.reference, o.revoked_at)
                     for o in uow.deployments.overrides(host_party="RUS", visiting_party="IND")]  # fmt: skip
        sent = [(d.seq, d.type, names.get(d.record_id, "?")) for d in uow.exchange.outbox(peer)]
        received = [(d.seq, d.type, names.get(d.record_id, "?"), d.state) for d in uow.exchange.inbox(peer)]
    held_orders = {k: v for k, v in orders.items() if v is not None}
    return Ended(deployments, held, held_orders, balances, sorted(overrides), sent, received)


def exactly_once(one: Instance) -> None:
    """Every document received taken once, in order, applied; every one sent acknowledged; each applied one
    audited once; the audit chain intact."""
    peer = "RUS" if one.party == "IND" else "IND"
    with one.db.uow(read_only=True) as uow:
        received = uow.exchange.inbox(peer)
        assert [d.seq for d in received] == list(range(1, len(received) + 1))
        assert {d.state for d in received} <= {"applied"}
        assert uow.exchange.unacknowledged(peer) == [] and uow.exchange.waiting(peer) == []
        applied = [e.entity_id for e in uow.audit.entries(entity="document", limit=10_000)
                   if e.action == "exchange.applied"]  # fmt: skip
    assert sorted(applied) == sorted(d.document_id for d in received)
    verdict = verify_audit(one.db.uow(), public_key=None, checkpoints=one.data_dir / "none.jsonl")
    assert verdict.intact, (verdict.problems, verdict.discrepancies)


def refusals_audited(one: Instance) -> list[str]:
    """The problems of each bundle this instance refused, as its audit trail holds them, oldest first."""
    with one.db.uow(read_only=True) as uow:
        entries = uow.audit.entries(entity="bundle", limit=1_000)
    return [str(e.after["problems"][0]) for e in reversed(entries) if e.action == "exchange.bundle_refused" and e.after]


def same_end(clean: tuple[Ended, Ended], faulted: tuple[Ended, Ended]) -> None:
    """Both walks end with the same records on each side, the same documents numbered 1…n on each channel, each
    record's documents in the same order (a partition may interleave different records' documents otherwise)."""
    for one, other in zip(clean, faulted, strict=True):
        assert other.deployments == one.deployments
        assert other.clearances == one.clearances
        assert other.orders == one.orders
        assert other.balances == one.balances
        assert other.overrides == one.overrides
        assert [d[0] for d in other.sent] == [d[0] for d in one.sent]
        assert sorted(d[1:] for d in other.sent) == sorted(d[1:] for d in one.sent)
        assert [d[0] for d in other.received] == [d[0] for d in one.received]
        assert sorted(d[1:] for d in other.received) == sorted(d[1:] for d in one.received)
        for label in [*one.deployments, *one.clearances, *one.orders, "override"]:
            assert other.about(label) == one.about(label), label
    india, russia = faulted
    assert {k: v[:5] for k, v in india.deployments.items()} == {k: v[:5] for k, v in russia.deployments.items()}
    assert india.clearances == russia.clearances
    assert india.orders == russia.orders and india.balances == russia.balances
    assert india.overrides == russia.overrides and len(india.overrides) == 1
    assert [d[1:3] for d in india.sent] == [d[1:3] for d in russia.received]
    assert [d[1:3] for d in russia.sent] == [d[1:3] for d in india.received]


def ends_as_clean(w: Walk, clean: tuple[Ended, Ended]) -> None:
    """The faulted walk `w` ended as the clean one did (`clean`: India's, Russia's), each channel exactly once,
    every bundle refused where it was injected and audited there, and Russia's reconciliation of India's digest
    finds no difference."""
    same_end(clean, (ended(w, w.india), ended(w, w.russia)))
    assert clean[0].orders["order A"][1] == "settled" and clean[0].deployments["A"][1] == "departed"
    assert len(clean[0].about("override")) == 2  # the proposal sent, the countersignature received
    for one in (w.india, w.russia):
        exactly_once(one)
    assert w.refused == {"IND": [], "RUS": REFUSED_AT_RUSSIA}
    assert len(refusals_audited(w.russia)) == len(REFUSED_AT_RUSSIA) and refusals_audited(w.india) == []
    found = reconcile.reconcile(
        w.russia.db.uow(), actor=OPERATOR, data=w.digest(w.india), where="digest.json", key=w.russia.key,
        today=w.now.date(), now=w.now,
    )  # fmt: skip
    assert found.agreed, found.differences

"""The invariants every stored state must hold, checked on a live database (`relos check`).

In order: the audit chain links and seals; the caps of every agreement hold at every instant for each
visiting party in each host's territory (overrides in effect counted); no facility holds more than its recorded
berths, aircraft stands and beds at any instant; each ledger transaction nets to zero per currency; each
account's balance is the sum of its postings in its currency. Each broken invariant is named by a stable code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from relos.domain.deployments.admission import (
    Check,
    cap_limits,
    exceeded,
    facility_limits,
    iso,
    load_of,
)
from relos.domain.deployments.model import FACILITY_RESOURCES, Capacity, Occupancy
from relos.services.operations.ports import LedgerIntegrity
from relos.services.unit_of_work import UnitOfWork

#: The span every stored presence is looked for in (all of it).
_DAWN = datetime(1900, 1, 1, tzinfo=UTC)
_DUSK = datetime(2200, 1, 1, tzinfo=UTC)

INVARIANTS = ("audit_chain", "presence_cap", "facility_capacity", "transaction_balanced", "account_balance")


@dataclass(frozen=True)
class Broken:
    """An invariant that does not hold (`invariant`, one of INVARIANTS), and where and how, in words."""

    invariant: str
    message: str


def check_invariants(uow: UnitOfWork, *, ledger: LedgerIntegrity, now: datetime) -> list[Broken]:
    """Every broken invariant, in the order of INVARIANTS (the first is the first broken one)."""
    broken: list[Broken] = []
    with uow:
        report = uow.audit.verify()
        if not report.intact:
            broken.append(Broken("audit_chain", f"entry {report.first_broken_seq}: {report.reason}"))
        broken += _caps(uow, now)
        broken += _capacities(uow, now)
    for u in ledger.unbalanced():
        what = f"has {u.postings} posting(s)" if u.postings < 2 else f"nets to {u.net_minor} (minor units)"
        broken.append(Broken("transaction_balanced", f"transaction {u.transaction_id} {what} in {u.currency}"))
    for m in ledger.balance_mismatches():
        broken.append(
            Broken(
                "account_balance",
                f"account {m.account}: balance {m.stated_minor} but its postings in {m.currency} sum to "
                f"{m.summed_minor} (minor units)",
            )
        )
    return broken


def _present(found: list[Occupancy], now: datetime) -> list[tuple[Occupancy, tuple[datetime, datetime]]]:
    return [(d, span) for d in found if (span := d.presence(now)) is not None]


def _caps(uow: UnitOfWork, now: datetime) -> list[Broken]:
    out: list[Broken] = []
    for stored in uow.agreements.list():
        agreement = stored.agreement
        for host in agreement.parties:
            for visitor in (p for p in agreement.parties if p != host):
                found = uow.deployments.occupying(host_party=host, start=_DAWN, end=_DUSK, visiting_party=visitor)
                mine = [(span, d.totals) for d, span in _present(found, now) if d.visiting_party == visitor]
                if not mine:
                    continue
                limits = cap_limits(agreement.caps, uow.deployments.overrides(host_party=host, visiting_party=visitor))
                checks = [Check(limits[name], load_of(mine, name), 0) for name in limits]
                for e in exceeded(checks, min(a for (a, _), _ in mine), max(b for (_, b), _ in mine)):
                    out.append(
                        Broken(
                            "presence_cap",
                            f"{agreement.id}: {visitor} in {host}'s territory holds {e.total} {e.limit} at "
                            f"{iso(e.at)}, the cap is {e.max}",
                        )
                    )
    return out


def _capacities(uow: UnitOfWork, now: datetime) -> list[Broken]:
    out: list[Broken] = []
    for f in uow.facilities.list():
        capacity = Capacity(
            facility_id=f.id, berths=f.berths, aircraft_stands=f.aircraft_stands, beds=f.accommodation_beds
        )
        limits = facility_limits(capacity)
        if not limits:
            continue
        found = uow.deployments.occupying(host_party=f.country, start=_DAWN, end=_DUSK, facility_id=f.id)
        here = [(span, d.totals) for d, span in _present(found, now) if d.facility_id == f.id]
        if not here:
            continue
        checks = [Check(limit, load_of(here, FACILITY_RESOURCES[r]), 0) for r, limit in limits.items()]
        for e in exceeded(checks, min(a for (a, _), _ in here), max(b for (_, b), _ in here)):
            out.append(
                Broken("facility_capacity", f"{e.limit} holds {e.total} at {iso(e.at)}, the capacity is {e.max}")
            )
    return out

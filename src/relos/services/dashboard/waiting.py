"""What waits for a user, by deadline: deployments to approve (the host's approvers), clearances to decide (the
host's clearance officers), clearances to submit and deployments still needing one (the visiting party's
requesters and clearance officers, services.clearances.due_soon), orders to sign (officials of either party)
or accept (the supplying party's officials), deliveries to receipt (the requesting party's logistics officers).
Who may take each step is the step's own use case's to decide; this lists the records in the state the step
needs for the roles and party the user holds."""

from __future__ import annotations

from datetime import datetime

from relos.domain.actor import Actor, Role
from relos.services.clearances import lifecycle as clearances
from relos.services.dashboard import results
from relos.services.deployments import reads as deployments
from relos.services.orders import lifecycle as orders
from relos.services.orders.results import OrderSummary
from relos.services.unit_of_work import UnitOfWork

OFFICIALS = (Role.HOST_APPROVER, Role.LOGISTICS_OFFICER)
DUE_WITHIN_DAYS = 30


def waiting_for(uow: UnitOfWork, *, actor: Actor, now: datetime) -> list[results.Waiting]:
    """Everything waiting for `actor` at `now`: with a deadline first (soonest, overdue first), then the rest."""
    found = _deployments(uow, actor, now) + _clearances(uow, actor, now) + _orders(uow, actor)
    return sorted(found, key=lambda w: (w["due"] is None, w["due"] or "", w["kind"], w["reference"]))


def _item(kind: str, record: str, r: dict[str, object], due: str | None, now: datetime) -> results.Waiting:
    when = datetime.fromisoformat(due) if due else None
    return {
        "kind": kind,
        "record": record,
        "id": str(r["id"]),
        "reference": str(r.get("reference") or ""),
        "title": str(r.get("title") or ""),
        "made_of": r,
        "agreement_id": str(r["agreement_id"]),
        "due": due,
        "overdue": when is not None and when <= now,
        "days_left": max((when - now).days, 0) if when is not None else None,
    }


def _deployments(uow: UnitOfWork, actor: Actor, now: datetime) -> list[results.Waiting]:
    if Role.HOST_APPROVER not in actor.roles:
        return []
    submitted = deployments.list_deployments(uow, actor=actor, status="submitted", now=now)
    return [
        _item("approve_deployment", "deployment", dict(d), d["start"], now)
        for d in submitted
        if actor.party in (None, d["host_party"])
    ]


def _clearances(uow: UnitOfWork, actor: Actor, now: datetime) -> list[results.Waiting]:
    out: list[results.Waiting] = []
    if Role.CLEARANCE_OFFICER in actor.roles:
        for status in ("submitted", "amended"):
            out += [
                _item("decide_clearance", "clearance", dict(c), c["start"], now)
                for c in clearances.list_clearances(uow, actor=actor, status=status)
                if actor.party in (None, c["host_party"])
            ]
    if actor.has_any((Role.REQUESTER, Role.CLEARANCE_OFFICER)):
        for d in clearances.due_soon(uow, actor=actor, within_days=DUE_WITHIN_DAYS, now=now):
            if actor.party not in (None, d["visiting_party"]):
                continue
            kind = "submit_clearance" if d["item"] == "clearance" else "make_clearance"
            out.append(_item(kind, d["item"], dict(d), d["submit_by"], now))
    return out


def _orders(uow: UnitOfWork, actor: Actor) -> list[results.Waiting]:
    official = actor.has_any(OFFICIALS)
    logistics = Role.LOGISTICS_OFFICER in actor.roles
    if not official and not logistics:
        return []
    out: list[results.Waiting] = []
    for summary in orders.list_orders(uow, actor=actor):
        status, party = summary["status"], actor.party
        if party is None or status not in ("draft", "signed", "partly_delivered", "delivered", "billed"):
            continue
        requesting, supplying = summary["requesting_party"], summary["supplying_party"]
        if status == "signed" and official and party == supplying:
            out.append(_waiting_order("accept_order", summary))
            continue
        if status == "draft" and official:
            order = orders.get_order(uow, actor=actor, order_id=summary["id"])
            signed = {s["party"] for s in order["signatures"] if s["version"] == order["version"]}
            if party not in signed:
                out.append(_waiting_order("sign_order", summary))
            continue
        if status != "draft" and logistics and party == requesting:
            order = orders.get_order(uow, actor=actor, order_id=summary["id"])
            out += [_waiting_order("receipt_delivery", summary) for d in order["deliveries"] if d["receipt"] is None]
    return out


def _waiting_order(kind: str, r: OrderSummary) -> results.Waiting:
    return {
        "kind": kind,
        "record": "order",
        "id": r["id"],
        "reference": r["reference"],
        "title": r["title"],
        "made_of": dict(r),
        "agreement_id": r["agreement_id"],
        "due": None,
        "overdue": False,
        "days_left": None,
    }

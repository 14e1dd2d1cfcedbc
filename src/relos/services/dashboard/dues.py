"""Reimbursements overdue and nearly due: the open items of each agreement's ledger on a day (cash delivered
and not yet invoiced, invoices not fully paid, support owed in kind), as the settlement statement of the
agreement's whole life to that day counts them (services.ledger.open_position: overdue, and due within the
nearly-due days), each with the order it arises from."""

from __future__ import annotations

from datetime import date

from relos.domain.actor import Actor
from relos.services.agreements.register import list_agreements
from relos.services.dashboard import results
from relos.services.ledger.open_position import open_position
from relos.services.ledger.results import OpenItem, OpenPosition
from relos.services.unit_of_work import UnitOfWork


def reimbursements_due(uow: UnitOfWork, *, actor: Actor, today: date) -> list[results.DueReimbursement]:
    """Overdue items first (oldest due first), then those nearly due (soonest first), across the agreements
    the actor's party is party to."""
    out: list[results.DueReimbursement] = []
    for view in list_agreements(uow, actor=actor, at=today):
        a = view.agreement
        if a.signed > today:
            continue
        st = open_position(uow, actor=actor, agreement_id=a.id, today=today)
        late = {i["reference"] for i in st["overdue"]}
        out += [_due(a.id, "overdue", i, st) for i in st["overdue"]]
        out += [_due(a.id, "nearly_due", i, st) for i in st["nearly_due"] if i["reference"] not in late]
    return sorted(out, key=lambda d: (d["state"] != "overdue", d["due_on"] or "", d["agreement_id"], d["reference"]))


def ageing_by_agreement(uow: UnitOfWork, *, actor: Actor, today: date) -> list[results.AgreementAgeing]:
    """What each debtor owes each creditor on `today`, by age of the open items, per agreement (from the
    statement of the agreement's whole life to that day); agreements with nothing open are left out."""
    out: list[results.AgreementAgeing] = []
    for view in list_agreements(uow, actor=actor, at=today):
        a = view.agreement
        if a.signed > today:
            continue
        st = open_position(uow, actor=actor, agreement_id=a.id, today=today)
        if st["ageing"]:
            out.append({"agreement_id": a.id, "as_of": st["as_of"], "rows": st["ageing"]})
    return out


def _due(agreement_id: str, state: str, item: OpenItem, st: OpenPosition) -> results.DueReimbursement:
    kind, _, ref = item["reference"].partition(":")
    return {
        "agreement_id": agreement_id,
        "state": state,
        "item": kind,
        "reference": ref,
        "order_id": _order_of(kind, ref, st),
        "creditor": item["creditor"],
        "debtor": item["debtor"],
        "amount": item["amount"],
        "currency": item["currency"],
        "since": item["since"],
        "due_on": item["due_on"],
        "age_days": item["age_days"],
    }


def _order_of(kind: str, ref: str, st: OpenPosition) -> str | None:
    return ref if kind == "order" else st["orders"].get(ref)

"""Which lifecycle forms an order's page offers the signed-in user: a courtesy that hides steps the
user's roles and party could not take. It decides nothing: the services check every step again, and a
refusal comes back on the page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from relos.domain.actor import Actor, Role
from relos.services.orders.results import Order

OFFICIALS = (Role.HOST_APPROVER, Role.LOGISTICS_OFFICER)
CANCELLABLE = frozenset({"draft", "signed", "accepted"})
DELIVERABLE = frozenset({"accepted", "partly_delivered"})


@dataclass(frozen=True)
class Actions:
    sign: bool
    accept: bool
    cancel: bool
    deliver: bool
    receipt: frozenset[str]  # ids of deliveries the user could receipt

    @property
    def any(self) -> bool:
        return self.sign or self.accept or self.cancel or self.deliver or bool(self.receipt)


def available_actions(actor: Actor, order: Order) -> Actions:
    status, party = order["status"], actor.party
    requesting, supplying = order["requesting_party"], order["supplying_party"]
    official = actor.has_any(OFFICIALS)
    signed_now = {s["party"] for s in order["signatures"] if s["version"] == order["version"]}
    logistics = Role.LOGISTICS_OFFICER in actor.roles
    return Actions(
        sign=status == "draft" and official and party in (requesting, supplying) and party not in signed_now,
        accept=status == "signed" and official and party == supplying,
        cancel=status in CANCELLABLE
        and not order["deliveries"]
        and (official or (Role.REQUESTER in actor.roles and party == requesting)),
        deliver=status in DELIVERABLE and logistics and party == supplying,
        receipt=frozenset(
            d["id"] for d in order["deliveries"] if d["receipt"] is None and logistics and party == requesting
        ),
    )


AMENDABLE = frozenset({"draft", "signed", "accepted"})
BILLABLE = frozenset({"partly_delivered", "delivered"})
IN_KIND_OPEN = frozenset({"open", "partly_satisfied", "overdue"})


@dataclass(frozen=True)
class LedgerActions:
    """The reimbursement forms the order's page offers: bill it, pay an invoice, settle an obligation in kind."""

    bill: bool
    pay: frozenset[str]  # ids of invoices the user could record a payment against
    in_kind: frozenset[str]  # ids of obligations the user could settle in kind


def may_amend(actor: Actor, order: Order) -> bool:
    """The requesting party's requester, before any delivery (the new version is signed again by both)."""
    return (
        order["status"] in AMENDABLE
        and not order["deliveries"]
        and Role.REQUESTER in actor.roles
        and actor.party == order["requesting_party"]
    )


def ledger_actions(actor: Actor, order: Order, ledger: Mapping[str, Any]) -> LedgerActions:
    finance = Role.FINANCE_OFFICER in actor.roles
    receipted = all(d["receipt"] is not None for d in order["deliveries"])
    converted = any(ob.get("status") == "converted_to_cash" for ob in ledger.get("obligations", []))
    billable = order["status"] in BILLABLE or (order["status"] == "billed" and converted)
    return LedgerActions(
        bill=finance and actor.party == order["supplying_party"] and billable and receipted,
        pay=frozenset(
            i["id"]
            for i in ledger.get("invoices", [])
            if finance and actor.party == i["debtor"] and Decimal(i["outstanding"]) > 0
        ),
        in_kind=frozenset(
            ob["id"]
            for ob in ledger.get("obligations", [])
            if Role.LOGISTICS_OFFICER in actor.roles and actor.party == ob["debtor"] and ob["status"] in IN_KIND_OPEN
        ),
    )

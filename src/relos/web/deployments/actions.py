"""Which lifecycle forms a deployment's or a clearance's page offers the signed-in user: a courtesy that
hides steps the user's roles and party could not take. It decides nothing: the services check every step
again, and a refusal comes back on the page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from relos.domain.actor import Actor, Role

HOST_OFFICERS = (Role.LOGISTICS_OFFICER, Role.CLEARANCE_OFFICER, Role.HOST_APPROVER)
CANCELLABLE = frozenset({"draft", "submitted", "approved"})  # also the amendable ones
#: A deployment whose forces may still need a clearance prepared for them.
CLEARABLE = frozenset({"draft", "submitted", "approved", "arrived"})
VISITOR_ROLES = (Role.REQUESTER, Role.CLEARANCE_OFFICER)
PENDING = frozenset({"submitted", "amended"})
OVER = frozenset({"denied", "cancelled", "expired"})
AMENDABLE = frozenset(
    {"draft", "submitted", "need_more_information", "amended", "approved", "approved_with_restrictions"}
)


@dataclass(frozen=True)
class DeploymentActions:
    submit: bool
    cancel: bool
    approve: bool
    reject: bool
    arrive: bool
    depart: bool
    amend: bool = False
    close: bool = False
    prepare_clearance: bool = False  # a port-call notice or airspace request for its ships or aircraft

    @property
    def any(self) -> bool:
        return (
            any((self.submit, self.cancel, self.approve, self.reject, self.arrive, self.depart, self.amend, self.close))
            or self.prepare_clearance
        )


def deployment_actions(actor: Actor, d: Mapping[str, Any]) -> DeploymentActions:
    status, party = d["status"], actor.party
    requester = Role.REQUESTER in actor.roles and party == d["visiting_party"]
    approver = Role.HOST_APPROVER in actor.roles and party == d["host_party"]
    host_officer = actor.has_any(HOST_OFFICERS) and party == d["host_party"]
    return DeploymentActions(
        submit=status == "draft" and requester,
        cancel=status in CANCELLABLE and requester,
        approve=status == "submitted" and approver,
        reject=status == "submitted" and approver,
        arrive=status == "approved" and host_officer,
        depart=status == "arrived" and host_officer,
        amend=status in CANCELLABLE and requester,
        close=status == "departed" and host_officer,
        prepare_clearance=status in CLEARABLE and actor.has_any(VISITOR_ROLES) and party == d["visiting_party"],
    )


@dataclass(frozen=True)
class ClearanceActions:
    submit: bool
    cancel: bool
    decide: bool  # approve (with number, with restrictions), deny, ask for more information
    amend: bool = False
    exception: bool = False  # the host admits an entry earlier than the notice period allows

    @property
    def any(self) -> bool:
        return self.submit or self.cancel or self.decide or self.amend or self.exception


def clearance_actions(actor: Actor, c: Mapping[str, Any]) -> ClearanceActions:
    status, party = c["status"], actor.party
    visitor = actor.has_any(VISITOR_ROLES) and party == c["visiting_party"]
    host = Role.CLEARANCE_OFFICER in actor.roles and party == c["host_party"]
    return ClearanceActions(
        submit=status == "draft" and visitor,
        cancel=status not in OVER and visitor,
        decide=status in PENDING and host,
        amend=status in AMENDABLE and visitor,
        exception=status in PENDING | {"draft", "need_more_information"} and host and not c.get("exception"),
    )

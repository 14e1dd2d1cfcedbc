"""/api/v1/exchange/proposals (what binds only with both parties: a cap override, an extension or a termination
by consent, proposed to the partner's instance and countersigned or declined there) and
/api/v1/reconciliations (the two parties' ledgers of an agreement for a period compared, and the settlement
certificate's state), in a party's instance (docs/exchange.md). services.exchange.mutual and
services.exchange.reconciliation_view decide: who may (host approvers for overrides, administrators for events,
auditors read; finance officers and auditors reconcile), and what is not this instance's is not found (404)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import APIRouter, Path, Query, Request

from relos.api.deps import ActorDep, ClockDep, UowDep
from relos.api.schemas.deployments import OverrideIn
from relos.api.schemas.exchange import DeclineIn, EventProposalIn
from relos.services.exchange import mutual, reconciliation_view, results
from relos.services.exchange.keys import current_key

router = APIRouter(tags=["exchange"])
ProposalId = Annotated[str, Path(max_length=64)]
AgreementId = Annotated[str, Path(max_length=64)]
Period = Annotated[str, Query(max_length=40, description="2026, 2026-Q2, 2026-03 or 2026-01-01..2026-07-01")]


def _key(request: Request) -> Ed25519PrivateKey:
    """This instance's signing key, which signs what is sent to the partner."""
    return current_key(request.app.state.settings.data_dir)


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


@router.get("/exchange/proposals")
def list_proposals(uow: UowDep, actor: ActorDep) -> list[results.Proposal]:
    """Every proposal this instance sent or received, newest first: proposed, accepted or declined."""
    return [p.as_json() for p in mutual.proposals(uow, actor=actor)]


@router.get("/exchange/proposals/{proposal_id}")
def show_proposal(proposal_id: ProposalId, uow: UowDep, actor: ActorDep) -> results.Proposal:
    return mutual.proposal(uow, actor=actor, proposal_id=proposal_id).as_json()


@router.post("/exchange/proposals/cap-overrides", status_code=201)
def propose_override(
    body: OverrideIn, request: Request, uow: UowDep, actor: ActorDep, clock: ClockDep
) -> results.Proposal:
    """Raised caps for a window proposed to the partner (host approvers): checked as a recorded override would
    be, binding in neither instance until the partner's approver countersigns it."""
    return mutual.propose_override(
        uow, actor=actor, key=_key(request), now=clock.now(), agreement_id=body.agreement_id,
        visiting_party=body.visiting_party, start=_utc(body.start), end=_utc(body.end),
        limits={"warships": body.warships, "aircraft": body.aircraft, "personnel": body.personnel},
        authority=body.authority, reference=body.reference,
    ).as_json()  # fmt: skip


@router.post("/exchange/proposals/agreement-events", status_code=201)
def propose_event(
    body: EventProposalIn, request: Request, uow: UowDep, actor: ActorDep, clock: ClockDep
) -> results.Proposal:
    """An extension by mutual consent or a termination by consent proposed to the partner (administrators):
    effective only once the partner consents. 422 (`event_not_mutual`) for another kind of event."""
    return mutual.propose_event(
        uow, actor=actor, key=_key(request), now=clock.now(), agreement_id=body.agreement_id,
        kind=mutual.mutual_kind(body.kind), on=body.date, source=body.source, effective=body.effective,
        note=body.note, tolerance=clock.tolerance,
    ).as_json()  # fmt: skip


@router.post("/exchange/proposals/{proposal_id}/acceptance")
def accept_proposal(
    proposal_id: ProposalId, request: Request, uow: UowDep, actor: ActorDep, clock: ClockDep
) -> results.Proposal:
    """Countersign the partner's pending proposal: recorded here, the answer sent back in the same transaction.
    404 for a proposal this instance did not receive; 409 (`conflict.proposal_answered`) once answered."""
    return mutual.accept(uow, actor=actor, key=_key(request), now=clock.now(), proposal_id=proposal_id).as_json()


@router.post("/exchange/proposals/{proposal_id}/decline")
def decline_proposal(
    proposal_id: ProposalId, body: DeclineIn, request: Request, uow: UowDep, actor: ActorDep, clock: ClockDep
) -> results.Proposal:
    """Decline the partner's pending proposal, saying why (422 `say_why_proposal_declined` without a reason)."""
    return mutual.decline(
        uow, actor=actor, key=_key(request), now=clock.now(), proposal_id=proposal_id, reason=body.reason
    ).as_json()


@router.get("/reconciliations/{agreement_id}")
def reconciliation(
    agreement_id: AgreementId, period: Period, request: Request, uow: UowDep, actor: ActorDep, clock: ClockDep
) -> results.Reconciliation:
    """This instance's ledger of the agreement for the period against the partner's last digest received (finance
    officers, auditors): every difference with the exchanged documents behind it, and the certificate's state."""
    return reconciliation_view.reconciliation(
        uow, actor=actor, agreement_id=agreement_id, period=period, key=_key(request), today=clock.today(),
        now=clock.now(),
    )  # fmt: skip


@router.get("/reconciliations/{agreement_id}/certificate")
def settlement_certificate(
    agreement_id: AgreementId, period: Period, uow: UowDep, actor: ActorDep
) -> results.Certificate:
    """Where the settlement certificate of the agreement for the period stands: not_signed, signed_here,
    signed_by_partner or signed_by_both."""
    return reconciliation_view.certificate_status(uow, actor=actor, agreement_id=agreement_id, period=period)

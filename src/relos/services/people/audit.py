"""Reading the audit trail: auditors and administrators of a party read the entries of their
party's agreements (and of its users and tokens); the local operator reads everything."""

from __future__ import annotations

from relos.domain.actor import Actor, Role
from relos.domain.errors import NotFound
from relos.services.people.authority import require_role
from relos.services.people.ports import AuditEntry
from relos.services.unit_of_work import UnitOfWork

MAX_ENTRIES = 500


def read_audit_trail(
    uow: UnitOfWork,
    *,
    actor: Actor,
    agreement_id: str | None = None,
    limit: int = 100,
    before_seq: int | None = None,
) -> list[AuditEntry]:
    """The newest entries the actor may read, newest first (`before_seq` pages back). A page holds at most
    MAX_ENTRIES; one more may be asked for, to learn whether another page follows."""
    require_role(actor, Role.AUDITOR, Role.ADMINISTRATOR, action="reading the audit trail")
    limit = max(1, min(limit, MAX_ENTRIES + 1))
    with uow:
        if actor.is_operator:
            visible: list[str] | None = None
        else:
            visible = [s.agreement.id for s in uow.agreements.list() if actor.may_see(s.agreement.parties)]
        if agreement_id is not None:
            if visible is not None and agreement_id not in visible:
                raise NotFound("agreement", agreement_id)
            if uow.agreements.get(agreement_id) is None:
                raise NotFound("agreement", agreement_id)
            return uow.audit.entries(visible_agreements=[agreement_id], limit=limit, before_seq=before_seq)
        return uow.audit.entries(
            visible_agreements=visible, visible_party=actor.party, limit=limit, before_seq=before_seq
        )

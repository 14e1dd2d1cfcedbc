"""/api/v1/audit: the audit trail as the acting user may read it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from relos.api.deps import ActorDep, UowDep
from relos.api.paging import PAGED, page
from relos.api.schemas.audit import AuditEntryOut
from relos.services.people.audit import MAX_ENTRIES, read_audit_trail

router = APIRouter(prefix="/audit", tags=["audit"])


@router.get("", response_model=list[AuditEntryOut], responses=PAGED)
def audit_trail(
    request: Request,
    response: Response,
    uow: UowDep,
    actor: ActorDep,
    agreement_id: Annotated[str | None, Query(pattern=r"^[a-z0-9-]+$", max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_ENTRIES)] = 100,
    before_seq: Annotated[int | None, Query(ge=1, le=2**62, description="page back: entries before this one")] = None,
) -> list[dict[str, Any]]:
    """Newest first, a page at a time (`Link: <…>; rel="next"` pages back with `before_seq`): auditors and
    administrators see their party's agreements and users; the operator all."""
    entries = read_audit_trail(uow, actor=actor, agreement_id=agreement_id, limit=limit + 1, before_seq=before_seq)
    return [e.__dict__ for e in page(request, response, entries, limit, key="seq", param="before_seq")]

"""/api/v1/agreements: the register."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from relos.api.deps import ActorDep, ClockDep, ReaderDep, UowDep
from relos.api.schemas.agreements import AgreementImport, AgreementOut, EventIn
from relos.domain.agreements import AgreementEvent
from relos.services.agreements import register as service

router = APIRouter(prefix="/agreements", tags=["agreements"])

AgreementId = Annotated[str, Path(pattern=r"^[a-z0-9-]+$", max_length=64)]
AtQuery = Query(default=None, description="the day to evaluate status on (default: today, UTC)")


@router.get("", response_model=list[AgreementOut])
def list_agreements(uow: UowDep, actor: ActorDep, clock: ClockDep, at: date | None = AtQuery) -> list[dict[str, Any]]:
    return [v.summary() for v in service.list_agreements(uow, actor=actor, at=at or clock.today())]


@router.get("/{agreement_id}", response_model=AgreementOut)
async def get_agreement(
    agreement_id: AgreementId, read: ReaderDep, clock: ClockDep, at: date | None = AtQuery
) -> dict[str, Any]:
    day = at or clock.today()
    return await read(
        lambda uow, actor: service.get_agreement(uow, actor=actor, agreement_id=agreement_id, at=day).summary()
    )


@router.post("", response_model=AgreementOut, status_code=201)
def import_agreement(body: AgreementImport, uow: UowDep, actor: ActorDep, clock: ClockDep) -> dict[str, Any]:
    """422 (`recorded_in_future`) when the file's signature, entry into force or an event lies in the future."""
    view = service.import_agreement(
        uow,
        actor=actor,
        text=body.toml,
        source_name=body.source_name,
        at=clock.today(),
        now=clock.now(),
        tolerance=clock.tolerance,
    )
    return view.summary()


@router.post("/{agreement_id}/events", response_model=AgreementOut, status_code=201)
def record_event(
    agreement_id: AgreementId, body: EventIn, uow: UowDep, actor: ActorDep, clock: ClockDep
) -> dict[str, Any]:
    """422 (`recorded_in_future`) for an event dated in the future (a termination's `effective` day may be)."""
    event = AgreementEvent(
        kind=body.kind,
        on=body.date,
        source=body.source,
        party=body.party,
        effective=body.effective,
        note=body.note,
    )
    return service.record_event(
        uow,
        actor=actor,
        agreement_id=agreement_id,
        event=event,
        at=clock.today(),
        now=clock.now(),
        tolerance=clock.tolerance,
    ).summary()

"""Actors, facilities with recorded capacities and deployments under RELOS, for the deployment tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from relos.db.runtime import Database
from relos.domain.actor import Actor, Role
from relos.domain.agreements import AgreementEvent, EventKind
from relos.domain.facilities import Facility, FacilityKind
from relos.services.agreements import register as agreements
from relos.services.deployments import lifecycle as service
from relos.services.deployments import presence

OPERATOR = Actor.operator("test")
RUS_REQUESTER = Actor("rus.requester", "RUS", frozenset({Role.REQUESTER}))
IND_APPROVER = Actor("ind.approver", "IND", frozenset({Role.HOST_APPROVER}))
IND_LOGISTICS = Actor("ind.logistics", "IND", frozenset({Role.LOGISTICS_OFFICER}))
USA_REQUESTER = Actor("usa.requester", "USA", frozenset({Role.REQUESTER}))

NOW = datetime(2026, 2, 1, tzinfo=UTC)
T0 = datetime(2026, 3, 1, tzinfo=UTC)
#: A naval base in India open under both agreements, with berths, stands and beds recorded.
BASE = Facility(
    id="IN-TST",
    name_en="Test naval base",
    name_local="",
    country="IND",
    kind=FacilityKind.NAVAL_BASE,
    lat=17.7,
    lon=83.3,
    timezone="Asia/Kolkata",
    berths=4,
    berth_max_length_m=200.0,
    berth_max_draught_m=9.0,
    aircraft_stands=6,
    accommodation_beds=2500,
    open_under=("relos-ind-rus", "lemoa-ind-usa"),
    source="test fixture",
)
#: Another facility, capacity not recorded: only the caps limit it.
OTHER = Facility(
    id="IN-OTH",
    name_en="Other port",
    name_local="",
    country="IND",
    kind=FacilityKind.PORT,
    lat=13.1,
    lon=80.3,
    timezone="Asia/Kolkata",
    open_under=("relos-ind-rus", "lemoa-ind-usa"),
    source="test fixture",
)


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


def prepare(db: Database) -> Database:
    """Both agreements in force from 2026-01-01, the two facilities in the catalogue."""
    for agreement_id in ("relos-ind-rus", "lemoa-ind-usa"):
        stored = agreements.get_agreement(db.uow(), actor=OPERATOR, agreement_id=agreement_id, at=date(2026, 1, 1))
        if stored.status.in_force_from is None:
            agreements.record_event(
                db.uow(),
                actor=OPERATOR,
                agreement_id=agreement_id,
                event=AgreementEvent(EventKind.ENTRY_INTO_FORCE, date(2026, 1, 1), "test"),
                at=date(2026, 1, 1),
            )
    with db.uow() as uow:
        uow.facilities.save(BASE, imported_from="test")
        uow.facilities.save(OTHER, imported_from="test")
        uow.commit()
    return db


def ship(n: int, *, draught: float = 6.5, length: float = 125.0) -> dict[str, Any]:
    return {
        "name": f"Ship {n}",
        "hull_number": f"H{n:04d}",
        "class": "talwar",
        "displacement_t": 4035,
        "length_m": length,
        "beam_m": 15.2,
        "draught_m": draught,
    }


def request(
    *,
    start: float = 0,
    end: float = 10,
    ships: int = 0,
    aircraft: int = 0,
    personnel: int = 0,
    facility: str = "IN-TST",
    purpose: str = "joint_exercise",
    agreement_id: str = "relos-ind-rus",
    first: int = 0,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "agreement_id": agreement_id,
        "facility_id": facility,
        "purpose": purpose,
        "start": day(start),
        "end": day(end),
        "ships": [ship(first + i) for i in range(ships)],
        "aircraft": [
            {"type": "su-30", "tail_number": f"T{first + i:04d}", "callsign": f"CS{first + i}"} for i in range(aircraft)
        ],
        "personnel": personnel,
        **extra,
    }


def submitted(db: Database, actor: Actor = RUS_REQUESTER, **kwargs: Any) -> dict[str, Any]:
    created = service.create_deployment(db.uow(), actor=actor, data=request(**kwargs), now=NOW)
    return service.submit_deployment(db.uow(), actor=actor, deployment_id=created["id"], now=NOW)


def approved(db: Database, actor: Actor = RUS_REQUESTER, **kwargs: Any) -> dict[str, Any]:
    found = submitted(db, actor, **kwargs)
    return service.approve_deployment(db.uow(), actor=IND_APPROVER, deployment_id=found["id"], now=NOW)


def override(db: Database, *, start: float = 9, end: float = 16, **limits: int) -> dict[str, Any]:
    """The host's approver records RUS's caps raised to `limits` on [day(start), day(end))."""
    return presence.record_override(
        db.uow(),
        actor=IND_APPROVER,
        agreement_id="relos-ind-rus",
        visiting_party="RUS",
        start=day(start),
        end=day(end),
        limits=limits,
        authority="Exchange of notes, MEA and MoD RF",
        reference="MEA/RUS/2026/17",
    )

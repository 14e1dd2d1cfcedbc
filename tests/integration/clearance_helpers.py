"""A RELOS world for clearances: the agreement in force, a Russian port with a 7 m draught limit
(Vladivostok's time zone), the two parties' officials, and a port-call notice and airspace request."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, timedelta
from typing import Any

from relos.db.runtime import Database
from relos.domain.actor import Actor, Role
from relos.domain.agreements import AgreementEvent, EventKind
from relos.domain.facilities.model import Facility, FacilityKind
from relos.services.agreements import register as agreements
from relos.services.clearances import lifecycle as clearances


def person(user_id: str, party: str, *roles: Role) -> Actor:
    return Actor(user_id=user_id, party=party, roles=frozenset(roles))


IND_REQUESTER = person("ind.requester", "IND", Role.REQUESTER)
IND_CLEARANCE = person("ind.clearance", "IND", Role.CLEARANCE_OFFICER)
RUS_CLEARANCE = person("rus.clearance", "RUS", Role.CLEARANCE_OFFICER)
RUS_APPROVER = person("rus.approver", "RUS", Role.HOST_APPROVER)
RUS_LOGISTICS = person("rus.logistics", "RUS", Role.LOGISTICS_OFFICER)
RUS_REQUESTER = person("rus.requester", "RUS", Role.REQUESTER)
OPERATOR = Actor.operator("test")

#: When the notices are prepared and submitted; the call starts 30 days later.
NOW = datetime(2026, 4, 1, 9, 0, tzinfo=UTC)
START = "2026-05-01T08:00:00Z"
END = "2026-05-06T08:00:00Z"
PORT = "RU-T7M"
AIRFIELD = "RU-KNV"

TALWAR: dict[str, Any] = {
    "name": "INS Tabar",
    "hull_number": "F44",
    "class": "Talwar (Project 11356)",
    "displacement_t": "4035",
    "length_m": "124.8",
    "beam_m": "15.2",
    "draught_m": "4.5",
    "crew": 180,
}
PORT_CALL: dict[str, Any] = {
    "ships": [TALWAR],
    "commander": {"name": "Rahul Sharma", "rank": "Captain"},
    "radio_frequencies": ["VHF 156.800 MHz (channel 16)", "HF 8.291 MHz"],
    "pilot": True,
    "tugs": 2,
    "other_services": ["fresh water", "garbage removal"],
}
IL38: dict[str, Any] = {
    "type": "Il-38N",
    "tail_number": "IN-305",
    "callsign": "INDIAN NAVY 305",
    "crew": 10,
    "passengers": 2,
    "dangerous_cargo": [],
    "fuel_needed_kg": "25000",
}
AIRSPACE: dict[str, Any] = {
    "aircraft": [IL38],
    "entry_point": "TAGIL (ATS boundary Harbin/Khabarovsk FIR)",
    "exit_point": "TAGIL",
    "route": "TAGIL B451 KNV",
    "airfields": [AIRFIELD],
}


def port_call(**changes: Any) -> dict[str, Any]:
    body = copy.deepcopy(PORT_CALL)
    body.update(changes)
    return body


def airspace(**changes: Any) -> dict[str, Any]:
    body = copy.deepcopy(AIRSPACE)
    body.update(changes)
    return body


def relos_in_force(db: Database, on: date = date(2026, 1, 1)) -> None:
    event = AgreementEvent(EventKind.ENTRY_INTO_FORCE, on, "test: exchange of notifications")
    agreements.record_event(db.uow(), actor=OPERATOR, agreement_id="relos-ind-rus", event=event, at=on)


def add_test_port(db: Database, *, draught_m: float = 7.0, length_m: float = 200.0) -> None:
    """A Russian port opened under RELOS whose berths take ships up to `length_m` long and `draught_m` deep."""
    with db.uow() as uow:
        uow.facilities.save(
            Facility(
                id=PORT,
                name_en="Test port of Vladivostok",
                name_local="Тестовый порт Владивосток",
                country="RUS",
                kind=FacilityKind.PORT,
                lat=43.1,
                lon=131.9,
                timezone="Asia/Vladivostok",
                berths=4,
                berth_max_length_m=length_m,
                berth_max_draught_m=draught_m,
                open_under=("relos-ind-rus",),
                source="test",
            ),
            imported_from="test",
        )
        uow.commit()


def prepare_port_call(db: Database, *, actor: Actor = IND_REQUESTER, **overrides: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "agreement_id": "relos-ind-rus",
        "kind": "port_call",
        "facility_id": PORT,
        "start": START,
        "end": END,
        "purpose": "port_call",
        "details": port_call(),
        "now": NOW,
    }
    args.update(overrides)
    return clearances.prepare_clearance(db.uow(), actor=actor, **args)


def prepare_airspace(db: Database, *, actor: Actor = IND_REQUESTER, **overrides: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "agreement_id": "relos-ind-rus",
        "kind": "airspace",
        "facility_id": AIRFIELD,
        "start": START,
        "end": END,
        "purpose": "joint_exercise",
        "details": airspace(),
        "now": NOW,
    }
    args.update(overrides)
    return clearances.prepare_clearance(db.uow(), actor=actor, **args)


def deployment_data(*, ships: bool = True, aircraft: bool = True, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "agreement_id": "relos-ind-rus",
        "facility_id": PORT,
        "purpose": "joint_exercise",
        "start": START,
        "end": END,
        "personnel": 200,
        "ships": [{k: v for k, v in TALWAR.items() if k != "crew"}] if ships else [],
        "aircraft": [{k: IL38[k] for k in ("type", "tail_number", "callsign")}] if aircraft else [],
    }
    data.update(changes)
    return data


def grant_clearances(db: Database, deployment_id: str, *, now: datetime | None = None) -> list[str]:
    """Port-call and airspace clearances covering the deployment's ships and aircraft, prepared and submitted
    by the visiting party's operator and approved by the host's (what `mark_arrived` requires)."""
    with db.uow() as uow:
        d = uow.deployments.get(deployment_id)
    assert d is not None
    at = now or d.start - timedelta(days=20)
    common: dict[str, Any] = {
        "agreement_id": d.agreement_id,
        "visiting_party": d.visiting_party,
        "facility_id": d.facility_id,
        "deployment_id": d.id,
        "purpose": d.purpose,
        "start": d.start,
        "end": d.end,
        "now": at,
    }
    made: list[dict[str, Any]] = []
    if d.ships:
        ships = [
            {
                "name": s.name,
                "hull_number": s.hull_number,
                "class": s.ship_class,
                "displacement_t": str(s.displacement_t),
                "length_m": str(s.length_m),
                "beam_m": str(s.beam_m),
                "draught_m": str(s.draught_m),
            }
            for s in d.ships
        ]
        details = {**port_call(), "ships": ships}
        made.append(clearances.prepare_clearance(db.uow(), actor=OPERATOR, kind="port_call", details=details, **common))
    if d.aircraft:
        planes = [{**IL38, "type": a.type, "tail_number": a.tail_number, "callsign": a.callsign} for a in d.aircraft]
        details = {**airspace(), "aircraft": planes, "airfields": [_landing_place(db, d.facility_id, d.agreement_id)]}
        made.append(clearances.prepare_clearance(db.uow(), actor=OPERATOR, kind="airspace", details=details, **common))
    for c in made:
        clearances.submit_clearance(db.uow(), actor=OPERATOR, clearance_id=c["id"], now=at)
        clearances.approve_clearance(
            db.uow(), actor=OPERATOR, clearance_id=c["id"], clearance_number=f"C-{c['id']}", now=at
        )
    return [c["id"] for c in made]


def _landing_place(db: Database, facility_id: str, agreement_id: str) -> str:
    """The deployment's facility when aircraft can land there, else a host airfield opened under the agreement."""
    with db.uow() as uow:
        place = uow.facilities.get(facility_id)
        assert place is not None
        if place.kind in (FacilityKind.AIRFIELD, FacilityKind.AIR_BASE) or place.aircraft_stands:
            return facility_id
        for other in uow.facilities.list(country=place.country, agreement=agreement_id):
            if other.kind in (FacilityKind.AIRFIELD, FacilityKind.AIR_BASE) or other.aircraft_stands:
                return other.id
    raise AssertionError(f"no place to land near {facility_id}")

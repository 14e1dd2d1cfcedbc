"""The world the clients act in, made on the server's database after `relos init` and before `relos serve`:
RELOS in force (the test assumption of tests/conftest.py), a naval base in India with few berths, stands and
beds (so that its capacity, not only the caps, binds), a port of unrecorded capacity, and one API token for
each official. Then the bodies the clients send."""

from __future__ import annotations

import random
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.conftest import take_relos_in_force
from tests.integration.deployments_helpers import BASE, OTHER

from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.services.people import tokens, users

OPERATOR = Actor.operator("reliability")
#: user -> (party, roles)
OFFICIALS: dict[str, tuple[str, list[str]]] = {
    "rus.requester": ("RUS", ["requester"]),
    "ind.requester": ("IND", ["requester"]),
    "ind.approver": ("IND", ["host_approver"]),
    "rus.approver": ("RUS", ["host_approver"]),
    "ind.clearance": ("IND", ["clearance_officer"]),
    "rus.clearance": ("RUS", ["clearance_officer"]),
    "rus.logistics": ("RUS", ["logistics_officer"]),
    "ind.logistics": ("IND", ["logistics_officer"]),
    "rus.finance": ("RUS", ["finance_officer"]),
    "ind.finance": ("IND", ["finance_officer"]),
}
#: A base whose 3 berths bind before the cap of 5 warships; the other port has no recorded capacity.
SMALL_BASE = replace(BASE, id="IN-RLB", berths=3, aircraft_stands=4, accommodation_beds=1800)
OPEN_PORT = replace(OTHER, id="IN-RLP")


def make_world(database_url: str) -> dict[str, str]:
    """Everything above on the database; each official's bearer token."""
    db = Database(database_url)
    try:
        take_relos_in_force(db)
        with db.uow() as uow:
            uow.facilities.save(SMALL_BASE, imported_from="reliability suite")
            uow.facilities.save(OPEN_PORT, imported_from="reliability suite")
            uow.commit()
        found: dict[str, str] = {}
        now = datetime.now(UTC)
        for user_id, (party, roles) in OFFICIALS.items():
            users.create_user(
                db.uow(), actor=OPERATOR, user_id=user_id, party=party, roles=roles, password="a long passphrase!"
            )
            issued = tokens.issue_token(
                db.uow(), actor=OPERATOR, user_id=user_id, name="load", lifetime=timedelta(days=2), now=now
            )
            found[user_id] = issued.secret
        return found
    finally:
        db.dispose()


def _ship(n: int) -> dict[str, Any]:
    return {"name": f"Ship {n}", "hull_number": f"H{n:05d}", "class": "talwar", "displacement_t": 4035,
            "length_m": 125.0, "beam_m": 15.2, "draught_m": 6.5}  # fmt: skip


#: Overlapping windows in 2027, so that approvals contend for the same caps and berths.
WINDOWS = [(f"2027-03-{d:02d}T00:00:00Z", f"2027-03-{d + span:02d}T00:00:00Z") for d in (1, 3, 5, 8) for span in (4, 9)]


def deployment(rng: random.Random, visitor: str, note: str) -> dict[str, Any]:
    """A request of `visitor` (RUS to India's two ports, IND to Vladivostok), marked by `note`."""
    start, end = rng.choice(WINDOWS)
    first = rng.randrange(100_000)
    facility = rng.choice([SMALL_BASE.id, OPEN_PORT.id]) if visitor == "RUS" else "RU-VVO"
    return {
        "agreement_id": "relos-ind-rus",
        "facility_id": facility,
        "purpose": "joint_exercise",
        "start": start,
        "end": end,
        "ships": [_ship(first + i) for i in range(rng.randint(1, 2))],
        "aircraft": [
            {"type": "su-30", "tail_number": f"T{first + i}", "callsign": f"CS{first + i}"}
            for i in range(rng.randint(0, 3))
        ],
        "personnel": rng.choice([200, 500, 900, 1200]),
        "note": note,
    }


def clearance(rng: random.Random, note: str) -> dict[str, Any]:
    """India's port-call notice for a frigate at Vladivostok (docs/examples/clearance-port-call.json, in 2027)."""
    day = rng.randint(1, 20)
    return {
        "agreement_id": "relos-ind-rus",
        "kind": "port_call",
        "facility_id": "RU-VVO",
        "purpose": "joint_exercise",
        "start": f"2027-07-{day:02d}T00:00:00Z",
        "end": f"2027-07-{day + 5:02d}T00:00:00Z",
        "port_call": {
            "ships": [
                {
                    "name": "INS Tabar",
                    "hull_number": "F44",
                    "class": "Talwar (Project 11356)",
                    "displacement_t": "4035",
                    "length_m": "124.8",
                    "beam_m": "15.2",
                    "draught_m": "4.5",
                    "crew": 180,
                }
            ],
            "commander": {"name": "Rahul Sharma", "rank": "Captain"},
            "radio_frequencies": ["VHF 156.800 MHz (channel 16)"],
            "pilot": True,
            "tugs": 2,
            "other_services": ["fresh water"],
        },
        "note": note,
    }


def order(rng: random.Random, note: str) -> dict[str, Any]:
    """India's order of fuel at Vladivostok, priced on the spot, marked by `note`."""
    return {
        "agreement_id": "relos-ind-rus",
        "requesting_unit": "INS Tabar",
        "facility_id": "RU-VVO",
        "note": note,
        "lines": [{"category": "petroleum_oils_lubricants", "item_code": "F-76", "description": "Fuel",
                   "quantity": str(rng.randint(1, 50) * 100), "unit": "L", "method": "cash",
                   "unit_price": "95.50", "currency": "RUB", "price_reason": "agreed with the supplier"}],
    }  # fmt: skip


def key() -> str:
    return uuid.uuid4().hex

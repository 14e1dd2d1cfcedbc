"""Two sovereign instances side by side for the exchange tests: India's on SQLite, Russia's on PostgreSQL, each a
database and a data directory (its signing key) of its own, each holding the other's public key; RELOS in force
in both, and a Russian naval base both catalogues know."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import text

from relos.db.runtime import Database
from relos.db.tables import metadata
from relos.domain.actor import Actor, Role
from relos.domain.agreements import AgreementEvent, EventKind
from relos.domain.facilities import Facility, FacilityKind
from relos.services.agreements import register as agreements
from relos.services.clearances import lifecycle as clearances
from relos.services.deployments import lifecycle
from relos.services.exchange import inbox, keys, outbox, peers
from relos.services.exchange.inbox import ImportReport
from relos.services.facilities.bundled import load_bundled_agreements

OPERATOR = Actor.operator("test")
IND_REQUESTER = Actor("ind.requester", "IND", frozenset({Role.REQUESTER}))
IND_CLEARANCE = Actor("ind.clearance", "IND", frozenset({Role.CLEARANCE_OFFICER}))
RUS_APPROVER = Actor("rus.approver", "RUS", frozenset({Role.HOST_APPROVER}))
RUS_LOGISTICS = Actor("rus.logistics", "RUS", frozenset({Role.LOGISTICS_OFFICER}))
NOW = datetime(2026, 2, 1, tzinfo=UTC)
T0 = datetime(2026, 3, 1, tzinfo=UTC)
#: A naval base in Russia, open to India under RELOS.
BASE = Facility(
    id="RU-TST", name_en="Test naval base", name_local="", country="RUS", kind=FacilityKind.NAVAL_BASE,
    lat=43.1, lon=131.9, timezone="Asia/Vladivostok", berths=4, berth_max_length_m=200.0, berth_max_draught_m=9.0,
    aircraft_stands=6, accommodation_beds=2500, open_under=("relos-ind-rus",), source="test fixture",
)  # fmt: skip


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


@dataclass
class Instance:
    party: str
    db: Database
    data_dir: Path

    @property
    def key(self) -> Ed25519PrivateKey:
        return keys.current_key(self.data_dir)

    def export(self, to: str, *, now: datetime = NOW) -> bytes:
        data, _ = outbox.export_bundle(self.db.uow(), actor=OPERATOR, peer=to, key=self.key, now=now)
        return data

    def take(self, data: bytes, *, now: datetime = NOW) -> ImportReport:
        return inbox.import_bundle(self.db.uow(), actor=OPERATOR, data=data, where="bundle.json", key=self.key, now=now)

    def deployment(self, deployment_id: str) -> Any:
        with self.db.uow(read_only=True) as uow:
            return uow.deployments.get(deployment_id)


def instance(party: str, db: Database, data_dir: Path, *, facility: Facility = BASE) -> Instance:
    load_bundled_agreements(db.uow(), actor=OPERATOR)
    agreements.record_event(
        db.uow(), actor=OPERATOR, agreement_id="relos-ind-rus",
        event=AgreementEvent(EventKind.ENTRY_INTO_FORCE, date(2026, 1, 1), "test assumption"), at=date(2026, 1, 1),
    )  # fmt: skip
    with db.uow() as uow:
        uow.facilities.save(facility, imported_from="test")
        uow.commit()
    peers.set_instance_party(db.uow(), actor=OPERATOR, party=party, now=NOW)
    return Instance(party, db, data_dir)


def introduce(a: Instance, b: Instance) -> None:
    """Each adds the other's public key (as its staff would, after reading the fingerprint aloud)."""
    for one, other in ((a, b), (b, a)):
        public = keys.key_list(other.data_dir)[0].public_key
        peers.add_peer(one.db.uow(), actor=OPERATOR, party=other.party, key=public, now=NOW)


def emptied(pg_url: str) -> Database:
    """The PostgreSQL test database, emptied of what the test before on this worker left."""
    db = Database(pg_url)
    with db.engine.begin() as conn:
        names = ", ".join(f'"{t.name}"' for t in metadata.sorted_tables)
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    return db


def pair(tmp_path: Path, sqlite_template: Path, pg_url: str) -> tuple[Instance, Instance]:
    """India on SQLite, Russia on PostgreSQL (emptied first), introduced to each other."""
    path = tmp_path / "india.sqlite3"
    shutil.copy(sqlite_template, path)
    russia_db = emptied(pg_url)
    india = instance("IND", Database(f"sqlite:///{path}"), tmp_path / "india-data")
    russia = instance("RUS", russia_db, tmp_path / "russia-data")
    introduce(india, russia)
    return india, russia


def side_by_side(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Instance, Instance]]:
    """The body of each exchange test module's fixture: the pair, disposed of after the test."""
    url = request.getfixturevalue("pg_url")
    if url is None:
        pytest.skip("PostgreSQL not reachable (set RELOS_TEST_POSTGRES_URL to run these)")
    india, russia = pair(tmp_path, request.getfixturevalue("sqlite_template"), url)
    yield india, russia
    india.db.dispose()
    russia.db.dispose()


def crossed(report: ImportReport) -> list[str]:
    """The types of the documents an import applied, in order."""
    return [line.split()[1] for line in report.applied]


def refused_rules(report: ImportReport) -> list[str]:
    """The rules named by the refusals of an import, in order."""
    return [rule["rule"] for refused in report.refused for rule in refused["rules"]]


def closed_base() -> Facility:
    """The base as a catalogue that does not open it to India records it."""
    return replace(BASE, open_under=())


def request_data(*, ships: int = 2, start: float = 0, end: float = 10) -> dict[str, Any]:
    """India's request of `ships` frigates (300 sailors each) to RU-TST for [day(start), day(end))."""
    return {
        "agreement_id": "relos-ind-rus", "facility_id": "RU-TST", "purpose": "joint_exercise",
        "start": day(start), "end": day(end), "personnel": 300 * ships,
        "ships": [
            {"name": f"INS Test {n}", "hull_number": f"F{n:02d}", "class": "talwar", "displacement_t": 4035,
             "length_m": 125.0, "beam_m": 15.2, "draught_m": 6.5}
            for n in range(ships)
        ],
    }  # fmt: skip


def requested(india: Instance, *, ships: int = 2, start: float = 0, end: float = 10) -> str:
    """India's requester drafts and submits a deployment of `ships` frigates to RU-TST; its id."""
    data = request_data(ships=ships, start=start, end=end)
    created = lifecycle.create_deployment(india.db.uow(), actor=IND_REQUESTER, data=data, now=NOW)
    lifecycle.submit_deployment(india.db.uow(), actor=IND_REQUESTER, deployment_id=created["id"], now=NOW)
    return str(created["id"])


def port_call_details(india: Instance, deployment_id: str) -> dict[str, Any]:
    """A port-call notice's particulars for the ships of India's deployment (as its clearance officer gives them)."""
    ships = [
        {"name": s.name, "hull_number": s.hull_number, "class": s.ship_class, "displacement_t": s.displacement_t,
         "length_m": s.length_m, "beam_m": s.beam_m, "draught_m": s.draught_m, "crew": 150}
        for s in india.deployment(deployment_id).ships
    ]  # fmt: skip
    return {"ships": ships, "commander": {"name": "Rahul Sharma", "rank": "Captain"},
            "radio_frequencies": ["VHF 156.800 MHz (channel 16)"]}  # fmt: skip


def submitted_notice(india: Instance, deployment_id: str) -> tuple[str, dict[str, Any]]:
    """India's clearance officer prepares and submits the port-call notice of the deployment: its id, particulars."""
    details = port_call_details(india, deployment_id)
    prepared = clearances.prepare_clearance(
        india.db.uow(), actor=IND_CLEARANCE, agreement_id="relos-ind-rus", kind="port_call", facility_id="RU-TST",
        start=day(0), end=day(10), purpose="joint_exercise", details=details, deployment_id=deployment_id, now=NOW,
    )  # fmt: skip
    clearances.submit_clearance(india.db.uow(), actor=IND_CLEARANCE, clearance_id=prepared["id"], now=NOW)
    return str(prepared["id"]), details

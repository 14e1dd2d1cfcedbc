"""The authorization matrix: every role of every party against every action that exists.

Outcomes: `ok`; `403` (Forbidden: the user may see the record but lacks the authority);
`404` (NotFound: the record does not exist *for this user* — exactly as if it did not exist);
for list_agreements, the agreements seen (`RL` = relos-ind-rus and lemoa-ind-usa, `R`, `L`).
The table is the specification: change it only with the rules.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from tests.integration.deployments_helpers import OTHER as OTHER_PORT
from tests.integration.deployments_helpers import prepare as prepare_deployments

from relos.db.runtime import Database
from relos.db.tables import metadata
from relos.domain.actor import Actor, Role
from relos.domain.agreements import AgreementEvent, EventKind
from relos.domain.errors import Forbidden, NotFound
from relos.domain.facilities.model import Facility, FacilityKind
from relos.domain.users import User
from relos.services.agreements import register as agreements
from relos.services.clearances import lifecycle as clearances
from relos.services.deployments import lifecycle as deployment_service
from relos.services.deployments import presence
from relos.services.deployments import reads as deployment_reads
from relos.services.facilities.bundled import load_bundled_agreements
from relos.services.people import audit as audit_trail
from relos.services.people import tokens, users
from relos.services.people._passwords import hash_password

ROLES = {
    "REQ": Role.REQUESTER,
    "HOST": Role.HOST_APPROVER,
    "LOG": Role.LOGISTICS_OFFICER,
    "FIN": Role.FINANCE_OFFICER,
    "CLR": Role.CLEARANCE_OFFICER,
    "AUD": Role.AUDITOR,
    "ADM": Role.ADMINISTRATOR,
}

MATRIX = """
action                          party  REQ  HOST LOG  FIN  CLR  AUD  ADM
list_agreements                 IND    RL   RL   RL   RL   RL   RL   RL
list_agreements                 RUS    R    R    R    R    R    R    R
list_agreements                 USA    L    L    L    L    L    L    L
show_relos                      IND    ok   ok   ok   ok   ok   ok   ok
show_relos                      RUS    ok   ok   ok   ok   ok   ok   ok
show_relos                      USA    404  404  404  404  404  404  404
show_lemoa                      IND    ok   ok   ok   ok   ok   ok   ok
show_lemoa                      RUS    404  404  404  404  404  404  404
show_lemoa                      USA    ok   ok   ok   ok   ok   ok   ok
import_own_agreement            IND    403  403  403  403  403  403  ok
import_own_agreement            RUS    403  403  403  403  403  403  ok
import_own_agreement            USA    403  403  403  403  403  403  ok
record_event_relos              IND    403  403  403  403  403  403  ok
record_event_relos              RUS    403  403  403  403  403  403  ok
record_event_relos              USA    403  403  403  403  403  403  404
record_event_lemoa              IND    403  403  403  403  403  403  ok
record_event_lemoa              RUS    403  403  403  403  403  403  404
record_event_lemoa              USA    403  403  403  403  403  403  ok
create_user_own_party           IND    403  403  403  403  403  403  ok
create_user_own_party           RUS    403  403  403  403  403  403  ok
create_user_own_party           USA    403  403  403  403  403  403  ok
create_user_other_party         IND    403  403  403  403  403  403  403
create_user_other_party         RUS    403  403  403  403  403  403  403
create_user_other_party         USA    403  403  403  403  403  403  403
list_users                      IND    403  403  403  403  403  ok   ok
list_users                      RUS    403  403  403  403  403  ok   ok
list_users                      USA    403  403  403  403  403  ok   ok
show_colleague                  IND    403  403  403  403  403  ok   ok
show_colleague                  RUS    403  403  403  403  403  ok   ok
show_colleague                  USA    403  403  403  403  403  ok   ok
show_user_of_other_party        IND    403  403  403  403  403  404  404
show_user_of_other_party        RUS    403  403  403  403  403  404  404
show_user_of_other_party        USA    403  403  403  403  403  404  404
disable_colleague               IND    403  403  403  403  403  403  ok
disable_colleague               RUS    403  403  403  403  403  403  ok
disable_colleague               USA    403  403  403  403  403  403  ok
disable_user_of_other_party     IND    403  403  403  403  403  403  404
disable_user_of_other_party     RUS    403  403  403  403  403  403  404
disable_user_of_other_party     USA    403  403  403  403  403  403  404
issue_token_for_self            IND    ok   ok   ok   ok   ok   ok   ok
issue_token_for_self            RUS    ok   ok   ok   ok   ok   ok   ok
issue_token_for_self            USA    ok   ok   ok   ok   ok   ok   ok
issue_token_for_colleague       IND    403  403  403  403  403  403  ok
issue_token_for_colleague       RUS    403  403  403  403  403  403  ok
issue_token_for_colleague       USA    403  403  403  403  403  403  ok
issue_token_for_other_party     IND    403  403  403  403  403  403  404
issue_token_for_other_party     RUS    403  403  403  403  403  403  404
issue_token_for_other_party     USA    403  403  403  403  403  403  404
revoke_own_token                IND    ok   ok   ok   ok   ok   ok   ok
revoke_own_token                RUS    ok   ok   ok   ok   ok   ok   ok
revoke_own_token                USA    ok   ok   ok   ok   ok   ok   ok
revoke_colleague_token          IND    403  403  403  403  403  403  ok
revoke_colleague_token          RUS    403  403  403  403  403  403  ok
revoke_colleague_token          USA    403  403  403  403  403  403  ok
revoke_token_of_other_party     IND    404  404  404  404  404  404  404
revoke_token_of_other_party     RUS    404  404  404  404  404  404  404
revoke_token_of_other_party     USA    404  404  404  404  404  404  404
list_colleagues_tokens          IND    403  403  403  403  403  ok   ok
list_colleagues_tokens          RUS    403  403  403  403  403  ok   ok
list_colleagues_tokens          USA    403  403  403  403  403  ok   ok
read_audit_trail                IND    403  403  403  403  403  ok   ok
read_audit_trail                RUS    403  403  403  403  403  ok   ok
read_audit_trail                USA    403  403  403  403  403  ok   ok
read_audit_of_relos             IND    403  403  403  403  403  ok   ok
read_audit_of_relos             RUS    403  403  403  403  403  ok   ok
read_audit_of_relos             USA    403  403  403  403  403  404  404
read_audit_of_lemoa             IND    403  403  403  403  403  ok   ok
read_audit_of_lemoa             RUS    403  403  403  403  403  404  404
read_audit_of_lemoa             USA    403  403  403  403  403  ok   ok
prepare_clearance               IND    ok   403  403  403  ok   403  403
prepare_clearance               RUS    ok   403  403  403  ok   403  403
prepare_clearance               USA    ok   403  403  403  ok   403  403
submit_own_clearance            IND    ok   403  403  403  ok   403  403
submit_own_clearance            RUS    ok   403  403  403  ok   403  403
submit_own_clearance            USA    ok   403  403  403  ok   403  403
decide_clearance_as_host        IND    403  403  403  403  ok   403  403
decide_clearance_as_host        RUS    403  403  403  403  ok   403  403
decide_clearance_as_host        USA    403  403  403  403  ok   403  403
record_exception_as_host        IND    403  403  403  403  ok   403  403
record_exception_as_host        RUS    403  403  403  403  ok   403  403
record_exception_as_host        USA    403  403  403  403  ok   403  403
decide_clearance_as_visitor     IND    403  403  403  403  403  403  403
decide_clearance_as_visitor     RUS    403  403  403  403  403  403  403
decide_clearance_as_visitor     USA    403  403  403  403  403  403  403
show_relos_clearance            IND    ok   ok   ok   ok   ok   ok   ok
show_relos_clearance            RUS    ok   ok   ok   ok   ok   ok   ok
show_relos_clearance            USA    404  404  404  404  404  404  404
list_due_clearances             IND    ok   ok   ok   ok   ok   ok   ok
list_due_clearances             RUS    ok   ok   ok   ok   ok   ok   ok
list_due_clearances             USA    ok   ok   ok   ok   ok   ok   ok
create_deployment_own_party     IND    ok   403  403  403  403  403  403
create_deployment_own_party     RUS    ok   403  403  403  403  403  403
create_deployment_own_party     USA    ok   403  403  403  403  403  403
show_relos_deployment           IND    ok   ok   ok   ok   ok   ok   ok
show_relos_deployment           RUS    ok   ok   ok   ok   ok   ok   ok
show_relos_deployment           USA    404  404  404  404  404  404  404
submit_relos_deployment         IND    403  403  403  403  403  403  403
submit_relos_deployment         RUS    ok   403  403  403  403  403  403
submit_relos_deployment         USA    404  403  403  403  403  403  403
amend_relos_deployment          IND    403  403  403  403  403  403  403
amend_relos_deployment          RUS    ok   403  403  403  403  403  403
amend_relos_deployment          USA    404  403  403  403  403  403  403
cancel_relos_deployment         IND    403  403  403  403  403  403  403
cancel_relos_deployment         RUS    ok   403  403  403  403  403  403
cancel_relos_deployment         USA    404  403  403  403  403  403  403
approve_relos_deployment        IND    403  ok   403  403  403  403  403
approve_relos_deployment        RUS    403  403  403  403  403  403  403
approve_relos_deployment        USA    403  404  403  403  403  403  403
reject_relos_deployment         IND    403  ok   403  403  403  403  403
reject_relos_deployment         RUS    403  403  403  403  403  403  403
reject_relos_deployment         USA    403  404  403  403  403  403  403
arrive_relos_deployment         IND    403  ok   ok   403  ok   403  403
arrive_relos_deployment         RUS    403  403  403  403  403  403  403
arrive_relos_deployment         USA    403  404  404  403  404  403  403
depart_relos_deployment         IND    403  ok   ok   403  ok   403  403
depart_relos_deployment         RUS    403  403  403  403  403  403  403
depart_relos_deployment         USA    403  404  404  403  404  403  403
record_override_relos           IND    403  ok   403  403  403  403  403
record_override_relos           RUS    403  403  403  403  403  403  403
record_override_relos           USA    403  404  403  403  403  403  403
revoke_override_relos           IND    403  ok   403  403  403  403  403
revoke_override_relos           RUS    403  403  403  403  403  403  403
revoke_override_relos           USA    403  404  403  403  403  403  403
"""

OTHER = {"IND": "RUS", "RUS": "IND", "USA": "IND"}
#: Visiting party -> (agreement, port of its partner); HOSTED: host -> the visiting party it receives.
VISITS = {"IND": ("relos-ind-rus", "RU-MTX"), "RUS": ("relos-ind-rus", "IN-MTX"), "USA": ("lemoa-ind-usa", "IN-MTX")}
PORT_CALL = {
    "ships": [
        {
            "name": "Matrix",
            "hull_number": "M1",
            "class": "frigate",
            "displacement_t": "4000",
            "length_m": "125",
            "beam_m": "15",
            "draught_m": "4.5",
        }
    ],
    "commander": {"name": "A. Officer", "rank": "Captain"},
    "radio_frequencies": ["VHF 16"],
}
SHORT = {"relos-ind-rus": "R", "lemoa-ind-usa": "L"}
NOW = datetime(2026, 3, 1, tzinfo=UTC)
#: When the matrix's deployments arrive: the start of their window (an arrival is a fact, recorded once it happens).
ARRIVAL = NOW + timedelta(days=30)
OPERATOR = Actor.operator("matrix")


def _table() -> list[tuple[str, str, str, str]]:
    lines = [line.split() for line in MATRIX.strip().splitlines()]
    header, rows = lines[0], lines[1:]
    return [
        (action, party, role, expected)
        for action, party, *cells in rows
        for role, expected in zip(header[2:], cells, strict=True)
    ]


def user_id(party: str, role: str) -> str:
    return f"{party.lower()}-{role.lower()}"


class World:
    """The bundled agreements, one user per role of each party, and a colleague per party."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def hosted(self, host: str) -> str:
        """A submitted clearance that `host` receives."""
        if host == "USA":
            made = clearances.prepare_clearance(
                self.db.uow(),
                actor=OPERATOR,
                agreement_id="lemoa-ind-usa",
                kind="port_call",
                visiting_party="IND",
                facility_id="US-MTX",
                purpose="port_call",
                start="2026-04-01T00:00:00Z",
                end="2026-04-03T00:00:00Z",
                details=PORT_CALL,
                now=NOW,
            )
            clearances.submit_clearance(self.db.uow(), actor=OPERATOR, clearance_id=made["id"], now=NOW)
            return str(made["id"])
        return self.clearance(OTHER[host], submitted=True)

    def clearance(self, visiting: str, *, actor: Actor = OPERATOR, submitted: bool = False) -> str:
        """A clearance of `visiting` to its partner (RELOS for IND and RUS, LEMOA for USA and IND → USA)."""
        agreement, facility = VISITS[visiting]
        made = clearances.prepare_clearance(
            self.db.uow(),
            actor=actor,
            agreement_id=agreement,
            kind="port_call",
            visiting_party=visiting,
            facility_id=facility,
            purpose="port_call",
            start="2026-04-01T00:00:00Z",
            end="2026-04-03T00:00:00Z",
            details=PORT_CALL,
            now=NOW,
        )
        if submitted:
            clearances.submit_clearance(self.db.uow(), actor=OPERATOR, clearance_id=made["id"], now=NOW)
        return str(made["id"])

    def deployment(self, state: str) -> str:
        """A fresh RUS deployment to IND under RELOS, taken by the operator to `state`."""
        found = deployment_service.create_deployment(
            self.db.uow(), actor=OPERATOR, data=deployment_request(), visiting_party="RUS", now=NOW
        )
        steps = {
            "submitted": deployment_service.submit_deployment,
            "approved": deployment_service.approve_deployment,
            "arrived": deployment_service.mark_arrived,
        }
        for name, step in steps.items():
            if state == "draft":
                break
            step(self.db.uow(), actor=OPERATOR, deployment_id=found["id"], now=ARRIVAL if name == "arrived" else NOW)
            if name == state:
                break
        return str(found["id"])

    def record_override(self, actor: Actor) -> dict[str, Any]:
        """A cap override for RUS in India under RELOS, recorded by `actor`."""
        return presence.record_override(
            self.db.uow(),
            actor=actor,
            agreement_id="relos-ind-rus",
            visiting_party="RUS",
            start=NOW + timedelta(days=200),
            end=NOW + timedelta(days=210),
            limits={"personnel": 4000},
            authority="matrix",
            reference="matrix",
            now=NOW,
        )

    def override(self) -> str:
        """A fresh override's id, recorded by the operator."""
        return str(self.record_override(OPERATOR)["id"])

    def token_of(self, owner: str) -> str:
        issued = tokens.issue_token(
            self.db.uow(), actor=OPERATOR, user_id=owner, name="m", lifetime=timedelta(days=1), now=NOW
        )
        return issued.credential.credential_id


def deployment_request(facility: str = "IN-OTH", agreement_id: str = "relos-ind-rus") -> dict[str, object]:
    return {
        "agreement_id": agreement_id,
        "facility_id": facility,
        "purpose": "training",
        "start": ARRIVAL,
        "end": ARRIVAL + timedelta(days=10),
        "personnel": 1,
    }


def _agreement_file(agreement_id: str, parties: tuple[str, str]) -> str:
    return (
        f'id = "{agreement_id}"\nshort_name = "T"\nparties = ["{parties[0]}", "{parties[1]}"]\n'
        "signed = 2024-01-01\nterm_years = 5\n"
    )


def _act(world: World, action: str, actor: Actor, party: str, case: str) -> str:
    db, other = world.db, OTHER[party]
    colleague, stranger = f"{party.lower()}-colleague", f"{other.lower()}-colleague"
    note = AgreementEvent(EventKind.NOTE, date(2026, 1, 5), "matrix test")
    actions: dict[str, Callable[[], object]] = {
        "list_agreements": lambda: "".join(
            sorted(
                (SHORT[v.agreement.id] for v in agreements.list_agreements(db.uow(), actor=actor, at=NOW.date())),
                reverse=True,
            )
        ),
        "show_relos": lambda: agreements.get_agreement(
            db.uow(), actor=actor, agreement_id="relos-ind-rus", at=NOW.date()
        ),
        "show_lemoa": lambda: agreements.get_agreement(
            db.uow(), actor=actor, agreement_id="lemoa-ind-usa", at=NOW.date()
        ),
        "import_own_agreement": lambda: agreements.import_agreement(
            db.uow(),
            actor=actor,
            text=_agreement_file(f"t-{case}", (party, other)),
            source_name="matrix",
            at=NOW.date(),
        ),
        "record_event_relos": lambda: agreements.record_event(
            db.uow(), actor=actor, agreement_id="relos-ind-rus", event=note, at=NOW.date()
        ),
        "record_event_lemoa": lambda: agreements.record_event(
            db.uow(), actor=actor, agreement_id="lemoa-ind-usa", event=note, at=NOW.date()
        ),
        "create_user_own_party": lambda: users.create_user(
            db.uow(),
            actor=actor,
            user_id=f"n-{case}",
            party=party,
            roles=["auditor"],
            password="a long enough passphrase",
        ),
        "create_user_other_party": lambda: users.create_user(
            db.uow(),
            actor=actor,
            user_id=f"n-{case}",
            party=other,
            roles=["auditor"],
            password="a long enough passphrase",
        ),
        "list_users": lambda: users.list_users(db.uow(), actor=actor),
        "show_colleague": lambda: users.get_user(db.uow(), actor=actor, user_id=colleague),
        "show_user_of_other_party": lambda: users.get_user(db.uow(), actor=actor, user_id=stranger),
        "disable_colleague": lambda: users.set_user_disabled(db.uow(), actor=actor, user_id=colleague),
        "disable_user_of_other_party": lambda: users.set_user_disabled(db.uow(), actor=actor, user_id=stranger),
        "issue_token_for_self": lambda: tokens.issue_token(
            db.uow(), actor=actor, user_id=actor.user_id, name="m", lifetime=timedelta(days=1), now=NOW
        ),
        "issue_token_for_colleague": lambda: tokens.issue_token(
            db.uow(), actor=actor, user_id=f"{party.lower()}-spare", name="m", lifetime=timedelta(days=1), now=NOW
        ),
        "issue_token_for_other_party": lambda: tokens.issue_token(
            db.uow(), actor=actor, user_id=f"{other.lower()}-spare", name="m", lifetime=timedelta(days=1), now=NOW
        ),
        "revoke_own_token": lambda: tokens.revoke_token(
            db.uow(), actor=actor, token_id=world.token_of(actor.user_id), now=NOW
        ),
        "revoke_colleague_token": lambda: tokens.revoke_token(
            db.uow(), actor=actor, token_id=world.token_of(f"{party.lower()}-spare"), now=NOW
        ),
        "revoke_token_of_other_party": lambda: tokens.revoke_token(
            db.uow(), actor=actor, token_id=world.token_of(f"{other.lower()}-spare"), now=NOW
        ),
        "list_colleagues_tokens": lambda: tokens.list_tokens(db.uow(), actor=actor, user_id=f"{party.lower()}-spare"),
        "read_audit_trail": lambda: audit_trail.read_audit_trail(db.uow(), actor=actor),
        "read_audit_of_relos": lambda: audit_trail.read_audit_trail(
            db.uow(), actor=actor, agreement_id="relos-ind-rus"
        ),
        "read_audit_of_lemoa": lambda: audit_trail.read_audit_trail(
            db.uow(), actor=actor, agreement_id="lemoa-ind-usa"
        ),
        "prepare_clearance": lambda: {"id": world.clearance(party, actor=actor)},
        "submit_own_clearance": lambda: clearances.submit_clearance(
            db.uow(), actor=actor, clearance_id=world.clearance(party), now=NOW
        ),
        "decide_clearance_as_host": lambda: clearances.approve_clearance(
            db.uow(), actor=actor, clearance_id=world.hosted(party), clearance_number=f"N-{case}", now=NOW
        ),
        "record_exception_as_host": lambda: clearances.record_lead_time_exception(
            db.uow(), actor=actor, clearance_id=world.hosted(party), reason="matrix", now=NOW
        ),
        "decide_clearance_as_visitor": lambda: clearances.approve_clearance(
            db.uow(),
            actor=actor,
            clearance_id=world.clearance(party, submitted=True),
            clearance_number=f"V-{case}",
            now=NOW,
        ),
        "show_relos_clearance": lambda: clearances.get_clearance(
            db.uow(), actor=actor, clearance_id=world.clearance("IND")
        ),
        "list_due_clearances": lambda: clearances.due_soon(db.uow(), actor=actor, now=NOW),
        "create_deployment_own_party": lambda: deployment_service.create_deployment(
            db.uow(),
            actor=actor,
            data=deployment_request(
                facility="RU-TST" if party == "IND" else "IN-OTH",
                agreement_id="lemoa-ind-usa" if party == "USA" else "relos-ind-rus",
            ),
            visiting_party=party,
            now=NOW,
        ),
        "show_relos_deployment": lambda: deployment_reads.get_deployment(
            db.uow(), actor=actor, deployment_id=world.deployment("draft")
        ),
        "submit_relos_deployment": lambda: deployment_service.submit_deployment(
            db.uow(), actor=actor, deployment_id=world.deployment("draft"), now=NOW
        ),
        "amend_relos_deployment": lambda: deployment_service.amend_deployment(
            db.uow(),
            actor=actor,
            deployment_id=world.deployment("submitted"),
            data=deployment_request(),
            reason="matrix",
            now=NOW,
        ),
        "cancel_relos_deployment": lambda: deployment_service.cancel_deployment(
            db.uow(), actor=actor, deployment_id=world.deployment("submitted"), reason="matrix", now=NOW
        ),
        "approve_relos_deployment": lambda: deployment_service.approve_deployment(
            db.uow(), actor=actor, deployment_id=world.deployment("submitted"), now=NOW
        ),
        "reject_relos_deployment": lambda: deployment_service.reject_deployment(
            db.uow(), actor=actor, deployment_id=world.deployment("submitted"), reason="matrix", now=NOW
        ),
        "arrive_relos_deployment": lambda: deployment_service.mark_arrived(
            db.uow(), actor=actor, deployment_id=world.deployment("approved"), now=ARRIVAL
        ),
        "depart_relos_deployment": lambda: deployment_service.mark_departed(
            db.uow(),
            actor=actor,
            deployment_id=world.deployment("arrived"),
            at=ARRIVAL + timedelta(hours=1),
            now=ARRIVAL + timedelta(hours=1),
        ),
        "record_override_relos": lambda: world.record_override(actor),
        "revoke_override_relos": lambda: presence.revoke_override(
            db.uow(), actor=actor, override_id=world.override(), reason="matrix", now=NOW
        ),
    }
    try:
        result = actions[action]()
    except Forbidden:
        return "403"
    except NotFound:
        return "404"
    return result if isinstance(result, str) else "ok"


def _fresh_database(kind: str, request: pytest.FixtureRequest, tmp: Path) -> Database:
    if kind == "sqlite":
        path = tmp / "matrix.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return Database(f"sqlite:///{path}")
    url = request.getfixturevalue("pg_url")
    if url is None:
        pytest.skip("PostgreSQL not reachable (set RELOS_TEST_POSTGRES_URL to run these)")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {', '.join(t.name for t in metadata.sorted_tables)} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return Database(url)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """One database per backend for the whole matrix: each case writes records of its own."""
    db = _fresh_database(request.param, request, tmp_path_factory.mktemp("matrix"))
    load_bundled_agreements(db.uow(), actor=OPERATOR)
    prepare_deployments(db)
    with db.uow() as uow:
        uow.facilities.save(
            replace(OTHER_PORT, id="RU-TST", country="RUS", timezone="Europe/Moscow"), imported_from="t"
        )
        for code, country, opened in (
            ("RU-MTX", "RUS", ("relos-ind-rus",)),
            ("IN-MTX", "IND", ("relos-ind-rus", "lemoa-ind-usa")),
            ("US-MTX", "USA", ("lemoa-ind-usa",)),
        ):
            port = Facility(code, f"Matrix port {code}", code, country, FacilityKind.PORT, 0.0, 0.0, "UTC")
            uow.facilities.save(replace(port, berths=2, open_under=opened, source="matrix"), imported_from="matrix")
        uow.commit()
    password_hash = hash_password("a long enough passphrase")
    with db.uow() as uow:
        for party in ("IND", "RUS", "USA"):
            for short, role in ROLES.items():
                uow.users.add(User(user_id(party, short), party, frozenset({role})), password_hash=password_hash)
            for extra in ("colleague", "spare"):
                uow.users.add(
                    User(f"{party.lower()}-{extra}", party, frozenset({Role.REQUESTER})), password_hash=password_hash
                )
        uow.commit()
    yield World(db)
    db.dispose()


@pytest.mark.parametrize(("action", "party", "role", "expected"), _table())
def test_authority_matrix(world: World, action: str, party: str, role: str, expected: str) -> None:
    actor = Actor(user_id(party, role), party, frozenset({ROLES[role]}))
    assert _act(world, action, actor, party, case=f"{party}-{role}".lower()) == expected


def test_the_matrix_covers_every_role_of_every_party_for_every_action() -> None:
    cases = _table()
    actions = {a for a, *_ in cases}
    assert len(cases) == len(actions) * 3 * len(Role)
    assert {(p, r) for _, p, r, _ in cases} == {(p, r) for p in ("IND", "RUS", "USA") for r in ROLES}


def test_the_operator_may_do_everything_but_hold_a_token(world: World) -> None:
    """The operator (the console) is no user: it has no tokens of its own, and may do all else."""
    own = {"issue_token_for_self", "revoke_own_token"}
    for action in sorted(own):
        assert _act(world, action, OPERATOR, "IND", case="op-" + action.replace("_", "-")) == "404", action
    for action in sorted({a for a, *_ in _table()} - {"list_agreements"} - own):
        assert _act(world, action, OPERATOR, "IND", case="op-" + action.replace("_", "-")) in ("ok",), action


def test_russian_auditor_reads_no_entry_of_the_india_usa_agreement(world: World) -> None:
    auditor = Actor("rus-aud", "RUS", frozenset({Role.AUDITOR}))
    for agreement_id in ("relos-ind-rus", "lemoa-ind-usa"):
        note = AgreementEvent(EventKind.NOTE, date(2026, 1, 6), f"note on {agreement_id}")
        agreements.record_event(world.db.uow(), actor=OPERATOR, agreement_id=agreement_id, event=note, at=NOW.date())
    world.token_of("rus-spare"), world.token_of("usa-spare")
    entries = audit_trail.read_audit_trail(world.db.uow(), actor=auditor, limit=500)
    assert entries, "the RUS auditor sees the RELOS entries"
    russian = {v.agreement.id for v in agreements.list_agreements(world.db.uow(), actor=auditor, at=NOW.date())}
    assert "relos-ind-rus" in {e.agreement_id for e in entries}
    assert {e.agreement_id for e in entries} <= russian | {None}
    assert {e.subject_party for e in entries if e.agreement_id is None} == {"RUS"}
    assert not any("lemoa" in repr(e) or e.party == "USA" for e in entries)

"""Reconciling the two parties' ledgers by signed statement digests: two instances holding the same ledger agree;
they sign a settlement certificate, one then the other (refused when the ledgers differ, when one moved after the
other signed, or when the certificate was altered); a payment corrected in one shows as differences naming the
payment, its invoice and the balance; two ledgers
kept apart (India's on SQLite, Russia's on PostgreSQL, each loaded with the same sample) list every record as
missing on the other side while the balances agree; a digest altered or addressed to another party is refused."""

from __future__ import annotations

import base64
import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import delete
from tests.integration.exchange_helpers import OPERATOR, Instance, emptied, introduce

from relos.db.runtime import Database
from relos.db.tables import metadata
from relos.domain.actor import Actor, Role
from relos.domain.errors import Conflict, InvalidInput
from relos.services.exchange import peers, reconcile, settlement
from relos.services.exchange.signing import canonical
from relos.services.facilities.bundled import load_bundled_agreements, load_bundled_reference_data
from relos.services.ledger import reimbursement
from relos.services.ledger.statements import ledger_statement
from relos.services.operations.demo import load_demo

NOW = datetime.now(UTC).replace(microsecond=0)  # taken again when each test runs (the fixture below)
PERIOD = ""


@pytest.fixture(autouse=True)
def _now_when_run() -> None:
    """NOW and PERIOD are taken when each test runs, not at import (a run may cross midnight UTC)."""
    global NOW, PERIOD
    NOW = datetime.now(UTC).replace(microsecond=0)
    PERIOD = f"{(NOW - timedelta(days=400)).date()}..{(NOW + timedelta(days=400)).date()}"


RUS_FINANCE = Actor("rus.finance", "RUS", frozenset({Role.FINANCE_OFFICER}))


def _sample(db: Database) -> Database:
    load_bundled_agreements(db.uow(), actor=OPERATOR)
    load_bundled_reference_data(db.uow(), actor=OPERATOR)
    load_demo(db.uow, operator=OPERATOR, now=NOW)
    return db


def _party(db: Database, party: str, data_dir: Path) -> Instance:
    """The sample's database made `party`'s instance: the other parties' sample users go (it holds its own only)."""
    users = metadata.tables["users"]
    with db.engine.begin() as conn:
        conn.execute(delete(users).where(users.c.party != party))
    peers.set_instance_party(db.uow(), actor=OPERATOR, party=party, now=NOW)
    return Instance(party, db, data_dir)


def _digest(one: Instance) -> bytes:
    signed = reconcile.make_digest(
        one.db.uow(), actor=OPERATOR, agreement_id="relos-ind-rus", period=PERIOD, key=one.key, today=NOW.date(),
        now=NOW,
    )  # fmt: skip
    return json.dumps(signed).encode()


def _reconcile(one: Instance, data: bytes) -> reconcile.Reconciliation:
    return reconcile.reconcile(
        one.db.uow(), actor=OPERATOR, data=data, where="digest.json", key=one.key, today=NOW.date(), now=NOW
    )


def _at(one: Instance) -> dict[str, Any]:
    return {"where": "file.json", "key": one.key, "today": NOW.date(), "now": NOW}


def test_the_same_ledger_agrees_and_a_corrected_payment_is_every_difference_it_makes(
    tmp_path: Path, sqlite_template: Path
) -> None:
    shutil.copy(sqlite_template, tmp_path / "india.sqlite3")
    _sample(Database(f"sqlite:///{tmp_path / 'india.sqlite3'}")).dispose()
    shutil.copy(tmp_path / "india.sqlite3", tmp_path / "russia.sqlite3")
    india = _party(Database(f"sqlite:///{tmp_path / 'india.sqlite3'}"), "IND", tmp_path / "ind")
    russia = _party(Database(f"sqlite:///{tmp_path / 'russia.sqlite3'}"), "RUS", tmp_path / "rus")
    introduce(india, russia)
    agreed = _reconcile(russia, _digest(india))
    assert agreed.agreed and agreed.partner == "IND" and agreed.ours != agreed.theirs

    by_russia = settlement.certify(russia.db.uow(), actor=OPERATOR, data=_digest(india), **_at(russia))
    assert sorted(by_russia["signatures"]) == ["RUS"]
    both = settlement.countersign(india.db.uow(), actor=OPERATOR, data=json.dumps(by_russia).encode(), **_at(india))
    assert sorted(both["signatures"]) == ["IND", "RUS"] and both["ledger_hash"] == by_russia["ledger_hash"]
    for party, one in (("IND", india), ("RUS", russia)):
        signed = {k: v for k, v in both.items() if k != "signatures"}
        one.key.public_key().verify(base64.b64decode(both["signatures"][party]["signature"]), canonical(signed))
    tampered = json.dumps({**by_russia, "period": "2020"}).encode()
    with pytest.raises(InvalidInput) as refused:
        settlement.countersign(india.db.uow(), actor=OPERATOR, data=tampered, **_at(india))
    assert refused.value.problems[0].code == "exchange_signature_bad"
    by_india = settlement.certify(india.db.uow(), actor=OPERATOR, data=_digest(russia), **_at(india))

    statement = ledger_statement(russia.db.uow(), actor=OPERATOR, agreement_id="relos-ind-rus", period=PERIOD)
    (payment,) = statement["payments"]
    reimbursement.reverse_payment(
        russia.db.uow(), actor=RUS_FINANCE, payment_id=payment["id"], reason="entered twice", on=NOW.date(), now=NOW
    )
    with pytest.raises(Conflict) as changed:  # Russia's ledger moved after India certified it
        settlement.countersign(russia.db.uow(), actor=OPERATOR, data=json.dumps(by_india).encode(), **_at(russia))
    assert changed.value.code == "conflict.exchange_ledger_changed"
    with pytest.raises(Conflict) as differ:
        settlement.certify(russia.db.uow(), actor=OPERATOR, data=_digest(india), **_at(russia))
    assert differ.value.code == "conflict.exchange_ledgers_differ"
    found = _reconcile(russia, _digest(india))
    named = {(d.kind, d.record if d.kind != "balances" else "", d.field) for d in found.differences}
    assert ("payments", payment["id"], "reversed") in named
    assert ("invoices", payment["invoice_id"], "outstanding") in named
    assert ("balances", "", "cash") in named
    reversed_here = next(d for d in found.differences if d.kind == "payments")
    assert (reversed_here.ours, reversed_here.theirs) == (True, False)

    with pytest.raises(InvalidInput) as refused:
        _reconcile(russia, _digest(india).replace(b'"reversed": false', b'"reversed": true'))
    assert refused.value.problems[0].code == "exchange_signature_bad"
    with pytest.raises(InvalidInput) as refused:
        _reconcile(india, _digest(india))
    assert refused.value.problems[0].code == "exchange_wrong_receiver"


def test_ledgers_kept_apart_list_every_record_missing_on_the_other_side_while_the_balances_agree(
    tmp_path: Path, sqlite_template: Path, pg_url: str | None
) -> None:
    if pg_url is None:
        pytest.skip("PostgreSQL not reachable (set RELOS_TEST_POSTGRES_URL to run these)")
    shutil.copy(sqlite_template, tmp_path / "india.sqlite3")
    india = _party(_sample(Database(f"sqlite:///{tmp_path / 'india.sqlite3'}")), "IND", tmp_path / "ind")
    russia_db = emptied(pg_url)
    russia = _party(_sample(russia_db), "RUS", tmp_path / "rus")
    introduce(india, russia)
    try:
        found = _reconcile(russia, _digest(india))
        kinds = {d.kind for d in found.differences}
        assert {"orders", "deliveries", "obligations", "invoices", "payments"} <= kinds and "balances" not in kinds
        assert all(d.field == "" and (d.ours is None) != (d.theirs is None) for d in found.differences)
        mine = [d for d in found.differences if d.theirs is None]
        assert len(mine) == len(found.differences) // 2
    finally:
        india.db.dispose()
        russia.db.dispose()

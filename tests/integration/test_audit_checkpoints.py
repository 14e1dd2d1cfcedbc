"""`relos audit checkpoint` signs the chain's head outside the database; `relos audit verify` holds the chain
to every signed checkpoint (a tail cut off with its head row, a chain rewritten and re-hashed) and each audited
record's row to its history (a deployment's personnel changed directly in the database)."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC
from pathlib import Path

import pytest
from sqlalchemy import select, text, update
from tests.integration.deployments_helpers import NOW, RUS_REQUESTER, approved, prepare, request
from typer.testing import CliRunner

from relos.cli.main import app
from relos.db.audit_chain import entry_hash
from relos.db.runtime import Database
from relos.db.tables.audit import AuditEntryRow

runner = CliRunner()


@pytest.fixture
def world(loaded: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    monkeypatch.setenv("RELOS_DATABASE_URL", loaded.url)
    monkeypatch.setenv("COLUMNS", "400")  # the messages on one line each
    db = prepare(loaded)
    approved(db, start=0, end=10, ships=2, personnel=300)
    return db


def _relos(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output + (result.stderr if result.stderr_bytes is not None else "")


def _sql(db: Database, statement: str, **params: object) -> None:
    with db.engine.begin() as conn:
        conn.execute(text(statement), params)


def _length(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text("SELECT max(seq) FROM audit_log")).scalar_one())


def test_checkpoint_is_signed_with_an_owner_only_key(world: Database, data_dir: Path) -> None:
    code, out = _relos("audit", "checkpoint")
    assert code == 0, out
    key = data_dir / "audit-signing-key.pem"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    line = json.loads((data_dir / "audit-checkpoints.jsonl").read_text().splitlines()[-1])
    assert line["seq"] == _length(world) and len(line["signature"]) == 128
    assert _relos("audit", "verify")[0] == 0


def test_key_readable_by_others_is_refused(world: Database, data_dir: Path) -> None:
    assert _relos("audit", "checkpoint")[0] == 0
    os.chmod(data_dir / "audit-signing-key.pem", 0o644)
    code, out = _relos("audit", "verify")
    assert code == 1 and "chmod 600" in out


def test_cut_off_tail_and_head_contradict_the_checkpoint(world: Database) -> None:
    assert _relos("audit", "checkpoint")[0] == 0
    last = _length(world)
    _sql(world, "DELETE FROM audit_log WHERE seq >= :s", s=last - 1)
    with world.engine.connect() as conn:
        prev = conn.execute(text("SELECT hash FROM audit_log WHERE seq = :s"), {"s": last - 2}).scalar_one()
    _sql(world, "UPDATE audit_head SET seq = :s, hash = :h", s=last - 2, h=prev)
    code, out = _relos("audit", "verify")
    assert code == 1
    assert f"the chain ends at entry {last - 2} but checkpoint 1 (entry {last}" in out
    assert f"entries {last - 1} to {last} were cut from the end" in out


def _rehash_from(db: Database, first: int) -> None:
    """Rewrite the chain from entry `first` on, sealing every entry again as RELOS would: links all hold."""
    table = AuditEntryRow.__table__
    with db.engine.begin() as conn:
        prev = conn.execute(select(table.c.hash).where(table.c.seq == first - 1)).scalar_one()
        for stored in conn.execute(select(table).where(table.c.seq >= first).order_by(table.c.seq)).all():
            digest = entry_hash(
                version=stored.version,
                prev_hash=prev,
                seq=stored.seq,
                at=stored.at if stored.at.tzinfo else stored.at.replace(tzinfo=UTC),
                entity=stored.entity,
                entity_id=stored.entity_id,
                agreement_id=stored.agreement_id,
                subject_party=stored.subject_party,
                payload=stored.payload,
            )
            conn.execute(update(table).where(table.c.seq == stored.seq).values(prev_hash=prev, hash=digest))
            prev = digest
        conn.execute(text("UPDATE audit_head SET hash = :h"), {"h": prev})


def test_rewritten_and_rehashed_chain_contradicts_the_checkpoint(world: Database) -> None:
    assert _relos("audit", "checkpoint")[0] == 0
    last = _length(world)
    forged = last - 1
    forge = "UPDATE audit_log SET payload = replace(payload, 'rus.requester', 'usa.requester') WHERE seq = :s"
    _sql(world, forge, s=forged)
    _rehash_from(world, forged)
    with world.uow() as uow:
        assert uow.audit.verify().intact  # the links alone no longer tell
    code, out = _relos("audit", "verify")
    assert code == 1
    assert f"entry {last} contradicts checkpoint 1 (entry {last}" in out
    assert "rewritten and re-hashed" in out


def test_altered_checkpoint_file_is_named(world: Database, data_dir: Path) -> None:
    assert _relos("audit", "checkpoint")[0] == 0
    path = data_dir / "audit-checkpoints.jsonl"
    line = json.loads(path.read_text())
    path.write_text(json.dumps({**line, "seq": line["seq"] - 1}) + "\n")
    code, out = _relos("audit", "verify")
    assert code == 1 and "checkpoint 1" in out and "bad signature" in out


def test_approved_personnel_changed_in_the_database_is_reported(world: Database) -> None:
    with world.engine.connect() as conn:
        deployment = conn.execute(text("SELECT id FROM deployments")).scalar_one()
    assert _relos("audit", "verify")[0] == 0
    _sql(world, "UPDATE deployments SET personnel = 5000 WHERE id = :i", i=deployment)
    code, out = _relos("audit", "verify")
    assert code == 1
    assert f"deployment {deployment}: personnel is 5000 in the database but 300 by its audit history" in out


def test_status_changed_in_the_database_is_reported(world: Database) -> None:
    _sql(world, "UPDATE deployments SET status = 'draft'")
    code, out = _relos("audit", "verify")
    assert code == 1 and "status is 'draft' in the database but 'approved'" in out


def test_amended_deployment_replays_without_a_false_alarm(world: Database) -> None:
    from relos.services.deployments import lifecycle

    with world.engine.connect() as conn:
        deployment = conn.execute(text("SELECT id FROM deployments")).scalar_one()
    lifecycle.amend_deployment(
        world.uow(),
        actor=RUS_REQUESTER,
        deployment_id=deployment,
        data=request(ships=2, personnel=400),
        reason="more crew",
        now=NOW,
    )
    code, out = _relos("audit", "verify")
    assert code == 0, out


def test_roles_granted_in_the_database_are_reported(world: Database) -> None:
    from relos.domain.actor import Actor
    from relos.services.people import users

    users.create_user(
        world.uow(), actor=Actor.operator("test"), user_id="ivan", party="RUS", roles=["auditor"], password="x" * 16
    )
    assert _relos("audit", "verify")[0] == 0
    _sql(world, "UPDATE users SET roles = 'administrator auditor' WHERE user_id = 'ivan'")
    code, out = _relos("audit", "verify")
    assert code == 1
    assert (
        "user ivan: roles is ['administrator', 'auditor'] in the database but ['auditor'] by its audit history" in out
    )


def test_a_populated_database_replays_without_a_false_alarm(orders_db: Database) -> None:
    """Deployments approved and refused, clearances decided, orders through billing and payment, users of
    both parties: every record agrees with its history, and `relos check` holds."""
    from tests.e2e.populated_world import populate

    populate(orders_db)
    with orders_db.uow() as uow:
        assert uow.audit.verify().intact
        assert uow.audit.replay() == []


def test_verifying_makes_no_key_and_a_lost_key_is_named(world: Database, data_dir: Path) -> None:
    code, out = _relos("audit", "verify")
    assert code == 0 and "no checkpoint signed yet" in out
    assert not (data_dir / "audit-signing-key.pem").exists()
    assert _relos("audit", "checkpoint")[0] == 0
    (data_dir / "audit-signing-key.pem").unlink()
    code, out = _relos("audit", "verify")
    assert code == 1 and "holds 1 checkpoint(s) but this instance has no signing key" in out

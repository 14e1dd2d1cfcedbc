"""`relos init --party`, `relos keys`, `relos peers` and `relos exchange` between two instances, each its own
database (India's on each backend, Russia's on SQLite) and data directory: keys swapped and listed with their
fingerprints, a request exported, imported with an acknowledgement written back, an altered bundle refused
(exit 2), the status, and the audit chain still verifying after the key's rotation."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from tests.integration.exchange_helpers import BASE, IND_REQUESTER, OPERATOR
from typer.testing import CliRunner

from relos.cli.main import app
from relos.db.runtime import Database
from relos.domain.agreements import AgreementEvent, EventKind
from relos.services.agreements import register as agreements
from relos.services.deployments import lifecycle

runner = CliRunner()


def _run(env: dict[str, str], *args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args), env=env)
    assert result.exit_code == code, result.output
    return result.output


def test_two_instances_swap_keys_and_a_bundle_from_the_command_line(
    database: Database, tmp_path: Path, sqlite_template: Path
) -> None:
    shutil.copy(sqlite_template, tmp_path / "russia.sqlite3")
    india = {"RELOS_DATABASE_URL": database.url, "RELOS_DATA_DIR": str(tmp_path / "ind")}
    russia = {"RELOS_DATABASE_URL": f"sqlite:///{tmp_path / 'russia.sqlite3'}", "RELOS_DATA_DIR": str(tmp_path / "rus")}
    assert "instance of IND" in _run(india, "init", "--party", "IND")
    _run(russia, "init", "--party", "RUS")
    _run(russia, "init", "--party", "IND", code=1)  # an instance's party is set once
    for one, other, party in ((india, russia, "RUS"), (russia, india, "IND")):
        (current,) = json.loads(_run(other, "keys", "show", "--json"))
        assert _run(one, "peers", "add", "--party", party, "--key", current["public_key"]).count(current["fingerprint"])
        (listed,) = json.loads(_run(one, "peers", "list", "--json"))
        assert listed["fingerprint"] == current["fingerprint"] and listed["party"] == party
    for env in (india, russia):
        db = Database(env["RELOS_DATABASE_URL"])
        agreements.record_event(
            db.uow(), actor=OPERATOR, agreement_id="relos-ind-rus",
            event=AgreementEvent(EventKind.ENTRY_INTO_FORCE, date(2026, 1, 1), "test assumption"), at=date(2026, 1, 1),
        )  # fmt: skip
        with db.uow() as uow:
            uow.facilities.save(BASE, imported_from="test")
            uow.commit()
        db.dispose()
    start = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
    data = {"agreement_id": "relos-ind-rus", "facility_id": "RU-TST", "purpose": "joint_exercise",
            "start": start, "end": start + timedelta(days=10), "personnel": 200, "ships": []}  # fmt: skip
    created = lifecycle.create_deployment(database.uow(), actor=IND_REQUESTER, data=data)
    lifecycle.submit_deployment(database.uow(), actor=IND_REQUESTER, deployment_id=created["id"])

    bundle, reply = tmp_path / "to-rus.json", tmp_path / "to-ind.json"
    assert "1 document(s) for RUS" in _run(india, "exchange", "export", "--to", "RUS", "-o", str(bundle))
    altered = tmp_path / "altered.json"
    altered.write_bytes(bundle.read_bytes().replace(b'"personnel":200', b'"personnel":300'))
    assert "signature" in _run(russia, "exchange", "import", str(altered), code=2)
    out = _run(russia, "exchange", "import", str(bundle), "--reply", str(reply))
    assert "1 applied" in out and reply.is_file()
    assert "1 of ours acknowledged" in _run(india, "exchange", "import", str(reply))
    (channel,) = json.loads(_run(india, "exchange", "status", "--json"))["channels"]
    assert channel["partner"] == "RUS" and channel["unacknowledged"] == [] and channel["sent"] == 1

    _run(india, "audit", "checkpoint")
    assert "retired" in _run(india, "keys", "rotate")
    _run(india, "audit", "checkpoint")
    assert "intact" in _run(india, "audit", "verify")  # checkpoints of the old key and the new verify

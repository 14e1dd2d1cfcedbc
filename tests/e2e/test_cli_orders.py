"""`relos orders` and `relos ledger` as scripts call them: --by names each official; exit codes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from tests.conftest import take_relos_in_force
from typer.testing import CliRunner

from relos.cli.main import app
from relos.db.runtime import Database

runner = CliRunner()


@pytest.fixture
def env(database: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    monkeypatch.setenv("RELOS_DATABASE_URL", database.url)
    assert runner.invoke(app, ["init"]).exit_code == 0
    return take_relos_in_force(database)


def run(*args: str) -> dict:  # type: ignore[type-arg]
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_order_steps_and_statement_files_from_the_cli(env: Database, tmp_path: Path) -> None:
    today = date.today().isoformat()  # when the test runs: a run may cross midnight after collecting it
    order_file = tmp_path / "order.json"
    order_file.write_text(
        json.dumps(
            {
                "agreement_id": "relos-ind-rus",
                "requesting_party": "IND",
                "requesting_unit": "INS Tabar",
                "facility_id": "RU-VVO",
                "lines": [
                    {
                        "category": "water",
                        "item_code": "W",
                        "description": "Potable water",
                        "quantity": "40",
                        "unit": "m3",
                        "method": "cash",
                        "unit_price": "100.00",
                        "currency": "RUB",
                        "price_reason": "no published list for this port",
                    }
                ],
            }
        )
    )
    oid = run("orders", "create", str(order_file), "--by", "requester")["id"]
    run("orders", "sign", oid, "--party", "IND", "--by", "ind.captain")
    run("orders", "sign", oid, "--party", "RUS", "--by", "rus.commander")
    run("orders", "accept", oid, "--by", "rus.logistics")
    refused = runner.invoke(app, ["orders", "deliver", oid, "--line", "1=41", "--on", today, "--by", "rus.logistics"])
    assert refused.exit_code == 2 and "left to deliver" in refused.output
    delivery = run("orders", "deliver", oid, "--line", "1=40", "--on", today, "--by", "rus.logistics")
    own = runner.invoke(app, ["orders", "receipt", oid, delivery["id"], "--on", today, "--by", "requester"])
    assert own.exit_code == 1
    run("orders", "receipt", oid, delivery["id"], "--on", today, "--by", "ind.supply")
    assert run("orders", "bill", oid, "--on", today, "--by", "rus.finance")["invoice"]["amount"] == "4000.00"
    balances = run("ledger", "balances", "--agreement", "relos-ind-rus", "--json")
    assert {"RUS", "IND"} == {b["party"] for b in balances}
    pdf, csv_file = tmp_path / "s.pdf", tmp_path / "s.csv"
    for fmt, out in (("pdf", pdf), ("csv", csv_file)):
        result = runner.invoke(
            app,
            [
                "ledger",
                "statement",
                "--agreement",
                "relos-ind-rus",
                "--period",
                today[:4],
                "--format",
                fmt,
                "-o",
                str(out),
            ],
        )
        assert result.exit_code == 0, result.output
    assert pdf.read_bytes().startswith(b"%PDF") and "Поставки" in csv_file.read_text(encoding="utf-8")

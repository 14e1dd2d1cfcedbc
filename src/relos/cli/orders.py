"""`relos orders`: price lists, support orders and their lifecycle, deliveries and receipts.

The CLI acts as the local operator; `--by NAME` records the official who takes each step, so the
separation of duties (requester, signers, receipting and billing officers differ) holds here too.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from relos.cli.common import clock, command, database, fail, operator, parse_day, print_json
from relos.cli.tables import print_listing
from relos.domain.actor import Actor
from relos.domain.references import RecordKind
from relos.services.ledger import reimbursement
from relos.services.orders import deliveries
from relos.services.orders import lifecycle as service
from relos.services.orders.lifecycle import LineInput
from relos.services.orders.price_lists import PriceItemInput, add_price_list
from relos.services.references import record_id

app = typer.Typer(help="Support orders, deliveries and receipts.", no_args_is_help=True)

ByOption = Annotated[str | None, typer.Option("--by", help="the official taking this step (default: you)")]
OnOption = Annotated[str | None, typer.Option("--on", help="day (YYYY-MM-DD; default today)")]
JsonOption = Annotated[bool, typer.Option("--json", help="print JSON")]
KeyOption = Annotated[str | None, typer.Option("--idempotency-key", help="a repeat with the same key posts nothing")]


def acting(by: str | None) -> Actor:
    return Actor.operator(by) if by else operator()


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        fail(f"{path}: {exc}")


def _quantities(specs: list[str]) -> list[tuple[int, object]]:
    found: list[tuple[int, object]] = []
    for spec in specs:
        line, _, qty = spec.partition("=")
        if not line.isdigit() or not qty:
            fail(f"--line {spec!r}: give LINE_NO=QUANTITY, e.g. --line 1=600")
        found.append((int(line), qty))
    return found


@app.command("price-list")
@command
def price_list(file: Path, by: ByOption = None) -> None:
    """Record a price list from JSON: {supplying_party, facility_id, valid_from, valid_until, source, items: [...]}."""
    data = _read_json(file)
    try:
        items = [PriceItemInput(**i) for i in data["items"]]
        result = add_price_list(
            database().uow(),
            actor=acting(by),
            supplying_party=data["supplying_party"],
            facility_id=data.get("facility_id"),
            valid_from=date.fromisoformat(data["valid_from"]),
            valid_until=date.fromisoformat(data["valid_until"]) if data.get("valid_until") else None,
            source=data.get("source", ""),
            items=items,
            now=clock().now(),
        )
    except (KeyError, TypeError, ValueError) as exc:
        fail(f"{file}: {exc}")
    print_json(result)


@app.command()
@command
def create(file: Path, by: ByOption = None, idempotency_key: KeyOption = None) -> None:
    """Draft an order from JSON: {agreement_id, requesting_party, requesting_unit, facility_id, lines: [...],
    title?} (no title: one is made). It gets its reference, SUPPLIER-ORD-YEAR-NUMBER."""
    data = _read_json(file)
    try:
        lines = [LineInput(**ln) for ln in data["lines"]]
        result = service.create_order(
            database().uow(),
            actor=acting(by),
            agreement_id=data["agreement_id"],
            requesting_party=data.get("requesting_party"),
            requesting_unit=data["requesting_unit"],
            facility_id=data["facility_id"],
            deployment_id=data.get("deployment_id"),
            needed_by=date.fromisoformat(data["needed_by"]) if data.get("needed_by") else None,
            note=data.get("note", ""),
            title=data.get("title"),
            lines=lines,
            idempotency_key=idempotency_key,
            now=clock().now(),
        )
    except (KeyError, TypeError, ValueError) as exc:
        fail(f"{file}: {exc}")
    print_json(result)


@app.command("list")
@command
def list_(
    agreement: Annotated[str | None, typer.Option("--agreement")] = None,
    status: str | None = None,
    as_json: JsonOption = False,
) -> None:
    """Orders, optionally of one agreement or in one status."""
    rows = service.list_orders(database().uow(), actor=operator(), agreement_id=agreement, status=status)
    if as_json:
        print_json(rows)
        return
    table = Table("reference", "title", "id", "agreement", "status", "v", "from", "unit", "to", "facility", "lines")
    for r in rows:
        table.add_row(
            r["reference"],
            r["title"],
            r["id"],
            r["agreement_id"],
            r["status"],
            str(r["version"]),
            r["requesting_party"],
            r["requesting_unit"],
            r["supplying_party"],
            r["facility_id"],
            str(r["lines"]),
        )
    print_listing(table, ids=("reference", "id", "agreement", "facility"))


@app.command()
@command
def show(order_id: Annotated[str, typer.Argument(help="its id or reference (RUS-ORD-2027-0001)")]) -> None:
    """One order with its lines, signatures, deliveries, receipts and versions (JSON)."""
    found = record_id(database().uow(), actor=operator(), kind=RecordKind.ORDER, key=order_id)
    print_json(service.get_order(database().uow(), actor=operator(), order_id=found))


@app.command()
@command
def sign(order_id: str, party: Annotated[str, typer.Option("--party")], by: ByOption = None) -> None:
    """An authorised official signs the current version for one party."""
    print_json(
        service.sign_order(database().uow(), actor=acting(by), order_id=order_id, party=party, now=clock().now())
    )


@app.command()
@command
def amend(order_id: str, file: Path, reason: Annotated[str, typer.Option("--reason")], by: ByOption = None) -> None:
    """A new version of the order's lines from JSON ({"lines": [...]}); both parties sign again."""
    data = _read_json(file)
    try:
        lines = [LineInput(**ln) for ln in data["lines"]]
    except (KeyError, TypeError) as exc:
        fail(f"{file}: {exc}")
    print_json(
        service.amend_order(
            database().uow(), actor=acting(by), order_id=order_id, lines=lines, reason=reason, now=clock().now()
        )
    )


@app.command()
@command
def accept(order_id: str, by: ByOption = None) -> None:
    print_json(service.accept_order(database().uow(), actor=acting(by), order_id=order_id, now=clock().now()))


@app.command()
@command
def cancel(order_id: str, reason: Annotated[str, typer.Option("--reason")], by: ByOption = None) -> None:
    print_json(
        service.cancel_order(database().uow(), actor=acting(by), order_id=order_id, reason=reason, now=clock().now())
    )


@app.command()
@command
def deliver(
    order_id: str,
    line: Annotated[list[str], typer.Option("--line", help="LINE_NO=QUANTITY (repeat)")],
    on: OnOption = None,
    by: ByOption = None,
    idempotency_key: KeyOption = None,
) -> None:
    """Record a delivery of (part of) the order."""
    print_json(
        deliveries.record_delivery(
            database().uow(),
            actor=acting(by),
            order_id=order_id,
            delivered_on=parse_day(on, option="--on"),
            lines=_quantities(line),
            idempotency_key=idempotency_key,
            now=clock().now(),
            tolerance=clock().tolerance,
        )
    )


@app.command()
@command
def receipt(
    order_id: str,
    delivery_id: str,
    line: Annotated[
        list[str] | None, typer.Option("--line", help="LINE_NO=QUANTITY receipted (default: as delivered)")
    ] = None,
    on: OnOption = None,
    by: ByOption = None,
    idempotency_key: KeyOption = None,
) -> None:
    """The receiving unit receipts a delivery; this posts the obligation."""
    print_json(
        deliveries.receipt_delivery(
            database().uow(),
            actor=acting(by),
            order_id=order_id,
            delivery_id=delivery_id,
            receipted_on=parse_day(on, option="--on"),
            lines=_quantities(line) if line else None,
            idempotency_key=idempotency_key,
            now=clock().now(),
            tolerance=clock().tolerance,
        )
    )


@app.command()
@command
def bill(order_id: str, on: OnOption = None, by: ByOption = None, idempotency_key: KeyOption = None) -> None:
    """The supplier's billing officer invoices what is owed in cash."""
    print_json(
        reimbursement.bill_order(
            database().uow(),
            actor=acting(by),
            order_id=order_id,
            issued_on=parse_day(on, option="--on"),
            idempotency_key=idempotency_key,
            now=clock().now(),
            tolerance=clock().tolerance,
        )
    )


@app.command()
@command
def close(order_id: str, by: ByOption = None) -> None:
    """Close a settled order."""
    print_json(reimbursement.close_order(database().uow(), actor=acting(by), order_id=order_id, now=clock().now()))

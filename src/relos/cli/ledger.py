"""`relos ledger`: balances, statements, payments, deliveries in kind, conversions, exchange rates."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from relos.cli import ledger_reconcile
from relos.cli.common import clock, command, database, fail, operator, parse_day, print_json
from relos.cli.orders import ByOption, KeyOption, OnOption, acting
from relos.cli.tables import print_listing
from relos.services.ledger import reimbursement, statements
from relos.services.ledger.formats import to_csv, to_pdf
from relos.services.ledger.statement_words import language_of
from relos.services.orders import deliveries

app = typer.Typer(help="The reimbursement ledger.", no_args_is_help=True)


@app.command()
@command
def balances(
    agreement: Annotated[str | None, typer.Option("--agreement")] = None,
    before: Annotated[str | None, typer.Option("--before", help="postings dated before this day only")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Balances per agreement and account, derived from the postings."""
    day = parse_day(before, option="--before") if before else None
    rows = statements.ledger_balances(database().uow(), actor=operator(), agreement_id=agreement, before=day)
    if as_json:
        print_json(rows)
        return
    table = Table("agreement", "party", "account", "counterparty", "currency", "amount")
    for r in rows:
        table.add_row(r["agreement_id"], r["party"], r["account"], r["counterparty"], r["currency"], r["amount"])
    print_listing(table, ids=("agreement",))


@app.command()
@command
def statement(
    agreement: Annotated[str, typer.Option("--agreement")],
    period: Annotated[str, typer.Option("--period", help="2026, 2026-Q2, 2026-03 or 2026-01-01..2026-07-01")],
    format: Annotated[str, typer.Option("--format", help="json, csv or pdf")] = "json",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="file (default: stdout; PDF needs a file)")
    ] = None,
    settlement_currency: Annotated[str | None, typer.Option("--settlement-currency")] = None,
    lang: Annotated[str, typer.Option("--lang", help="the CSV's and PDF's language: en or ru")] = "en",
) -> None:
    """The settlement statement of an agreement for a period: JSON, or the document to sign and send as CSV or PDF
    in English or Russian (--lang), each table titled in both."""
    if format not in ("json", "csv", "pdf"):
        fail(f"--format {format!r}: json, csv or pdf")
    if lang not in ("en", "ru"):
        fail(f"--lang {lang!r}: en or ru")
    st = statements.ledger_statement(
        database().uow(),
        actor=operator(),
        agreement_id=agreement,
        period=period,
        settlement_currency=settlement_currency,
        today=clock().today(),
    )
    if format == "json":
        if output:
            import json

            output.write_text(json.dumps(st, ensure_ascii=False, indent=2), encoding="utf-8")
        else:
            print_json(st)
    elif format == "csv":
        text = to_csv(st, language_of(lang))
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    else:
        data = to_pdf(st, language_of(lang))
        if output:
            output.write_bytes(data)
        else:
            sys.stdout.buffer.write(data)


@app.command()
@command
def pay(
    invoice_id: str,
    amount: Annotated[str, typer.Option("--amount")],
    currency: Annotated[str, typer.Option("--currency")],
    on: OnOption = None,
    reference: Annotated[str, typer.Option("--reference")] = "",
    by: ByOption = None,
    idempotency_key: KeyOption = None,
) -> None:
    """Record a payment against an invoice."""
    print_json(
        reimbursement.record_payment(
            database().uow(),
            actor=acting(by),
            invoice_id=invoice_id,
            amount=amount,
            currency=currency,
            paid_on=parse_day(on, option="--on"),
            reference=reference,
            idempotency_key=idempotency_key,
            now=clock().now(),
            tolerance=clock().tolerance,
        )
    )


@app.command("reverse-payment")
@command
def reverse_payment(
    payment_id: str,
    reason: Annotated[str, typer.Option("--reason")],
    on: OnOption = None,
    by: ByOption = None,
    idempotency_key: KeyOption = None,
) -> None:
    """Correct a payment recorded in error with a reversing entry."""
    print_json(
        reimbursement.reverse_payment(
            database().uow(),
            actor=acting(by),
            payment_id=payment_id,
            reason=reason,
            on=parse_day(on, option="--on"),
            idempotency_key=idempotency_key,
            now=clock().now(),
            tolerance=clock().tolerance,
        )
    )


@app.command("in-kind")
@command
def in_kind(
    obligation_id: str,
    value: Annotated[str, typer.Option("--value")],
    currency: Annotated[str, typer.Option("--currency")],
    ref: Annotated[str, typer.Option("--ref", help="the delivery in kind (document or id)")],
    on: OnOption = None,
    by: ByOption = None,
    idempotency_key: KeyOption = None,
) -> None:
    """Record a delivery in kind (RIK) or of equal value (EVE) against an obligation."""
    print_json(
        deliveries.satisfy_in_kind(
            database().uow(),
            actor=acting(by),
            obligation_id=obligation_id,
            value=value,
            currency=currency,
            satisfied_on=parse_day(on, option="--on"),
            delivery_ref=ref,
            idempotency_key=idempotency_key,
            now=clock().now(),
            tolerance=clock().tolerance,
        )
    )


@app.command("convert-overdue")
@command
def convert_overdue(
    on: OnOption = None, agreement: Annotated[str | None, typer.Option("--agreement")] = None, by: ByOption = None
) -> None:
    """Turn in-kind obligations not satisfied by their due date into cash debts (run daily)."""
    print_json(
        reimbursement.convert_overdue(
            database().uow(),
            actor=acting(by),
            on=parse_day(on, option="--on"),
            agreement_id=agreement,
            now=clock().now(),
            tolerance=clock().tolerance,
        )
    )


@app.command()
@command
def rate(
    base: str,
    quote: str,
    value: str,
    on: Annotated[str, typer.Option("--on")],
    source: Annotated[str, typer.Option("--source")],
    by: ByOption = None,
) -> None:
    """Record an exchange rate: 1 BASE = VALUE QUOTE on a day, with its source."""
    print_json(
        reimbursement.record_rate(
            database().uow(),
            actor=acting(by),
            base=base,
            quote=quote,
            rate=value,
            on=parse_day(on, option="--on"),
            source=source,
            now=clock().now(),
            tolerance=clock().tolerance,
        )
    )


ledger_reconcile.register(app)  # digest, reconcile: the two parties' ledgers compared (docs/exchange.md)

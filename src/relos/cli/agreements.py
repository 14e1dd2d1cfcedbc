"""`relos agreements`: list, show, import and record events in the register."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from relos.cli.common import clock, command, console, database, fail, operator, parse_day, print_json
from relos.cli.tables import print_listing
from relos.domain.agreements import AgreementEvent, EventKind
from relos.services.agreements import register as service

app = typer.Typer(help="The agreement register.", no_args_is_help=True)

AtOption = Annotated[str | None, typer.Option("--at", help="evaluate on this day (YYYY-MM-DD; default today)")]
JsonOption = Annotated[bool, typer.Option("--json", help="print JSON")]


@app.command("list")
@command
def list_(at: AtOption = None, as_json: JsonOption = False) -> None:
    """Every agreement with its status on a day."""
    views = service.list_agreements(database().uow(), actor=operator(), at=parse_day(at, option="--at"))
    if as_json:
        print_json([v.summary() for v in views])
        return
    table = Table("id", "short name", "parties", "signed", "status", "in force", "caps (ships/aircraft/people)")
    for v in views:
        s = v.summary()
        caps = "/".join("–" if c is None else str(c) for c in s["caps"].values())
        period = f"{s['in_force_from'] or '?'} → {s['in_force_until'] or '?'}" if s["in_force_from"] else "—"
        table.add_row(s["id"], s["short_name"], "–".join(s["parties"]), s["signed"], s["status"], period, caps)
    print_listing(table, ids=("id",))


@app.command()
@command
def show(agreement_id: str, at: AtOption = None, as_json: JsonOption = False) -> None:
    """One agreement: terms, status on a day, sources and events."""
    view = service.get_agreement(
        database().uow(), actor=operator(), agreement_id=agreement_id, at=parse_day(at, option="--at")
    )
    s = view.summary()
    if as_json:
        print_json(s)
        return
    console.print(f"[bold]{s['short_name']}[/bold] ({s['id']}): {s['title']}")
    console.print(f"parties {' and '.join(s['parties'])}; signed {s['signed']} at {s['signed_at'] or '?'}")
    console.print(
        f"status on {s['at']}: [bold]{s['status']}[/bold]"
        f" (in force {s['in_force_from'] or 'unknown'} → {s['in_force_until'] or 'unknown'})"
    )
    console.print(f"caps: {s['caps']}; purposes: {', '.join(s['purposes'])}")
    for e in s["events"]:
        console.print(f"  {e['date']} {e['kind']} {e['party'] or ''} {e['note']} [dim]({e['source']})[/dim]")
    for key, why in s["unknown"].items():
        console.print(f"  [yellow]unknown[/yellow] {key}: {why}")


@app.command("import")
@command
def import_(file: Annotated[Path, typer.Argument(help="agreement file (TOML)")]) -> None:
    """Add or replace (same id) an agreement from its file."""
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"{file}: {exc}")
    when = clock()
    view = service.import_agreement(
        database().uow(),
        actor=operator(),
        text=text,
        source_name=str(file),
        at=when.today(),
        now=when.now(),
        tolerance=when.tolerance,
    )
    console.print(f"imported {view.agreement.id} ({view.agreement.short_name}): {view.status.status.value}")


@app.command("record-event")
@command
def record_event(
    agreement_id: str,
    kind: Annotated[EventKind, typer.Argument(help="what happened")],
    on: Annotated[str, typer.Option("--date", help="when (YYYY-MM-DD)")],
    source: Annotated[str, typer.Option("--source", help="where this fact comes from")],
    party: Annotated[str | None, typer.Option("--party", help="the party that acted (ISO alpha-3)")] = None,
    effective: Annotated[
        str | None, typer.Option("--effective", help="termination: first day no longer in force")
    ] = None,
    note: Annotated[str, typer.Option("--note")] = "",
) -> None:
    """Record a ratification, entry into force, extension consent or termination."""
    event = AgreementEvent(
        kind=kind,
        on=parse_day(on, option="--date"),
        source=source,
        party=party,
        effective=parse_day(effective, option="--effective") if effective else None,
        note=note,
    )
    when = clock()
    view = service.record_event(
        database().uow(),
        actor=operator(),
        agreement_id=agreement_id,
        event=event,
        at=when.today(),
        now=when.now(),
        tolerance=when.tolerance,
    )
    s = view.summary()
    console.print(
        f"recorded {kind.value} for {agreement_id}; status today: {s['status']}"
        f" (in force {s['in_force_from']} → {s['in_force_until']})"
    )

"""`relos audit`: verify the tamper-evident audit chain, and read it."""

from __future__ import annotations

from typing import Annotated

import typer

from relos.cli.common import EXIT_RULE, command, console, database, err_console, print_json

app = typer.Typer(help="The audit trail.", no_args_is_help=True)


@app.command()
@command
def verify() -> None:
    """Exit 0 when the chain is intact; 1 naming the first broken entry otherwise."""
    uow = database().uow()
    with uow:
        report = uow.audit.verify()
    if report.intact:
        console.print(f"audit chain intact: {report.entries} entries")
        return
    err_console.print(f"audit chain broken at entry {report.first_broken_seq}: {report.reason}", highlight=False)
    raise typer.Exit(EXIT_RULE)


@app.command("log")
@command
def log(
    entity: Annotated[str | None, typer.Option(help="e.g. agreement")] = None,
    entity_id: Annotated[str | None, typer.Option("--id")] = None,
    limit: int = 50,
) -> None:
    """The newest entries, newest first, as JSON."""
    uow = database().uow()
    with uow:
        entries = uow.audit.entries(entity=entity, entity_id=entity_id, limit=limit)
    print_json([e.__dict__ for e in entries])

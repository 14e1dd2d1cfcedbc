"""`relos check`, `relos backup FILE`, `relos restore FILE`: what an operator runs on a live installation."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from relos.cli.common import EXIT_RULE, clock, command, console, database, err_console


@command
def check() -> None:
    """Check every invariant of the database (exit 1 naming the first broken one)."""
    # the audit chain; presence caps and facility capacities at every instant; each ledger transaction netting
    # to zero per currency; each balance the sum of its postings (relos.services.operations.invariants)
    from relos.db.integrity import SqlLedgerIntegrity
    from relos.services.operations.invariants import INVARIANTS, check_invariants

    db = database()
    broken = check_invariants(db.uow(read_only=True), ledger=SqlLedgerIntegrity(db.engine), now=clock().now())
    if not broken:
        console.print(f"every invariant holds: {', '.join(INVARIANTS)}")
        return
    first = broken[0]
    err_console.print(f"invariant broken: {first.invariant}: {first.message}", highlight=False)
    for more in broken[1:]:
        err_console.print(f"also broken: {more.invariant}: {more.message}", highlight=False)
    raise typer.Exit(EXIT_RULE)


@command
def backup(file: Annotated[Path, typer.Argument(help="the new file the copy is written to")]) -> None:
    """Copy the database, consistently, into a new FILE while the server runs."""
    # SQLite: the online backup API; PostgreSQL: pg_dump, which must be on PATH (relos.db.backup)
    from relos.db import backup as backups

    db = database()
    backups.backup(db.url, file)
    console.print(f"backed up {db.engine.url.render_as_string(hide_password=True)} to {file}")


@command
def restore(
    file: Annotated[Path, typer.Argument(help="a file `relos backup` wrote")],
    yes: Annotated[bool, typer.Option("--yes", help="replace the database without asking")] = False,
) -> None:
    """Replace the database with the copy in FILE, all or nothing (stop the server first)."""
    # then `relos audit verify` and `relos check` tell whether the copy holds
    from relos.db import backup as backups

    db = database()
    shown = db.engine.url.render_as_string(hide_password=True)
    if not yes and not typer.confirm(f"replace every record of {shown} with {file}?"):
        raise typer.Exit(EXIT_RULE)
    backups.restore(db.url, file)
    db.dispose()
    with db.uow(read_only=True) as uow:
        report = uow.audit.verify()
    console.print(f"restored {shown} from {file}: audit chain of {report.entries} entries")

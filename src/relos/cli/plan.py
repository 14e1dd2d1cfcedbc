"""`relos plan check FILE [--json]`: a deployment plan checked first come first served (docs/deployments.md).

Exit 0: every row admitted; 1: some rejected; 2: the file is unusable (the message names the line).
Nothing is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from relos.cli.common import EXIT_OK, EXIT_RULE, command, console, database, fail, operator, print_json
from relos.services.deployments.plan_check import check_plan

app = typer.Typer(help="Deployment plans.", no_args_is_help=True)


@app.command()
@command
def check(file: Path, as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False) -> None:
    """Check a plan (CSV with a header row, or a JSON list) against the agreements in the database."""
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"{file}: {exc}")
    db = database()
    try:
        result = check_plan(db.uow(), actor=operator(), text=text, name=str(file))
    finally:
        db.dispose()
    if as_json:
        print_json(result)
    else:
        from rich.table import Table  # only for the listing: `--json` does without Rich's tables

        from relos.cli.tables import print_listing

        table = Table("ref", "admitted", "violations")
        for r in result["results"]:
            why = "; ".join(f"{v['limit']} {v['total']}/{v['max']} at {v['at']}" for v in r["violations"])
            table.add_row(r["ref"], "yes" if r["admitted"] else "no", why)
        print_listing(table, ids=("ref",))
        console.print(f"admitted: {result['admitted']}, rejected: {result['rejected']}")
    raise typer.Exit(EXIT_OK if result["rejected"] == 0 else EXIT_RULE)

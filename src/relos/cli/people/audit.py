"""`relos audit`: verify the tamper-evident audit chain against its signed checkpoints, sign one, read it."""

from __future__ import annotations

from typing import Annotated

import typer

from relos.cli.common import EXIT_RULE, clock, command, console, database, err_console, print_json
from relos.services.exchange.keys import retired_public_keys
from relos.services.people import audit_checkpoints
from relos.settings import Settings

app = typer.Typer(help="The audit trail.", no_args_is_help=True)


@app.command()
@command
def verify() -> None:
    """Exit 0 when the chain is intact, agrees with every signed checkpoint and each audited record's row agrees
    with its history; 1 naming the first broken entry, the checkpoint contradicted or the record that differs."""
    settings = Settings()
    verdict = audit_checkpoints.verify_audit(
        database().uow(read_only=True),
        public_key=audit_checkpoints.verifying_key(settings.data_dir),
        checkpoints=settings.effective_checkpoint_file,
        retired=retired_public_keys(settings.data_dir),
    )
    for problem in verdict.problems:
        err_console.print(f"audit chain broken: {problem}", highlight=False)
    for d in verdict.discrepancies:
        err_console.print(
            f"{d.entity} {d.entity_id}: {d.field} is {d.stored!r} in the database but {d.audited!r} "
            f"by its audit history (entry {d.seq}): changed behind the application's back",
            highlight=False,
        )
    if not verdict.intact:
        raise typer.Exit(EXIT_RULE)
    console.print(
        f"audit chain intact: {verdict.entries} entries, {verdict.checkpoints} signed checkpoints agree, "
        "audited records agree with their history"
    )
    if not verdict.checkpoints:
        console.print("no checkpoint signed yet: `relos audit checkpoint` signs one (docs/operations.md)")


@app.command()
@command
def checkpoint() -> None:
    """Sign the chain's head (length and last hash) and append it to the checkpoint file."""
    settings = Settings()
    signed = audit_checkpoints.write_checkpoint(
        database().uow(read_only=True),
        key=audit_checkpoints.signing_key(settings.data_dir),
        path=settings.effective_checkpoint_file,
        now=clock().now(),
    )
    console.print(f"checkpoint signed: entry {signed.seq}, hash {signed.hash} -> {settings.effective_checkpoint_file}")


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

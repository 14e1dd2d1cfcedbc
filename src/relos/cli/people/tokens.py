"""`relos tokens`: issue, list and revoke API tokens for programs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer
from rich.table import Table

from relos.cli.common import command, console, database, operator, print_json
from relos.cli.tables import print_listing
from relos.services.people import tokens as service

app = typer.Typer(help="API tokens (Authorization: Bearer <token>).", no_args_is_help=True)


@app.command()
@command
def issue(
    user_id: Annotated[str, typer.Argument(help="the user the token acts as")],
    name: Annotated[str, typer.Option("--name", help="what the token is for")] = "api",
    days: Annotated[int, typer.Option("--days", help="days until it expires (at most 366)")] = 90,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Issue a token; its secret is printed this once and never stored."""
    issued = service.issue_token(
        database().uow(),
        actor=operator(),
        user_id=user_id,
        name=name,
        lifetime=timedelta(days=days),
        now=datetime.now(UTC),
    )
    c = issued.credential
    if as_json:
        print_json({"id": c.credential_id, "user_id": c.user_id, "expires_at": c.expires_at, "token": issued.secret})
        return
    console.print(f"token {c.credential_id} for {c.user_id}, expires {c.expires_at:%Y-%m-%d %H:%M} UTC:")
    typer.echo(issued.secret)


@app.command("list")
@command
def list_(
    user_id: Annotated[str | None, typer.Option("--user", help="only this user's tokens")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Tokens (without their secrets)."""
    tokens = service.list_tokens(database().uow(), actor=operator(), user_id=user_id)
    rows = [
        {
            "id": t.credential_id,
            "user_id": t.user_id,
            "name": t.name,
            "created_at": t.created_at.isoformat(),
            "expires_at": t.expires_at.isoformat(),
            "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None,
        }
        for t in tokens
    ]
    if as_json:
        print_json(rows)
        return
    table = Table(*rows[0].keys()) if rows else Table("id", "user_id", "name", "created_at", "expires_at", "revoked_at")
    for r in rows:
        table.add_row(*(str(v or "") for v in r.values()))
    print_listing(table, ids=("id", "user_id"))


@app.command()
@command
def revoke(token_id: str) -> None:
    """Revoke a token at once (harmless when it already is)."""
    service.revoke_token(database().uow(), actor=operator(), token_id=token_id, now=datetime.now(UTC))
    console.print(f"revoked {token_id}")

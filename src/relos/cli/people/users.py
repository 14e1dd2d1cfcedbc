"""`relos users`: create, list, disable (and enable) users, set a password."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer
from rich.table import Table

from relos.cli.common import command, console, database, operator, print_json
from relos.cli.tables import print_listing
from relos.domain.actor import Role
from relos.services.people import users as service

app = typer.Typer(help="Users: one party each, with roles.", no_args_is_help=True)

PasswordOption = Annotated[
    str,
    typer.Option(
        "--password",
        prompt=True,
        hide_input=True,
        confirmation_prompt=True,
        envvar="RELOS_NEW_PASSWORD",
        help="asked for when not given (or RELOS_NEW_PASSWORD); at least 12 characters",
    ),
]


@app.command()
@command
def create(
    user_id: Annotated[str, typer.Argument(help="user name: a-z 0-9 . _ -, starting with a letter")],
    party: Annotated[str, typer.Option("--party", help="ISO 3166-1 alpha-3 code, e.g. IND")],
    role: Annotated[list[Role], typer.Option("--role", help="repeat for several roles")],
    password: PasswordOption,
    name: Annotated[str, typer.Option("--name", help="display name")] = "",
    language: Annotated[str, typer.Option("--language", help="en or ru")] = "en",
) -> None:
    """Add a user of a party with roles."""
    user = service.create_user(
        database().uow(),
        actor=operator(),
        user_id=user_id,
        party=party,
        roles=[r.value for r in role],
        password=password,
        display_name=name,
        language=language,
    )
    console.print(f"created {user.user_id} ({user.party}: {', '.join(sorted(r.value for r in user.roles))})")


@app.command("list")
@command
def list_(
    party: Annotated[str | None, typer.Option("--party", help="only this party's users")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Every user (of one party)."""
    users = [u for u in service.list_users(database().uow(), actor=operator()) if party in (None, u.party)]
    if as_json:
        print_json([u.summary() for u in users])
        return
    table = Table("user", "party", "roles", "name", "language", "disabled")
    for u in users:
        roles = ", ".join(sorted(r.value for r in u.roles))
        table.add_row(u.user_id, u.party, roles, u.display_name, u.language, "yes" if u.disabled else "")
    print_listing(table, ids=("user",))


@app.command()
@command
def disable(user_id: str) -> None:
    """Disable a user: their sessions and tokens stop working at once."""
    service.set_user_disabled(database().uow(), actor=operator(), user_id=user_id, disabled=True)
    console.print(f"disabled {user_id}")


@app.command()
@command
def enable(user_id: str) -> None:
    """Enable a disabled user again."""
    service.set_user_disabled(database().uow(), actor=operator(), user_id=user_id, disabled=False)
    console.print(f"enabled {user_id}")


@app.command("set-password")
@command
def set_password(user_id: str, password: PasswordOption) -> None:
    """Set a user's password (also lifts a lock-out)."""
    service.change_password(
        database().uow(), actor=operator(), user_id=user_id, password=password, now=datetime.now(UTC)
    )
    console.print(f"password set for {user_id}")

"""The `relos` command: init, serve, and one group per area."""

from __future__ import annotations

import typer

from relos.cli import agreements, facilities, forces, planning
from relos.cli import clearances as clearances_cli
from relos.cli import deployments as deployments_cli
from relos.cli import ledger as ledger_cli
from relos.cli import orders as orders_cli
from relos.cli import plan as plan_cli
from relos.cli.common import command, console, database, operator
from relos.cli.people import audit, tokens, users
from relos.secret_key import ensure_secret_key
from relos.services.facilities.bundled import load_bundled_agreements, load_bundled_reference_data
from relos.settings import Settings

app = typer.Typer(
    help="RELOS: reciprocal logistics-support agreements.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(agreements.app, name="agreements")
app.add_typer(audit.app, name="audit")
app.add_typer(facilities.app, name="facilities")
app.add_typer(forces.classes, name="classes")
app.add_typer(forces.aircraft, name="aircraft")
app.add_typer(forces.factors, name="factors")
app.add_typer(users.app, name="users")
app.add_typer(tokens.app, name="tokens")
app.command("route")(planning.route)
app.command("reach")(planning.reach)
app.command("ferry")(planning.ferry)
app.command("sustainment")(planning.sustainment)
app.add_typer(orders_cli.app, name="orders")
app.add_typer(ledger_cli.app, name="ledger")
app.add_typer(clearances_cli.app, name="clearances")
app.add_typer(deployments_cli.app, name="deployments")
app.add_typer(plan_cli.app, name="plan")


@app.command()
@command
def init() -> None:
    """Create or upgrade the database schema and load the bundled reference data (idempotent)."""
    db = database()
    console.print(f"database: {db.url}")
    db.migrate()
    key_file = ensure_secret_key(Settings())
    console.print(f"secret key: {key_file or 'RELOS_SECRET_KEY'}")
    report = load_bundled_agreements(db.uow(), actor=operator())
    console.print(
        f"agreements: {len(report.added)} added, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged, {len(report.kept_user_version)} kept as imported by users"
    )
    with console.status("loading the facility catalogue and force data"):
        for ref in load_bundled_reference_data(db.uow(), actor=operator()):
            console.print(
                f"{ref.kind.value}: {len(ref.added)} added, {len(ref.updated)} updated, "
                f"{len(ref.unchanged)} unchanged, {len(ref.kept_user_version)} kept as imported by users"
            )


@app.command()
def serve(
    host: str | None = typer.Option(None, help="default RELOS_HOST or 127.0.0.1"),
    port: int | None = typer.Option(None, help="default RELOS_PORT or 8000"),
) -> None:
    """Serve the API and the web application."""
    import uvicorn

    from relos.settings import Settings

    settings = Settings()
    uvicorn.run(
        "relos.server:create_app",  # by name: the CLI does not import the api or web layers
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        proxy_headers=False,
        log_level="info",
    )


if __name__ == "__main__":
    app()

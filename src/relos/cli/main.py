"""The `relos` command: init, serve, and one group per area.

Each area's group and the planning commands load only when they run (relos.cli.lazy), so the
command starts without the database layer, numpy, numba, scipy or FastAPI unless it needs them; as a
process it loads them with the garbage collector paused (relos.cli.process).
"""

from __future__ import annotations

import typer

from relos.cli.lazy import Lazy, lazy_group
from relos.cli.process import RelosTyper

_CLI = "relos.cli"
LAZY: dict[str, Lazy] = {
    "route": Lazy(
        "command",
        f"{_CLI}.planning:route",
        "A sea route from A to B: shortest, or the fastest whose every leg fits the range (exit 1: none),\n"
        "with the fuel each stop supplies.",
    ),
    "reach": Lazy(
        "command",
        f"{_CLI}.planning:reach",
        "What a class reaches from a home port within N days, and what the agreement adds; with --compare (or\n"
        "--commercial, --tanker) own facilities / + agreement / + commercial ports / + tanker side by side.",
    ),
    "ferry": Lazy(
        "command",
        f"{_CLI}.planning:ferry",
        "A ferry flight over great-circle legs between usable airfields, with the airspace each leg crosses.",
    ),
    "sustainment": Lazy(
        "command",
        f"{_CLI}.planning:sustainment",
        "Fuel, water and rations a deployment needs, from the planning factors (factor ids cited).",
    ),
    "check": Lazy(
        "command",
        f"{_CLI}.operations:check",
        "Check every invariant of the database (exit 1 naming the first broken one).",
    ),
    "backup": Lazy(
        "command",
        f"{_CLI}.operations:backup",
        "Copy the database, consistently, into a new FILE while the server runs.",
    ),
    "restore": Lazy(
        "command",
        f"{_CLI}.operations:restore",
        "Replace the database with the copy in FILE, all or nothing (stop the server first).",
    ),
    "demo": Lazy(
        "command",
        f"{_CLI}.demo:demo",
        "Load a sample exercise (users of both parties, deployments, clearances, orders) into an empty database.",
    ),
    "agreements": Lazy("group", f"{_CLI}.agreements:app", "The agreement register."),
    "audit": Lazy("group", f"{_CLI}.people.audit:app", "The audit trail."),
    "facilities": Lazy(
        "group", f"{_CLI}.facilities:app", "The facility catalogue: ports, naval bases, airfields and air bases."
    ),
    "classes": Lazy("group", f"{_CLI}.forces:classes", "Ship classes of the navies."),
    "aircraft": Lazy("group", f"{_CLI}.forces:aircraft", "Aircraft types."),
    "factors": Lazy("group", f"{_CLI}.forces:factors", "Planning factors (water, rations, ...)."),
    "users": Lazy("group", f"{_CLI}.people.users:app", "Users: one party each, with roles."),
    "tokens": Lazy("group", f"{_CLI}.people.tokens:app", "API tokens (Authorization: Bearer <token>)."),
    "orders": Lazy("group", f"{_CLI}.orders:app", "Support orders, deliveries and receipts."),
    "ledger": Lazy("group", f"{_CLI}.ledger:app", "The reimbursement ledger."),
    "clearances": Lazy("group", f"{_CLI}.clearances:app", "Port-call notices and airspace clearances."),
    "deployments": Lazy(
        "group", f"{_CLI}.deployments:app", "Deployments, presence caps, overrides and the presence timeline."
    ),
    "plan": Lazy("group", f"{_CLI}.plan:app", "Deployment plans."),
    "keys": Lazy("group", f"{_CLI}.exchange_keys:keys", "This instance's signing key."),
    "peers": Lazy("group", f"{_CLI}.exchange_keys:peers", "Partners' instances and their public keys."),
    "exchange": Lazy("group", f"{_CLI}.exchange:app", "Signed documents to and from the partner's instance."),
}

app = RelosTyper(
    cls=lazy_group(LAZY),
    help="RELOS: reciprocal logistics-support agreements.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.command()
def init(
    party: str | None = typer.Option(
        None, "--party", help="the party (ISO alpha-3) this instance belongs to; unset: the joint instance"
    ),
) -> None:
    """Create or upgrade the database schema and load the bundled reference data (idempotent); with --party,
    make the instance that party's own and its signing key (docs/exchange.md)."""
    from relos.cli.common import console, database, handled, operator
    from relos.secret_key import ensure_secret_key
    from relos.services.facilities.bundled import load_bundled_agreements, load_bundled_reference_data
    from relos.settings import Settings

    with handled():
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
        if party is not None:
            from relos.cli.exchange_keys import make_party_instance

            make_party_instance(db, party)


@app.command()
def serve(
    host: str | None = typer.Option(None, help="default RELOS_HOST or 127.0.0.1"),
    port: int | None = typer.Option(None, help="default RELOS_PORT or 8000"),
    workers: int | None = typer.Option(None, min=1, help="processes (PostgreSQL only); default RELOS_WORKERS or 1"),
) -> None:
    """Serve the API and the web application."""
    import os

    import uvicorn

    from relos.logs import UVICORN_LOG_CONFIG
    from relos.settings import Settings

    settings = Settings()
    processes = workers or settings.workers
    if processes > 1 and settings.effective_database_url.startswith("sqlite"):
        from relos.cli.common import fail

        fail(
            f"{processes} workers need PostgreSQL (RELOS_DATABASE_URL): SQLite lets one process write at a time, "
            "so more workers would only wait on each other; serve SQLite with one worker"
        )
    if processes > 1 and settings.sign_in_counts_file is None:
        # The workers count sign-in attempts per address together, in one file in the data folder (kept: a restart
        # does not forgive an address its attempts; what is older than the window is dropped as it goes).
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        os.environ["RELOS_SIGN_IN_COUNTS_FILE"] = str(settings.data_dir / "sign-in-attempts.sqlite3")
    uvicorn.run(
        "relos.server:create_app",  # by name: the CLI does not import the api or web layers
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        workers=processes,
        proxy_headers=False,
        log_level="info",
        log_config=UVICORN_LOG_CONFIG,  # JSON lines (relos.logs); one line a request, with its id
        access_log=False,
    )


if __name__ == "__main__":
    app()

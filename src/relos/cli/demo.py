"""`relos demo`: load the sample exercise into a database holding no real records (relos.services.operations.demo)."""

from __future__ import annotations

from relos.cli.common import clock, console, database, handled, operator


def demo() -> None:
    """Load a sample exercise (users of both parties, deployments, clearances, orders) into an empty database."""
    from relos.services.operations.demo import load_demo

    with handled():
        db = database()
        loaded = load_demo(db.uow, operator=operator(), now=clock().now())
        console.print("[bold]RELOS sample exercise loaded (sample data, not real records)[/bold]")
        if loaded.assumed_in_force_from is not None:
            console.print(
                f"RELOS (relos-ind-rus) ASSUMED in force from {loaded.assumed_in_force_from.isoformat()} "
                "for the sample: see the agreement's events"
            )
        console.print("records: " + ", ".join(loaded.records))
        console.print("sign in at /sign-in as any of these users (password shown):")
        for user in loaded.users:
            console.print(f"  {user.user_id:<16} {user.party}  {', '.join(user.roles):<24} {user.password}")

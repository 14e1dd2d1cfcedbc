"""The main pages of the web application over the populated world (tests/e2e/populated_world.py): each list,
a record of each kind, the ledger and its statement, the facilities and the overview — what the accessibility
check visits and the page benchmark times."""

from __future__ import annotations

from tests.e2e.populated_world import World

STATEMENT = "/ledger/statement?agreement=relos-ind-rus&period=2026"


def main_pages(world: World) -> list[str]:
    """Addresses an administrator and auditor of India can open (the overview first)."""
    return [
        "/",
        "/agreements/relos-ind-rus",
        "/deployments",
        f"/deployments/{world.approved}",
        "/presence",
        "/clearances",
        f"/clearances/{world.port_call}",
        "/orders",
        f"/orders/{world.billed_order}",
        "/ledger",
        STATEMENT,
        "/facilities",
        "/facilities/IN-BOM",
        "/audit",
        "/admin/users",
    ]

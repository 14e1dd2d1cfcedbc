"""`relos keys` (this instance's signing key) and `relos peers` (partners' public keys), and what
`relos init --party` does: docs/exchange.md."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from relos.cli.common import clock, command, console, database, operator, print_json
from relos.db.runtime import Database
from relos.services.exchange import keys as instance_keys
from relos.services.exchange import peers as service
from relos.settings import Settings

keys = typer.Typer(help="This instance's signing key.", no_args_is_help=True)
peers = typer.Typer(help="Partners' instances and their public keys.", no_args_is_help=True)


def make_party_instance(db: Database, party: str) -> None:
    """The instance becomes `party`'s own; its signing key is made (owner-only) when it has none."""
    service.set_instance_party(db.uow(), actor=operator(), party=party, now=clock().now())
    current = instance_keys.key_list(Settings().data_dir)[0]
    console.print(f"instance of {party}; signing key fingerprint: {current.fingerprint}")
    console.print(f"public key (give it to the partner): {current.public_key}")


def _print_keys(found: list[instance_keys.KeyInfo]) -> None:
    table = Table("", "public key")
    table.add_column("fingerprint", no_wrap=True)
    for k in found:
        table.add_row("current" if k.current else "retired", k.public_key, k.fingerprint)
    console.print(table)


@keys.command("show")
@command
def show(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """The current key (its fingerprint and public key, for the partner) and the retired ones."""
    found = instance_keys.key_list(Settings().data_dir)
    if as_json:
        print_json([vars(k) for k in found])
        return
    _print_keys(found)


@keys.command("rotate")
@command
def rotate() -> None:
    """Sign with a new key from now on; the old public key is kept to verify what it signed. Give the partner
    the new public key: its staff add it with `relos peers add` after reading its fingerprint aloud."""
    old, new = instance_keys.rotate(Settings().data_dir)
    console.print(f"retired: {old.fingerprint}")
    console.print(f"current: {new.fingerprint}")
    console.print(f"public key (give it to the partner): {new.public_key}")


@peers.command("add")
@command
def add(
    party: Annotated[str, typer.Option("--party", help="the partner (ISO alpha-3)")],
    key: Annotated[str, typer.Option("--key", help="its public key: base64 of the raw key, or a file (PEM or base64)")],
) -> None:
    """Add a partner's public key; then read the fingerprint printed aloud with the partner's staff."""
    path = Path(key)
    text = path.read_text(encoding="utf-8") if len(key) < 4096 and path.is_file() else key
    view = service.add_peer(database().uow(), actor=operator(), party=party, key=text, now=clock().now())
    console.print(f"{view.party}: key added; fingerprint {view.fingerprint}")
    console.print("read the fingerprint aloud with the partner's staff before exchanging anything")


@peers.command("list")
@command
def list_(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Every partner key with its fingerprint; revoked ones say since when."""
    found = service.list_peers(database().uow(read_only=True), actor=operator())
    if as_json:
        print_json([vars(v) for v in found])
        return
    table = Table("party")
    table.add_column("fingerprint", no_wrap=True)
    for name in ("added", "revoked", "key id"):
        table.add_column(name)
    for v in found:
        table.add_row(
            v.party, v.fingerprint, v.added_at.date().isoformat(),
            v.revoked_at.date().isoformat() if v.revoked_at else "", v.key_id[:16],
        )  # fmt: skip
    console.print(table)


@peers.command("address")
@command
def address(
    party: Annotated[str, typer.Option("--party", help="the partner (ISO alpha-3)")],
    url: Annotated[str, typer.Option("--url", help="its instance, e.g. https://relos.partner.example")],
    every: Annotated[int, typer.Option("--every", help="seconds between the server's syncs with it")] = 60,
) -> None:
    """Where the partner's instance takes bundles: `relos serve` then syncs with it every --every seconds."""
    view = service.set_address(database().uow(), actor=operator(), party=party, url=url, every_seconds=every,
                               now=clock().now())  # fmt: skip
    console.print(f"{view.party}: {view.url}, synced every {view.every_seconds} s while the server runs")


@peers.command("revoke")
@command
def revoke(
    key_id: Annotated[str, typer.Argument(help="the key id (64 hex digits) from relos peers list --json")],
) -> None:
    """A revoked key verifies nothing from now on: documents it signs are refused."""
    view = service.revoke_peer(database().uow(), actor=operator(), key_id=key_id, now=clock().now())
    console.print(f"{view.party}: key {view.fingerprint} revoked")

"""`relos ledger digest` and `relos ledger reconcile`: the two parties' ledgers compared by signed statement
digests (docs/exchange.md). Registered on `relos ledger` (relos.cli.ledger)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from relos.cli.common import EXIT_RULE, clock, command, console, database, fail, json_bytes, operator, print_json
from relos.services.exchange import reconcile as service
from relos.services.exchange import settlement
from relos.services.exchange.keys import current_key
from relos.settings import Settings


@command
def digest(
    agreement: Annotated[str, typer.Argument(help="the agreement's id, e.g. relos-ind-rus")],
    period: Annotated[str, typer.Option("--period", help="2026, 2026-Q2, 2026-03 or 2026-01-01..2026-07-01")],
    out: Annotated[Path | None, typer.Option("-o", "--output", help="default digest-<AGREEMENT>-<PERIOD>.json")] = None,
) -> None:
    """Sign this instance's digest of the agreement's ledger for the period, for the partner to reconcile."""
    now = clock().now()
    signed = service.make_digest(
        database().uow(), actor=operator(), agreement_id=agreement, period=period,
        key=current_key(Settings().data_dir), today=now.date(), now=now,
    )  # fmt: skip
    path = out or Path(f"digest-{agreement}-{period}.json")
    path.write_bytes(json_bytes(signed))
    counts = ", ".join(f"{len(v)} {k}" for k, v in signed["body"]["entries"].items() if k != "balances")
    console.print(f"{path}: {counts}; for {signed['receiver']}")


@command
def reconcile(
    file: Annotated[Path, typer.Argument(help="the partner's signed statement digest")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Compare the partner's digest with this instance's ledger: exit 0 when nothing differs, 1 listing every
    difference (missing on one side, amount, currency or status differs) with the documents behind it."""
    if not file.is_file():
        fail(f"{file}: no such file")
    now = clock().now()
    found = service.reconcile(
        database().uow(), actor=operator(), data=file.read_bytes(), where=str(file),
        key=current_key(Settings().data_dir), today=now.date(), now=now,
    )  # fmt: skip
    if as_json:
        print_json({**vars(found), "differences": [vars(d) for d in found.differences], "agreed": found.agreed})
    else:
        console.print(f"{found.agreement} {found.period} with {found.partner}: {len(found.differences)} difference(s)")
        for d in found.differences:
            what = (
                f"missing {'here' if d.ours is None else 'at ' + found.partner}"
                if not d.field
                else f"{d.field}: ours {d.ours!r}, theirs {d.theirs!r}"
            )
            behind = f" (documents {', '.join(d.documents)})" if d.documents else ""
            console.print(f"  {d.kind} {d.record}: {what}{behind}", highlight=False)
    if not found.agreed:
        raise typer.Exit(EXIT_RULE)


def _certificate_command(kind: str, file: Path, out: Path | None) -> None:
    if not file.is_file():
        fail(f"{file}: no such file")
    now = clock().now()
    make = settlement.certify if kind == "certify" else settlement.countersign
    certificate = make(
        database().uow(), actor=operator(), data=file.read_bytes(), where=str(file),
        key=current_key(Settings().data_dir), today=now.date(), now=now,
    )  # fmt: skip
    path = out or Path(f"settlement-{certificate['agreement']}-{certificate['period']}.json")
    path.write_bytes(json_bytes(certificate))
    signed = " and ".join(sorted(certificate["signatures"]))
    console.print(f"{path}: settlement of {certificate['agreement']} for {certificate['period']}, signed by {signed}")


@command
def certify(
    file: Annotated[Path, typer.Argument(help="the partner's signed statement digest")],
    out: Annotated[Path | None, typer.Option("-o", "--output", help="the certificate file")] = None,
) -> None:
    """When the partner's digest and this ledger agree, sign the settlement certificate for the partner to
    countersign (exit 1 when they differ: reconcile first)."""
    _certificate_command("certify", file, out)


@command
def countersign(
    file: Annotated[Path, typer.Argument(help="the certificate the partner signed")],
    out: Annotated[Path | None, typer.Option("-o", "--output", help="the certificate signed by both")] = None,
) -> None:
    """Check the partner's signature and that this ledger still hashes to the certificate; sign it too."""
    _certificate_command("countersign", file, out)


@command
def record_settlement(
    file: Annotated[Path, typer.Argument(help="the certificate this instance signed, countersigned by the partner")],
) -> None:
    """Keep the certificate the partner countersigned: signed by both here too, it opens the period's payments."""
    if not file.is_file():
        fail(f"{file}: no such file")
    certificate = settlement.record_countersigned(database().uow(), actor=operator(), data=file.read_bytes(),
                                                  where=str(file))  # fmt: skip
    signed = " and ".join(sorted(certificate["signatures"]))
    console.print(f"{file}: settlement of {certificate['agreement']} for {certificate['period']}, signed by {signed}")


def register(app: typer.Typer) -> None:
    app.command("digest")(digest)
    app.command("reconcile")(reconcile)
    app.command("certify")(certify)
    app.command("countersign")(countersign)
    app.command("record-settlement")(record_settlement)

"""`relos exchange`: signed documents to and from a partner's instance by file bundle (docs/exchange.md).

Exit codes: 0 done; 1 the exchange's state refuses it (joint instance, no partner key, a forked channel);
2 the bundle is refused (cut short, altered, unknown or revoked key, addressed to another party).
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from relos.cli import exchange_mutual
from relos.cli.common import clock, command, console, database, fail, operator, print_json
from relos.services.exchange import inbox, outbox, status, sync
from relos.services.exchange.keys import current_key
from relos.settings import Settings

app = typer.Typer(help="Signed documents to and from the partner's instance.", no_args_is_help=True)


def _write(path: Path, data: bytes) -> None:
    staged = path.with_name(f".{path.name}.partial")
    staged.write_bytes(data)
    staged.replace(path)  # a reader never sees half a bundle


@app.command("export")
@command
def export(
    to: Annotated[str, typer.Option("--to", help="the partner (ISO alpha-3)")],
    out: Annotated[
        Path | None, typer.Option("-o", "--output", help="the bundle file; default exchange-<TO>.json")
    ] = None,
) -> None:
    """Write a signed bundle of everything not yet acknowledged by the partner (and this instance's
    acknowledgement of what it received from it)."""
    now = clock().now()
    data, count = outbox.export_bundle(
        database().uow(), actor=operator(), peer=to, key=current_key(Settings().data_dir), now=now
    )
    path = out or Path(f"exchange-{to}.json")
    _write(path, data)
    console.print(f"{path}: {count} document(s) for {to}, with the acknowledgement of what came from {to}")


@app.command("import")
@command
def import_(
    file: Annotated[Path, typer.Argument(help="a bundle from the partner")],
    reply: Annotated[
        Path | None, typer.Option("--reply", help="the acknowledgement bundle; default exchange-<FROM>.json")
    ] = None,
) -> None:
    """Check every signature, apply what is new exactly once, and write the acknowledgement bundle to send back
    (it carries any refusal and whatever else is due to the partner)."""
    if not file.is_file():
        fail(f"{file}: no such file")
    settings = Settings()
    key = current_key(settings.data_dir)
    db = database()
    now = clock().now()
    report = inbox.import_bundle(db.uow(), actor=operator(), data=file.read_bytes(), where=str(file), key=key, now=now)
    console.print(
        f"{file}: {len(report.applied)} applied, {len(report.refused)} refused, {len(report.replayed)} already "
        f"received, {len(report.waiting)} waiting; {report.acknowledged} of ours acknowledged"
    )
    for r in report.refused:
        rules = "; ".join(f"{x['rule']}: {x['message']}" for x in r["rules"])
        console.print(f"  refused {r['seq']} {r['type']} {r['record']}: {rules}", highlight=False)
    if report.missing:
        console.print(f"  missing from {report.sender}: {', '.join(map(str, report.missing))} (asked again)")
    data, count = outbox.export_bundle(db.uow(), actor=operator(), peer=report.sender, key=key, now=now)
    if count == 0 and report.taken == 0:
        console.print("nothing to answer: the bundle held only an acknowledgement and nothing is due")
        return
    path = reply or Path(f"exchange-{report.sender}.json")
    _write(path, data)
    console.print(f"{path}: the acknowledgement for {report.sender}, with {count} document(s) of ours")


@app.command("sync")
@command
def sync_(
    to: Annotated[str, typer.Option("--to", help="the partner (ISO alpha-3)")],
    url: Annotated[str, typer.Option("--url", help="the partner's instance, e.g. https://relos.partner.example")],
    attempts: Annotated[int, typer.Option("--attempts", min=1, max=20, help="tries while it does not answer")] = 5,
) -> None:
    """Post everything unacknowledged to the partner's inbox over HTTPS and import its answer; a partner that
    does not answer is tried again after 1, 2, 4… seconds."""
    settings = Settings()
    report = sync.sync(
        database().uow(), actor=operator(), peer=to, key=current_key(settings.data_dir), now=clock().now(),
        post=sync.http_post(url), attempts=attempts,
    )  # fmt: skip
    console.print(
        f"{to}: {len(report.applied)} applied, {len(report.refused)} refused, {len(report.replayed)} already "
        f"received, {len(report.waiting)} waiting; {report.acknowledged} of ours acknowledged"
    )


@app.command("status")
@command
def status_(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """What is unacknowledged and for how long, what was refused, what waits for missing documents."""
    found = status.exchange_status(database().uow(read_only=True), actor=operator(), now=clock().now())
    if as_json:
        print_json(asdict(found))
        return
    console.print(f"instance of {found.party}" if found.party else "joint instance: it exchanges nothing")
    for c in found.channels:
        oldest = max((u["waiting_s"] for u in c.unacknowledged), default=0)
        console.print(
            f"{c.partner}: sent {c.sent}, {len(c.unacknowledged)} unacknowledged"
            + (f" (oldest {oldest // 3600} h {oldest % 3600 // 60} min)" if c.unacknowledged else "")
            + f"; received {c.received}: {c.applied} applied, {len(c.refused_here)} refused, "
            f"{len(c.waiting)} waiting" + (f", missing {c.missing}" if c.missing else "")
        )
        for r in c.refused_by_partner:
            rules = "; ".join(x["rule"] for x in r["rules"])
            console.print(f"  {c.partner} refused our {r['type']} {r['seq']}: {rules}", highlight=False)


exchange_mutual.register(app)  # proposals needing both parties: overrides, extension, termination by consent

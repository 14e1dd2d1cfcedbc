"""`relos clearances`: port-call notices and airspace clearances — prepare, amend, submit, the host's
exception and decision, the notice in English and Russian (text or PDF), and what is due soon.

The CLI acts as the local operator; `--by NAME` records the official who takes each step.
Exit codes: 0 ok, 1 a rule of the agreement is violated (e.g. a late notice), 2 bad input.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from relos.cli.common import clock, command, console, database, fail, operator, print_json
from relos.cli.tables import print_listing
from relos.domain.actor import Actor
from relos.domain.references import RecordKind
from relos.services.clearances import lifecycle as service
from relos.services.clearances.notice import clearance_notice
from relos.services.references import record_id

app = typer.Typer(help="Port-call notices and airspace clearances.", no_args_is_help=True)

ByOption = Annotated[str | None, typer.Option("--by", help="the official taking this step (default: you)")]
JsonOption = Annotated[bool, typer.Option("--json", help="print JSON")]
RecordArgument = Annotated[str, typer.Argument(help="its id or reference (IND-CLR-2026-0003)")]
FILE_KEYS = {
    "agreement_id",
    "kind",
    "visiting_party",
    "facility_id",
    "deployment_id",
    "purpose",
    "start",
    "end",
    "port_call",
    "airspace",
    "note",
    "title",
}


def acting(by: str | None) -> Actor:
    return Actor.operator(by) if by else operator()


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        fail(f"{path}: {exc}")
    if not isinstance(data, dict):
        fail(f"{path}: must hold one JSON object")
    unknown = sorted(set(data) - FILE_KEYS)
    if unknown:
        fail(f"{path}: {', '.join(unknown)}: unknown field (known: {', '.join(sorted(FILE_KEYS))})")
    return data


def _record(key: str) -> str:
    """The id of the clearance `key` names: its id, or its reference."""
    return record_id(database().uow(), actor=operator(), kind=RecordKind.CLEARANCE, key=key)


def _details(data: dict[str, Any]) -> Any:
    kind = data.get("kind", "port_call")
    wrong = "airspace" if kind == "port_call" else "port_call"
    if data.get(wrong) is not None:
        fail(f"{wrong}: a {kind} clearance carries no {wrong} details")
    return data.get("port_call") if kind == "port_call" else data.get("airspace")


def _brief(c: Mapping[str, Any]) -> None:
    console.print(f"{c['reference']}  {c['title']}", highlight=False)
    console.print(f"{c['id']}  {c['kind']}  {c['status']}  v{c['version']}", highlight=False)
    for m in c.get("missing", []):
        console.print(f"  missing: {m['field']}", highlight=False)
    for w in c.get("warnings", []):
        console.print(f"  to confirm: {w}", highlight=False)


def _out(c: Mapping[str, Any], as_json: bool) -> None:
    print_json(c) if as_json else _brief(c)


@app.command()
@command
def prepare(file: Path, by: ByOption = None, as_json: JsonOption = False) -> None:
    """Draft a clearance from JSON: {agreement_id, kind, visiting_party, facility_id, purpose, start, end,
    port_call | airspace, deployment_id?, note?, title?} (docs/clearances.md; no title: one is made). It gets
    its reference, HOST-CLR-YEAR-NUMBER."""
    data = _read(file)
    missing = [k for k in ("agreement_id", "kind", "facility_id", "purpose", "start", "end") if k not in data]
    if missing:
        fail(f"{file}: {', '.join(missing)}: is required")
    result = service.prepare_clearance(
        database().uow(),
        actor=acting(by),
        agreement_id=str(data["agreement_id"]),
        kind=str(data["kind"]),
        visiting_party=data.get("visiting_party"),
        facility_id=str(data["facility_id"]),
        deployment_id=data.get("deployment_id"),
        purpose=str(data["purpose"]),
        start=data["start"],
        end=data["end"],
        details=_details(data),
        note=str(data.get("note", "")),
        title=data.get("title"),
        now=clock().now(),
    )
    _out(result, as_json)


@app.command()
@command
def amend(
    clearance_id: str,
    file: Path,
    reason: Annotated[str, typer.Option("--reason", help="why the clearance is amended")],
    by: ByOption = None,
    as_json: JsonOption = False,
) -> None:
    """A new version from JSON (the same fields as `prepare`; what is absent is kept)."""
    data = _read(file)
    body = data.get("port_call") if "port_call" in data else data.get("airspace")
    result = service.amend_clearance(
        database().uow(),
        actor=acting(by),
        clearance_id=clearance_id,
        reason=reason,
        facility_id=data.get("facility_id"),
        purpose=data.get("purpose"),
        start=data.get("start"),
        end=data.get("end"),
        details=body,
        note=data.get("note"),
        now=clock().now(),
    )
    _out(result, as_json)


@app.command()
@command
def submit(clearance_id: str, by: ByOption = None, as_json: JsonOption = False) -> None:
    """Submit: complete and in time (lead time in the host facility's local time) or excepted by the host."""
    _out(
        service.submit_clearance(database().uow(), actor=acting(by), clearance_id=clearance_id, now=clock().now()),
        as_json,
    )


@app.command()
@command
def exception(
    clearance_id: str,
    reason: Annotated[str, typer.Option("--reason", help="why the host admits the earlier entry")],
    by: ByOption = None,
    as_json: JsonOption = False,
) -> None:
    """The host admits entry earlier than the notice period allows (recorded with its reason)."""
    result = service.record_lead_time_exception(
        database().uow(), actor=acting(by), clearance_id=clearance_id, reason=reason, now=clock().now()
    )
    _out(result, as_json)


@app.command()
@command
def ask(
    clearance_id: str,
    questions: Annotated[str, typer.Option("--questions", help="what the host needs to know")],
    by: ByOption = None,
    as_json: JsonOption = False,
) -> None:
    """The host asks for more information (the visitor answers by amending)."""
    result = service.request_information(
        database().uow(), actor=acting(by), clearance_id=clearance_id, questions=questions, now=clock().now()
    )
    _out(result, as_json)


@app.command()
@command
def approve(
    clearance_id: str,
    number: Annotated[str, typer.Option("--number", help="the host's clearance number")],
    restriction: Annotated[list[str] | None, typer.Option("--restriction", help="repeat for each")] = None,
    by: ByOption = None,
    as_json: JsonOption = False,
) -> None:
    """The host approves with its clearance number; with --restriction, approved with restrictions."""
    result = service.approve_clearance(
        database().uow(),
        actor=acting(by),
        clearance_id=clearance_id,
        clearance_number=number,
        restrictions=restriction or [],
        now=clock().now(),
    )
    _out(result, as_json)


@app.command()
@command
def deny(
    clearance_id: str,
    reason: Annotated[str, typer.Option("--reason")],
    by: ByOption = None,
    as_json: JsonOption = False,
) -> None:
    """The host denies, with the reason."""
    _out(
        service.deny_clearance(
            database().uow(), actor=acting(by), clearance_id=clearance_id, reason=reason, now=clock().now()
        ),
        as_json,
    )


@app.command()
@command
def cancel(
    clearance_id: str,
    reason: Annotated[str, typer.Option("--reason")],
    by: ByOption = None,
    as_json: JsonOption = False,
) -> None:
    """The visiting party cancels, with the reason."""
    result = service.cancel_clearance(
        database().uow(), actor=acting(by), clearance_id=clearance_id, reason=reason, now=clock().now()
    )
    _out(result, as_json)


@app.command()
@command
def show(clearance_id: RecordArgument, as_json: JsonOption = False) -> None:
    """A clearance with its versions and every change (who, when)."""
    c = service.get_clearance(database().uow(), actor=operator(), clearance_id=_record(clearance_id))
    if as_json:
        print_json(c)
        return
    _brief(c)
    for ch in c["changes"]:
        console.print(f"  {ch['at']}  {ch['by']} ({ch['party'] or 'operator'})  {ch['action']} → {ch['to_status']}")


@app.command("list")
@command
def list_(
    agreement: Annotated[str | None, typer.Option("--agreement")] = None,
    status: Annotated[str | None, typer.Option("--status")] = None,
    deployment: Annotated[str | None, typer.Option("--deployment")] = None,
    as_json: JsonOption = False,
) -> None:
    """Clearances, optionally of one agreement, status or deployment."""
    rows = service.list_clearances(
        database().uow(), actor=operator(), agreement_id=agreement, status=status, deployment_id=deployment
    )
    if as_json:
        print_json(rows)
        return
    table = Table("reference", "title", "id", "kind", "status", "from", "to", "facility", "start", "number")
    for r in rows:
        table.add_row(
            r["reference"],
            r["title"],
            r["id"],
            r["kind"],
            r["status"],
            r["visiting_party"],
            r["host_party"],
            r["facility_id"],
            r["start_local"][:16],
            r["clearance_number"] or "",
        )
    print_listing(table, ids=("reference", "id", "facility", "number"))


@app.command()
@command
def due(
    within: Annotated[int, typer.Option("--within", help="days ahead")] = 30,
    as_json: JsonOption = False,
) -> None:
    """What is due for submission soon (drafts and those the host asked more of), by deadline."""
    rows = service.due_soon(database().uow(), actor=operator(), within_days=within, now=clock().now())
    if as_json:
        print_json(rows)
        return
    table = Table("submit by", "left", "what", "reference", "id", "status", "facility", "start")
    for r in rows:
        clearance = r["item"] == "clearance"
        table.add_row(
            f"{r['submit_by_local_date']} local" if clearance else f"{(r['submit_by'] or '')[:16]} UTC",
            "OVERDUE" if r["overdue"] else f"{r['days_left']} d",
            r["kind"] if clearance else "deployment needs " + " and ".join(r["needs"]),
            r["reference"],
            r["id"],
            r["status"],
            r["facility_id"],
            (r["start_local"] if clearance else r["start"])[:16],
        )
    print_listing(table, ids=("reference", "id", "facility"))


@app.command()
@command
def notice(
    clearance_id: RecordArgument,
    language: Annotated[str, typer.Option("--language", help="en, ru or both")] = "both",
    file_format: Annotated[str, typer.Option("--format", help="text or pdf")] = "text",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="write to this file")] = None,
) -> None:
    """The notice generated from the clearance's data, in English and/or Russian, as text or PDF."""
    found = clearance_notice(
        database().uow(),
        actor=operator(),
        clearance_id=_record(clearance_id),
        language=language,
        file_format=file_format,
    )
    if isinstance(found, bytes):
        if output is None:
            fail("--format pdf needs -o FILE")
        output.write_bytes(found)
        console.print(f"written: {output}")
    elif output is not None:
        output.write_text(found, encoding="utf-8")
        console.print(f"written: {output}")
    else:
        typer.echo(found, nl=False)


@app.command()
@command
def expire() -> None:
    """Mark expired what has passed (run daily): granted ones after their window, others after their start."""
    print_json(service.expire_clearances(database().uow(), actor=operator(), now=clock().now()))

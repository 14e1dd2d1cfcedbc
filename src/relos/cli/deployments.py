"""`relos deployments`: request, submit, approve or reject, record arrival and departure, close, cancel, amend;
show, list and assess; cap overrides and the presence timeline.

The CLI acts as the local operator; `--by NAME` records the official who takes each step.
A refused approval prints its explanation (each limit, the first instant it is exceeded, the total there,
the limit, and the earliest window that fits) as JSON and exits 1.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from relos.cli import cap_options as caps
from relos.cli.common import EXIT_RULE, clock, command, database, err_console, fail, operator, print_json
from relos.cli.tables import print_listing
from relos.domain.actor import Actor
from relos.domain.errors import FieldProblem, InvalidInput, RuleViolated
from relos.domain.references import RecordKind
from relos.services.deployments import lifecycle as service
from relos.services.deployments import presence, reads
from relos.services.deployments.inputs import parse_instant
from relos.services.references import record_id

app = typer.Typer(help="Deployments, presence caps, overrides and the presence timeline.", no_args_is_help=True)

ByOption = Annotated[str | None, typer.Option("--by", help="the official taking this step (default: you)")]
JsonOption = Annotated[bool, typer.Option("--json", help="print JSON")]
AtOption = Annotated[str | None, typer.Option("--at", help="ISO 8601 instant (default: now; no offset = UTC)")]
ReasonOption = Annotated[str, typer.Option("--reason")]
RecordArgument = Annotated[str, typer.Argument(help="its id or reference (RUS-DEP-2027-0014)")]


def _now() -> datetime:
    return clock().now()


def acting(by: str | None) -> Actor:
    return Actor.operator(by) if by else operator()


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        fail(f"{path}: line {exc.lineno}: {exc.msg}")
    except OSError as exc:
        fail(f"{path}: {exc}")


def _instant(value: str | None, option: str) -> Any:
    if value is None:
        return None
    problems: list[FieldProblem] = []
    found = parse_instant(value, field=option, problems=problems)
    if problems:
        raise InvalidInput(problems)
    return found


def _record(key: str) -> str:
    """The id of the deployment `key` names: its id, or its reference."""
    return record_id(database().uow(), actor=operator(), kind=RecordKind.DEPLOYMENT, key=key)


def _explained(fn: Any) -> None:
    """Print the result; a refusal prints its violations as JSON too, and exits 1."""
    try:
        print_json(fn())
    except RuleViolated as exc:
        print_json(
            {
                "admitted": False,
                "violations": [{"rule": v.rule} | v.details | {"message": v.message} for v in exc.violations],
            }
        )
        fail(str(exc), EXIT_RULE)


@app.command()
@command
def create(file: Path, by: ByOption = None) -> None:
    """Draft a deployment from JSON: {agreement_id, visiting_party, facility_id, purpose, start, end,
    ships: [{name, hull_number, class, displacement_t, length_m, beam_m, draught_m}],
    aircraft: [{type, tail_number, callsign}], personnel, purpose_consent?, note?, title?} (no title: one is
    made). It gets its reference, HOST-DEP-YEAR-NUMBER."""
    data = _read_json(file)
    if not isinstance(data, dict):
        fail(f"{file}: a deployment is a JSON object")
    print_json(
        service.create_deployment(
            database().uow(), actor=acting(by), data=data, visiting_party=data.get("visiting_party"), now=_now()
        )
    )


@app.command()
@command
def submit(deployment_id: str, by: ByOption = None) -> None:
    """Submit a draft to the host (the agreement must be in force for its window and allow its purpose)."""
    _explained(
        lambda: service.submit_deployment(database().uow(), actor=acting(by), deployment_id=deployment_id, now=_now())
    )


@app.command()
@command
def approve(deployment_id: str, by: ByOption = None) -> None:
    """The host approves, when caps and capacities hold at every instant of the window."""
    _explained(
        lambda: service.approve_deployment(database().uow(), actor=acting(by), deployment_id=deployment_id, now=_now())
    )


@app.command()
@command
def reject(deployment_id: str, reason: ReasonOption, by: ByOption = None) -> None:
    print_json(
        service.reject_deployment(
            database().uow(), actor=acting(by), deployment_id=deployment_id, reason=reason, now=_now()
        )
    )


@app.command()
@command
def amend(deployment_id: str, file: Path, reason: ReasonOption, by: ByOption = None) -> None:
    """A new version from JSON (same fields as create); an approved deployment goes back to the host."""
    data = _read_json(file)
    if not isinstance(data, dict):
        fail(f"{file}: a deployment is a JSON object")
    _explained(
        lambda: service.amend_deployment(
            database().uow(), actor=acting(by), deployment_id=deployment_id, data=data, reason=reason, now=_now()
        )
    )


@app.command()
@command
def cancel(deployment_id: str, reason: ReasonOption, by: ByOption = None) -> None:
    print_json(
        service.cancel_deployment(
            database().uow(), actor=acting(by), deployment_id=deployment_id, reason=reason, now=_now()
        )
    )


@app.command()
@command
def arrive(deployment_id: str, at: AtOption = None, by: ByOption = None) -> None:
    """Record the force's actual arrival."""
    moment = _instant(at, "--at")
    when = clock()
    _explained(
        lambda: service.mark_arrived(
            database().uow(),
            actor=acting(by),
            deployment_id=deployment_id,
            at=moment,
            now=when.now(),
            tolerance=when.tolerance,
        )
    )


@app.command()
@command
def depart(deployment_id: str, at: AtOption = None, by: ByOption = None) -> None:
    """Record the force's actual departure."""
    moment = _instant(at, "--at")
    when = clock()
    print_json(
        service.mark_departed(
            database().uow(),
            actor=acting(by),
            deployment_id=deployment_id,
            at=moment,
            now=when.now(),
            tolerance=when.tolerance,
        )
    )


@app.command()
@command
def close(deployment_id: str, by: ByOption = None) -> None:
    print_json(service.close_deployment(database().uow(), actor=acting(by), deployment_id=deployment_id, now=_now()))


@app.command()
@command
def show(deployment_id: RecordArgument) -> None:
    """One deployment with its units, totals, status, overstay flag and versions (JSON)."""
    found = _record(deployment_id)
    print_json(reads.get_deployment(database().uow(), actor=operator(), deployment_id=found, now=_now()))


@app.command()
@command
def assess(deployment_id: RecordArgument) -> None:
    """Would it be admitted now? Each violation, and the earliest window that fits. Exit 1 when not."""
    found = _record(deployment_id)
    result = reads.assess_deployment(database().uow(), actor=operator(), deployment_id=found, now=_now())
    print_json(result)
    if not result["admitted"]:
        raise typer.Exit(EXIT_RULE)


@app.command("list")
@command
def list_(
    agreement: Annotated[str | None, typer.Option("--agreement")] = None,
    status: str | None = None,
    facility: Annotated[str | None, typer.Option("--facility")] = None,
    overstays: Annotated[
        bool, typer.Option("--overstays", help="only forces present past their end, or that departed after it")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    rows = reads.list_deployments(
        database().uow(),
        actor=operator(),
        agreement_id=agreement,
        status=status,
        facility_id=facility,
        overstays=overstays,
        now=_now(),
    )
    if as_json:
        print_json(rows)
        return
    table = Table(
        "reference", "title", "id", "agreement", "status", "from", "to", "facility", "start", "end", "ships",
        "aircraft", "pers.",
    )  # fmt: skip
    for r in rows:
        t = r["totals"]
        status_text = r["status"] + (" (overstay)" if r["overstay"] else "")
        table.add_row(
            r["reference"], r["title"], r["id"], r["agreement_id"], status_text, r["visiting_party"],
            r["host_party"], r["facility_id"], r["start"], r["end"], str(t["warships"]), str(t["aircraft"]),
            str(t["personnel"]),
        )  # fmt: skip
    print_listing(table, ids=("reference", "id", "agreement", "facility"))


@app.command()
@command
def override(
    agreement: caps.Agreement,
    visiting: caps.Visiting,
    start: caps.Start,
    end: caps.End,
    authority: caps.Authority,
    reference: caps.Reference,
    warships: caps.Warships = None,
    aircraft: caps.Aircraft = None,
    personnel: caps.Personnel = None,
    by: ByOption = None,
) -> None:
    """Record a cap override ("unless otherwise agreed") for a window; only the caps given are raised."""
    print_json(
        presence.record_override(
            database().uow(),
            actor=acting(by),
            agreement_id=agreement,
            visiting_party=visiting,
            start=_instant(start, "--start"),
            end=_instant(end, "--end"),
            limits=caps.limits(warships, aircraft, personnel),
            authority=authority,
            reference=reference,
            now=_now(),
        )
    )


@app.command("revoke-override")
@command
def revoke_override(
    override_id: Annotated[str, typer.Argument(help="the override's id")],
    reason: Annotated[str, typer.Option("--reason", help="why it is revoked")],
    by: ByOption = None,
) -> None:
    """Revoke a cap override; refused while deployments already approved or present rely on it."""
    print_json(
        presence.revoke_override(database().uow(), actor=acting(by), override_id=override_id, reason=reason, now=_now())
    )


@app.command()
@command
def overrides(
    host: Annotated[str, typer.Option("--host")],
    visiting: Annotated[str | None, typer.Option("--visiting")] = None,
) -> None:
    print_json(presence.list_overrides(database().uow(), actor=operator(), host_party=host, visiting_party=visiting))


@app.command()
@command
def timeline(
    host: Annotated[str, typer.Option("--host", help="the host party (ISO alpha-3)")],
    start: Annotated[str, typer.Option("--from")],
    end: Annotated[str, typer.Option("--until")],
    visiting: Annotated[str | None, typer.Option("--visiting")] = None,
    facility: Annotated[str | None, typer.Option("--facility")] = None,
    as_json: JsonOption = False,
) -> None:
    """The presence step functions over [--from, --until): each visiting party's totals, a facility's load."""
    result = presence.timeline(
        database().uow(),
        actor=operator(),
        host_party=host,
        start=_instant(start, "--from"),
        end=_instant(end, "--until"),
        visiting_party=visiting,
        facility_id=facility,
        now=_now(),
    )
    if as_json:
        print_json(result)
        return
    table = Table("who", "limit", "from", "until", "value")
    for party, totals in result["visiting_parties"].items():
        for name, steps in (
            ("warships", totals["warships"]),
            ("aircraft", totals["aircraft"]),
            ("personnel", totals["personnel"]),
        ):
            for s in steps:
                table.add_row(party, name, s["from"], s["until"], str(s["value"]))
    for fid, load in result["facilities"].items():
        for name, data in (
            ("berths", load["berths"]),
            ("aircraft_stands", load["aircraft_stands"]),
            ("beds", load["beds"]),
        ):
            for s in data["steps"]:
                table.add_row(fid, f"{name} (of {data['capacity']})", s["from"], s["until"], str(s["value"]))
    print_listing(table, ids=("who",))
    for b in result["breaches"]:  # a breach of an approval is said, never only implied by the numbers
        err_console.print(f"[red]breach[/red] {b['rule']} {b['deployment_id']}: {b['message']}", highlight=False)

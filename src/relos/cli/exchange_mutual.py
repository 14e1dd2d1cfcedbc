"""`relos exchange propose-override | propose-event | proposals | accept | decline`: what binds only with both
parties' signatures, in a party's instance — a cap override, an extension by mutual consent, a termination by
consent — proposed to the partner, and the partner's proposals countersigned or declined (docs/exchange.md).
The proposal and the answer cross in the next bundle (relos exchange export / sync)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from relos.cli import cap_options as caps
from relos.cli.common import clock, command, console, database, operator, parse_day, print_json
from relos.domain.errors import FieldProblem, InvalidInput
from relos.services.deployments.inputs import parse_instant
from relos.services.exchange import mutual
from relos.services.exchange.keys import current_key
from relos.settings import Settings

JsonOption = Annotated[bool, typer.Option("--json", help="print JSON")]


def _instant(value: str, option: str) -> datetime:
    problems: list[FieldProblem] = []
    found = parse_instant(value, field=option, problems=problems)
    if problems:
        raise InvalidInput(problems)
    assert found is not None
    return found


def _said(p: mutual.Proposal, as_json: bool) -> None:
    if as_json:
        print_json(p.as_json())
        return
    console.print(f"{p.id} {p.subject} of {p.agreement_id}, proposed by {p.proposed_by}: {p.state}", highlight=False)


@command
def propose_override(
    agreement: caps.Agreement,
    visiting: caps.Visiting,
    start: caps.Start,
    end: caps.End,
    authority: caps.Authority,
    reference: caps.Reference,
    warships: caps.Warships = None,
    aircraft: caps.Aircraft = None,
    personnel: caps.Personnel = None,
    as_json: JsonOption = False,
) -> None:
    """Propose raised caps for a window to the partner: binding in neither instance until it countersigns."""
    found = mutual.propose_override(
        database().uow(), actor=operator(), key=current_key(Settings().data_dir), now=clock().now(),
        agreement_id=agreement, visiting_party=visiting, start=_instant(start, "--start"),
        end=_instant(end, "--end"),
        limits=caps.limits(warships, aircraft, personnel),
        authority=authority, reference=reference,
    )  # fmt: skip
    _said(found, as_json)


@command
def propose_event(
    agreement: Annotated[str, typer.Option("--agreement")],
    kind: Annotated[str, typer.Argument(help="extension_consent or termination_by_consent")],
    on: Annotated[str, typer.Option("--date", help="this party's consent, given on (YYYY-MM-DD)")],
    source: Annotated[str, typer.Option("--source", help="the note or letter that gives it")],
    effective: Annotated[
        str | None, typer.Option("--effective", help="termination: first day no longer in force")
    ] = None,
    note: Annotated[str, typer.Option("--note")] = "",
    as_json: JsonOption = False,
) -> None:
    """Propose an extension by mutual consent or a termination by consent: effective only with the partner's."""
    chosen = mutual.mutual_kind(kind)
    when = clock()
    found = mutual.propose_event(
        database().uow(), actor=operator(), key=current_key(Settings().data_dir), now=when.now(),
        agreement_id=agreement, kind=chosen, on=parse_day(on, option="--date"), source=source,
        effective=parse_day(effective, option="--effective") if effective else None, note=note,
        tolerance=when.tolerance,
    )  # fmt: skip
    _said(found, as_json)


@command
def proposals(as_json: JsonOption = False) -> None:
    """Every proposal sent or received, newest first, and where it stands (proposed, accepted, declined)."""
    found = mutual.proposals(database().uow(read_only=True), actor=operator())
    if as_json:
        print_json([p.as_json() for p in found])
        return
    for p in found:
        _said(p, False)


@command
def accept(proposal_id: Annotated[str, typer.Argument()], as_json: JsonOption = False) -> None:
    """Countersign the partner's proposal: it binds here now, and in the partner's instance once it crosses."""
    found = mutual.accept(
        database().uow(), actor=operator(), key=current_key(Settings().data_dir), now=clock().now(),
        proposal_id=proposal_id,
    )  # fmt: skip
    _said(found, as_json)


@command
def decline(
    proposal_id: Annotated[str, typer.Argument()],
    reason: Annotated[str, typer.Option("--reason", help="why")],
    as_json: JsonOption = False,
) -> None:
    """Decline the partner's proposal, saying why: nothing changes in either instance."""
    found = mutual.decline(
        database().uow(), actor=operator(), key=current_key(Settings().data_dir), now=clock().now(),
        proposal_id=proposal_id, reason=reason,
    )  # fmt: skip
    _said(found, as_json)


def register(app: typer.Typer) -> None:
    app.command("propose-override")(propose_override)
    app.command("propose-event")(propose_event)
    app.command("proposals")(proposals)
    app.command("accept")(accept)
    app.command("decline")(decline)

"""Clearances and deployments: a clearance made for a deployment must match it (agreement, parties,
facility, whole window, every ship or aircraft and no other); a deployment is marked arrived only when
granted clearances (approved, or approved with restrictions) cover every one of its units and its dates."""

from __future__ import annotations

from datetime import datetime

from relos.domain.clearances.coverage import Force, ShipRef, coverage_gaps, match_violations, same_ship
from relos.domain.clearances.model import FINAL, Clearance
from relos.domain.clearances.rules import submission_deadline
from relos.domain.clearances.terms import ClearanceKind, NoticeTerms, notice_terms
from relos.domain.deployments.model import Deployment, DeploymentStatus
from relos.domain.errors import InvalidInput, RuleViolated, Violation
from relos.domain.facilities import Facility
from relos.services.agreements.ports import StoredAgreement
from relos.services.unit_of_work import UnitOfWork


def force_of(d: Deployment) -> Force:
    """What the deployment brings, as clearances must cover it."""
    return Force(
        deployment_id=d.id,
        agreement_id=d.agreement_id,
        visiting_party=d.visiting_party,
        host_party=d.host_party,
        facility_id=d.facility_id,
        start=d.start,
        end=d.end,
        ships=tuple(ShipRef(s.name, s.hull_number or None) for s in d.ships),
        tail_numbers=tuple(a.tail_number for a in d.aircraft),
        deployment_reference=d.reference,
    )


def check_deployment(uow: UnitOfWork, c: Clearance) -> None:
    """Raise when `c` names a deployment that does not exist (for this clearance) or that it does not match."""
    if c.deployment_id is None:
        return
    d = uow.deployments.get(c.deployment_id)
    if d is None or {d.visiting_party, d.host_party} != {c.visiting_party, c.host_party}:
        raise InvalidInput.of(
            "deployment_id",
            "no_deployment_these_parties",
            "no deployment {deployment_id!r} of these parties",
            deployment_id=c.deployment_id,
        )
    force = force_of(d)
    if c.kind is ClearanceKind.PORT_CALL and not force.ships:
        raise RuleViolated([Violation("deployment_mismatch", f"deployment {d.id} brings no ships", {})])
    if c.kind is ClearanceKind.AIRSPACE and not force.tail_numbers:
        raise RuleViolated([Violation("deployment_mismatch", f"deployment {d.id} brings no aircraft", {})])
    found = match_violations(c, force)
    if found:
        raise RuleViolated(found)


def arrival_violations(uow: UnitOfWork, deployment: Deployment, *, at: datetime) -> list[Violation]:
    """Why the deployment may not be marked arrived at `at` for want of clearances (empty: it may)."""
    del at  # coverage is of the deployment's whole window, whatever the moment of arrival
    candidates = [
        c
        for c in uow.clearances.list(agreement_id=deployment.agreement_id, parties=(deployment.visiting_party,))
        if c.visiting_party == deployment.visiting_party
    ]
    return coverage_gaps(force_of(deployment), candidates)


def _named_by_live(force: Force, clearances: list[Clearance]) -> tuple[list[ShipRef], list[str]]:
    """The force's ships and aircraft that no live clearance (neither denied, cancelled nor expired) for its
    whole window names: a clearance of another visit by the same hull does not count."""
    live = [
        c
        for c in clearances
        if c.status not in FINAL
        and (c.agreement_id, c.visiting_party, c.host_party)
        == (force.agreement_id, force.visiting_party, force.host_party)
        and c.start <= force.start
        and force.end <= c.end
    ]
    ports = [c for c in live if c.kind is ClearanceKind.PORT_CALL and c.facility_id == force.facility_id]
    flights = [c for c in live if c.kind is ClearanceKind.AIRSPACE]
    ships = [r for r in force.ships if not any(same_ship(r, s) for c in ports for s in c.ships)]
    tails = {(a.tail_number or "").casefold() for c in flights for a in c.aircraft}
    return ships, [t for t in force.tail_numbers if t.casefold() not in tails]


Uncleared = tuple[Deployment, datetime, list[str], list[str]]

#: Per party, the chain of changes the last reading saw (the audit chain's length and its head's hash: every change
#: appends to it, in the order changes commit) and every deployment it found uncleared then, whatever its deadline.
_KEPT: dict[str | None, tuple[tuple[int, str | None], list[Uncleared]]] = {}


def uncleared_deployments(uow: UnitOfWork, *, party: str | None, before: datetime) -> list[Uncleared]:
    """Submitted or approved deployments bringing ships or aircraft that no live clearance names yet, whose
    earliest submission deadline (the kinds still needed, at the deployment's facility, in its local time)
    comes before `before`: (deployment, deadline, ships to notify, aircraft to clear), by deadline. Worked out
    again only after a change was recorded (the audit chain grew) since the last reading for `party`."""
    length = uow.audit.length()
    seen = (length, uow.audit.hash_at(length))
    kept = _KEPT.get(party)
    if kept is None or kept[0] != seen or not length:
        kept = (seen, _uncleared(uow, party))
        _KEPT[party] = kept
    return [item for item in kept[1] if item[1] < before]


def _uncleared(uow: UnitOfWork, party: str | None) -> list[Uncleared]:
    found: list[Uncleared] = []
    # read once per agreement and visiting party (per agreement, per facility), not once per deployment
    clearances: dict[tuple[str, str], list[Clearance]] = {}
    agreements: dict[str, StoredAgreement | None] = {}
    places: dict[str, Facility | None] = {}
    terms_of: dict[str, NoticeTerms] = {}
    for status in (DeploymentStatus.SUBMITTED, DeploymentStatus.APPROVED):
        for d in uow.deployments.list(status=status, party=party):
            force = force_of(d)
            if not force.ships and not force.tail_numbers:
                continue
            key = (d.agreement_id, d.visiting_party)
            if key not in clearances:
                clearances[key] = uow.clearances.list(agreement_id=d.agreement_id, parties=(d.visiting_party,))
            ships, tails = _named_by_live(force, clearances[key])
            if not ships and not tails:
                continue
            if d.agreement_id not in agreements:
                agreements[d.agreement_id] = uow.agreements.get(d.agreement_id)
            if d.facility_id not in places:
                places[d.facility_id] = uow.facilities.get(d.facility_id)
            stored, place = agreements[d.agreement_id], places[d.facility_id]
            if stored is None or place is None:
                continue
            if d.agreement_id not in terms_of:
                terms_of[d.agreement_id] = notice_terms(d.agreement_id, stored.agreement.document)[0]
            terms = terms_of[d.agreement_id]
            kinds = ([ClearanceKind.PORT_CALL] if ships else []) + ([ClearanceKind.AIRSPACE] if tails else [])
            deadlines = [
                submission_deadline(d.start, timezone=place.timezone, lead_days=days)
                for days in (terms.of(k).lead_days for k in kinds)
                if days is not None
            ]
            deadline = min(deadlines) if deadlines else d.start
            found.append((d, deadline, [r.name for r in ships], tails))
    return sorted(found, key=lambda item: (item[1], item[0].id))

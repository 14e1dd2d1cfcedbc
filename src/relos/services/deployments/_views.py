"""What the deployment use cases share: loading what the actor may see, reading a request's particulars
against its agreement and facility, the JSON forms of a deployment (relos.services.deployments.results), and
the admission assessment (rules, first instants exceeded, the earliest window that fits)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from relos.domain.actor import Actor
from relos.domain.deployments.admission import (
    Check,
    build_checks,
    cap_limits,
    checks_of,
    earliest_window,
    exceeded,
    in_force_violation,
    iso,
    purpose_violation,
    validity,
)
from relos.domain.deployments.breaches import Breach, breaches
from relos.domain.deployments.model import Capacity, Deployment, Occupancy, Particulars, Ship, Totals, fit_problems
from relos.domain.deployments.presence import StepFunction
from relos.domain.errors import InvalidInput, NotFound, Violation
from relos.domain.facilities import Facility, is_open_to
from relos.services.agreements.ports import StoredAgreement
from relos.services.deployments import results
from relos.services.deployments.inputs import parse_particulars
from relos.services.deployments.ports import VersionEntry
from relos.services.people.authority import require_own_party, require_visible
from relos.services.unit_of_work import UnitOfWork


def visible_deployment(uow: UnitOfWork, actor: Actor, deployment_id: str) -> Deployment:
    return seen_by(actor, uow.deployments.get(deployment_id), deployment_id)


def visible_in_context(
    uow: UnitOfWork, actor: Actor, deployment_id: str
) -> tuple[Deployment, StoredAgreement, Facility | None]:
    """`visible_deployment` and then `visible_agreement` (each refusing as they do), read in one statement with
    the deployment's facility: None when the catalogue has none of its id (see `catalogued`)."""
    found = uow.deployments.get_in_context(deployment_id)
    d = seen_by(actor, found.deployment if found is not None else None, deployment_id)
    assert found is not None  # else `seen_by` refused it
    return d, agreement_seen_by(actor, found.agreement, d.agreement_id), found.facility


def visible_with_history(uow: UnitOfWork, actor: Actor, deployment_id: str) -> tuple[Deployment, list[VersionEntry]]:
    """`visible_deployment`, with its versions' history read in the same statement."""
    found = uow.deployments.get_with_history(deployment_id)
    d = seen_by(actor, found[0] if found is not None else None, deployment_id)
    assert found is not None  # else `seen_by` refused it
    return d, found[1]


def checked_again(actor: Actor, seen: Deployment, found: Deployment | None) -> Deployment:
    """`found`, `seen` as read again under the lock, if it is still there for `actor` to see."""
    return seen_by(actor, found, seen.id)


def seen_by(actor: Actor, found: Deployment | None, deployment_id: str) -> Deployment:
    """`found`, read for `deployment_id`, if it is there for `actor` to see."""
    if found is None:
        raise NotFound("deployment", deployment_id)
    require_visible(actor, (found.visiting_party, found.host_party), kind="deployment", key=deployment_id)
    return found


def visible_agreement(uow: UnitOfWork, actor: Actor, agreement_id: str) -> StoredAgreement:
    return agreement_seen_by(actor, uow.agreements.get(agreement_id), agreement_id)


def agreement_seen_by(actor: Actor, stored: StoredAgreement | None, agreement_id: str) -> StoredAgreement:
    """`stored`, read for `agreement_id`, if it is there for `actor` to see."""
    if stored is None:
        raise NotFound("agreement", agreement_id)
    require_visible(actor, stored.agreement.parties, kind="agreement", key=agreement_id)
    return stored


def capacity_of(facility: Facility) -> Capacity:
    return Capacity(
        facility_id=facility.id,
        berths=facility.berths,
        aircraft_stands=facility.aircraft_stands,
        beds=facility.accommodation_beds,
        berth_max_length_m=facility.berth_max_length_m,
        berth_max_draught_m=facility.berth_max_draught_m,
    )


def deployment_document(d: Deployment) -> results.DeploymentDocument:
    """The canonical JSON of one version of a deployment (what the parties exchange)."""
    return {
        "id": d.id,
        "reference": d.reference,
        "title": d.title,
        "version": d.version,
        "agreement_id": d.agreement_id,
        "visiting_party": d.visiting_party,
        "host_party": d.host_party,
        "facility_id": d.facility_id,
        "purpose": d.purpose,
        "purpose_consent": d.purpose_consent,
        "start": iso(d.start),
        "end": iso(d.end),
        "ships": [_ship(s) for s in d.ships],
        "aircraft": [{"type": a.type, "tail_number": a.tail_number, "callsign": a.callsign} for a in d.aircraft],
        "personnel": d.personnel,
        "totals": _totals(d.totals),
        "requested_by": d.requested_by,
        "note": d.note,
        "amendment_reason": d.amendment_reason,
    }


def _ship(s: Ship) -> results.DeploymentShip:
    """As Ship.as_dict: the key `class` for its class."""
    return {
        "name": s.name,
        "hull_number": s.hull_number,
        "class": s.ship_class,
        "displacement_t": s.displacement_t,
        "length_m": s.length_m,
        "beam_m": s.beam_m,
        "draught_m": s.draught_m,
    }


def _totals(t: Totals) -> results.DeploymentTotals:
    return {"warships": t.warships, "aircraft": t.aircraft, "personnel": t.personnel}


def canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def deployment_json(d: Deployment, now: datetime) -> results.Deployment:
    """A deployment as the use cases return it: its canonical document, then where it stands."""
    return {
        **deployment_document(d),
        "status": d.status.value,
        "created_at": iso(d.created_at),
        "decided_by": d.decided_by,
        "decided_at": iso(d.decided_at) if d.decided_at else None,
        "decision_reason": d.decision_reason,
        "arrived_at": iso(d.arrived_at) if d.arrived_at else None,
        "departed_at": iso(d.departed_at) if d.departed_at else None,
        "overstay": d.overstayed(now),
        "breaches": [breach_json(b) for b in breaches(d.occupancy(), now)],
    }


def breach_json(b: Breach) -> results.Breach:
    return {
        "deployment_id": b.deployment_id,
        "rule": b.rule,
        "since": iso(b.since),
        "until": iso(b.until) if b.until else None,
        "message": b.message,
    }


@dataclass(frozen=True)
class Assessment:
    """Whether a deployment would be admitted now: every violation, and the earliest window that would fit."""

    violations: list[Violation]
    suggestion: tuple[datetime, datetime] | None = None

    @property
    def admitted(self) -> bool:
        return not self.violations

    def as_json(self) -> results.Assessment:
        return {
            "admitted": self.admitted,
            "violations": [_violation_json(v) for v in self.violations],
            "earliest_window": None
            if self.suggestion is None
            else {"start": iso(self.suggestion[0]), "end": iso(self.suggestion[1])},
        }


def _violation_json(v: Violation) -> results.AdmissionViolation:
    """An assessed rule's details (limit, at, total, max: as every admission rule gives them) and message."""
    details = v.details
    return {
        "limit": cast(str, details["limit"]),
        "at": cast(str, details["at"]),
        "total": cast(int, details["total"]),
        "max": cast(int, details["max"]),
        "message": v.message,
    }


def facility_for(uow: UnitOfWork, facility_id: str) -> Facility:
    return catalogued(uow.facilities.get(facility_id), facility_id)


def catalogued(facility: Facility | None, facility_id: str) -> Facility:
    """`facility`, read for `facility_id`: an error naming the field when the catalogue has none."""
    if facility is None:
        raise InvalidInput.of(
            "facility_id",
            "not_facility_catalogue",
            "{facility_id!r} is not a facility of the catalogue",
            facility_id=facility_id,
        )
    return facility


def requested_particulars(
    uow: UnitOfWork, actor: Actor, data: Mapping[str, Any], visiting: str | None
) -> tuple[Particulars, StoredAgreement]:
    """A request's particulars (`data`), checked against its agreement, the host and the facility's capacity."""
    party = visiting or actor.party
    if party is None:
        raise InvalidInput.of(
            "visiting_party", "operator_names_visiting_party", "the operator names the visiting party"
        )
    require_own_party(actor, party, action="requesting a deployment")
    agreement_id = str(data.get("agreement_id") or "")
    if not agreement_id:
        raise InvalidInput.of("agreement_id", "required_2", "is required")
    stored = visible_agreement(uow, actor, agreement_id)
    agreement = stored.agreement
    if party not in agreement.parties:
        raise InvalidInput.of(
            "visiting_party",
            "not_party_3",
            "{party} is not a party to {agreement_id}",
            party=party,
            agreement_id=agreement_id,
        )
    host = agreement.partner_of(party)
    if data.get("host_party") not in (None, "", host):
        raise InvalidInput.of(
            "host_party",
            "under_host",
            "under {agreement_id} the host of {party} is {host}",
            agreement_id=agreement_id,
            party=party,
            host=host,
        )
    p = parse_particulars(data, visiting_party=party, host_party=host)
    facility = facility_for(uow, p.facility_id)
    if facility.country != host:
        raise InvalidInput.of(
            "facility_id",
            "not_host",
            "{facility_id} is in {country}, not in the host {host}",
            facility_id=facility.id,
            country=facility.country,
            host=host,
        )
    if not is_open_to(facility, party=party, agreement_id=agreement_id, agreement_parties=agreement.parties):
        raise InvalidInput.of(
            "facility_id",
            "not_open_under",
            "{facility_id} is not open to {party} under {agreement_id}",
            facility_id=facility.id,
            party=party,
            agreement_id=agreement_id,
        )
    problems = fit_problems(p, capacity_of(facility))
    if problems:
        raise InvalidInput(problems, source=f"deployment to {facility.id}")
    return p, stored


def assess(
    uow: UnitOfWork,
    d: Deployment,
    stored: StoredAgreement,
    *,
    now: datetime,
    facility: Facility | None = None,
    alongside: Sequence[Occupancy] = (),
) -> Assessment:
    """Check `d` against the agreement's rules and every occupying deployment of the host's territory (as the
    repository's `presence` reads it); `facility`: `d`'s, when the caller has read it already. `alongside`: what
    else occupies it that the presence does not hold yet — the deployments admitted before `d` in the same
    transaction, not yet written (relos.services.deployments.approval)."""
    agreement, events = stored.agreement, stored.events
    violations: list[Violation] = []
    rule = in_force_violation(agreement, events, d.start, d.end)
    if rule:
        violations.append(rule)
    rule = purpose_violation(agreement, d.purpose, consent=d.purpose_consent, start=d.start)
    if rule:
        violations.append(rule)
    if facility is None or facility.id != d.facility_id:
        facility = facility_for(uow, d.facility_id)
    capacity = capacity_of(facility)
    presence = uow.deployments.presence(d.host_party)
    caps = cap_limits(agreement.caps, presence.overrides(visiting_party=d.visiting_party))

    loads = presence.loads(now=now, visiting_party=d.visiting_party, facility_id=d.facility_id, excluding=d.id)
    mine = [o for o in alongside if o.id != d.id and o.visiting_party == d.visiting_party]
    here = [o for o in alongside if o.id != d.id and o.facility_id == d.facility_id]
    kept: list[Check] | None = None
    if loads is not None:  # the loads at every instant: the same checks serve any window
        kept = checks_of(totals=d.totals, caps=caps, capacity=capacity, party_load=_with(loads.party, mine, now),
                         facility_load=_with(loads.facility, here, now))  # fmt: skip

    def checks_over(start: datetime, end: datetime) -> list[Check]:
        if kept is not None:
            return kept
        others = presence.occupying(start=start, end=end, visiting_party=d.visiting_party, facility_id=d.facility_id)
        others += [
            o
            for o in alongside
            if o.id != d.id and (o.visiting_party == d.visiting_party or o.facility_id == d.facility_id)
        ]
        return build_checks(
            totals=d.totals,
            visiting_party=d.visiting_party,
            facility_id=d.facility_id,
            caps=caps,
            capacity=capacity,
            others=[o for o in others if o.id != d.id],
            now=now,
        )

    over = exceeded(checks_over(d.start, d.end), d.start, d.end)
    violations += [e.violation() for e in over]
    suggestion = None
    window = validity(agreement, events)
    movable = any(v.rule != "purpose_not_allowed" for v in violations)
    if movable and window is not None and d.end - d.start <= window[1] - window[0]:
        start = max(d.start, window[0])
        suggestion = earliest_window(
            checks_over(start, window[1]), start=start, length=d.end - d.start, not_after=window[1]
        )
    return Assessment(violations, suggestion)


def _with(load: Callable[[str], StepFunction], extra: list[Occupancy], now: datetime) -> Callable[[str], StepFunction]:
    """`load` with the presence of `extra` added, total by total."""
    if not extra:
        return load
    spans = [(span, o.totals) for o in extra if (span := o.presence(now)) is not None]
    return lambda name: load(name).plus((start, end, totals.get(name)) for (start, end), totals in spans)

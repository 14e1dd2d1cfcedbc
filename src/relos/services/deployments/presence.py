"""Use cases of presence: record a cap override ("unless otherwise agreed"), revoke one (refused while forces
already approved or present rely on it), list overrides, and the presence timeline — the step function of a
visiting party's totals in a host's territory, and of a facility's load, over any period."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from uuid6 import uuid7

from relos.domain.actor import Actor, Role
from relos.domain.deployments.admission import iso, load_of, relied_on
from relos.domain.deployments.breaches import breaches
from relos.domain.deployments.model import CAP_NAMES, FACILITY_RESOURCES, CapOverride, Occupancy
from relos.domain.deployments.presence import StepFunction
from relos.domain.errors import Conflict, FieldProblem, Forbidden, InvalidInput, NotFound, RuleViolated
from relos.domain.parties import party_problem
from relos.services.deployments import results
from relos.services.deployments._views import breach_json, capacity_of, facility_for, visible_agreement
from relos.services.people.authority import require_own_party, require_role
from relos.services.unit_of_work import UnitOfWork

MAX_TIMELINE_STEPS = 10_000


def _now() -> datetime:
    return datetime.now(UTC)


def override_json(o: CapOverride) -> results.CapOverride:
    return {
        "id": o.id,
        "agreement_id": o.agreement_id,
        "visiting_party": o.visiting_party,
        "host_party": o.host_party,
        "start": iso(o.start),
        "end": iso(o.end),
        "limits": {"warships": o.warships, "aircraft": o.aircraft, "personnel": o.personnel},
        "authority": o.authority,
        "reference": o.reference,
        "recorded_by": o.recorded_by,
        "recorded_at": iso(o.recorded_at) if o.recorded_at else None,
        "in_effect": o.revoked_at is None,
        "revoked_at": iso(o.revoked_at) if o.revoked_at else None,
        "revoked_by": o.revoked_by or None,
        "revocation_reason": o.revocation_reason or None,
    }


def record_override(
    uow: UnitOfWork,
    *,
    actor: Actor,
    agreement_id: str,
    visiting_party: str,
    start: datetime,
    end: datetime,
    limits: dict[str, int | None],
    authority: str,
    reference: str,
    now: datetime | None = None,
) -> results.CapOverride:
    """Record what the parties agreed otherwise: raised caps for one visiting party, for a window, with the
    authority that agreed and the document's reference. Recorded by the host's approver, in the joint instance;
    in a party's instance an override binds only once the partner's instance countersigns it, so it is proposed
    there instead (relos.services.exchange.mutual)."""
    require_role(actor, Role.HOST_APPROVER, action="recording a cap override")
    with uow:
        if uow.exchange.own_party() is not None:
            raise Conflict.of(
                "conflict.override_needs_partner",
                "in a party's instance a cap override binds only with the partner's countersignature: "
                "propose it to the partner (relos exchange propose-override)",
            )
        override = checked_override(
            uow, actor=actor, agreement_id=agreement_id, visiting_party=visiting_party, start=start, end=end,
            limits=limits, authority=authority, reference=reference, recorded_at=now or _now(),
        )  # fmt: skip
        require_own_party(actor, override.host_party, action="recording a cap override")
        result = add_override(uow, actor=actor, override=override)
        uow.commit()
        return result


def add_override(uow: UnitOfWork, *, actor: Actor, override: CapOverride) -> results.CapOverride:
    """Keep a checked override and audit it, inside the caller's transaction."""
    uow.lock(f"presence:{override.host_party}")
    uow.deployments.add_override(override)
    result = override_json(override)
    uow.audit.record(
        actor=actor,
        action="cap_override.recorded",
        entity="cap_override",
        entity_id=override.id,
        before=None,
        after=result,
        agreement_id=override.agreement_id,
    )
    return result


def checked_override(
    uow: UnitOfWork,
    *,
    actor: Actor,
    agreement_id: str,
    visiting_party: str,
    start: datetime,
    end: datetime,
    limits: dict[str, int | None],
    authority: str,
    reference: str,
    recorded_at: datetime,
    recorded_by: str = "",
    override_id: str | None = None,
) -> CapOverride:
    """The override those particulars make, checked against the agreement inside the caller's unit of work
    (InvalidInput naming every field that is wrong); nothing is kept."""
    problems: list[FieldProblem] = []
    if end <= start:
        problems.append(
            FieldProblem.of(
                "end", "not_after_start", "{end} is not after the start {start}", end=iso(end), start=iso(start)
            )
        )
    if not authority.strip():
        problems.append(
            FieldProblem.of(
                "authority", "name_who_agreed_e_g", "name who agreed (e.g. the exchange of notes of the ministries)"
            )
        )
    if not reference.strip():
        problems.append(
            FieldProblem.of(
                "reference",
                "give_reference_document_records_agreement",
                "give the reference of the document that records the agreement",
            )
        )
    unknown = sorted(set(limits) - set(CAP_NAMES))
    if unknown:
        problems.append(
            FieldProblem.of(
                "limits",
                "unknown_cap_s_caps_are",
                "unknown cap(s) {unknown}; caps are {CAP_NAMES}",
                unknown=", ".join(unknown),
                CAP_NAMES=", ".join(CAP_NAMES),
            )
        )
    if all(limits.get(n) is None for n in CAP_NAMES):
        problems.append(
            FieldProblem.of("limits", "override_raises_least_one_cap", "an override raises at least one cap")
        )
    bad = party_problem(visiting_party, field="visiting_party")
    if bad:
        problems.append(bad)
    stored = visible_agreement(uow, actor, agreement_id)
    agreement = stored.agreement
    if visiting_party not in agreement.parties:
        problems.append(
            FieldProblem.of(
                "visiting_party",
                "not_party_4",
                "{visiting_party} is not a party to {agreement_id}",
                visiting_party=visiting_party,
                agreement_id=agreement_id,
            )
        )
        host = ""
    else:
        host = agreement.partner_of(visiting_party)
    for name in CAP_NAMES:
        value, base = limits.get(name), agreement.caps.as_dict()[name]
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            problems.append(
                FieldProblem.of(
                    f"limits.{name}", "must_whole_number_got", "must be a whole number, got {value!r}", value=value
                )
            )
        elif base is not None and value <= base:
            problems.append(
                FieldProblem.of(
                    f"limits.{name}",
                    "does_not_raise_cap",
                    "{value} does not raise the cap of {base}",
                    value=value,
                    base=base,
                )
            )
    if problems:
        raise InvalidInput(problems, source="cap override")
    override = CapOverride(
        id=override_id or str(uuid7()),
        agreement_id=agreement_id,
        visiting_party=visiting_party,
        host_party=host,
        start=start,
        end=end,
        authority=authority.strip(),
        reference=reference.strip(),
        warships=limits.get("warships"),
        aircraft=limits.get("aircraft"),
        personnel=limits.get("personnel"),
        recorded_by=recorded_by or actor.user_id,
        recorded_at=recorded_at,
    )
    return override


def revoke_override(
    uow: UnitOfWork, *, actor: Actor, override_id: str, reason: str, now: datetime | None = None
) -> results.CapOverride:
    """The host's approver revokes an override (recorded in error, or withdrawn by the parties), saying why.
    Refused (RuleViolated: each cap, its first instant, the total there and the cap without the override)
    while deployments of the visiting party already approved or present would then exceed a cap."""
    require_role(actor, Role.HOST_APPROVER, action="revoking a cap override")
    if not reason.strip():
        raise InvalidInput.of("reason", "say_why_override_revoked", "say why the override is revoked")
    at = now or _now()
    with uow:
        found = uow.deployments.override(override_id)
        if found is None or not actor.may_see((found.host_party, found.visiting_party)):
            raise NotFound("cap override", override_id)
        require_own_party(actor, found.host_party, action="revoking a cap override")
        if found.revoked_at is not None:
            raise InvalidInput.of(
                "override_id",
                "was_revoked",
                "{override_id} was revoked on {revoked_at} by {revoked_by}",
                override_id=override_id,
                revoked_at=iso(found.revoked_at),
                revoked_by=found.revoked_by,
            )
        uow.lock(f"presence:{found.host_party}")
        agreement = visible_agreement(uow, actor, found.agreement_id).agreement
        kept = [
            o
            for o in uow.deployments.overrides(host_party=found.host_party, visiting_party=found.visiting_party)
            if o.id != found.id
        ]
        others = uow.deployments.occupying(
            host_party=found.host_party, start=found.start, end=found.end, visiting_party=found.visiting_party
        )
        broken = relied_on(caps=agreement.caps, kept=kept, visiting_party=found.visiting_party, others=others,
                           start=found.start, end=found.end, now=at)  # fmt: skip
        if broken:
            raise RuleViolated([e.violation() for e in broken])
        revoked = replace(found, revoked_at=at, revoked_by=actor.user_id, revocation_reason=reason.strip())
        uow.deployments.revoke_override(revoked)
        result = override_json(revoked)
        uow.audit.record(
            actor=actor,
            action="cap_override.revoked",
            entity="cap_override",
            entity_id=override_id,
            before={"in_effect": True},
            after={
                "in_effect": result["in_effect"],
                "revoked_at": result["revoked_at"],
                "revoked_by": result["revoked_by"],
                "revocation_reason": result["revocation_reason"],
            },
            agreement_id=found.agreement_id,
        )
        uow.commit()
        return result


def list_overrides(
    uow: UnitOfWork, *, actor: Actor, host_party: str, visiting_party: str | None = None
) -> list[results.CapOverride]:
    """The overrides recorded for that host (and visiting party), revoked ones included (`in_effect` false)."""
    if not actor.is_operator and actor.party not in (host_party, visiting_party):
        raise Forbidden.of(
            "forbidden.overrides_s_territory_are_host",
            "overrides in {host_party}'s territory are for its host and its visitors",
            host_party=host_party,
        )
    with uow:
        return [
            override_json(o)
            for o in uow.deployments.overrides(host_party=host_party, visiting_party=visiting_party, revoked_too=True)
            if actor.may_see((o.host_party, o.visiting_party))
        ]


def _steps(f: StepFunction, start: datetime, end: datetime) -> list[results.PresenceStep]:
    return [{"from": iso(a), "until": iso(b), "value": v} for a, b, v in f.steps(start, end)]


def timeline(
    uow: UnitOfWork,
    *,
    actor: Actor,
    host_party: str,
    start: datetime,
    end: datetime,
    visiting_party: str | None = None,
    facility_id: str | None = None,
    now: datetime | None = None,
) -> results.PresenceTimeline:
    """The presence step functions over [start, end): per visiting party (its warships, aircraft and personnel
    in the host's territory) and per facility (berths, aircraft stands, beds in use against its capacity).
    A force counts as it was and is: approved, over its window; once arrived, from its actual arrival to its
    departure (after its approved end too). Beside the steps, `overstays` (present after the approved end, or
    departed after it) and `breaches` (each breach of an approval, relos.domain.deployments.breaches) of the
    deployments present in the period, judged at `now`.

    The host sees every visitor and facility of its territory; a visiting party sees only its own totals."""
    at = now or _now()
    if end <= start:
        raise InvalidInput.of(
            "end", "not_after_start", "{end} is not after the start {start}", end=iso(end), start=iso(start)
        )
    bad = party_problem(host_party, field="host_party")
    if bad:
        raise InvalidInput([bad])
    sees_all = actor.is_operator or actor.party == host_party
    if not sees_all:
        if visiting_party is None:
            visiting_party = actor.party
        if visiting_party != actor.party or facility_id is not None:
            raise Forbidden.of(
                "forbidden.user_sees_only_own_presence",
                "a user of {party} sees only its own presence in {host_party}'s territory",
                party=actor.party,
                host_party=host_party,
            )
    with uow:
        capacity = capacity_of(facility_for(uow, facility_id)) if facility_id else None
        found = uow.deployments.presence(host_party).occupying(  # the host's presence as the caps engine keeps it
            start=start, end=end, visiting_party=visiting_party, facility_id=facility_id
        )
    spans: list[tuple[Occupancy, tuple[datetime, datetime]]] = [
        (d, span) for d in found if (span := d.presence(at)) is not None and span[0] < end and span[1] > start
    ]
    parties: dict[str, results.PartyPresence] = {}
    for party in sorted({d.visiting_party for d, _ in spans if visiting_party in (None, d.visiting_party)}):
        mine = [(span, d.totals) for d, span in spans if d.visiting_party == party]
        parties[party] = {
            "warships": _steps(load_of(mine, "warships"), start, end),
            "aircraft": _steps(load_of(mine, "aircraft"), start, end),
            "personnel": _steps(load_of(mine, "personnel"), start, end),
        }
    facilities: dict[str, results.FacilityLoad] = {}
    if facility_id is not None and capacity is not None:
        here = [(span, d.totals) for d, span in spans if d.facility_id == facility_id]

        def load(resource: str) -> results.ResourceLoad:
            total = FACILITY_RESOURCES[resource]
            return {"capacity": capacity.limits()[resource], "steps": _steps(load_of(here, total), start, end)}

        facilities[facility_id] = {
            "berths": load("berths"),
            "aircraft_stands": load("aircraft_stands"),
            "beds": load("beds"),
        }
    return {
        "host_party": host_party,
        "start": iso(start),
        "end": iso(end),
        "visiting_parties": parties,
        "facilities": facilities,
        "overstays": [d.id for d, _ in spans if d.overstayed(at)],
        "breaches": [breach_json(b) for d, _ in spans for b in breaches(d, at)],
    }

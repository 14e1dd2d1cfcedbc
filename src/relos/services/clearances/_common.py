"""What the clearance use cases share: building a clearance from input, loading what a rule needs
(agreement terms, facility and its time zone, in-force period), the deadline, its JSON forms (the records
of relos.services.clearances.results), and recording a change (history row and audit entry) in the same
transaction."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from relos.domain.actor import Actor
from relos.domain.agreements import in_force_period
from relos.domain.clearances import lifecycle
from relos.domain.clearances.details import (
    airspace_json,
    clearance_document,
    exception_json,
    port_call_json,
    read_airspace,
    read_port_call,
)
from relos.domain.clearances.model import (
    Airspace,
    Clearance,
    ClearanceChange,
    ClearanceStatus,
    LeadTimeException,
    PortCall,
)
from relos.domain.clearances.rules import local_day, missing_fields, submission_deadline
from relos.domain.clearances.terms import ClearanceKind, NoticeTerms, notice_terms
from relos.domain.errors import FieldProblem, InvalidInput, NotFound
from relos.domain.facilities.model import Facility
from relos.services.agreements.ports import StoredAgreement
from relos.services.clearances import results
from relos.services.people.authority import require_visible
from relos.services.unit_of_work import UnitOfWork


def canonical(document: Mapping[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def visible_agreement(uow: UnitOfWork, actor: Actor, agreement_id: str) -> tuple[StoredAgreement, NoticeTerms]:
    stored = uow.agreements.get(agreement_id)
    if stored is None:
        raise NotFound("agreement", agreement_id)
    require_visible(actor, stored.agreement.parties, kind="agreement", key=agreement_id)
    terms, problems = notice_terms(agreement_id, stored.agreement.document)
    if problems:
        raise InvalidInput(problems, source=f"agreement {agreement_id} [notice]")
    return stored, terms


def visible_clearance(uow: UnitOfWork, actor: Actor, clearance_id: str) -> Clearance:
    found = uow.clearances.get(clearance_id)
    if found is None:
        raise NotFound("clearance", clearance_id)
    require_visible(actor, (found.visiting_party, found.host_party), kind="clearance", key=clearance_id)
    return found


def facility(uow: UnitOfWork, facility_id: str, *, field: str = "facility_id") -> Facility:
    found = uow.facilities.get(facility_id)
    if found is None:
        raise InvalidInput.of(
            field, "no_facility_catalogue", "no facility {facility_id!r} in the catalogue", facility_id=facility_id
        )
    return found


def parse_instant(value: object, *, field: str) -> datetime:
    """An aware UTC datetime from ISO 8601 text or a datetime; a bare date or naive time is UTC."""
    if isinstance(value, datetime):
        at = value
    elif isinstance(value, str):
        try:
            at = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise InvalidInput.of(
                field, "not_iso_8601_date_time", "{value!r} is not an ISO 8601 date or time", value=value
            ) from None
    else:
        raise InvalidInput.of(field, "not_iso_8601_date_time", "{value!r} is not an ISO 8601 date or time", value=value)
    try:
        return (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(UTC)
    except (OverflowError, ValueError):
        raise InvalidInput.of(field, "out_range", "{value!r} is out of range", value=value) from None


def build(
    *,
    clearance_id: str,
    agreement: StoredAgreement,
    kind: str,
    visiting_party: str,
    facility_id: str,
    purpose: str,
    start: object,
    end: object,
    details: Mapping[str, Any] | None,
    deployment_id: str | None,
    note: str,
    created_by: str,
    created_at: datetime,
) -> Clearance:
    """A clearance from user input: InvalidInput naming every field that is unusable."""
    problems: list[FieldProblem] = []
    try:
        the_kind = ClearanceKind(kind)
    except ValueError:
        raise InvalidInput.of(
            "kind", "not_one_port_call_airspace", "{kind!r} is not one of port_call, airspace", kind=kind
        ) from None
    a = agreement.agreement
    if visiting_party not in a.parties:
        problems.append(
            FieldProblem.of(
                "visiting_party",
                "not_party_2",
                "{visiting_party} is not a party to {a_id}",
                visiting_party=visiting_party,
                a_id=a.id,
            )
        )
    if not a.allows_purpose(purpose):
        problems.append(
            FieldProblem.of(
                "purpose",
                "not_purpose",
                "{purpose!r} is not a purpose of {a_id} ({purposes})",
                purpose=purpose,
                a_id=a.id,
                purposes=", ".join(a.purposes),
            )
        )
    instants: dict[str, datetime] = {}
    for name, value in (("start", start), ("end", end)):
        try:
            instants[name] = parse_instant(value, field=name)
        except InvalidInput as exc:
            problems += exc.problems
    if details is not None and not isinstance(details, Mapping):
        problems.append(FieldProblem.of(the_kind.value, "must_object", "must be an object"))
        details = None
    port_call = airspace = None
    if the_kind is ClearanceKind.PORT_CALL:
        port_call, found = read_port_call(details or {})
    else:
        airspace, found = read_airspace(details or {})
    problems += found
    if problems:
        raise InvalidInput(problems, source="clearance")
    return Clearance(
        id=clearance_id,
        agreement_id=a.id,
        kind=the_kind,
        visiting_party=visiting_party,
        host_party=a.partner_of(visiting_party),
        facility_id=facility_id,
        purpose=purpose,
        start=instants["start"],
        end=instants["end"],
        created_by=created_by,
        created_at=created_at,
        port_call=port_call,
        airspace=airspace,
        deployment_id=deployment_id or None,
        note=note,
    )


def check(uow: UnitOfWork, c: Clearance, stored: StoredAgreement, terms: NoticeTerms) -> Clearance:
    """The clearance's content checked against the agreement and the catalogue; with its warnings."""
    place = facility(uow, c.facility_id)
    airfields: list[Facility] = []
    if c.airspace is not None:
        found = uow.facilities.get_many(c.airspace.airfields)
        unknown = [f for f in c.airspace.airfields if f not in found]
        if unknown:
            raise InvalidInput.of(
                "airspace.airfields",
                "no_facility_catalogue_2",
                "no facility {unknown} in the catalogue",
                unknown=", ".join(unknown),
            )
        airfields = [found[f] for f in c.airspace.airfields]
    a = stored.agreement
    warnings = lifecycle.check_content(
        c,
        terms=terms.of(c.kind),
        facility=place,
        airfields=airfields,
        agreement_parties=a.parties,
        in_force=in_force_period(a, stored.events),
        agreement_label=f"{a.short_name} ({a.id})",
    )
    return replace(c, warnings=warnings)


def deadline(c: Clearance, terms: NoticeTerms, timezone: str) -> datetime | None:
    days = terms.of(c.kind).lead_days
    return None if days is None else submission_deadline(c.start, timezone=timezone, lead_days=days)


def record_change(
    uow: UnitOfWork,
    *,
    actor: Actor,
    before: Clearance | None,
    after: Clearance,
    action: str,
    at: datetime,
    note: str = "",
) -> None:
    """The history row and the audit entry of one change, in the caller's transaction."""
    uow.clearances.add_change(
        ClearanceChange(
            clearance_id=after.id,
            seq=uow.clearances.next_seq(after.id),
            at=at,
            by=actor.user_id,
            party=actor.party,
            action=action,
            from_status=before.status if before else None,
            to_status=after.status,
            version=after.version,
            note=note,
        )
    )
    uow.audit.record(
        actor=actor,
        action=f"clearance.{action}",
        entity="clearance",
        entity_id=after.id,
        before={"status": before.status.value, "version": before.version} if before else None,
        after={"status": after.status.value, "version": after.version, "by": actor.user_id, "note": note},
        agreement_id=after.agreement_id,
    )


def port_call_view(p: PortCall) -> results.PortCallDetails:
    """A port call's details as a clearance shows them: domain.clearances.details.port_call_json, typed
    (the API's response model refuses any key the record does not declare)."""
    return cast(results.PortCallDetails, port_call_json(p))


def airspace_view(a: Airspace) -> results.AirspaceDetails:
    """An airspace request's details as a clearance shows them (details.airspace_json, typed)."""
    return cast(results.AirspaceDetails, airspace_json(a))


def exception_view(e: LeadTimeException | None) -> results.LeadTimeException | None:
    """The host's lead-time exception as a clearance shows it (details.exception_json, typed)."""
    return cast("results.LeadTimeException | None", exception_json(e))


def clearance_json(uow: UnitOfWork, c: Clearance) -> results.Clearance:
    """A clearance as the API and the CLI show it: its data, where it stands, what it misses, its deadline."""
    stored = uow.agreements.get(c.agreement_id)
    terms = notice_terms(c.agreement_id, stored.agreement.document)[0] if stored else None
    place = uow.facilities.get(c.facility_id)
    tz = place.timezone if place else "UTC"
    due = deadline(c, terms, tz) if terms else None
    kind_terms = terms.of(c.kind) if terms else None
    return {
        "id": c.id,
        "reference": c.reference,
        "title": c.title,
        "version": c.version,
        "agreement_id": c.agreement_id,
        "kind": c.kind.value,
        "visiting_party": c.visiting_party,
        "host_party": c.host_party,
        "facility_id": c.facility_id,
        "facility_name": place.name_en if place else None,
        "facility_name_local": place.name_local if place else None,
        "facility_name_ru": place.russian_name or None if place else None,
        "timezone": tz,
        "deployment_id": c.deployment_id,
        "purpose": c.purpose,
        "start": c.start.isoformat(),
        "end": c.end.isoformat(),
        "start_local": c.start.astimezone(ZoneInfo(tz)).isoformat(),
        "end_local": c.end.astimezone(ZoneInfo(tz)).isoformat(),
        "status": c.status.value,
        "port_call": port_call_view(c.port_call) if c.port_call else None,
        "airspace": airspace_view(c.airspace) if c.airspace else None,
        "clearance_number": c.clearance_number,
        "restrictions": list(c.restrictions),
        "reason": c.reason,
        "exception": exception_view(c.exception),
        "warnings": list(c.warnings),
        "missing": [{"field": p.field, "message": p.message} for p in missing_fields(c, kind_terms)]
        if kind_terms
        else [],
        "lead_days": kind_terms.lead_days if kind_terms else None,
        "channel": kind_terms.channel if kind_terms else None,
        "submit_by": due.isoformat() if due else None,
        "submit_by_local_date": (local_day(due - timedelta(microseconds=1), tz).isoformat() if due else None),
        "created_by": c.created_by,
        "created_at": c.created_at.isoformat(),
        "submitted_by": c.submitted_by,
        "submitted_at": c.submitted_at.isoformat() if c.submitted_at else None,
        "decided_by": c.decided_by,
        "decided_at": c.decided_at.isoformat() if c.decided_at else None,
        "note": c.note,
    }


def clearance_with_history(uow: UnitOfWork, c: Clearance) -> results.ClearanceWithHistory:
    """A clearance as clearance_json shows it, with every change made to it (who, of which party, when)."""
    return {
        **clearance_json(uow, c),
        "changes": [
            {
                "seq": ch.seq,
                "at": ch.at.isoformat(),
                "by": ch.by,
                "party": ch.party,
                "action": ch.action,
                "from_status": ch.from_status.value if ch.from_status else None,
                "to_status": ch.to_status.value,
                "version": ch.version,
                "note": ch.note,
            }
            for ch in uow.clearances.changes(c.id)
        ],
    }


def document_body(c: Clearance) -> dict[str, Any]:
    """The details (port_call or airspace) in their input form, to rebuild the clearance from."""
    if c.port_call is not None:
        return port_call_json(c.port_call)
    return airspace_json(c.airspace) if c.airspace is not None else {}


def document_of(c: Clearance) -> str:
    return canonical(clearance_document(c))


OPEN_FOR_SUBMISSION = (ClearanceStatus.DRAFT, ClearanceStatus.NEED_MORE_INFORMATION)

"""Which facilities an agreement opens — an administrator's decision, recorded with its reason.

No public source lists the facilities RELOS (or LEMOA) opens: the bundled catalogue marks each ``open_under`` as
assumed, and closes sensitive sites (strategic submarine bases, submarine shipyards, test sites) until an
administrator opens them. The rules: only a facility in the territory of a party to the agreement can be opened
under it; a reason is always given; opening what is open, or closing what is closed, is refused.

Who decided, when and why is kept in the audit trail (services.facilities.access), not in the facility's notes:
the notes are the catalogue's own (its source's words), and a decision is said in the reader's language.
"""

from __future__ import annotations

from dataclasses import replace

from relos.domain.errors import Conflict, FieldProblem
from relos.domain.facilities.model import Facility

ASSUMED_FIELD = "open_under"


def access_problems(
    facility: Facility, *, agreement_id: str, agreement_parties: tuple[str, ...], reason: str
) -> list[FieldProblem]:
    """What is wrong with opening or closing ``facility`` under the agreement (empty: nothing)."""
    problems = []
    if not reason.strip():
        problems.append(FieldProblem.of("reason", "access_reason_required", "say why the access changes"))
    if facility.country not in agreement_parties:
        problems.append(
            FieldProblem.of(
                "agreement",
                "facility_host_not_party",
                "{facility_id} lies in {country}, which is not a party to {agreement_id}",
                facility_id=facility.id,
                country=facility.country,
                agreement_id=agreement_id,
            )
        )
    return problems


def opened(facility: Facility, *, agreement_id: str) -> Facility:
    """``facility`` opened under the agreement by an administrator's decision (no longer an assumption when
    nothing else in ``open_under`` is assumed)."""
    if agreement_id in facility.open_under:
        raise Conflict.of(
            "conflict.facility_already_open",
            "{facility_id} is already open under {agreement_id}",
            facility_id=facility.id,
            agreement_id=agreement_id,
        )
    estimated = facility.estimated
    if not facility.open_under:
        estimated = tuple(e for e in estimated if e != ASSUMED_FIELD)
    return replace(facility, open_under=(*facility.open_under, agreement_id), estimated=estimated)


def closed(facility: Facility, *, agreement_id: str) -> Facility:
    """``facility`` closed under the agreement by an administrator's decision."""
    if agreement_id not in facility.open_under:
        raise Conflict.of(
            "conflict.facility_not_open",
            "{facility_id} is not open under {agreement_id}",
            facility_id=facility.id,
            agreement_id=agreement_id,
        )
    remaining = tuple(a for a in facility.open_under if a != agreement_id)
    estimated = facility.estimated if remaining else tuple(e for e in facility.estimated if e != ASSUMED_FIELD)
    return replace(facility, open_under=remaining, estimated=estimated)

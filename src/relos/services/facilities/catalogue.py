"""Use cases of the facility catalogue and force data: import and export files, search facilities
(name, country, agreement access, nearest to a point), read ship classes, aircraft types and factors.

Facilities are reference data every user may read; the agreements that open them are shown only to
users whose party is party to them.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field, replace
from typing import Any

from relos.domain.actor import Actor, Role
from relos.domain.errors import FieldProblem, InvalidInput, NotFound
from relos.domain.facilities import (
    SPECS,
    AircraftType,
    Facility,
    FacilityKind,
    PlanningFactor,
    RecordKind,
    RecordSpec,
    ShipClass,
    changed_fields,
    nearest,
    to_json,
)
from relos.domain.parties import party_problem
from relos.services.facilities.files import FileFormat, ReadRecord, guess_format, read_records, write_records
from relos.services.facilities.ports import ReferenceRepository
from relos.services.people.authority import require_role, require_visible
from relos.services.unit_of_work import UnitOfWork

BUNDLED_PREFIX = "bundled:"


@dataclass
class ImportReport:
    kind: RecordKind
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_user_version: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "kept_user_version": self.kept_user_version,
        }


@dataclass(frozen=True)
class FacilityView:
    """A facility as a reader sees it: agreements they may not see are left out of open_under."""

    facility: Facility
    open_under: tuple[str, ...]
    distance_km: float | None = None

    def summary(self) -> dict[str, Any]:
        """The JSON form: at least id, name, country, lat, lon, kind (docs/facilities.md)."""
        data = to_json(SPECS[RecordKind.FACILITIES], self.facility)
        out = {"id": data.pop("id"), "name": self.facility.name_en, **data, "open_under": list(self.open_under)}
        if self.distance_km is not None:
            out["distance_km"] = round(self.distance_km, 1)
        return out


def _repo(uow: UnitOfWork, kind: RecordKind) -> Any:
    if kind is RecordKind.FACILITIES:
        return uow.facilities
    if kind is RecordKind.SHIP_CLASSES:
        return uow.ship_classes
    if kind is RecordKind.AIRCRAFT_TYPES:
        return uow.aircraft_types
    return uow.planning_factors


def import_reference_file(
    uow: UnitOfWork,
    *,
    actor: Actor,
    kind: RecordKind,
    text: str,
    source_name: str,
    file_format: FileFormat | None = None,
    keep_user_records: bool = False,
) -> ImportReport:
    """Add or update in place (same id) every record of a CSV or JSON file; nothing is written unless
    the whole file is valid. With `keep_user_records` (the bundled catalogue), a record imported by a
    user is left as they made it."""
    require_role(actor, Role.ADMINISTRATOR, action=f"importing {kind.value}")
    spec: RecordSpec[Any] = SPECS[kind]
    records = read_records(spec, text, file_format=file_format or guess_format(source_name, text), source=source_name)
    report = ImportReport(kind)
    with uow:
        uow.lock(f"reference:{kind.value}")
        if kind is RecordKind.FACILITIES:
            _check_agreements(uow, actor, records, source_name)
        repo = _repo(uow, kind)
        origins: dict[str, str] = repo.origins()
        stored = {r.id: r for r in repo.list()} if origins else {}
        changed = []
        for item in records:
            record = item.record
            before, origin = stored.get(record.id), origins.get(record.id)
            if origin is not None and keep_user_records and not origin.startswith(BUNDLED_PREFIX):
                report.kept_user_version.append(record.id)
            elif before == record and origin == source_name:
                report.unchanged.append(record.id)
            else:
                changed.append(record)
                _audit(uow, actor, spec, before, record, origin, source_name, report)
        repo.save_many(changed, imported_from=source_name)
        uow.commit()
    return report


def _check_agreements(uow: UnitOfWork, actor: Actor, records: list[ReadRecord[Any]], source: str) -> None:
    problems: list[FieldProblem] = []
    known: dict[str, bool] = {}
    for item in records:
        for agreement_id in item.record.open_under:
            if agreement_id not in known:
                stored = uow.agreements.get(agreement_id)
                known[agreement_id] = stored is not None and actor.may_see(stored.agreement.parties)
            if not known[agreement_id]:
                problems.append(
                    FieldProblem.of(
                        "open_under",
                        "no_agreement_register",
                        "no agreement {agreement_id!r} in the register",
                        line=item.line,
                        agreement_id=agreement_id,
                    )
                )
    if problems:
        raise InvalidInput(problems, source=source)


def _audit(
    uow: UnitOfWork,
    actor: Actor,
    spec: RecordSpec[Any],
    before: Any,
    record: Any,
    origin: str | None,
    source_name: str,
    report: ImportReport,
) -> None:
    entity = spec.noun.replace(" ", "_")
    if before is None:
        report.added.append(record.id)
        audit_before, audit_after = None, {**to_json(spec, record), "imported_from": source_name}
    else:
        report.updated.append(record.id)
        changes = changed_fields(spec, before, record)
        audit_before = {k: v[0] for k, v in changes.items()} | {"imported_from": origin}
        audit_after = {k: v[1] for k, v in changes.items()} | {"imported_from": source_name}
    uow.audit.record(
        actor=actor,
        action=f"{entity}.{'added' if before is None else 'updated'}",
        entity=entity,
        entity_id=record.id,
        before=audit_before,
        after=audit_after,
    )


def export_reference_file(uow: UnitOfWork, *, actor: Actor, kind: RecordKind, file_format: FileFormat) -> str:
    """Every stored record of `kind` as a file in the import format (agreements hidden from the actor left out)."""
    with uow:
        records = _repo(uow, kind).list()
        if kind is RecordKind.FACILITIES:
            visible = visible_agreements(uow, actor)
            records = [_with_visible_access(f, visible) for f in records]
    return write_records(SPECS[kind], records, file_format=file_format)


def visible_agreements(uow: UnitOfWork, actor: Actor) -> set[str]:
    """The ids of the agreements `actor` may see (their party is party to them, or they see every party)."""
    return {s.agreement.id for s in uow.agreements.list() if actor.may_see(s.agreement.parties)}


def _with_visible_access(facility: Facility, visible: set[str]) -> Facility:
    shown = tuple(a for a in facility.open_under if a in visible)
    if shown == facility.open_under:
        return facility
    return replace(facility, open_under=shown)


def list_facilities(
    uow: UnitOfWork,
    *,
    actor: Actor,
    country: str | None = None,
    name: str | None = None,
    kind: str | None = None,
    agreement: str | None = None,
    open_to: str | None = None,
    near: tuple[float, float] | None = None,
    limit: int | None = None,
) -> list[FacilityView]:
    """Facilities matching every filter given, sorted by id — or nearest first when `near` is given.

    name: part of the id or of either name, any case. agreement: opened under that agreement.
    open_to: facilities that party may use under an agreement it is party to (with `agreement`: that one).
    """
    country = country.strip().upper() if country else None
    open_to = open_to.strip().upper() if open_to else None
    _check_filters(country=country, kind=kind, open_to=open_to, near=near, limit=limit)
    with uow:
        visible = visible_agreements(uow, actor)
        if agreement is not None:
            stored = uow.agreements.get(agreement)
            if stored is None:
                raise NotFound("agreement", agreement)
            require_visible(actor, stored.agreement.parties, kind="agreement", key=agreement)
        if (agreement or open_to) and not actor.is_operator:
            found: dict[str, Facility] = {}
            for agreement_id in sorted(visible if agreement is None else {agreement}):
                for f in uow.facilities.list(
                    country=country, name=name, kind=kind, agreement=agreement_id, open_to=open_to
                ):
                    found[f.id] = f
            facilities = [found[k] for k in sorted(found)]
        else:
            facilities = uow.facilities.list(
                country=country, name=name, kind=kind, agreement=agreement, open_to=open_to
            )
    if near is not None:
        ranked = nearest(facilities, lat=near[0], lon=near[1], limit=limit)
        return [_view(n.facility, visible, n.distance_km) for n in ranked]
    views = [_view(f, visible) for f in facilities]
    return views if limit is None else views[:limit]


def _view(facility: Facility, visible: set[str], distance_km: float | None = None) -> FacilityView:
    return FacilityView(facility, tuple(a for a in facility.open_under if a in visible), distance_km)


def _check_filters(
    *,
    country: str | None,
    kind: str | None,
    open_to: str | None,
    near: tuple[float, float] | None,
    limit: int | None,
) -> None:
    problems: list[FieldProblem] = []
    for name, code in (("country", country), ("open_to", open_to)):
        found = party_problem(code, field=name) if code is not None else None
        if found:
            problems.append(found)
    if kind is not None and kind not in {k.value for k in FacilityKind}:
        problems.append(
            FieldProblem.of(
                "kind",
                "not_one_3",
                "{kind!r} is not one of {value}",
                kind=kind,
                value=", ".join(k.value for k in FacilityKind),
            )
        )
    if near is not None:
        lat, lon = near
        if not -90 <= lat <= 90:
            problems.append(
                FieldProblem.of("near", "latitude_outside_90_90", "latitude {lat} is outside -90..90", lat=lat)
            )
        if not -180 <= lon <= 180:
            problems.append(
                FieldProblem.of("near", "longitude_outside_180_180", "longitude {lon} is outside -180..180", lon=lon)
            )
    if limit is not None and limit < 1:
        problems.append(FieldProblem.of("limit", "must_least_1_not", "must be at least 1, not {limit}", limit=limit))
    if problems:
        raise InvalidInput(problems)


def get_facility(uow: UnitOfWork, *, actor: Actor, facility_id: str) -> FacilityView:
    with uow:
        facility = uow.facilities.get(facility_id)
        if facility is None:
            raise NotFound("facility", facility_id)
        return _view(facility, visible_agreements(uow, actor))


def _get(repo: ReferenceRepository[Any], noun: str, record_id: str) -> Any:
    record = repo.get(record_id)
    if record is None:
        raise NotFound(noun, record_id)
    return record


def list_ship_classes(uow: UnitOfWork, *, actor: Actor, navy: str | None = None) -> builtins.list[ShipClass]:
    with uow:
        return [c for c in uow.ship_classes.list() if navy is None or c.navy == navy]


def get_ship_class(uow: UnitOfWork, *, actor: Actor, class_id: str) -> ShipClass:
    with uow:
        return _get(uow.ship_classes, "ship class", class_id)  # type: ignore[no-any-return]


def list_aircraft_types(uow: UnitOfWork, *, actor: Actor, operator: str | None = None) -> builtins.list[AircraftType]:
    with uow:
        return [t for t in uow.aircraft_types.list() if operator is None or operator in t.operators]


def get_aircraft_type(uow: UnitOfWork, *, actor: Actor, type_id: str) -> AircraftType:
    with uow:
        return _get(uow.aircraft_types, "aircraft type", type_id)  # type: ignore[no-any-return]


def list_planning_factors(uow: UnitOfWork, *, actor: Actor) -> builtins.list[PlanningFactor]:
    with uow:
        return uow.planning_factors.list()

"""/api/v1/facilities, /ship-classes, /aircraft-types, /planning-factors: the catalogue and force data."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import PlainTextResponse

from relos.api.deps import ActorDep, ClockDep, UowDep
from relos.api.schemas.facilities import (
    AccessChange,
    AircraftTypeOut,
    FacilityOut,
    ImportReportOut,
    PlanningFactorOut,
    ReferenceImport,
    ShipClassOut,
)
from relos.api.schemas.world_import import OurAirportsImport, WpiImport
from relos.domain.errors import InvalidInput
from relos.domain.facilities import SPECS, RecordKind, to_json
from relos.services.facilities import access as access_service
from relos.services.facilities import catalogue as service
from relos.services.facilities import world_import
from relos.services.facilities.files import FileFormat
from relos.services.facilities.results import FieldProvenance, WorldImportSummary

router = APIRouter(tags=["facilities"])


def _point(near: str | None) -> tuple[float, float] | None:
    if near is None:
        return None
    try:
        lat, lon = near.split(",")
        return float(lat), float(lon)
    except ValueError:
        raise InvalidInput.of(
            "near", "not_lat_lon_decimal_degrees", "{near!r} is not LAT,LON in decimal degrees", near=near
        )


@router.get("/facilities", response_model=list[FacilityOut])
def list_facilities(
    uow: UowDep,
    actor: ActorDep,
    country: str | None = Query(None, max_length=3, description="ISO alpha-3"),
    name: str | None = Query(None, max_length=200, description="part of the id or either name, any case"),
    kind: str | None = Query(None, max_length=16),
    agreement: str | None = Query(None, max_length=64, description="opened under this agreement"),
    open_to: str | None = Query(None, max_length=3, description="facilities this party may use under an agreement"),
    near: str | None = Query(None, max_length=64, description="LAT,LON: nearest first, with distance_km"),
    limit: int | None = Query(None, ge=1, le=10_000),
) -> list[dict[str, Any]]:
    views = service.list_facilities(
        uow,
        actor=actor,
        country=country,
        name=name,
        kind=kind,
        agreement=agreement,
        open_to=open_to,
        near=_point(near),
        limit=limit,
    )
    return [v.summary() for v in views]


@router.get("/facilities/export", response_class=PlainTextResponse)
def export_facilities(uow: UowDep, actor: ActorDep, format: Literal["csv", "json"] = "csv") -> str:
    return service.export_reference_file(uow, actor=actor, kind=RecordKind.FACILITIES, file_format=FileFormat(format))


@router.get("/facilities/{facility_id}", response_model=FacilityOut)
def get_facility(facility_id: str, uow: UowDep, actor: ActorDep) -> dict[str, Any]:
    return service.get_facility(uow, actor=actor, facility_id=facility_id).summary()


def _import(uow: UowDep, actor: ActorDep, kind: RecordKind, body: ReferenceImport) -> dict[str, Any]:
    report = service.import_reference_file(
        uow,
        actor=actor,
        kind=kind,
        text=body.content,
        source_name=body.source_name,
        file_format=FileFormat(body.format) if body.format else None,
    )
    return report.summary()


@router.post("/facilities/{facility_id}/access", response_model=FacilityOut)
def change_access(
    facility_id: str, body: AccessChange, uow: UowDep, actor: ActorDep, clock: ClockDep
) -> dict[str, Any]:
    """Open the facility to the partner under an agreement (e.g. a sensitive site closed by default), or close it;
    administrators only, with a reason, as of the application clock's day. 409 when it is already so; 422 when
    the host is not party to it."""
    change = access_service.open_facility if body.open else access_service.close_facility
    change(uow, actor=actor, facility_id=facility_id, agreement_id=body.agreement, reason=body.reason,
           on=clock.today())  # fmt: skip
    return service.get_facility(uow, actor=actor, facility_id=facility_id).summary()


@router.get("/facilities/{facility_id}/provenance", response_model=list[FieldProvenance])
def get_provenance(facility_id: str, uow: UowDep, actor: ActorDep) -> list[FieldProvenance]:
    """Which fields of the facility each bulk import (World Port Index, OurAirports) gave, from which edition, when."""
    return world_import.provenance_of(uow, actor=actor, facility_id=facility_id)


@router.post("/facilities/import", response_model=ImportReportOut)
def import_facilities(body: ReferenceImport, uow: UowDep, actor: ActorDep) -> dict[str, Any]:
    return _import(uow, actor, RecordKind.FACILITIES, body)


@router.post("/facilities/import-wpi", response_model=WorldImportSummary)
def import_wpi(body: WpiImport, uow: UowDep, actor: ActorDep) -> WorldImportSummary:
    """Add or update in place (by WPI number) the ports of a World Port Index CSV; administrators only.
    Nothing is stored if any row is bad (422 naming each line and column)."""
    world_import.require_importer(actor, "wpi")
    found = world_import.read_wpi_file(body.content, edition=body.edition)
    return world_import.import_world_file(
        uow, actor=actor, found=found, edition=body.edition, overwrite_curated=body.overwrite_curated
    ).summary()


@router.post("/facilities/import-ourairports", response_model=WorldImportSummary)
def import_ourairports(body: OurAirportsImport, uow: UowDep, actor: ActorDep) -> WorldImportSummary:
    """Add or update in place (by ident) the airfields of OurAirports' airports.csv; administrators only.
    Nothing is stored if any row is bad (422 naming each line and column)."""
    world_import.require_importer(actor, "ourairports")
    found = world_import.read_ourairports_files(
        body.airports, edition=body.edition, runways=body.runways, types=tuple(body.types)
    )
    return world_import.import_world_file(
        uow, actor=actor, found=found, edition=body.edition, overwrite_curated=body.overwrite_curated
    ).summary()


@router.get("/ship-classes", response_model=list[ShipClassOut])
def list_ship_classes(
    uow: UowDep, actor: ActorDep, navy: str | None = Query(None, max_length=3)
) -> list[dict[str, Any]]:
    return [to_json(SPECS[RecordKind.SHIP_CLASSES], c) for c in service.list_ship_classes(uow, actor=actor, navy=navy)]


@router.get("/ship-classes/{class_id}", response_model=ShipClassOut)
def get_ship_class(class_id: str, uow: UowDep, actor: ActorDep) -> dict[str, Any]:
    return to_json(SPECS[RecordKind.SHIP_CLASSES], service.get_ship_class(uow, actor=actor, class_id=class_id))


@router.post("/ship-classes/import", response_model=ImportReportOut)
def import_ship_classes(body: ReferenceImport, uow: UowDep, actor: ActorDep) -> dict[str, Any]:
    return _import(uow, actor, RecordKind.SHIP_CLASSES, body)


@router.get("/aircraft-types", response_model=list[AircraftTypeOut])
def list_aircraft_types(
    uow: UowDep, actor: ActorDep, operator: str | None = Query(None, max_length=3)
) -> list[dict[str, Any]]:
    spec = SPECS[RecordKind.AIRCRAFT_TYPES]
    return [to_json(spec, t) for t in service.list_aircraft_types(uow, actor=actor, operator=operator)]


@router.get("/aircraft-types/{type_id}", response_model=AircraftTypeOut)
def get_aircraft_type(type_id: str, uow: UowDep, actor: ActorDep) -> dict[str, Any]:
    return to_json(SPECS[RecordKind.AIRCRAFT_TYPES], service.get_aircraft_type(uow, actor=actor, type_id=type_id))


@router.post("/aircraft-types/import", response_model=ImportReportOut)
def import_aircraft_types(body: ReferenceImport, uow: UowDep, actor: ActorDep) -> dict[str, Any]:
    return _import(uow, actor, RecordKind.AIRCRAFT_TYPES, body)


@router.get("/planning-factors", response_model=list[PlanningFactorOut])
def list_planning_factors(uow: UowDep, actor: ActorDep) -> list[dict[str, Any]]:
    spec = SPECS[RecordKind.PLANNING_FACTORS]
    return [to_json(spec, f) for f in service.list_planning_factors(uow, actor=actor)]

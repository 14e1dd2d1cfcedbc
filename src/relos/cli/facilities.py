"""`relos facilities`: search and show the facility catalogue, check a berth, import and export; import the
World Port Index and OurAirports (relos.cli.world_import)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from relos.cli.common import clock, command, console, database, fail, operator, print_json
from relos.cli.reference_io import run_export, run_import
from relos.cli.tables import print_listing
from relos.domain.facilities import Facility, RecordKind
from relos.services.facilities import catalogue as service
from relos.services.facilities.files import FileFormat

app = typer.Typer(help="The facility catalogue: ports, naval bases, airfields and air bases.", no_args_is_help=True)

JsonOption = Annotated[bool, typer.Option("--json", help="print JSON")]
FormatOption = Annotated[FileFormat | None, typer.Option("--format", help="file format (default: from the name)")]


def parse_point(value: str, *, option: str) -> tuple[float, float]:
    try:
        lat_text, lon_text = value.split(",")
        return float(lat_text), float(lon_text)
    except ValueError:
        fail(f"{option}: {value!r} is not LAT,LON in decimal degrees (e.g. 43.11,131.89)")


@app.command("list")
@command
def list_(
    as_json: JsonOption = False,
    country: Annotated[str | None, typer.Option("--country", help="ISO alpha-3, e.g. RUS")] = None,
    name: Annotated[str | None, typer.Option("--name", help="part of the id or either name, any case")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="port, naval_base, airfield or air_base")] = None,
    open_to: Annotated[
        str | None, typer.Option("--open-to", help="facilities this party (ISO alpha-3) may use under an agreement")
    ] = None,
    agreement: Annotated[str | None, typer.Option("--agreement", help="opened under this agreement")] = None,
    near: Annotated[str | None, typer.Option("--near", help="LAT,LON: nearest first, with distance_km")] = None,
    limit: Annotated[int | None, typer.Option("--limit", help="at most this many")] = None,
) -> None:
    """Search facilities by name, country, kind, agreement access, or nearness to a point."""
    views = service.list_facilities(
        database().uow(),
        actor=operator(),
        country=country,
        name=name,
        kind=kind,
        agreement=agreement,
        open_to=open_to,
        near=parse_point(near, option="--near") if near else None,
        limit=limit,
    )
    if as_json:
        print_json([v.summary() for v in views])
        return
    table = Table("id", "name", "local name", "country", "kind", "lat", "lon", "open under")
    if near:
        table.add_column("km")
    for v in views:
        f = v.facility
        cells = [f.id, f.name_en, f.name_local, f.country, f.kind.value, f"{f.lat:.4f}", f"{f.lon:.4f}"]
        cells.append(", ".join(v.open_under))
        if v.distance_km is not None:
            cells.append(f"{v.distance_km:,.0f}")
        table.add_row(*cells)
    print_listing(table, ids=("id",))
    console.print(f"{len(views)} facilities")


@app.command()
@command
def show(facility_id: str, as_json: JsonOption = False) -> None:
    """One facility with everything recorded about it."""
    view = service.get_facility(database().uow(), actor=operator(), facility_id=facility_id)
    s = view.summary()
    if as_json:
        print_json(s)
        return
    f = view.facility
    console.print(f"[bold]{f.name_en}[/bold] ({f.id}) {f.name_local}")
    for key, value in s.items():
        if key in ("id", "name", "name_en", "name_local"):
            continue
        shown = "unknown" if value in (None, []) else (", ".join(value) if isinstance(value, list) else value)
        mark = " [yellow](estimate)[/yellow]" if f.is_estimate(key) else ""
        console.print(f"  {key}: {shown}{mark}", highlight=False)


@app.command()
@command
def provenance(facility_id: str, as_json: JsonOption = False) -> None:
    """Which fields of a facility each bulk import (World Port Index, OurAirports) gave, from which edition, when."""
    from relos.services.facilities.world_import import provenance_of

    found = provenance_of(database().uow(), actor=operator(), facility_id=facility_id)
    if as_json:
        print_json(found)
        return
    for p in found:
        fields = ", ".join(p["fields"])
        console.print(f"{p['source']} {p['external_id']} ({p['edition']}, {p['imported_at']}): {fields}")
    if not found:
        console.print(f"{facility_id}: no field from a bulk import")


@app.command()
@command
def fit(
    facility_id: str,
    ship_class: Annotated[str | None, typer.Option("--ship-class", help="a ship class id, e.g. talwar")] = None,
    length: Annotated[float | None, typer.Option("--length", help="overall length, metres")] = None,
    draught: Annotated[float | None, typer.Option("--draught", help="draught, metres")] = None,
) -> None:
    """Does a ship (a class, or a length and draught) fit a berth at a facility? Exit 1 when it does not."""
    uow = database().uow()
    if ship_class:
        cls = service.get_ship_class(uow, actor=operator(), class_id=ship_class)
        length = length if length is not None else cls.length_m
        draught = draught if draught is not None else cls.draught_m
    if length is None or draught is None:
        fail("give --ship-class with known dimensions, or --length and --draught")
    view = service.get_facility(uow, actor=operator(), facility_id=facility_id)
    result = view.facility.berth_fit(length_m=length, draught_m=draught)
    console.print(f"{result.verdict.value}: " + ("; ".join(result.reasons) or f"fits a berth at {facility_id}"))
    if result.refused:
        raise typer.Exit(1)


KindOption = Annotated[RecordKind, typer.Option("--kind", help="what the file holds")]


@app.command("import")
@command
def import_(
    file: Annotated[Path, typer.Argument(help="CSV (header row) or JSON (a list of objects)")],
    kind: KindOption = RecordKind.FACILITIES,
    file_format: FormatOption = None,
) -> None:
    """Add or update in place (same id) the records of a file; nothing is stored if any row is bad."""
    run_import(file, kind, file_format)


@app.command()
@command
def export(
    file_format: Annotated[FileFormat, typer.Option("--format", help="csv or json")] = FileFormat.CSV,
    kind: KindOption = RecordKind.FACILITIES,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="write here instead of stdout")] = None,
) -> None:
    """Write the stored records in the import format."""
    run_export(kind, file_format, output)


EditionOption = Annotated[
    str | None, typer.Option("--edition", help="the edition of the file (default: its name and the day it was written)")
]
OverwriteOption = Annotated[
    bool, typer.Option("--overwrite-curated", help="take the source's values over curated ones (each reported)")
]


@app.command("import-wpi")
@command
def import_wpi(
    file: Annotated[Path, typer.Argument(help="the World Port Index CSV (NGA Pub. 150, UpdatedPub150.csv)")],
    edition: EditionOption = None,
    overwrite_curated: OverwriteOption = False,
    as_json: JsonOption = False,
) -> None:
    """Add or update in place (by WPI number) the ports of the World Port Index; nothing is stored if any row is bad."""
    from relos.cli.world_import import run_wpi

    run_wpi(file, edition=edition, overwrite_curated=overwrite_curated, as_json=as_json)


@app.command("import-ourairports")
@command
def import_ourairports(
    airports: Annotated[Path, typer.Argument(help="OurAirports airports.csv")],
    runways: Annotated[Path | None, typer.Option("--runways", help="OurAirports runways.csv")] = None,
    types: Annotated[
        str, typer.Option("--types", help="comma-separated OurAirports types to import")
    ] = "large_airport,medium_airport,small_airport",
    edition: EditionOption = None,
    overwrite_curated: OverwriteOption = False,
    as_json: JsonOption = False,
) -> None:
    """Add or update in place (by ident) the airfields of OurAirports; nothing is stored if any row is bad."""
    from relos.cli.world_import import run_ourairports
    from relos.domain.facilities.ourairports import TYPES

    wanted = tuple(t.strip() for t in types.split(",") if t.strip())
    unknown = [t for t in wanted if t not in TYPES]
    if unknown or not wanted:
        fail(f"--types: {', '.join(unknown) or 'none given'}: give some of {', '.join(TYPES)}")
    run_ourairports(
        airports,
        runways=runways,
        types=wanted,
        edition=edition,
        overwrite_curated=overwrite_curated,
        as_json=as_json,
    )


AgreementArg = Annotated[str, typer.Argument(help="agreement id, e.g. relos-ind-rus")]
ReasonOption = Annotated[str, typer.Option("--reason", help="why the access changes (recorded in the audit trail)")]


@app.command("open")
@command
def open_(facility_id: str, agreement: AgreementArg, reason: ReasonOption, as_json: JsonOption = False) -> None:
    """Open a facility to the partner under an agreement (administrators): e.g. a sensitive site closed by default."""
    from relos.services.facilities.access import open_facility

    _access_changed(open_facility, facility_id, agreement, reason, as_json)


@app.command("close")
@command
def close(facility_id: str, agreement: AgreementArg, reason: ReasonOption, as_json: JsonOption = False) -> None:
    """Close a facility to the partner under an agreement (administrators)."""
    from relos.services.facilities.access import close_facility

    _access_changed(close_facility, facility_id, agreement, reason, as_json)


def _access_changed(
    change: Callable[..., Facility], facility_id: str, agreement: str, reason: str, as_json: bool
) -> None:
    facility = change(
        database().uow(), actor=operator(), facility_id=facility_id, agreement_id=agreement, reason=reason,
        on=clock().today(),
    )  # fmt: skip
    if as_json:
        print_json({"id": facility.id, "open_under": list(facility.open_under), "estimated": list(facility.estimated)})
    else:
        console.print(f"{facility.id} open under: {', '.join(facility.open_under) or 'none'}", highlight=False)

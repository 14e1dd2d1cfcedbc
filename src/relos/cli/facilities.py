"""`relos facilities`: search and show the facility catalogue, check a berth, import and export."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from relos.cli.common import command, console, database, fail, operator, print_json
from relos.cli.reference_io import run_export, run_import
from relos.cli.tables import print_listing
from relos.domain.facilities import RecordKind
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

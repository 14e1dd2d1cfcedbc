"""`relos classes`, `relos aircraft` and `relos factors`: ship classes, aircraft types and planning factors."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from relos.cli.common import command, console, database, operator, print_json
from relos.cli.reference_io import run_export, run_import
from relos.cli.tables import print_listing
from relos.domain.facilities import SPECS, RecordKind, to_json
from relos.services.facilities import catalogue as service
from relos.services.facilities.files import FileFormat

JsonOption = Annotated[bool, typer.Option("--json", help="print JSON")]
FileArgument = Annotated[Path, typer.Argument(help="CSV (header row) or JSON (a list of objects)")]
FormatOption = Annotated[FileFormat | None, typer.Option("--format", help="file format (default: from the name)")]
ExportFormat = Annotated[FileFormat, typer.Option("--format", help="csv or json")]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", help="write here instead of stdout")]


def _print(kind: RecordKind, records: list[Any], columns: tuple[str, ...], as_json: bool) -> None:
    rows = [to_json(SPECS[kind], r) for r in records]
    if as_json:
        print_json(rows)
        return
    table = Table(*columns)
    for row in rows:
        table.add_row(*("" if row[c] is None else str(row[c]) for c in columns))
    print_listing(table, ids=("id",))


def _show(kind: RecordKind, record: Any, as_json: bool) -> None:
    data = to_json(SPECS[kind], record)
    if as_json:
        print_json(data)
        return
    for key, value in data.items():
        mark = " [yellow](estimate)[/yellow]" if key in record.estimated else ""
        console.print(f"  {key}: {'unknown' if value in (None, []) else value}{mark}", highlight=False)


def _io_commands(app: typer.Typer, kind: RecordKind) -> None:
    @app.command("import")
    @command
    def import_(file: FileArgument, file_format: FormatOption = None) -> None:
        """Add or update in place (same id); nothing is stored if any row is bad."""
        run_import(file, kind, file_format)

    @app.command()
    @command
    def export(file_format: ExportFormat = FileFormat.CSV, output: OutputOption = None) -> None:
        """Write the stored records in the import format."""
        run_export(kind, file_format, output)


classes = typer.Typer(help="Ship classes of the navies.", no_args_is_help=True)
aircraft = typer.Typer(help="Aircraft types.", no_args_is_help=True)
factors = typer.Typer(help="Planning factors (water, rations, ...).", no_args_is_help=True)


@classes.command("list")
@command
def list_classes(
    as_json: JsonOption = False, navy: Annotated[str | None, typer.Option("--navy", help="ISO alpha-3")] = None
) -> None:
    """Ship classes with dimensions, range and crew."""
    records = service.list_ship_classes(database().uow(), actor=operator(), navy=navy)
    columns = ("id", "name", "navy", "type", "length_m", "draught_m", "range_nm", "range_speed_kn", "fuel_type", "crew")
    _print(RecordKind.SHIP_CLASSES, records, columns, as_json)


@classes.command("show")
@command
def show_class(class_id: str, as_json: JsonOption = False) -> None:
    """One ship class with its sources."""
    _show(
        RecordKind.SHIP_CLASSES, service.get_ship_class(database().uow(), actor=operator(), class_id=class_id), as_json
    )


@aircraft.command("list")
@command
def list_aircraft(
    as_json: JsonOption = False,
    operator_party: Annotated[str | None, typer.Option("--operator", help="ISO alpha-3 of an operator")] = None,
) -> None:
    """Aircraft types with ranges and fuel."""
    records = service.list_aircraft_types(database().uow(), actor=operator(), operator=operator_party)
    columns = ("id", "name", "operators", "role", "ferry_range_km", "range_km", "fuel_type", "crew")
    _print(RecordKind.AIRCRAFT_TYPES, records, columns, as_json)


@aircraft.command("show")
@command
def show_aircraft(type_id: str, as_json: JsonOption = False) -> None:
    """One aircraft type with its sources."""
    record = service.get_aircraft_type(database().uow(), actor=operator(), type_id=type_id)
    _show(RecordKind.AIRCRAFT_TYPES, record, as_json)


@factors.command("list")
@command
def list_factors(as_json: JsonOption = False) -> None:
    """Planning factors with their units and sources."""
    records = service.list_planning_factors(database().uow(), actor=operator())
    _print(RecordKind.PLANNING_FACTORS, records, ("id", "description", "value", "unit", "climate"), as_json)


_io_commands(classes, RecordKind.SHIP_CLASSES)
_io_commands(aircraft, RecordKind.AIRCRAFT_TYPES)
_io_commands(factors, RecordKind.PLANNING_FACTORS)

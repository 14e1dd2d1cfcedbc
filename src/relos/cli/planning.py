"""`relos route`, `relos reach`, `relos ferry` and `relos sustainment`: planning from the catalogue.

`relos route` is documented in docs/planning.md: exit 0 a route, 1 no feasible route (the reason on
stderr and in the JSON), 2 bad input.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from rich.table import Table

from relos.cli.common import EXIT_RULE, command, console, database, err_console, operator, parse_day, print_json
from relos.cli.tables import print_listing
from relos.services.planning import routes as service

if TYPE_CHECKING:  # the comparison of tiers and the sustainment's units load only for their commands
    from relos.services.planning.reads import CatalogueReads
    from relos.services.planning.results import ReachPlanJson, RoutePlanJson
    from relos.services.planning.routes import RoutePlan

T = TypeVar("T")

FromOption = Annotated[str, typer.Option("--from", help="facility id or LAT,LON")]
ToOption = Annotated[str, typer.Option("--to", help="facility id or LAT,LON")]
ClassOption = Annotated[str | None, typer.Option("--ship-class", help="ship class id (relos classes list)")]
RangeOption = Annotated[float | None, typer.Option("--range-nm", help="range in nm, used as given (no reserve)")]
SpeedOption = Annotated[float | None, typer.Option("--speed-kn", help="cruising speed, knots")]
PartyOption = Annotated[str | None, typer.Option("--party", help="ISO alpha-3 of the party whose access counts")]
AtOption = Annotated[str | None, typer.Option("--at", help="date YYYY-MM-DD (default today)")]
CloseOption = Annotated[str | None, typer.Option("--close", help="passages closed, e.g. suez,malacca")]
JsonOption = Annotated[bool, typer.Option("--json", help="print JSON")]
AssumedFuelsOption = Annotated[
    bool,
    typer.Option(
        "--assumed-fuels/--no-assumed-fuels",
        help="count fuel substitutions no public source states (e.g. marine gas oil for F-76)",
    ),
]


def _print_route(plan: RoutePlan, as_json: bool, what: str) -> None:
    data = plan.to_json()
    if as_json:
        print_json(data)
    elif plan.feasible:
        console.print(
            f"{what}: {data['distance_nm']} nm, {data['duration_h']} h, stops: {', '.join(data['stops']) or 'none'}",
            highlight=False,
        )
        table = Table("from", "to", "distance_nm", *(["countries"] if what == "ferry" else []))
        for leg in data["legs"]:
            extra = [", ".join(leg.get("countries", []))] if what == "ferry" else []
            table.add_row(leg["from"], leg["to"], str(leg["distance_nm"]), *extra)
        print_listing(table, ids=("from", "to"))
        _print_stop_fuels(data)
        if data.get("agreements") is not None:
            console.print(f"agreements counted: {', '.join(data['agreements']) or 'none'}", highlight=False)
    if not plan.feasible:
        err_console.print(f"no feasible {what}: {data.get('reason', '')}", highlight=False)
        raise typer.Exit(EXIT_RULE)


def _print_stop_fuels(data: RoutePlanJson | ReachPlanJson) -> None:
    stops = data.get("fuel_at_stops")
    if not stops:
        return
    table = Table("stop", "takes", "offered", "substitute for", "basis", title="Fuel at each refuelling stop")
    for stop in stops:
        table.add_row(
            stop["facility"],
            stop["takes"],
            ", ".join(stop["offered"]),
            stop.get("substitute_for", ""),
            stop.get("substitution_basis", ""),
        )
    print_listing(table, ids=("stop",))


def _on_catalogue(ask: Callable[[CatalogueReads], T]) -> T:
    """`ask` over the SQLite file read directly when the database is one (relos.db.sqlite_reads: SQLAlchemy stays
    unloaded), else, or when that read fails at the database, over a unit of work as every other command."""
    import sqlite3

    from relos.db.sqlite_reads import open_sqlite_reads
    from relos.settings import Settings

    reads = open_sqlite_reads(Settings().effective_database_url)
    if reads is not None:
        try:
            return ask(reads)
        except sqlite3.Error:
            pass
    return ask(database().uow())


@command
def route(
    origin: FromOption,
    destination: ToOption,
    ship_class: ClassOption = None,
    range_nm: RangeOption = None,
    speed_kn: SpeedOption = None,
    party: PartyOption = None,
    agreements: Annotated[
        str | None, typer.Option("--agreements", help="ID,ID assumed in force (what-if); none = own facilities")
    ] = None,
    at: AtOption = None,
    unconstrained: Annotated[bool, typer.Option("--unconstrained", help="shortest sea route, no fuel limit")] = False,
    close: CloseOption = None,
    stop_hours: Annotated[float, typer.Option("--stop-hours", help="hours per refuelling call")] = 12.0,
    assumed_fuels: AssumedFuelsOption = True,
    as_json: JsonOption = False,
) -> None:
    """A sea route from A to B: shortest, or the fastest whose every leg fits the range (exit 1: none),
    with the fuel each stop supplies."""
    plan = _on_catalogue(
        lambda reads: service.route(
            reads,
            actor=operator(),
            origin=origin,
            destination=destination,
            ship_class=ship_class,
            range_nm=range_nm,
            speed_kn=speed_kn,
            party=party,
            agreements=agreements,
            at=parse_day(at, option="--at"),
            unconstrained=unconstrained,
            close=close,
            stop_hours=stop_hours,
            assumed_fuels=assumed_fuels,
        )
    )
    _print_route(plan, as_json, "route")


@command
def reach(
    home: FromOption,
    ship_class: ClassOption,
    days: Annotated[float, typer.Option("--days", help="time allowed, days")],
    party: PartyOption = None,
    agreement: Annotated[
        str | None, typer.Option("--agreement", help="agreement whose addition is shown (default: all in force)")
    ] = None,
    at: AtOption = None,
    range_nm: RangeOption = None,
    speed_kn: SpeedOption = None,
    close: CloseOption = None,
    assumed_fuels: AssumedFuelsOption = True,
    as_json: JsonOption = False,
    geojson: Annotated[Path | None, typer.Option("--geojson", help="write the GeoJSON here")] = None,
    compare: Annotated[
        bool, typer.Option("--compare", help="side by side: own facilities / + agreement (/ + commercial / + tanker)")
    ] = False,
    commercial: Annotated[
        bool, typer.Option("--commercial", help="also bunker in other states' ports (each needs their consent)")
    ] = False,
    tanker: Annotated[
        str | None, typer.Option("--tanker", help="a replenishment tanker class in company (e.g. deepak)")
    ] = None,
    escorts: Annotated[int, typer.Option("--escorts", help="ships of the class the tanker refuels")] = 1,
) -> None:
    """What a class reaches from a home port within N days, and what the agreement adds; with --compare (or
    --commercial, --tanker) own facilities / + agreement / + commercial ports / + tanker side by side."""
    if compare or commercial or tanker is not None:
        from relos.cli import reach_compare
        from relos.services.planning import reach_compare as reach_compare_service

        compared = reach_compare_service.compare_reach(
            database().uow(),
            actor=operator(),
            home=home,
            ship_class=ship_class,
            days=days,
            party=party,
            agreement=agreement,
            at=parse_day(at, option="--at"),
            range_nm=range_nm,
            speed_kn=speed_kn,
            close=close,
            commercial=commercial,
            tanker=tanker,
            escorts=escorts,
            assumed_fuels=assumed_fuels,
        )
        reach_compare.show(compared, geojson=geojson, as_json=as_json)
        return
    plan = service.reach_from(
        database().uow(),
        actor=operator(),
        home=home,
        ship_class=ship_class,
        days=days,
        party=party,
        agreement=agreement,
        at=parse_day(at, option="--at"),
        range_nm=range_nm,
        speed_kn=speed_kn,
        close=close,
        assumed_fuels=assumed_fuels,
    )
    if geojson is not None:
        geojson.write_text(json.dumps(plan.geojson(), ensure_ascii=False) + "\n", encoding="utf-8")
    data = plan.to_json()
    if as_json:
        print_json(data)
        return
    _print_reach(data)
    if geojson is not None:
        console.print(f"GeoJSON written to {geojson}", highlight=False)


def _print_reach(data: ReachPlanJson) -> None:
    added = ", ".join(data["agreements_added"]) or "none"
    console.print(
        f"{data['ship_class']} from {data['home']} within {data['days']:g} days: "
        f"{len(data['without']['facilities'])} facilities without, {len(data['with']['facilities'])} with "
        f"({added}); sea nodes added: {data['sea_nodes_added']}",
        highlight=False,
    )
    table = Table(
        "facility",
        "change",
        "hours without",
        "hours with",
        "hours saved",
        "stops saved",
        title="What the agreement adds",
    )
    for row in data["added"]:
        table.add_row(
            row["id"],
            row["change"].replace("_", " "),
            "-" if row["arrival_h_without"] is None else str(row["arrival_h_without"]),
            str(row["arrival_h_with"]),
            "-" if row["hours_saved"] is None else str(row["hours_saved"]),
            "-" if row["stops_saved"] is None else str(row["stops_saved"]),
        )
    print_listing(table, ids=("facility",))
    _print_stop_fuels(data)


@command
def ferry(
    origin: FromOption,
    destination: ToOption,
    aircraft: Annotated[str, typer.Option("--aircraft", help="aircraft type id (relos aircraft list)")],
    party: PartyOption = None,
    agreements: Annotated[
        str | None, typer.Option("--agreements", help="ID,ID assumed in force (what-if); none = own airfields")
    ] = None,
    at: AtOption = None,
    range_nm: RangeOption = None,
    speed_kn: SpeedOption = None,
    stop_hours: Annotated[float, typer.Option("--stop-hours", help="hours per refuelling landing")] = 2.0,
    as_json: JsonOption = False,
) -> None:
    """A ferry flight over great-circle legs between usable airfields, with the airspace each leg crosses."""
    plan = service.ferry(
        database().uow(),
        actor=operator(),
        origin=origin,
        destination=destination,
        aircraft=aircraft,
        party=party,
        agreements=agreements,
        at=parse_day(at, option="--at"),
        range_nm=range_nm,
        speed_kn=speed_kn,
        stop_hours=stop_hours,
    )
    _print_route(plan, as_json, "ferry")


@command
def sustainment(
    days: Annotated[int, typer.Option("--days", help="length of the deployment, days")],
    climate: Annotated[str, typer.Option("--climate", help="temperate, tropical, arctic or arid")],
    ships: Annotated[str | None, typer.Option("--ships", help="CLASS:N,... e.g. talwar:2")] = None,
    aircraft: Annotated[str | None, typer.Option("--aircraft", help="TYPE:N,... e.g. p-8i:1")] = None,
    personnel: Annotated[int, typer.Option("--personnel", help="people beyond the crews")] = 0,
    intense: Annotated[bool, typer.Option("--intense", help="intense-operations ration energy")] = False,
    underway_hours: Annotated[float, typer.Option("--underway-hours", help="hours underway per day")] = 24.0,
    order_lines: Annotated[bool, typer.Option("--order-lines", help="print draft support-order lines")] = False,
    as_json: JsonOption = False,
) -> None:
    """Fuel, water and rations a deployment needs, from the planning factors (factor ids cited)."""
    from relos.services.planning import sustainment as sustainment_service

    result = sustainment_service.estimate_sustainment(
        database().uow(),
        actor=operator(),
        days=days,
        climate=climate,
        ships=sustainment_service.parse_counts(ships, option="--ships"),
        aircraft=sustainment_service.parse_counts(aircraft, option="--aircraft"),
        personnel=personnel,
        intense=intense,
        underway_hours_per_day=underway_hours,
    )
    data = result.to_json(with_order_lines=order_lines)
    if as_json:
        print_json(data)
        return
    console.print(f"{result.people} people, {result.days} days, {result.climate}", highlight=False)
    table = Table("item", "quantity", "unit", "factors", "basis")
    for line in data["lines"]:
        table.add_row(
            line["item"], line["quantity"] or "unknown", line["unit"], ", ".join(line["factors"]), line["basis"]
        )
    console.print(table)
    for gap in result.gaps:
        console.print(f"[yellow]gap:[/yellow] {gap}", highlight=False)
    if "order_lines" in data:
        lines = Table("item", "detail", "quantity", "unit", title="Draft support-order lines")
        for row in data["order_lines"]:
            lines.add_row(row["item"], row["detail"], row["quantity"], row["unit"])
        console.print(lines)

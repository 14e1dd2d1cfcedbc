"""Use case ``relos sustainment``: the fuel, water and rations a deployment needs, from the catalogue's
ship classes, aircraft types and planning factors (pure arithmetic in relos.planning.sustainment).

``draft_support_order_lines`` gives the estimate as order-line dicts for a draft support order
(the orders area turns them into an order; see docs/planning.md).
"""

from __future__ import annotations

from collections.abc import Mapping

from relos.domain.actor import Actor
from relos.domain.errors import FieldProblem, InvalidInput
from relos.planning.sustainment import (
    AircraftGroup,
    Deployment,
    Estimate,
    Factor,
    OrderLineJson,
    ShipGroup,
    estimate,
    order_lines,
)
from relos.services.unit_of_work import UnitOfWork


def parse_counts(text: str | None, *, option: str) -> dict[str, int]:
    """``"talwar:2,delhi"`` as ``{"talwar": 2, "delhi": 1}``; a bad count is bad input naming ``option``."""
    out: dict[str, int] = {}
    for part in (text or "").split(","):
        part = part.strip()
        if not part:
            continue
        key, _, count = part.partition(":")
        try:
            n = int(count) if count.strip() else 1
        except ValueError:
            raise InvalidInput.of(
                option,
                "count_after_must_whole_number",
                "{part!r}: the count after ':' must be a whole number",
                part=part,
            ) from None
        if n < 1:
            raise InvalidInput.of(option, "count_must_least_1", "{part!r}: the count must be at least 1", part=part)
        out[key.strip()] = out.get(key.strip(), 0) + n
    return out


def estimate_sustainment(
    uow: UnitOfWork,
    *,
    actor: Actor,
    days: int,
    climate: str,
    ships: Mapping[str, int] | None = None,
    aircraft: Mapping[str, int] | None = None,
    personnel: int = 0,
    intense: bool = False,
    underway_hours_per_day: float = 24.0,
) -> Estimate:
    """Needs of ships (class id -> count), aircraft (type id -> count) and extra personnel for ``days``."""
    problems: list[FieldProblem] = []
    if not 0 <= underway_hours_per_day <= 24:
        problems.append(
            FieldProblem.of(
                "--underway-hours",
                "must_0_24_got",
                "must be 0..24, got {underway_hours_per_day:g}",
                underway_hours_per_day=underway_hours_per_day,
            )
        )
    with uow:
        ship_groups: list[ShipGroup] = []
        for class_id, count in (ships or {}).items():
            record = uow.ship_classes.get(class_id)
            if record is None:
                problems.append(
                    FieldProblem.of(
                        "--ships",
                        "no_ship_class_catalogue",
                        "no ship class {class_id!r} in the catalogue",
                        class_id=class_id,
                    )
                )
                continue
            ship_groups.append(ShipGroup(record.id, count, record.crew, record.type.value, underway_hours_per_day))
        air_groups: list[AircraftGroup] = []
        for type_id, count in (aircraft or {}).items():
            plane = uow.aircraft_types.get(type_id)
            if plane is None:
                problems.append(
                    FieldProblem.of(
                        "--aircraft",
                        "no_aircraft_type_catalogue",
                        "no aircraft type {type_id!r} in the catalogue",
                        type_id=type_id,
                    )
                )
                continue
            air_groups.append(AircraftGroup(plane.id, count, plane.crew))
        factors = {f.id: Factor(f.id, f.value, f.unit, f.climate.value) for f in uow.planning_factors.list()}
    if problems:
        raise InvalidInput(problems)
    try:
        deployment = Deployment(
            days=days,
            climate=climate,
            ships=tuple(ship_groups),
            aircraft=tuple(air_groups),
            personnel=personnel,
            intense=intense,
        )
    except ValueError as exc:
        name, _, message = str(exc).partition(": ")
        raise InvalidInput.of(f"--{name}", "bad_value", "{reason}", reason=message) from None
    if not factors:
        raise InvalidInput.of(
            "planning_factors", "no_planning_factors_loaded_run", "no planning factors loaded: run `relos init`"
        )
    return estimate(deployment, factors)


def draft_support_order_lines(result: Estimate) -> list[OrderLineJson]:
    """The estimate as lines of a draft support order: ``{item, detail, quantity, unit, basis, factors}``.

    ``item`` is the support category (``fuel``, ``water``, ``rations``); ``quantity`` a decimal string in
    ``unit``. Lines the factors could not estimate are left out (they are in ``result.gaps``).
    """
    return list(order_lines(result))

"""Reading a deployment's particulars from user input (API bodies, CLI JSON files, plan rows) into domain
values, every problem naming its field (and line, for a file)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from relos.domain.deployments.model import Aircraft, Particulars, Ship, particulars_problems
from relos.domain.errors import FieldProblem, InvalidInput

SHIP_FIELDS = ("name", "hull_number", "class", "displacement_t", "length_m", "beam_m", "draught_m")
AIRCRAFT_FIELDS = ("type", "tail_number", "callsign")
#: No count of ships, aircraft or people above this is meant seriously.
MAX_COUNT = 1_000_000


def parse_instant(
    value: object, *, field: str, problems: list[FieldProblem], line: int | None = None
) -> datetime | None:
    """ISO 8601; a bare date is 00:00 UTC, a time without offset is UTC; the result is in UTC."""
    if isinstance(value, datetime):
        found = value
    elif isinstance(value, date):
        found = datetime(value.year, value.month, value.day, tzinfo=UTC)
    elif isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            if len(text) == 10:
                day = date.fromisoformat(text)
                found = datetime(day.year, day.month, day.day, tzinfo=UTC)
            else:
                found = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
        except ValueError:
            problems.append(
                FieldProblem.of(
                    field,
                    "not_iso_8601_date_date",
                    "{value!r} is not an ISO 8601 date or date-time",
                    line=line,
                    value=value,
                )
            )
            return None
    elif value is None or (isinstance(value, str) and not value.strip()):  # left out, or left empty in a form
        problems.append(FieldProblem.of(field, "required_2", "is required", line=line))
        return None
    else:
        problems.append(
            FieldProblem.of(
                field,
                "not_iso_8601_date_date",
                "{value!r} is not an ISO 8601 date or date-time",
                line=line,
                value=value,
            )
        )
        return None
    if found.tzinfo is None:
        found = found.replace(tzinfo=UTC)
    return found.astimezone(UTC)


def parse_count(value: object, *, field: str, problems: list[FieldProblem], line: int | None = None) -> int | None:
    """A whole number ≥ 0 (empty means 0)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return 0
    if isinstance(value, bool):
        problems.append(
            FieldProblem.of(field, "not_whole_number", "{value!r} is not a whole number", line=line, value=value)
        )
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and value.strip().lstrip("-").isascii() and value.strip().lstrip("-").isdigit():
        number = int(value.strip())
    else:
        problems.append(
            FieldProblem.of(field, "not_whole_number", "{value!r} is not a whole number", line=line, value=value)
        )
        return None
    if number < 0:
        problems.append(
            FieldProblem.of(
                field, "must_not_negative_got_2", "must not be negative, got {number}", line=line, number=number
            )
        )
        return None
    if number > MAX_COUNT:
        problems.append(
            FieldProblem.of(
                field,
                "must_most_got",
                "must be at most {MAX_COUNT:,}, got {number}",
                line=line,
                MAX_COUNT=MAX_COUNT,
                number=number,
            )
        )
        return None
    return number


def _number(value: object, *, field: str, problems: list[FieldProblem]) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        problems.append(FieldProblem.of(field, "not_number", "{value!r} is not a number", value=value))
        return 0.0
    try:
        return float(value)
    except ValueError:
        problems.append(FieldProblem.of(field, "not_number", "{value!r} is not a number", value=value))
        return 0.0


def parse_ships(items: object, problems: list[FieldProblem]) -> tuple[Ship, ...]:
    if items is None:
        return ()
    if not isinstance(items, list):
        problems.append(FieldProblem.of("ships", "must_list_ships", "must be a list of ships"))
        return ()
    ships: list[Ship] = []
    for i, item in enumerate(items):
        at = f"ships[{i}]"
        if not isinstance(item, Mapping):
            problems.append(
                FieldProblem.of(
                    at, "must_object_with", "must be an object with {fields}", fields=", ".join(SHIP_FIELDS)
                )
            )
            continue
        missing = [f for f in SHIP_FIELDS if item.get(f) in (None, "")]
        for f in missing:
            problems.append(FieldProblem.of(f"{at}.{f}", "required_2", "is required"))
        if missing:
            continue
        ships.append(
            Ship(
                name=str(item["name"]),
                hull_number=str(item["hull_number"]),
                ship_class=str(item["class"]),
                displacement_t=_number(item["displacement_t"], field=f"{at}.displacement_t", problems=problems),
                length_m=_number(item["length_m"], field=f"{at}.length_m", problems=problems),
                beam_m=_number(item["beam_m"], field=f"{at}.beam_m", problems=problems),
                draught_m=_number(item["draught_m"], field=f"{at}.draught_m", problems=problems),
            )
        )
    return tuple(ships)


def parse_aircraft(items: object, problems: list[FieldProblem]) -> tuple[Aircraft, ...]:
    if items is None:
        return ()
    if not isinstance(items, list):
        problems.append(FieldProblem.of("aircraft", "must_list_aircraft", "must be a list of aircraft"))
        return ()
    found: list[Aircraft] = []
    for i, item in enumerate(items):
        at = f"aircraft[{i}]"
        if not isinstance(item, Mapping):
            problems.append(
                FieldProblem.of(
                    at, "must_object_with", "must be an object with {fields}", fields=", ".join(AIRCRAFT_FIELDS)
                )
            )
            continue
        missing = [f for f in AIRCRAFT_FIELDS if not str(item.get(f) or "").strip()]
        for f in missing:
            problems.append(FieldProblem.of(f"{at}.{f}", "required_2", "is required"))
        if not missing:
            found.append(Aircraft(str(item["type"]), str(item["tail_number"]), str(item["callsign"])))
    return tuple(found)


def parse_particulars(data: Mapping[str, Any], *, visiting_party: str, host_party: str) -> Particulars:
    """A deployment's particulars from a mapping (an API body or a JSON file); raises InvalidInput."""
    problems: list[FieldProblem] = []
    start = parse_instant(data.get("start"), field="start", problems=problems)
    end = parse_instant(data.get("end"), field="end", problems=problems)
    personnel = parse_count(data.get("personnel"), field="personnel", problems=problems)
    ships = parse_ships(data.get("ships"), problems)
    aircraft = parse_aircraft(data.get("aircraft"), problems)
    if problems or start is None or end is None or personnel is None:
        raise InvalidInput(problems, source="deployment")
    particulars = Particulars(
        agreement_id=str(data.get("agreement_id") or ""),
        visiting_party=visiting_party,
        host_party=host_party,
        facility_id=str(data.get("facility_id") or ""),
        purpose=str(data.get("purpose") or ""),
        start=start,
        end=end,
        ships=ships,
        aircraft=aircraft,
        personnel=personnel,
        purpose_consent=str(data.get("purpose_consent") or ""),
        note=str(data.get("note") or ""),
    )
    found = particulars_problems(particulars)
    if found:
        raise InvalidInput(found, source="deployment")
    return particulars

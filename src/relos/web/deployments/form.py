"""The deployment form as posted, read into the request the services take (`services.deployments` decide
everything): agreement, host, facility, purpose, window (UTC, as the language writes a day and a time, or
ISO), title, note, ships (name, hull number, class, dimensions), aircraft (type, tail number, call sign),
personnel. Inputs are named as the services name their fields (`ships[1].length_m`), so that a refusal
names the input at fault; a row left empty is no ship, and the services' positions are said back as the
form's rows.

Rows are added without script: the form posts with `more=ship` (or `aircraft`), and comes back with one more
empty row and what was typed. A ship whose class is in the catalogue gets the class's dimensions wherever
they were left empty (typed ones are kept)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from relos.domain.errors import InvalidInput
from relos.domain.facilities.forces import ShipClass
from relos.services import locale_format

SHIP_KEYS = ("name", "hull_number", "class", "displacement_t", "length_m", "beam_m", "draught_m")
DIMENSIONS = ("displacement_t", "length_m", "beam_m", "draught_m")
AIRCRAFT_KEYS = ("type", "tail_number", "callsign")
PLAIN = ("agreement_id", "host_party", "facility_id", "purpose", "start", "end", "title", "note", "personnel")
#: Empty rows a new form offers, and the most a form may have.
SHIP_ROWS, AIRCRAFT_ROWS, MAX_ROWS = 3, 2, 40
_ROW = re.compile(r"(ships|aircraft)\[(\d+)\](.*)")


def row_count(fields: Mapping[str, str], unit: str, default: int) -> int:
    """How many rows of `unit` (ships, aircraft) the form has: its counter, at least the rows typed in."""
    text = fields.get(f"{unit}_rows", "")
    count = int(text) if text.isdigit() else default
    typed = [int(m[2]) + 1 for name in fields if (m := _ROW.fullmatch(name)) and m[1] == unit]
    return max(1, min(MAX_ROWS, max([count, *typed])))


def rows(fields: Mapping[str, str], unit: str, keys: Sequence[str], default: int) -> list[dict[str, str]]:
    """Every row of `unit` as typed (trimmed), empty ones included, in the form's order."""
    return [
        {k: fields.get(f"{unit}[{i}].{k}", "").strip() for k in keys} for i in range(row_count(fields, unit, default))
    ]


def number_text(text: str, lang: str) -> str:
    """A number as the language writes it (4 035,5 / 4,035.5), or plainly, as the services read it."""
    cleaned = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if lang == "ru" or (
        "," in cleaned and "." not in cleaned and cleaned.count(",") == 1 and len(cleaned.split(",")[1]) != 3
    ):
        return cleaned.replace(",", ".")
    return cleaned.replace(",", "")


def fill_dimensions(fields: dict[str, str], classes: Sequence[ShipClass], lang: str) -> dict[str, str]:
    """The class's dimensions (catalogue) in each ship row whose class is known, where left empty."""
    known = {c.id: c for c in classes}
    out = dict(fields)
    for i in range(row_count(fields, "ships", SHIP_ROWS)):
        found = known.get(fields.get(f"ships[{i}].class", "").strip())
        if found is None:
            continue
        for key in DIMENSIONS:
            name, value = f"ships[{i}].{key}", getattr(found, key)
            if not out.get(name, "").strip() and value is not None:
                out[name] = locale_format.number(value, lang)
    return out


def with_more_rows(fields: Mapping[str, str], unit: str) -> dict[str, str]:
    """The form again with one more empty row of `unit` (ship or aircraft)."""
    out = dict(fields)
    for name, default in (("ships", SHIP_ROWS), ("aircraft", AIRCRAFT_ROWS)):
        out[f"{name}_rows"] = str(row_count(fields, name, default) + (1 if name.startswith(unit) else 0))
    out["ships_rows"] = str(min(MAX_ROWS, int(out["ships_rows"])))
    out["aircraft_rows"] = str(min(MAX_ROWS, int(out["aircraft_rows"])))
    return out


def _instant(text: str) -> datetime | str:
    """The instant typed as the language writes it; else the text as typed, for the services to refuse
    naming the field (an empty one is missing)."""
    try:
        return locale_format.parse_instant(text, "en") if text else text
    except ValueError:
        return text


def request_of(fields: Mapping[str, str], lang: str) -> tuple[dict[str, Any], list[int], list[int]]:
    """The request the services take, and the form's row of each ship and aircraft in it (empty rows are
    left out)."""
    data: dict[str, Any] = {k: fields.get(k, "").strip() for k in PLAIN}
    data["start"] = _instant(data["start"])
    data["end"] = _instant(data["end"])
    data["personnel"] = number_text(data["personnel"], lang)
    ships, ship_rows = [], []
    for i, row in enumerate(rows(fields, "ships", SHIP_KEYS, SHIP_ROWS)):
        if any(row.values()):
            ships.append({k: number_text(v, lang) if k in DIMENSIONS else v for k, v in row.items()})
            ship_rows.append(i)
    aircraft, aircraft_rows = [], []
    for i, row in enumerate(rows(fields, "aircraft", AIRCRAFT_KEYS, AIRCRAFT_ROWS)):
        if any(row.values()):
            aircraft.append(row)
            aircraft_rows.append(i)
    data.update(ships=ships, aircraft=aircraft)
    if not data["title"]:
        del data["title"]  # the service names one
    return data, ship_rows, aircraft_rows


def as_form_rows(exc: InvalidInput, ship_rows: Sequence[int], aircraft_rows: Sequence[int]) -> InvalidInput:
    """The services name `ships[i]` of the list they were given; the form's user sees the form's rows."""
    problems = []
    for p in exc.problems:
        name = p.field
        match = _ROW.fullmatch(name)
        if match:
            given = ship_rows if match[1] == "ships" else aircraft_rows
            index = int(match[2])
            name = f"{match[1]}[{given[index] if index < len(given) else index}]{match[3]}"
        problems.append(replace(p, field=name))
    return InvalidInput(problems, source=exc.source)


def fields_of(d: Mapping[str, Any], lang: str) -> dict[str, str]:
    """A deployment's particulars as the form shows them (for an amendment)."""
    out = {k: str(d.get(k) or "") for k in ("agreement_id", "host_party", "facility_id", "purpose", "title", "note")}
    out["start"] = locale_format.instant(d["start"], lang, label=False)
    out["end"] = locale_format.instant(d["end"], lang, label=False)
    out["personnel"] = str(d.get("personnel") or 0)
    for i, s in enumerate(d.get("ships") or []):
        for k in SHIP_KEYS:
            value = s.get(k)
            shown = locale_format.number(value, lang) if k in DIMENSIONS and value not in (None, "") else value
            out[f"ships[{i}].{k}"] = "" if shown is None else str(shown)
    for i, a in enumerate(d.get("aircraft") or []):
        for k in AIRCRAFT_KEYS:
            out[f"aircraft[{i}].{k}"] = str(a.get(k) or "")
    out["ships_rows"] = str(len(d.get("ships") or []) + 1)
    out["aircraft_rows"] = str(len(d.get("aircraft") or []) + 1)
    return out

"""The clearance form as posted, read into what `services.clearances` take: facility, purpose, window (UTC, as
the language writes a day and a time, or ISO), title, note, and the notice's details — for a port call the
ships (with their dimensions and crew), the commander, radio frequencies, pilot, tugs and other services;
for an airspace request the aircraft (type, tail number, call sign, crew, passengers, dangerous cargo, fuel),
entry and exit points, route, airfields and other services. Inputs are named as the services name the fields
(`port_call.ships[0].draught_m`), so a refusal names the input at fault; a row left empty is no unit, and a
list is typed one item a line.

Filled in from a deployment (its ships or aircraft, window, facility, purpose) to prepare a clearance, or from
the clearance itself to amend it."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

from relos.domain.errors import InvalidInput
from relos.services import locale_format
from relos.web.deployments.form import DIMENSIONS, number_text

KINDS = ("port_call", "airspace")
UNITS = {"port_call": "ships", "airspace": "aircraft"}
ROW_KEYS = {
    "port_call": ("name", "hull_number", "class", "displacement_t", "length_m", "beam_m", "draught_m", "crew"),
    "airspace": ("type", "tail_number", "callsign", "crew", "passengers", "dangerous_cargo", "fuel_needed_kg"),
}
COUNTS = frozenset({"crew", "passengers", "tugs"})
MEASURES = frozenset({*DIMENSIONS, "fuel_needed_kg"})
#: Fields typed one item a line (or, in a row, separated by commas).
LISTS = frozenset({"radio_frequencies", "other_services", "airfields", "dangerous_cargo"})
TEXTS = {
    "port_call": ("commander.name", "commander.rank", "radio_frequencies", "pilot", "tugs", "other_services"),
    "airspace": ("entry_point", "exit_point", "route", "airfields", "other_services"),
}
PLAIN = ("facility_id", "purpose", "start", "end", "title", "note")
EMPTY_ROWS, MAX_ROWS = 1, 40
_ROW = re.compile(r"(port_call\.ships|airspace\.aircraft)\[(\d+)\](.*)")


def row_count(fields: Mapping[str, str], kind: str) -> int:
    unit = f"{kind}.{UNITS[kind]}"
    text = fields.get("unit_rows", "")
    count = int(text) if text.isdigit() else EMPTY_ROWS
    typed = [int(m[2]) + 1 for name in fields if (m := _ROW.fullmatch(name)) and m[1] == unit]
    return max(1, min(MAX_ROWS, max([count, *typed])))


def _value(key: str, text: str, lang: str) -> Any:
    """A typed value as the notice's reader takes it: whole numbers, numbers, lists, yes/no, else text."""
    if key in COUNTS:
        return int(text) if text.isdigit() else text
    if key in MEASURES:
        return number_text(text, lang)
    if key in LISTS:
        return [item.strip() for item in re.split(r"[\n;]" if key != "dangerous_cargo" else r"[\n;,]", text)]
    if key == "pilot":
        return {"yes": True, "no": False}.get(text, text)
    return text


def details_of(fields: Mapping[str, str], kind: str, lang: str) -> tuple[dict[str, Any], list[int]]:
    """The notice's details and the form's row of each unit in it (empty rows left out)."""
    details: dict[str, Any] = {}
    for path in TEXTS[kind]:
        text = fields.get(f"{kind}.{path}", "").strip()
        if not text:
            continue
        head, _, tail = path.partition(".")
        if tail:
            details.setdefault(head, {})[tail] = _value(tail, text, lang)
        else:
            details[head] = _value(head, text, lang)
    units, used = [], []
    unit = f"{kind}.{UNITS[kind]}"
    for i in range(row_count(fields, kind)):
        row = {k: fields.get(f"{unit}[{i}].{k}", "").strip() for k in ROW_KEYS[kind]}
        if any(row.values()):
            units.append({k: _value(k, v, lang) for k, v in row.items() if v})
            used.append(i)
    details[UNITS[kind]] = units
    return details, used


def window_of(fields: Mapping[str, str]) -> dict[str, Any]:
    """Start and end as instants where typed as the language writes them; else as typed, for the services to
    refuse naming the field."""
    out: dict[str, Any] = {}
    for name in ("start", "end"):
        text = fields.get(name, "").strip()
        try:
            out[name] = locale_format.parse_instant(text, "en") if text else None
        except ValueError:
            out[name] = text
    return out


def as_form_rows(exc: InvalidInput, used: Sequence[int]) -> InvalidInput:
    """The services name the n-th unit they were given; the form's user sees the form's rows."""
    problems = []
    for p in exc.problems:
        match = _ROW.fullmatch(p.field)
        name = p.field
        if match and int(match[2]) < len(used):
            name = f"{match[1]}[{used[int(match[2])]}]{match[3]}"
        problems.append(replace(p, field=name))
    return InvalidInput(problems, source=exc.source)


def _shown(key: str, value: Any, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ", ".join(value) if key == "dangerous_cargo" else "\n".join(value)
    if key in MEASURES and value != "":
        return locale_format.number(value, lang)
    return str(value)


def from_deployment(d: Mapping[str, Any], kind: str, lang: str) -> dict[str, str]:
    """A new clearance's form filled in from its deployment: window, facility, purpose, ships or aircraft."""
    out = {k: str(d.get(k) or "") for k in ("facility_id", "purpose")}
    out["start"] = locale_format.instant(d["start"], lang, label=False)
    out["end"] = locale_format.instant(d["end"], lang, label=False)
    units = d.get(UNITS[kind]) or []
    for i, u in enumerate(units):
        for k in ROW_KEYS[kind]:
            out[f"{kind}.{UNITS[kind]}[{i}].{k}"] = _shown(k, u.get(k), lang)
    out["unit_rows"] = str(max(1, len(units)))
    return out


def from_clearance(c: Mapping[str, Any], lang: str) -> dict[str, str]:
    """A clearance's form filled in from the clearance, to amend it."""
    kind = c["kind"]
    out = {k: str(c.get(k) or "") for k in ("facility_id", "purpose", "note")}
    out["start"] = locale_format.instant(c["start"], lang, label=False)
    out["end"] = locale_format.instant(c["end"], lang, label=False)
    details: Mapping[str, Any] = c.get(kind) or {}
    for path in TEXTS[kind]:
        head, _, tail = path.partition(".")
        value = (details.get(head) or {}).get(tail) if tail else details.get(head)
        out[f"{kind}.{path}"] = _shown(tail or head, value, lang)
    units = details.get(UNITS[kind]) or []
    for i, u in enumerate(units):
        for k in ROW_KEYS[kind]:
            out[f"{kind}.{UNITS[kind]}[{i}].{k}"] = _shown(k, u.get(k), lang)
    out["unit_rows"] = str(len(units) + 1)
    return out

"""A clearance's details from JSON-like input (a file, an API body), and their canonical JSON form.

Reading never guesses: a value of the wrong kind is a problem naming its field (``port_call.ships[1].
draught_m``); an absent value stays None and ``rules.missing_fields`` decides whether it is required.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from relos.domain.clearances.model import Aircraft, Airspace, Clearance, Commander, LeadTimeException, PortCall, Ship
from relos.domain.errors import FieldProblem, Said


class _Reader:
    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.problems: list[FieldProblem] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(FieldProblem(f"{self.prefix}.{path}", message))

    def text(self, raw: Mapping[str, Any], key: str, path: str) -> str | None:
        value = raw.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            self.problem(path, Said.of("must_text_not_3", "must be text, not {value!r}", value=value))
            return None
        return value.strip() or None

    def texts(self, raw: Mapping[str, Any], key: str, path: str) -> tuple[str, ...] | None:
        value = raw.get(key)
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(path, Said.of("must_list_texts_not", "must be a list of texts, not {value!r}", value=value))
            return None
        return tuple(v.strip() for v in value if v.strip())

    def count(self, raw: Mapping[str, Any], key: str, path: str) -> int | None:
        value = raw.get(key)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            self.problem(
                path, Said.of("must_whole_number_0_not", "must be a whole number ≥ 0, not {value!r}", value=value)
            )
            return None
        return value

    def measure(self, raw: Mapping[str, Any], key: str, path: str, *, positive: bool = True) -> Decimal | None:
        value = raw.get(key)
        if value is None:
            return None
        number: Decimal | None = None
        if isinstance(value, int | str | Decimal) and not isinstance(value, bool):
            try:
                number = Decimal(str(value).strip())
            except InvalidOperation:
                number = None
        elif isinstance(value, float):
            number = Decimal(repr(value))
        if number is None or not number.is_finite():
            self.problem(path, Said.of("must_number_not", "must be a number, not {value!r}", value=value))
            return None
        if number < 0 or (positive and number == 0):
            self.problem(
                path,
                Said.of(
                    "must_not", "must be {value}, not {value2!r}", value="positive" if positive else "≥ 0", value2=value
                ),
            )
            return None
        return number

    def table(self, raw: Mapping[str, Any], key: str, path: str) -> Mapping[str, Any]:
        value = raw.get(key)
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            self.problem(path, Said.of("must_object_not", "must be an object, not {value!r}", value=value))
            return {}
        return value

    def items(self, raw: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
        value = raw.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(key, Said.of("must_list_not", "must be a list, not {value!r}", value=value))
            return []
        found: list[Mapping[str, Any]] = []
        for i, item in enumerate(value):
            if isinstance(item, Mapping):
                found.append(item)
            else:
                self.problem(f"{key}[{i}]", Said.of("must_object_not_2", "must be an object, not {item!r}", item=item))
        return found

    def unknown_keys(self, raw: Mapping[str, Any], known: set[str], path: str) -> None:
        for key in raw:
            if key not in known:
                where = f"{path}.{key}" if path else key
                self.problem(
                    where,
                    Said.of("unknown_field_known_2", "unknown field (known: {known})", known=", ".join(sorted(known))),
                )


SHIP_KEYS = {"name", "hull_number", "class", "displacement_t", "length_m", "beam_m", "draught_m", "crew"}
AIRCRAFT_KEYS = {"type", "tail_number", "callsign", "crew", "passengers", "dangerous_cargo", "fuel_needed_kg"}
PORT_CALL_KEYS = {"ships", "commander", "radio_frequencies", "pilot", "tugs", "other_services"}
AIRSPACE_KEYS = {"aircraft", "entry_point", "exit_point", "route", "airfields", "other_services"}


def read_port_call(raw: Mapping[str, Any]) -> tuple[PortCall, list[FieldProblem]]:
    r = _Reader("port_call")
    r.unknown_keys(raw, PORT_CALL_KEYS, "")
    ships: list[Ship] = []
    for i, s in enumerate(r.items(raw, "ships")):
        at = f"ships[{i}]"
        r.unknown_keys(s, SHIP_KEYS, at)
        ships.append(
            Ship(
                name=r.text(s, "name", f"{at}.name"),
                hull_number=r.text(s, "hull_number", f"{at}.hull_number"),
                class_name=r.text(s, "class", f"{at}.class"),
                displacement_t=r.measure(s, "displacement_t", f"{at}.displacement_t"),
                length_m=r.measure(s, "length_m", f"{at}.length_m"),
                beam_m=r.measure(s, "beam_m", f"{at}.beam_m"),
                draught_m=r.measure(s, "draught_m", f"{at}.draught_m"),
                crew=r.count(s, "crew", f"{at}.crew"),
            )
        )
    commander = r.table(raw, "commander", "commander")
    r.unknown_keys(commander, {"name", "rank"}, "commander")
    pilot = raw.get("pilot")
    if pilot is not None and not isinstance(pilot, bool):
        r.problem("pilot", Said.of("must_true_false_not", "must be true or false, not {pilot!r}", pilot=pilot))
        pilot = None
    body = PortCall(
        ships=tuple(ships),
        commander=Commander(r.text(commander, "name", "commander.name"), r.text(commander, "rank", "commander.rank")),
        radio_frequencies=r.texts(raw, "radio_frequencies", "radio_frequencies") or (),
        pilot=pilot,
        tugs=r.count(raw, "tugs", "tugs"),
        other_services=r.texts(raw, "other_services", "other_services") or (),
    )
    return body, r.problems


def read_airspace(raw: Mapping[str, Any]) -> tuple[Airspace, list[FieldProblem]]:
    r = _Reader("airspace")
    r.unknown_keys(raw, AIRSPACE_KEYS, "")
    aircraft: list[Aircraft] = []
    for i, a in enumerate(r.items(raw, "aircraft")):
        at = f"aircraft[{i}]"
        r.unknown_keys(a, AIRCRAFT_KEYS, at)
        aircraft.append(
            Aircraft(
                type=r.text(a, "type", f"{at}.type"),
                tail_number=r.text(a, "tail_number", f"{at}.tail_number"),
                callsign=r.text(a, "callsign", f"{at}.callsign"),
                crew=r.count(a, "crew", f"{at}.crew"),
                passengers=r.count(a, "passengers", f"{at}.passengers"),
                dangerous_cargo=r.texts(a, "dangerous_cargo", f"{at}.dangerous_cargo"),
                fuel_needed_kg=r.measure(a, "fuel_needed_kg", f"{at}.fuel_needed_kg", positive=False),
            )
        )
    body = Airspace(
        aircraft=tuple(aircraft),
        entry_point=r.text(raw, "entry_point", "entry_point"),
        exit_point=r.text(raw, "exit_point", "exit_point"),
        route=r.text(raw, "route", "route"),
        airfields=r.texts(raw, "airfields", "airfields") or (),
        other_services=r.texts(raw, "other_services", "other_services") or (),
    )
    return body, r.problems


def _num(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def port_call_json(p: PortCall) -> dict[str, Any]:
    return {
        "ships": [
            {
                "name": s.name,
                "hull_number": s.hull_number,
                "class": s.class_name,
                "displacement_t": _num(s.displacement_t),
                "length_m": _num(s.length_m),
                "beam_m": _num(s.beam_m),
                "draught_m": _num(s.draught_m),
                "crew": s.crew,
            }
            for s in p.ships
        ],
        "commander": {"name": p.commander.name, "rank": p.commander.rank},
        "radio_frequencies": list(p.radio_frequencies),
        "pilot": p.pilot,
        "tugs": p.tugs,
        "other_services": list(p.other_services),
    }


def airspace_json(a: Airspace) -> dict[str, Any]:
    return {
        "aircraft": [
            {
                "type": x.type,
                "tail_number": x.tail_number,
                "callsign": x.callsign,
                "crew": x.crew,
                "passengers": x.passengers,
                "dangerous_cargo": None if x.dangerous_cargo is None else list(x.dangerous_cargo),
                "fuel_needed_kg": _num(x.fuel_needed_kg),
            }
            for x in a.aircraft
        ],
        "entry_point": a.entry_point,
        "exit_point": a.exit_point,
        "route": a.route,
        "airfields": list(a.airfields),
        "other_services": list(a.other_services),
    }


def exception_json(e: LeadTimeException | None) -> dict[str, Any] | None:
    if e is None:
        return None
    return {
        "reason": e.reason,
        "recorded_by": e.recorded_by,
        "recorded_at": e.recorded_at.isoformat(),
        "admits_start": e.admits_start.isoformat(),
    }


def clearance_document(c: Clearance) -> dict[str, Any]:
    """The canonical JSON form of one version: what crosses between the parties (the id is the clearance's
    identity between them; the reference and title go with it as data)."""
    return {
        "id": c.id,
        "reference": c.reference,
        "title": c.title,
        "version": c.version,
        "agreement_id": c.agreement_id,
        "kind": c.kind.value,
        "visiting_party": c.visiting_party,
        "host_party": c.host_party,
        "facility_id": c.facility_id,
        "deployment_id": c.deployment_id,
        "purpose": c.purpose,
        "start": c.start.isoformat(),
        "end": c.end.isoformat(),
        "port_call": port_call_json(c.port_call) if c.port_call else None,
        "airspace": airspace_json(c.airspace) if c.airspace else None,
        "note": c.note,
    }

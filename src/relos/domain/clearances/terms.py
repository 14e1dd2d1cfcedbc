"""What an agreement's file says about clearances, read from its ``[notice]`` table.

Keys (docs/agreement-format.md): ``port_call_days``, ``port_call_channel``, ``port_call_required``,
``port_call_optional``, ``airspace_days``, ``airspace_channel``, ``airspace_required``,
``airspace_optional``. Field names are those of ``PORT_CALL_FIELDS`` and ``AIRSPACE_FIELDS``;
``ships.x`` / ``aircraft.x`` mean field x of every ship / aircraft.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from relos.domain.errors import FieldProblem


class ClearanceKind(StrEnum):
    PORT_CALL = "port_call"  # warships entering a port of the host
    AIRSPACE = "airspace"  # military aircraft entering the host's airspace and landing


#: Every field a port-call notice can carry: name -> (English label, Russian label).
PORT_CALL_FIELDS: dict[str, tuple[str, str]] = {
    "purpose": ("Purpose of the call", "Цель захода"),
    "start": ("Arrival (start of the call)", "Прибытие (начало захода)"),
    "end": ("Departure (end of the call)", "Убытие (окончание захода)"),
    "ships": ("Number of ships", "Количество кораблей"),
    "ships.name": ("Name", "Название"),
    "ships.hull_number": ("Hull number", "Бортовой номер"),
    "ships.class": ("Class", "Класс"),
    "ships.displacement_t": ("Displacement, t", "Водоизмещение, т"),
    "ships.length_m": ("Length, m", "Длина, м"),
    "ships.beam_m": ("Beam, m", "Ширина, м"),
    "ships.draught_m": ("Draught, m", "Осадка, м"),
    "ships.crew": ("Crew", "Экипаж"),
    "commander.name": ("Commander's name", "Фамилия и имя командира"),
    "commander.rank": ("Commander's rank", "Воинское звание командира"),
    "radio_frequencies": ("Radio frequencies", "Радиочастоты"),
    "pilot": ("Pilot requested", "Запрос лоцмана"),
    "tugs": ("Tugs requested", "Запрос буксиров"),
    "other_services": ("Other services requested", "Другие запрашиваемые услуги"),
}

#: Every field an airspace and landing clearance request can carry.
AIRSPACE_FIELDS: dict[str, tuple[str, str]] = {
    "purpose": ("Purpose of the flight", "Цель полёта"),
    "start": ("ETA (entry into the host's airspace)", "Расчётное время входа в воздушное пространство"),
    "end": ("ETD (exit from the host's airspace)", "Расчётное время выхода из воздушного пространства"),
    "aircraft": ("Number of aircraft", "Количество воздушных судов"),
    "aircraft.type": ("Type", "Тип"),
    "aircraft.tail_number": ("Tail number", "Бортовой (регистрационный) номер"),
    "aircraft.callsign": ("Callsign", "Позывной"),
    "aircraft.crew": ("Crew", "Экипаж"),
    "aircraft.passengers": ("Passengers", "Пассажиры"),
    "aircraft.dangerous_cargo": ("Dangerous cargo", "Опасные грузы"),
    "aircraft.fuel_needed_kg": ("Fuel needed, kg", "Потребность в топливе, кг"),
    "entry_point": ("Entry point", "Пункт входа"),
    "exit_point": ("Exit point", "Пункт выхода"),
    "route": ("Route", "Маршрут"),
    "airfields": ("Airfields of landing", "Аэродромы посадки"),
    "other_services": ("Other services requested", "Другие запрашиваемые услуги"),
}

#: Present in every clearance by construction (the window and purpose are always required).
ALWAYS = frozenset({"purpose", "start", "end"})
#: Requests a visitor may make; the agreement lists which ones in ``*_optional``.
REQUESTS = frozenset({"pilot", "tugs", "other_services"})


def fields_of(kind: ClearanceKind) -> dict[str, tuple[str, str]]:
    return PORT_CALL_FIELDS if kind is ClearanceKind.PORT_CALL else AIRSPACE_FIELDS


@dataclass(frozen=True)
class KindTerms:
    """Lead time, channel and fields for one kind of clearance under one agreement."""

    kind: ClearanceKind
    lead_days: int | None  # None: the agreement states no lead time
    channel: str
    required: tuple[str, ...]
    optional: tuple[str, ...]

    def allows_request(self, name: str) -> bool:
        return name in self.required or name in self.optional


@dataclass(frozen=True)
class NoticeTerms:
    agreement_id: str
    port_call: KindTerms
    airspace: KindTerms

    def of(self, kind: ClearanceKind) -> KindTerms:
        return self.port_call if kind is ClearanceKind.PORT_CALL else self.airspace


#: Where the agreement is silent: every field required, no lead time, diplomatic channels.
_DEFAULT_REQUIRED = {
    ClearanceKind.PORT_CALL: tuple(k for k in PORT_CALL_FIELDS if k not in REQUESTS),
    ClearanceKind.AIRSPACE: tuple(k for k in AIRSPACE_FIELDS if k not in REQUESTS),
}


def notice_terms(agreement_id: str, document: Mapping[str, Any]) -> tuple[NoticeTerms, list[FieldProblem]]:
    """The clearance terms an agreement file states (defaults where it is silent), and the problems in them.

    Problems name the key as ``notice.<key>`` (the agreement-file reader adds the line).
    """
    raw = document.get("notice", {})
    problems: list[FieldProblem] = []
    if not isinstance(raw, Mapping):
        return _default(agreement_id), [FieldProblem.of("notice", "must_table_notice", "must be a table ([notice])")]
    known = {f"{k.value}_{s}" for k in ClearanceKind for s in ("days", "channel", "required", "optional")}
    for key in raw:
        if key not in known:
            problems.append(
                FieldProblem.of(
                    f"notice.{key}", "unknown_key_known", "unknown key (known: {known})", known=", ".join(sorted(known))
                )
            )
    kinds = [_kind_terms(kind, raw, problems) for kind in ClearanceKind]
    return NoticeTerms(agreement_id, kinds[0], kinds[1]), problems


def _default(agreement_id: str) -> NoticeTerms:
    return NoticeTerms(
        agreement_id,
        *(KindTerms(kind, None, "diplomatic", _DEFAULT_REQUIRED[kind], tuple(REQUESTS)) for kind in ClearanceKind),
    )


def _kind_terms(kind: ClearanceKind, raw: Mapping[str, Any], problems: list[FieldProblem]) -> KindTerms:
    prefix = kind.value
    days = raw.get(f"{prefix}_days")
    if days is not None and (not isinstance(days, int) or isinstance(days, bool) or days < 0):
        problems.append(
            FieldProblem.of(
                f"notice.{prefix}_days",
                "must_whole_number_days_0",
                "must be a whole number of days ≥ 0, not {days!r}",
                days=days,
            )
        )
        days = None
    channel = raw.get(f"{prefix}_channel", "diplomatic")
    if not isinstance(channel, str) or not channel.strip():
        problems.append(
            FieldProblem.of(
                f"notice.{prefix}_channel", "must_text_not", "must be text, not {channel!r}", channel=channel
            )
        )
        channel = "diplomatic"
    vocabulary = fields_of(kind)
    required = _names(raw, f"{prefix}_required", vocabulary, problems, default=_DEFAULT_REQUIRED[kind])
    optional = _names(raw, f"{prefix}_optional", vocabulary, problems, default=tuple(sorted(REQUESTS)))
    both = set(required) & set(optional)
    if both:
        problems.append(
            FieldProblem.of(
                f"notice.{prefix}_optional",
                "listed_required_optional",
                "{both} listed as required and optional",
                both=", ".join(sorted(both)),
            )
        )
    return KindTerms(kind, days, channel, required, optional)


def _names(
    raw: Mapping[str, Any],
    key: str,
    vocabulary: Mapping[str, tuple[str, str]],
    problems: list[FieldProblem],
    *,
    default: tuple[str, ...],
) -> tuple[str, ...]:
    if key not in raw:
        return default
    value = raw[key]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(FieldProblem.of(f"notice.{key}", "must_list_field_names", "must be a list of field names"))
        return default
    unknown = [v for v in value if v not in vocabulary]
    if unknown:
        problems.append(
            FieldProblem.of(
                f"notice.{key}",
                "unknown_field_known",
                "unknown field {value} (known: {vocabulary})",
                value=", ".join(map(repr, unknown)),
                vocabulary=", ".join(vocabulary),
            )
        )
    return tuple(v for v in value if v in vocabulary)

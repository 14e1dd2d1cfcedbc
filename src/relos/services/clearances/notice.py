"""The notice itself, generated from the clearance's data in English and Russian, as text or PDF.

The rows come from the clearance's JSON view (results.Clearance, as _common.clearance_json builds it) and
the field labels of domain.clearances.terms; times are given in the host facility's local time and in
UTC. The PDF uses DejaVu Sans (Cyrillic), as the ledger statements do (services.documents).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from relos.domain.actor import Actor
from relos.domain.clearances.terms import ClearanceKind, fields_of
from relos.domain.errors import InvalidInput
from relos.domain.facilities.model import Facility, FitVerdict, berth_fit
from relos.services import locale_format as fmt
from relos.services.clearances import _common as common
from relos.services.clearances import results
from relos.services.documents import use_pdf_font
from relos.services.unit_of_work import UnitOfWork

Pair = tuple[str, str]

TITLES: dict[str, Pair] = {
    "port_call": ("Notice of a port call by warships", "Уведомление о заходе военных кораблей"),
    "airspace": (
        "Request for airspace and landing clearance for military aircraft",
        "Запрос на разрешение пролёта и посадки военных воздушных судов",
    ),
}
STATUSES: dict[str, Pair] = {
    "draft": ("draft", "проект"),
    "submitted": ("submitted", "направлено"),
    "need_more_information": ("more information requested", "запрошены дополнительные сведения"),
    "approved": ("approved", "разрешено"),
    "approved_with_restrictions": ("approved with restrictions", "разрешено с ограничениями"),
    "denied": ("denied", "отказано"),
    "cancelled": ("cancelled", "отменено"),
    "expired": ("expired", "срок истёк"),
    "amended": ("amended, awaiting decision", "изменено, ожидает решения"),
}
PURPOSES: dict[str, Pair] = {
    "joint_exercise": ("joint exercise", "совместные учения"),
    "training": ("training", "подготовка"),
    "humanitarian_assistance": ("humanitarian assistance", "гуманитарная помощь"),
    "disaster_relief": ("disaster relief", "ликвидация последствий бедствий"),
    "port_call": ("port call", "заход в порт"),
    "other": ("other (by mutual consent)", "иное (по взаимному согласию)"),
}
CHANNELS: dict[str, Pair] = {"diplomatic": ("diplomatic channels", "по дипломатическим каналам")}
YES_NO: dict[bool, Pair] = {True: ("yes", "да"), False: ("no", "нет")}
NONE: Pair = ("none", "нет")
NUMBER_SIGN: Pair = ("No.", "№")
LANGUAGES = ("en", "ru", "both")


def _both(text: str) -> Pair:
    return (text, text)


def _when(value: str | None, tz: str) -> Pair:
    """The instant in the host facility's local time and in UTC, as each language writes it."""
    if not value:
        return _both("—")
    en, ru = (
        f"{fmt.instant(value, lang, zone=tz, label=False)} ({tz}), {fmt.instant(value, lang)}" for lang in ("en", "ru")
    )
    return (en, ru)


def _num(value: Any, unit: Pair) -> Pair:
    if value in (None, ""):
        return _both("—")
    return (f"{fmt.number(value, 'en')} {unit[0]}", f"{fmt.number(value, 'ru')} {unit[1]}")


#: What the catalogue may not record about a facility's berths, in the order the berth fit asks.
BERTH_UNKNOWNS: dict[str, Pair] = {
    "berths": ("the number of berths", "число причалов"),
    "length": ("the longest ship a berth takes", "наибольшая длина швартующегося корабля"),
    "draught": ("the deepest draught alongside", "наибольшая осадка у причала"),
}


def berth_unknown(view: results.Clearance, facility: Facility | None) -> Pair | None:
    """One sentence, in each language, for every ship of a port-call notice whose berth fit the catalogue
    cannot tell (the clearance's warnings say it per ship, in English); None when there is none."""
    body: Mapping[str, Any] = view["port_call"] or {}
    if facility is None:
        return None
    unsure = [
        f"{s['name']} ({s['hull_number']})" if s.get("hull_number") else str(s.get("name"))
        for s in body.get("ships") or []
        if s.get("length_m") not in (None, "")
        and s.get("draught_m") not in (None, "")
        and berth_fit(facility, length_m=float(s["length_m"]), draught_m=float(s["draught_m"])).verdict
        is FitVerdict.UNKNOWN
    ]
    if not unsure:
        return None
    gaps = {
        "berths": facility.berths is None,
        "length": facility.berth_max_length_m is None,
        "draught": facility.berth_max_draught_m is None,
    }
    missing = [BERTH_UNKNOWNS[k] for k, gap in gaps.items() if gap]
    names, local = ", ".join(unsure), facility.russian_name
    return (
        f"Whether {names} fit a berth at {facility.name_en} is not known: {', '.join(m[0] for m in missing)}. "
        "The host to confirm.",
        f"Неизвестно, поместятся ли у причала объекта {local or facility.name_en} корабли: {names}. "
        f"Не указано: {', '.join(m[1] for m in missing)}. Требуется подтверждение принимающей стороны.",
    )


def notice_rows(
    view: results.Clearance, agreement: dict[str, str], berth: Pair | None = None
) -> list[tuple[Pair, Pair]]:
    """(label, value) rows of the notice, each in English and Russian; `berth`, the unknown berth fit said
    once in both (berth_unknown), stands for the clearance's warnings."""
    kind = ClearanceKind(view["kind"])
    labels = fields_of(kind)
    tz = view["timezone"]
    rows: list[tuple[Pair, Pair]] = [
        (("Agreement", "Соглашение"), (agreement["title"], agreement["title_ru"] or agreement["title"])),
        (
            ("Reference", "Номер"),
            (f"{view['reference']}, version {view['version']}", f"{view['reference']}, редакция {view['version']}"),
        ),
        (("Title", "Наименование"), _both(view["title"])),
        (("Identifier", "Идентификатор"), _both(view["id"])),
        (("Status", "Статус"), STATUSES[view["status"]]),
        (("From (visiting party)", "Направляющая сторона"), _both(view["visiting_party"])),
        (("To (host party)", "Принимающая сторона"), _both(view["host_party"])),
        (("Channel", "Канал передачи"), CHANNELS.get(view["channel"] or "", _both(view["channel"] or "—"))),
        (
            (
                "Port" if kind is ClearanceKind.PORT_CALL else "Facility",
                "Порт" if kind is ClearanceKind.PORT_CALL else "Объект",
            ),
            (
                f"{view['facility_name'] or view['facility_id']} ({view['facility_id']})",
                f"{view.get('facility_name_ru') or view['facility_name'] or view['facility_id']} "
                f"({view['facility_id']})",
            ),
        ),
        (labels["purpose"], PURPOSES.get(view["purpose"], _both(view["purpose"]))),
        (labels["start"], _when(view["start"], tz)),
        (labels["end"], _when(view["end"], tz)),
    ]
    if view["deployment_id"]:
        rows.append((("Deployment", "Развёртывание"), _both(view["deployment_id"])))
    if kind is ClearanceKind.PORT_CALL:
        rows += _port_call_rows(view["port_call"] or {}, labels)
    else:
        rows += _airspace_rows(view["airspace"] or {}, labels)
    rows += _status_rows(view, tz, berth)
    return rows


def _port_call_rows(body: Mapping[str, Any], labels: dict[str, Pair]) -> list[tuple[Pair, Pair]]:
    ships = body.get("ships", [])
    rows: list[tuple[Pair, Pair]] = [(labels["ships"], _both(str(len(ships))))]
    for i, s in enumerate(ships, start=1):
        parts_en = [
            f"{s.get('name') or '—'}",
            f"hull number {s.get('hull_number') or '—'}",
            f"class {s.get('class') or '—'}",
        ]
        parts_ru = [
            f"{s.get('name') or '—'}",
            f"бортовой номер {s.get('hull_number') or '—'}",
            f"класс {s.get('class') or '—'}",
        ]
        for key, unit in (
            ("displacement_t", ("t", "т")),
            ("length_m", ("m", "м")),
            ("beam_m", ("m", "м")),
            ("draught_m", ("m", "м")),
        ):
            en, ru = _num(s.get(key), unit)
            parts_en.append(f"{labels['ships.' + key][0].split(',')[0].lower()} {en}")
            parts_ru.append(f"{labels['ships.' + key][1].split(',')[0].lower()} {ru}")
        if s.get("crew") is not None:
            parts_en.append(f"crew {s['crew']}")
            parts_ru.append(f"экипаж {s['crew']}")
        rows.append(((f"Ship {i}", f"Корабль {i}"), ("; ".join(parts_en), "; ".join(parts_ru))))
    commander = body.get("commander") or {}
    rows.append(
        (
            ("Commander (rank, name)", "Командир (звание, фамилия)"),
            _both(f"{commander.get('rank') or '—'} {commander.get('name') or '—'}"),
        )
    )
    rows.append((labels["radio_frequencies"], _both("; ".join(body.get("radio_frequencies") or []) or "—")))
    if body.get("pilot") is not None:
        rows.append((labels["pilot"], YES_NO[bool(body["pilot"])]))
    if body.get("tugs") is not None:
        rows.append((labels["tugs"], _both(str(body["tugs"]))))
    if body.get("other_services"):
        rows.append((labels["other_services"], _both("; ".join(body["other_services"]))))
    return rows


def _airspace_rows(body: Mapping[str, Any], labels: dict[str, Pair]) -> list[tuple[Pair, Pair]]:
    aircraft = body.get("aircraft", [])
    rows: list[tuple[Pair, Pair]] = [(labels["aircraft"], _both(str(len(aircraft))))]
    for i, a in enumerate(aircraft, start=1):
        cargo = a.get("dangerous_cargo")
        cargo_pair = _both("—") if cargo is None else (("; ".join(cargo), "; ".join(cargo)) if cargo else NONE)
        en = (
            f"{a.get('type') or '—'}; tail number {a.get('tail_number') or '—'}; callsign {a.get('callsign') or '—'}; "
            f"crew {a.get('crew', '—')}; passengers {a.get('passengers', '—')}; dangerous cargo {cargo_pair[0]}; "
            f"fuel needed {a.get('fuel_needed_kg') or '—'} kg"
        )
        ru = (
            f"{a.get('type') or '—'}; бортовой номер {a.get('tail_number') or '—'}; "
            f"позывной {a.get('callsign') or '—'}; "
            f"экипаж {a.get('crew', '—')}; пассажиры {a.get('passengers', '—')}; опасные грузы {cargo_pair[1]}; "
            f"потребность в топливе {a.get('fuel_needed_kg') or '—'} кг"
        )
        rows.append(((f"Aircraft {i}", f"Воздушное судно {i}"), (en, ru)))
    for key in ("entry_point", "exit_point", "route"):
        rows.append((labels[key], _both(body.get(key) or "—")))
    rows.append((labels["airfields"], _both(", ".join(body.get("airfields") or []) or "—")))
    if body.get("other_services"):
        rows.append((labels["other_services"], _both("; ".join(body["other_services"]))))
    return rows


def _status_rows(view: results.Clearance, tz: str, berth: Pair | None) -> list[tuple[Pair, Pair]]:
    rows: list[tuple[Pair, Pair]] = []
    if view["lead_days"] is not None:
        rows.append(
            (
                ("Notice period", "Срок уведомления"),
                (
                    f"at least {view['lead_days']} days, counted in {tz}: submit by {view['submit_by_local_date']}",
                    f"не менее {view['lead_days']} суток по местному времени ({tz}): направить до "
                    f"{view['submit_by_local_date']} включительно",
                ),
            )
        )
    if view["submitted_at"]:
        rows.append((("Submitted", "Направлено"), _when(view["submitted_at"], tz)))
    exception = view["exception"]
    if exception:
        rows.append(
            (
                ("Earlier entry admitted by the host", "Разрешён заход ранее установленного срока"),
                _both(f"{exception['reason']} ({exception['recorded_by']}, {exception['recorded_at'][:16]})"),
            )
        )
    if view["clearance_number"] and view["status"] in ("approved", "approved_with_restrictions"):
        rows.append((("Clearance number", "Номер разрешения"), _both(view["clearance_number"])))
    for i, r in enumerate(view["restrictions"], start=1):
        rows.append(((f"Restriction {i}", f"Ограничение {i}"), _both(r)))
    if view["reason"] and view["status"] in ("denied", "need_more_information", "cancelled", "amended"):
        rows.append((("Reason / questions", "Основание / вопросы"), _both(view["reason"])))
    for w in [berth] if berth else [_both(w) for w in dict.fromkeys(view["warnings"])]:
        rows.append((("To confirm", "Требует подтверждения"), w))
    for m in view["missing"]:
        rows.append((("Missing", "Не указано"), _both(m["field"])))
    return rows


def heading(view: results.Clearance, i: int) -> str:
    """The notice's heading in language `i` (0: English, 1: Russian), with its reference."""
    return f"{TITLES[view['kind']][i]} {NUMBER_SIGN[i]} {view['reference']}"


def notice_text(view: results.Clearance, agreement: dict[str, str], *, language: str, berth: Pair | None = None) -> str:
    """The notice as plain text in `language` (en, ru) or both, one after the other."""
    if language not in LANGUAGES:
        raise InvalidInput.of(
            "language",
            "not_one",
            "{language!r} is not one of {LANGUAGES}",
            language=language,
            LANGUAGES=", ".join(LANGUAGES),
        )
    if language == "both":
        both = [notice_text(view, agreement, language=lang, berth=berth) for lang in ("en", "ru")]
        return "\n".join(both)
    i = 0 if language == "en" else 1
    title = heading(view, i)
    rows = notice_rows(view, agreement, berth)
    width = max(len(label[i]) for label, _ in rows)
    lines = [title, "=" * len(title), ""]
    lines += [f"{label[i]:<{width}}  {value[i]}" for label, value in rows]
    return "\n".join(lines) + "\n"


def notice_pdf(
    view: results.Clearance, agreement: dict[str, str], *, language: str, berth: Pair | None = None
) -> bytes:
    """The notice as a PDF (A4), in DejaVu Sans so that Cyrillic prints."""
    if language not in LANGUAGES:
        raise InvalidInput.of(
            "language",
            "not_one",
            "{language!r} is not one of {LANGUAGES}",
            language=language,
            LANGUAGES=", ".join(LANGUAGES),
        )
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    use_pdf_font()
    styles = getSampleStyleSheet()
    body = styles["BodyText"].clone("notice", fontName="DejaVuSans", fontSize=9, leading=11)
    title = styles["Title"].clone("notice-title", fontName="DejaVuSans", fontSize=14, leading=17)
    rows = notice_rows(view, agreement, berth)
    story: list[Any] = []
    for n, i in enumerate([0, 1] if language == "both" else [0 if language == "en" else 1]):
        if n:
            story.append(PageBreak())
        story += [Paragraph(_escape(heading(view, i)), title), Spacer(1, 6)]
        data = [[Paragraph(_escape(label[i]), body), Paragraph(_escape(value[i]), body)] for label, value in rows]
        table = Table(data, colWidths=[150, 360])
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(table)
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=A4, leftMargin=36, rightMargin=36, topMargin=36, bottomMargin=36).build(story)
    return buf.getvalue()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clearance_notice(
    uow: UnitOfWork, *, actor: Actor, clearance_id: str, language: str = "both", file_format: str = "text"
) -> str | bytes:
    """The notice of a clearance the actor may see, as text or PDF, in English, Russian or both."""
    if file_format not in ("text", "pdf"):
        raise InvalidInput.of(
            "format", "not_one_text_pdf", "{file_format!r} is not one of text, pdf", file_format=file_format
        )
    with uow:
        c = common.visible_clearance(uow, actor, clearance_id)
        view = common.clearance_json(uow, c)
        stored = uow.agreements.get(c.agreement_id)
        assert stored is not None
        a = stored.agreement
        agreement = {"title": f"{a.short_name} — {a.title}".strip(" —"), "title_ru": f"{a.short_name} — {a.title_ru}"}
        berth = berth_unknown(view, uow.facilities.get(c.facility_id)) if view["warnings"] else None
    if file_format == "pdf":
        return notice_pdf(view, agreement, language=language, berth=berth)
    return notice_text(view, agreement, language=language, berth=berth)

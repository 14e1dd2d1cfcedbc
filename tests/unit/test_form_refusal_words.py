"""What a refused web form says is in the reader's words: a form's own refusal keeps its code through the redirect
(so a Russian page says it in Russian), a nested field is named in words ("корабль 1: бортовой номер"), the
errors of the libraries that read files, days and numbers are said in the language, and so are pydantic's
checks of a request, the roles a user lacks and the clock's tolerance for a fact dated ahead."""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation

import pytest
from pydantic import BaseModel, Field, ValidationError

from relos.domain.errors import FieldProblem, Forbidden, InvalidInput
from relos.domain.recorded import in_future
from relos.services.deployments.inputs import parse_instant
from relos.web.common import day_required, not_a_day
from relos.web.i18n import translator
from relos.web.i18n.names import Names
from relos.web.i18n.page import Page
from relos.web.i18n.problems import field_label, said
from relos.web.input_problems import problem_of
from relos.web.refusals import PageError, as_input, invalid

EN = Page("en", translator("en"), Names(None, None, "en"))
RU = Page("ru", translator("ru"), Names(None, None, "ru"))
#: Latin words a Russian sentence may hold: names of formats.
FORMATS = re.compile(r"\b(?:JSON|TOML|CSV|UTF-8|ISO|NUL|UTC)\b")


def latin(text: str) -> list[str]:
    """The Latin words of `text` outside what was typed («…»), names of formats and a byte (0xff)."""
    return re.findall(r"[A-Za-z]{2,}", FORMATS.sub("", re.sub(r"«[^»]*»|0x[0-9a-f]{2}", "", text)))


def test_a_forms_own_refusal_keeps_its_code_through_the_redirect_and_is_said_in_russian() -> None:
    error = PageError.from_json(invalid(not_a_day("delivered_on", "30.02.2026")).of_form("order.deliveries").as_json())
    assert error is not None
    line = error.lines[0]
    assert line.code == "not_a_day" and line.where == "delivered_on"
    assert said(line.code, line.params, line.message, RU).startswith("«30.02.2026» — не дата")
    assert said(line.code, line.params, line.message, EN) == line.message
    again = as_input(error).problems[0]  # raised again inside the service call, as the service refuses input
    assert (again.field, again.code, again.params) == ("delivered_on", "not_a_day", {"text": "30.02.2026"})
    required = invalid(day_required("receipted_on")).codes[0]
    assert said(required["code"], required["params"], "", RU) == "укажите дату в виде ДД.ММ.ГГГГ (или ГГГГ-ММ-ДД)"


@pytest.mark.parametrize(
    ("where", "english", "russian"),
    [
        ("ships[0].hull_number", "Ship 1: hull number", "Корабль 1: бортовой номер"),
        ("port_call.ships[2].draught_m", "Ship 3: draught, m", "Корабль 3: осадка, м"),
        (
            "airspace.aircraft[1].tail_number",
            "Aircraft 2: tail number",
            "Воздушное судно 2: бортовой (регистрационный) номер",
        ),
        ("lines[0].unit_price", "Line 1: unit price", "Строка 1: цена за единицу"),
        ("items[4].price (line 6)", "Item 5: price, line 6", "Позиция 5: цена, строка 6"),
        ("limits.personnel", "Cap on personnel", "Предел по личному составу"),
        ("commander.rank", "Commander's rank", "Воинское звание командира"),
    ],
)
def test_a_nested_field_is_named_in_words_in_both_languages(where: str, english: str, russian: str) -> None:
    assert field_label(where, EN) == english and field_label(where, RU) == russian


def test_a_field_without_words_is_left_as_it_is_and_a_plain_field_keeps_its_name_in_english() -> None:
    assert field_label("ships[0].no_such_thing", RU) is None and field_label("no_such[0]", EN) is None
    assert field_label("reason", EN) is None and field_label("start", RU) == "Начало периода"
    assert field_label("(syntax) (line 2)", RU) == "Синтаксис файла, строка 2" and field_label("(syntax)", EN) is None
    assert field_label("start (line 4)", RU) == "Начало периода, строка 4"  # a row of a file keeps its line


def _library_errors() -> list[tuple[str, str, str]]:
    """(code, particular, text): a refusal carrying what a library said, each made by the library itself."""
    found: list[tuple[str, str, str]] = []
    for text in ('{"a" 1}', '{"a": }', "{'a': 1}", '{"a": "open', '{"a": 1} x'):
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            found.append(("not_valid_json", "msg", exc.msg))
    for text in ("a 1", "a = ", 'a = "open', "a = 1\na = 2", "a = 1 b = 2", "[parties\n", "a = [1", 'a = "\x01"'):
        try:
            tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            found.append(("not_valid_toml", "exc", str(exc)))
    for text in ("a" * 200_000, '"a\nb'):
        try:
            list(csv.reader(io.StringIO(text), strict=True))
        except csv.Error as exc:
            found.append(("not_readable_csv", "exc", str(exc)))
    for text in ("2027-13-01", "2027-02-30", "someday"):
        try:
            date.fromisoformat(text)
        except ValueError as exc:
            found.append(("bad_value", "reason", str(exc)))
    for call in (lambda: Decimal("1,5"), lambda: float("x1"), lambda: int("1.5"), lambda: b"\xff".decode()):
        try:
            call()
        except (InvalidOperation, ValueError) as exc:
            found.append(("bad_value", "reason", str(exc)))
    return found


def test_the_libraries_errors_are_said_in_russian_without_their_english() -> None:
    errors = _library_errors()
    assert len(errors) == 22
    english = {text: latin(said(code, {name: text}, "", RU)) for code, name, text in errors}
    assert {text: words for text, words in english.items() if words} == {}
    toml = said("not_valid_toml", {"exc": errors[5][2]}, "", RU)
    assert toml == "некорректный TOML: после ключа ожидался знак «=» (строка 1, столбец 3)"
    assert said("bad_value", {"reason": "no such thing happened"}, "", EN) == "no such thing happened"


class _Form(BaseModel):
    count: int
    rate: Decimal
    on: date
    note: str = Field(max_length=5)
    ships: int = Field(gt=0)
    title: str


def test_pydantics_checks_of_a_request_are_refusals_with_codes() -> None:
    with pytest.raises(ValidationError) as caught:
        _Form.model_validate({"count": "x", "rate": "y", "on": "2027-13-01", "note": "too long", "ships": 0})
    problems = [problem_of(e) for e in caught.value.errors()]
    assert [(p.field, p.code) for p in problems] == [
        ("count", "not_whole_number"),
        ("rate", "not_number"),
        ("on", "not_a_day"),
        ("note", "text_too_long"),
        ("ships", "number_above"),
        ("title", "form_required"),
    ]
    russian = [said(p.code, p.params, p.message, RU) for p in problems]
    assert russian[3] == "не более 5 знаков (введено 8)" and russian[4] == "должно быть больше 0"
    assert [latin(r) for r in russian] == [[], [], [], [], [], []]
    assert str(InvalidInput(problems[0])) == "count: 'x' is not a whole number"


def test_the_roles_a_user_lacks_are_said_in_russian() -> None:
    refused = Forbidden.of(
        "forbidden.needs_role", "{action} needs the role of {wanted}", action="signing", wanted="x",
        roles=["host_approver", "logistics_officer"],
    )  # fmt: skip
    text = said(refused.code, refused.params, str(refused), RU)
    assert text == "для этого действия нужна роль: утверждающий (принимающая сторона) или офицер тыла"
    known = said("not_one_5", {"r": "nope", "known": "administrator, auditor"}, "", RU)
    assert known == "«nope» — не одна из ролей администратор, аудитор"


@pytest.mark.parametrize("when", [datetime(2027, 1, 10, 2, tzinfo=UTC), date(2027, 1, 11)])
def test_a_fact_dated_in_the_future_is_refused_in_russian_with_its_tolerance_in_minutes(when: datetime | date) -> None:
    problem = in_future("arrived_at", when, now=datetime(2026, 12, 3, 12, tzinfo=UTC), tolerance=timedelta(minutes=5))
    assert problem is not None
    text = said(problem.refusal_code, problem.params, problem.message, RU)
    assert latin(text) == [] and "(допуск часов — 5 мин)" in text and "сейчас 03.12.2026 12:00 UTC" in text
    assert ("ещё нигде не наступил" in text) is not isinstance(when, datetime)  # a day, not an instant


def test_a_window_left_empty_in_a_form_is_said_to_be_required_not_a_bad_date() -> None:
    problems: list[FieldProblem] = []
    for value in ("", "  ", None, "someday"):
        parse_instant(value, field="end", problems=problems)
    assert [p.code for p in problems] == ["required_2", "required_2", "required_2", "not_iso_8601_date_date"]
    assert said(problems[0].code, problems[0].params, problems[0].message, RU) == "обязательно"

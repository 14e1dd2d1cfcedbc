"""The bundled fuel-grade table (relos/data/reference/fuel_grades.toml), read once and checked whole.

``fuel_table()`` is what the route and reach use cases consult to say which fuel each stop supplies; a table with
a problem is refused with every problem named (field and reason), never half-read.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from relos.domain.errors import FieldProblem, InvalidInput
from relos.domain.facilities.fuels import (
    FuelGrade,
    FuelTable,
    Substitution,
    SubstitutionBasis,
    fuel_table_problems,
)

FUEL_GRADES_FILE = "fuel_grades.toml"
_GRADE_KEYS = ("id", "name", "name_ru", "standard", "source")
_SUBSTITUTE_KEYS = ("burns", "takes", "basis", "note", "source")


def _text(entry: dict[str, Any], key: str, where: str, problems: list[FieldProblem]) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(FieldProblem.of(f"{where}.{key}", "fuel_table_text_required", "must be a non-empty text"))
        return ""
    return value.strip()


def parse_fuel_table(text: str, *, source: str = FUEL_GRADES_FILE) -> FuelTable:
    """The table in ``text`` (TOML: [[grades]] and [[substitutes]]), or InvalidInput naming every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInput.of(source, "fuel_table_not_toml", "is not TOML: {reason}", reason=str(exc)) from None
    problems: list[FieldProblem] = []
    grades = []
    for i, entry in enumerate(data.get("grades", [])):
        values = [_text(entry, k, f"grades[{i}]", problems) for k in _GRADE_KEYS]
        grades.append(FuelGrade(*values))
    substitutes = []
    for i, entry in enumerate(data.get("substitutes", [])):
        where = f"substitutes[{i}]"
        burns, takes, basis, note, cited = (_text(entry, k, where, problems) for k in _SUBSTITUTE_KEYS)
        if basis and basis not in {b.value for b in SubstitutionBasis}:
            problems.append(
                FieldProblem.of(
                    f"{where}.basis",
                    "fuel_basis_unknown",
                    "{basis!r} must be 'sourced' or 'assumption'",
                    basis=basis,
                )
            )
            continue
        substitutes.append(Substitution(burns, takes, SubstitutionBasis(basis or "assumption"), note, cited))
    table = FuelTable(tuple(grades), tuple(substitutes))
    problems += fuel_table_problems(table)
    if problems:
        raise InvalidInput(problems, source=source)
    return table


@cache
def fuel_table() -> FuelTable:
    """The bundled table (read once a process)."""
    text = (resources.files("relos.data") / "reference" / FUEL_GRADES_FILE).read_text(encoding="utf-8")
    return parse_fuel_table(text)

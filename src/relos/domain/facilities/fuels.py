"""Fuel grades and what may stand in for what: which fuel a stop supplies to a ship.

A ship burns one grade (its class's ``fuel_type``); a facility offers some (its ``fuel_types``). The ship takes
its own grade where it is offered; otherwise a substitute the table allows — a *sourced* substitution always, an
*assumed* one only while the planner allows assumptions. The table itself is data (relos/data/reference/
fuel_grades.toml), checked here: every grade named must be one the catalogue knows, and no pair twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from relos.domain.errors import FieldProblem
from relos.domain.facilities.model import FUEL_TYPES


class SubstitutionBasis(StrEnum):
    SOURCED = "sourced"  # a public source states it
    ASSUMPTION = "assumption"  # no public source found: the planner may switch it off


@dataclass(frozen=True)
class FuelGrade:
    """One grade: its catalogue id (``naval_distillate``), names, the standard that defines it and its source."""

    id: str
    name: str
    name_ru: str
    standard: str
    source: str


@dataclass(frozen=True)
class Substitution:
    """A ship that burns ``burns`` may take ``takes`` instead, on this basis."""

    burns: str
    takes: str
    basis: SubstitutionBasis
    note: str
    source: str

    @property
    def assumed(self) -> bool:
        return self.basis is SubstitutionBasis.ASSUMPTION


@dataclass(frozen=True)
class FuelSupply:
    """What a stop supplies to a ship: the grade taken, and the substitution used (None: the ship's own grade)."""

    takes: str
    substitution: Substitution | None = None

    @property
    def assumed(self) -> bool:
        return self.substitution is not None and self.substitution.assumed


@dataclass(frozen=True)
class FuelTable:
    grades: tuple[FuelGrade, ...]
    substitutes: tuple[Substitution, ...]

    def grade(self, grade_id: str) -> FuelGrade | None:
        return next((g for g in self.grades if g.id == grade_id), None)

    def supply(self, *, burns: str | None, offered: Iterable[str], assumed_allowed: bool = True) -> FuelSupply | None:
        """The fuel a facility offering ``offered`` supplies to a ship burning ``burns``, or None when none fits.

        The ship's own grade first; then the substitutes in table order (sourced before assumed). A ship whose
        fuel is not known (``burns`` None) takes whatever is offered, the first grade in catalogue order.
        """
        offers = tuple(offered)
        if burns is None:
            first = next((f for f in FUEL_TYPES if f in offers), None)
            return FuelSupply(first) if first else None
        if burns in offers:
            return FuelSupply(burns)
        ordered = sorted(
            (s for s in self.substitutes if s.burns == burns and s.takes in offers),
            key=lambda s: s.assumed,
        )
        for sub in ordered:
            if assumed_allowed or not sub.assumed:
                return FuelSupply(sub.takes, sub)
        return None


def fuel_table_problems(table: FuelTable) -> list[FieldProblem]:
    """Every grade id is one the catalogue names, each grade once, each substitution once and not of a grade for
    itself, and every entry cites a source."""
    problems: list[FieldProblem] = []
    seen: set[str] = set()
    for i, grade in enumerate(table.grades):
        where = f"grades[{i}]"
        if grade.id not in FUEL_TYPES:
            problems.append(
                FieldProblem.of(
                    f"{where}.id", "unknown_fuel_grade", "{grade!r} is not a fuel the catalogue names", grade=grade.id
                )
            )
        if grade.id in seen:
            problems.append(
                FieldProblem.of(f"{where}.id", "duplicate_fuel_grade", "{grade!r} is listed twice", grade=grade.id)
            )
        seen.add(grade.id)
        if not grade.source.strip():
            problems.append(FieldProblem.of(f"{where}.source", "source_required", "a public source is required"))
    pairs: set[tuple[str, str]] = set()
    for i, sub in enumerate(table.substitutes):
        where = f"substitutes[{i}]"
        for key, value in (("burns", sub.burns), ("takes", sub.takes)):
            if value not in FUEL_TYPES:
                problems.append(
                    FieldProblem.of(
                        f"{where}.{key}",
                        "unknown_fuel_grade",
                        "{grade!r} is not a fuel the catalogue names",
                        grade=value,
                    )
                )
        if sub.burns == sub.takes:
            problems.append(
                FieldProblem.of(f"{where}.takes", "substitute_for_itself", "a grade cannot substitute for itself")
            )
        if (sub.burns, sub.takes) in pairs:
            problems.append(
                FieldProblem.of(
                    f"{where}",
                    "duplicate_substitution",
                    "{takes!r} for {burns!r} is listed twice",
                    takes=sub.takes,
                    burns=sub.burns,
                )
            )
        pairs.add((sub.burns, sub.takes))
        if not sub.source.strip():
            problems.append(FieldProblem.of(f"{where}.source", "source_required", "a public source is required"))
    return problems

"""Ship classes corrected from public sources; where sources disagree both figures are recorded with their
sources and the notes say which one the planner uses."""

from __future__ import annotations

import csv
from importlib import resources

import pytest


def _classes() -> dict[str, dict[str, str]]:
    text = (resources.files("relos.data") / "reference" / "ship_classes.csv").read_text(encoding="utf-8")
    return {row["id"]: row for row in csv.DictReader(text.splitlines())}


@pytest.mark.parametrize(
    ("class_id", "column", "value"),
    [
        ("steregushchiy", "displacement_t", "2200"),
        ("visakhapatnam", "range_nm", "4000"),
        ("kolkata", "displacement_t", "7400"),
    ],
)
def test_corrected_figures(class_id: str, column: str, value: str) -> None:
    assert _classes()[class_id][column] == value


def test_visakhapatnam_endurance_is_marked_estimated_with_its_basis() -> None:
    row = _classes()["visakhapatnam"]
    assert "range_nm" in row["estimated"].split(";") and "400 nautical miles" in row["notes"]


@pytest.mark.parametrize(
    ("class_id", "figures", "used"),
    [
        ("steregushchiy", ("3,500 nmi", "4,000 nmi"), "the planner uses 3,500 nmi"),
        ("admiral-grigorovich", ("200", "180"), "the planner uses 200"),
        ("kolkata", ("7,400 t", "7,500 t"), "the planner uses 7,400 t"),
    ],
)
def test_disagreeing_sources_are_both_recorded_with_the_one_the_planner_uses(
    class_id: str, figures: tuple[str, str], used: str
) -> None:
    notes = _classes()[class_id]["notes"]
    assert all(f in notes for f in figures) and used in notes

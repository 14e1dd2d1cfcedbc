"""Reading a plan file: the fast column-wise path (numpy, the common case) must read exactly what the careful
row-by-row path reads, whatever form the instants and counts take; anything it cannot take falls back."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relos.services.deployments.plan_columns import fast_columns
from relos.services.deployments.plan_results import iso_us, iso_us_many
from relos.services.deployments.plan_rows import slow_columns
from relos.services.deployments.plan_table import FIELDS, read_table


class _Known:
    """The slice of services.deployments.plan_rows.Catalogue the readers use: one agreement, one facility in India."""

    def __init__(self) -> None:
        self.agreements = {"relos-ind-rus": SimpleNamespace(agreement=SimpleNamespace(parties=("IND", "RUS")))}
        self.facilities = {"IN-VSK": (None, "IND")}

    def agreement(self, agreement_id: str) -> Any:
        return self.agreements.get(agreement_id)

    def facility(self, facility_id: str) -> Any:
        return self.facilities.get(facility_id)

    def look_up_facilities(self, facility_ids: Any) -> None:
        pass


INSTANTS = [
    "2026-03-01T10:00:00Z",
    "2026-03-01T10:00:00z",
    " 2026-03-01T10:00:00Z ",
    "2026-03-01T10:00:00",
    "2026-03-01T10:00",
    "2026-03-01",
    "2026-03-01T10:00:00+00:00",
    "2026-03-01T15:30:00+05:30",
    "2026-03-01T07:00:00-03:00",
    "2026-03-01T10:00:00.250Z",
]
COUNTS = ["0", "3", " 12 ", "007", "3000"]


def _csv(rows: list[dict[str, str]]) -> str:
    return ",".join(FIELDS) + "\n" + "".join(",".join(r[f] for f in FIELDS) + "\n" for r in rows)


def _row(i: int, start: str, count: str) -> dict[str, str]:
    return {"ref": f"r{i}", "agreement": "relos-ind-rus", "visiting_party": "RUS", "host_party": "IND",
            "facility": "IN-VSK" if i % 2 else "", "purpose": "training", "start": start,
            "end": "2026-04-01T00:00:00Z", "warships": count, "aircraft": "1", "personnel": count}  # fmt: skip


def _same(text: str) -> None:
    known: Any = _Known()
    fast = fast_columns(read_table(text), known)
    assert fast is not None, "a well-formed plan takes the fast path"
    slow = slow_columns(read_table(text), known, name="plan")
    for name in ("lines", "refs", "agreements", "visiting", "host", "facility", "purpose"):
        assert getattr(fast, name) == getattr(slow, name), name
    for name in ("starts", "ends", "amounts"):
        assert np.array_equal(getattr(fast, name), getattr(slow, name)), name


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(INSTANTS), st.sampled_from(COUNTS)), min_size=1, max_size=12))
def test_fast_csv_reading_agrees_with_row_by_row_reading(cells: list[tuple[str, str]]) -> None:
    _same(_csv([_row(i, start, count) for i, (start, count) in enumerate(cells)]))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(INSTANTS), st.integers(0, 3000)), min_size=1, max_size=12))
def test_fast_json_reading_agrees_with_row_by_row_reading(cells: list[tuple[str, int]]) -> None:
    rows: list[dict[str, Any]] = [_row(i, start, "0") for i, (start, _) in enumerate(cells)]
    for row, (_, count) in zip(rows, cells, strict=True):
        row["personnel"] = count
    _same(json.dumps(rows, indent=1))


@pytest.mark.parametrize(
    ("field", "value"),
    [("personnel", "-1"), ("personnel", ""), ("personnel", "1.5"), ("personnel", "٣"), ("start", "yesterday"),
     ("start", "2026-13-01"), ("end", "2026-01-01"), ("facility", "RU-KRONSHTADT"), ("visiting_party", "IND")],
)  # fmt: skip
def test_anything_odd_leaves_the_fast_path(field: str, value: str) -> None:
    row = _row(1, "2026-03-01T10:00:00Z", "2")
    row[field] = value
    assert fast_columns(read_table(_csv([_row(0, "2026-03-01", "1"), row])), _Known()) is None  # type: ignore[arg-type]


def test_instants_formatted_in_bulk_as_one_by_one() -> None:
    values = np.array([0, 1_000_000, 1_767_225_600_000_000, 1_767_225_600_000_123, -86_400_000_000], dtype=np.int64)
    assert iso_us_many(values) == [iso_us(int(v)) for v in values]
    assert iso_us_many(values)[3] == "2026-01-01T00:00:00.000123Z"


_REST = "," * (len(FIELDS) - 1)


@pytest.mark.parametrize(
    ("rows", "refs", "lines"),
    [
        ([f"a{_REST}", f"b{_REST}", f"c{_REST}"], ["a", "b", "c"], [2, 3, 4]),  # no quote: each row its line
        ([f"a{_REST}", "", f"b{_REST}", " ", f"c{_REST}"], ["a", "b", "c"], [2, 4, 6]),  # blank lines skipped
        ([f"a{_REST}", f'"b\nb"{_REST}', f"c{_REST}"], ["a", "b\nb", "c"], [2, 4, 5]),  # a cell across two lines
    ],
)
def test_each_csv_row_keeps_its_line(rows: list[str], refs: list[str], lines: list[int]) -> None:
    table = read_table(",".join(FIELDS) + "\n" + "\n".join(rows) + "\n")
    assert (table.column("ref"), table.lines) == (refs, lines)

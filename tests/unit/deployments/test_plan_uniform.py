"""A uniform plan read straight from its bytes (relos.services.deployments.plan_uniform) must give exactly the
columns the reading as before gives (plan_table/plan_json, then plan_columns or plan_rows), and nothing for a
plan that reading refuses or that is not uniform (which then goes the way it went before)."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.deployments.test_plan_file import _Known

from relos.domain.errors import InvalidInput
from relos.services.deployments import plan_cells
from relos.services.deployments.plan_columns import Columns, fast_columns
from relos.services.deployments.plan_rows import slow_columns
from relos.services.deployments.plan_table import FIELDS, read_table
from relos.services.deployments.plan_uniform import uniform_columns

INSTANTS = [
    "2026-03-01T10:00:00Z",
    "2028-02-29T23:59:59Z",
    "1970-01-01T00:00:00Z",
    "1969-12-31T23:00:00Z",
    "2026-03-01T10:00:00z",
    " 2026-03-01T10:00:00Z",
    "2026-03-01T10:00:00",
    "2026-03-01",
    "2026-03-01T15:30:00+05:30",
    "2026-03-01T10:00:00.250Z",
    "2026-02-29T10:00:00Z",
    "2026-13-01T10:00:00Z",
    "2026-03-01T24:00:00Z",
    "2026-03-01T10:00:60Z",
    "0000-03-01T10:00:00Z",
    "2026-03-01 10:00:00Z",
    "yesterday",
]
TEXT_COUNTS = ["0", "3", " 12 ", "007", "1000000", "1000001", "-1", "", "1.5", "١"]
JSON_COUNTS: list[Any] = [0, 3, 1000000, 1000001, "3", " 4", True, None, 1.5, -1]
REFS = ["r", " spaced ", "é日本", "a,b", 'q"', "", "tab\there"]
FACILITIES = ["", "IN-VSK", " IN-VSK ", "RU-KRONSHTADT"]


def _old(text: str) -> Columns | str:
    known: Any = _Known()
    try:
        return fast_columns(read_table(text), known) or slow_columns(read_table(text), known, name="plan")
    except InvalidInput:
        return "refused"


def _agrees(text: str) -> Columns | None:
    new = uniform_columns(text, _Known())  # type: ignore[arg-type]
    if new is not None:
        old = _old(text)
        assert isinstance(old, Columns), "read here, refused before"
        for name in ("lines", "refs", "agreements", "visiting", "host", "facility", "purpose"):
            assert getattr(new, name) == getattr(old, name), name
        for name in ("starts", "ends", "amounts"):
            assert np.array_equal(getattr(new, name), getattr(old, name)), name
    return new


def _row(i: int, ref: str, facility: str, start: str, count: Any) -> dict[str, Any]:
    return {"ref": f"{ref}{i}", "agreement": "relos-ind-rus", "visiting_party": "RUS", "host_party": "IND",
            "facility": facility, "purpose": "training", "start": start, "end": "2026-04-01T00:00:00Z",
            "warships": count, "aircraft": "1", "personnel": count}  # fmt: skip


def _csv(rows: list[dict[str, Any]], order: list[str]) -> str:
    return ",".join(order) + "\n" + "".join(",".join(str(r[f]) for f in order) + "\n" for r in rows)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(REFS), st.sampled_from(FACILITIES), st.sampled_from(INSTANTS), st.sampled_from(TEXT_COUNTS)
        ),
        min_size=1,
        max_size=8,
    ),
    st.permutations(list(FIELDS)),
)
def test_a_csv_plan_reads_as_before(cells: list[tuple[str, str, str, str]], order: list[str]) -> None:
    _agrees(_csv([_row(i, *c) for i, c in enumerate(cells)], order))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(REFS), st.sampled_from(FACILITIES), st.sampled_from(INSTANTS), st.sampled_from(JSON_COUNTS)
        ),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from([None, 0, 1, 2, "\t"]),
    st.booleans(),
    st.booleans(),
)
def test_a_json_plan_reads_as_before(
    cells: list[tuple[str, str, str, Any]], indent: Any, ascii: bool, extra: bool
) -> None:
    rows = [_row(i, *c) for i, c in enumerate(cells)]
    if extra:
        for row in rows:
            row["note"] = 12
    _agrees(json.dumps(rows, indent=indent, ensure_ascii=ascii))


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(REFS[:3]),
            st.sampled_from(FACILITIES),
            st.sampled_from(INSTANTS),
            st.integers(0, 1_000_002),
        ),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from([None, 1, "\t"]),
)
def test_a_json_plan_of_integers_reads_as_before(cells: list[tuple[str, str, str, int]], indent: Any) -> None:
    rows = [_row(i, *c) for i, c in enumerate(cells)]
    for row in rows:
        row["aircraft"] = 1
    _agrees(json.dumps(rows, indent=indent, ensure_ascii=False))


def test_a_well_formed_plan_is_read_here() -> None:
    rows = [_row(i, "r", f, s, 2) for i, (f, s) in enumerate([("", INSTANTS[0]), ("IN-VSK", INSTANTS[2])])]
    assert _agrees(json.dumps(rows, indent=1)) is not None
    assert _agrees(_csv(rows, list(FIELDS))) is not None
    assert _agrees("\ufeff" + json.dumps(rows)) is not None


_GOOD = json.dumps([_row(0, "r", "IN-VSK", INSTANTS[0], 2), _row(1, "r", "", INSTANTS[2], 3)], indent=1)


@pytest.mark.parametrize(
    "text",
    [
        _GOOD.replace('"warships": 2', '"warships": 2 0'),  # not JSON
        _GOOD.replace('"warships": 2', '"warships": 02'),  # not JSON
        _GOOD.replace('"warships": 2', '"warships": -2'),
        _GOOD.replace('"warships": 2', '"warships": 2.0'),
        _GOOD.replace('"warships": 2', '"warships": true'),
        _GOOD.replace('"facility": ""', '"facility": null'),
        _GOOD.replace('"r1"', '"r\\u00e91"'),  # an escape
        _GOOD.replace('"r1"', '"r{1"'),  # a brace in a string
        _GOOD.replace('"r1"', '"r 1"').replace('"r0"', '"r\n0"'),  # a line break in a string
        _GOOD.replace('"ref": "r1",', '"ref": "r1", "ref": "r2",'),
        _GOOD.replace('"ref": "r0",', '"ref": "r0", "ref": "r9",'),
        _GOOD.replace('"ref": "r1",\n  "agreement": "relos-ind-rus",', '"agreement": "relos-ind-rus", "ref": "r1",'),
        _GOOD.replace('"facility": "IN-VSK",', ""),
        _GOOD.replace('"personnel": 3', '"personnel": 3, "more": [1]'),
        _GOOD.replace('"personnel": 3', '"personnel": 3, "more": {}'),
        _GOOD + " x",
        _GOOD[:-1] + ",]",
        _GOOD.replace("},", "}"),
        _GOOD.replace("},", "},,"),
        _GOOD.replace(": ", ":: ", 1),
        _GOOD.replace('"ref"', "ref", 1),
        "[]",
        "[{}]",
        "[1, 2]",
        _GOOD.replace('"r0"', '"r\x010"'),
    ],
)
def test_what_is_not_a_uniform_json_plan_is_read_as_before(text: str) -> None:
    assert _agrees(_GOOD) is not None
    assert _agrees(text) is None


_CSV = _csv([_row(0, "r", "IN-VSK", INSTANTS[0], 2), _row(1, "r", "", INSTANTS[2], 3)], list(FIELDS))


@pytest.mark.parametrize(
    "text",
    [
        _CSV + "\n",  # a blank line
        _CSV.replace("\n", "\r\n"),
        _CSV.replace("r0", '"r0"'),
        _CSV.replace("r0", "r,0"),
        _CSV.replace("personnel", "people"),
        ",".join(FIELDS) + "\n",
        "",
    ],
)
def test_what_is_not_a_plain_csv_plan_is_read_as_before(text: str) -> None:
    assert _agrees(_CSV) is not None
    assert _agrees(text) is None


def test_cells_read_from_bytes() -> None:
    buf = np.frombuffer(b"ab,cde,,007,12,9999999", dtype=np.uint8)
    starts, ends = np.array([0, 3, 7, 8, 12, 15]), np.array([2, 6, 7, 11, 14, 22])
    assert plan_cells.texts(buf, starts, ends) == ["ab", "cde", "", "007", "12", "9999999"]
    values, codes = plan_cells.categories(buf, starts, ends)
    assert [values[c] for c in codes.tolist()] == ["ab", "cde", "", "007", "12", "9999999"]
    found, kind = plan_cells.kinds([(values, codes), (["x", "y"], np.array([1, 1, 0, 1, 1, 0]))])
    assert found == [("ab", "y"), ("cde", "y"), ("", "x"), ("007", "y"), ("12", "y"), ("9999999", "x")]
    assert kind.tolist() == [0, 1, 2, 3, 4, 5]
    found = plan_cells.digits(buf, starts[3:], ends[3:])
    assert found is not None and found[0].tolist() == [7, 12, 9999999] and found[1].tolist() == [0, 1, 9]
    assert plan_cells.digits(buf, starts, ends) is None

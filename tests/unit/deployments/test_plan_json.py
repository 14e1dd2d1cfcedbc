"""A JSON plan read in one pass (relos.services.deployments.plan_json): the items json.loads reads, the line each
starts on, and every fault worded and placed as json.loads words and places it."""

from __future__ import annotations

import json

import pytest

from relos.services.deployments.plan_json import NotAList, list_items


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("[]", []),
        (" \n[ \n ]\n", []),
        ('[{"a": 1}]', [1]),
        ('[\n {"a": "x\\n,y"},\n\n {"b": [1, {"c": null}]}, 3, "s"\n]\n', [2, 4, 4, 4]),
        ('[{"a":\n1},{"b":2}\n,\n{"c":3}]', [1, 2, 4]),
    ],
)
def test_the_items_are_those_json_reads_with_their_lines(text: str, lines: list[int]) -> None:
    items, found = list_items(text)
    assert items == json.loads(text)
    assert found == lines


@pytest.mark.parametrize(
    "text",
    ["", "[", "[,]", '[{"a": 1},]', '[{"a": 1} {"b": 2}]', '[{"a": 1}] x', '[{"a": 1}]]', '[\n{\n"a": }]', "[1,\n2,]"],
)
def test_a_fault_is_reported_as_json_reports_it(text: str) -> None:
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(text)
    with pytest.raises(json.JSONDecodeError) as got:
        list_items(text)
    assert (got.value.msg, got.value.lineno, got.value.colno) == (
        expected.value.msg,
        expected.value.lineno,
        expected.value.colno,
    )


@pytest.mark.parametrize("text", ['{"a": 1}', "3", ' "plan"'])
def test_json_that_is_not_a_list_is_said_so(text: str) -> None:
    with pytest.raises(NotAList):
        list_items(text)

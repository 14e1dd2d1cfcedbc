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


_TRICKY = ["{", "}", "[", "]", '"', "\\", '\\"', "\n", "é", "日本", "\\\\", ","]


@pytest.mark.parametrize("seed", range(30))
def test_a_list_of_objects_read_whole_has_the_items_and_lines_read_item_by_item(seed: int) -> None:
    import random

    from relos.services.deployments import plan_json

    rng = random.Random(seed)
    items = [
        {
            "".join(rng.choices(_TRICKY, k=rng.randint(0, 3))): rng.choice(
                ["".join(rng.choices(_TRICKY, k=rng.randint(0, 6))), 1, None, [{"x": "}"}], {"y": ["]"]}]
            )
            for _ in range(rng.randint(0, 3))
        }
        for _ in range(rng.randint(0, 12))
    ]
    text = json.dumps(items, indent=rng.choice([None, 1, 2]), ensure_ascii=rng.random() < 0.5)
    lines = plan_json._items(text)[1]
    assert plan_json._object_lines(text.encode("utf-8")) == lines
    plain = [{k: v for k, v in item.items() if not isinstance(v, list | dict)} for item in items]
    text = json.dumps(plain, indent=rng.choice([None, 1, 2]), ensure_ascii=rng.random() < 0.5)
    assert plan_json._list_of_objects(text) == plan_json._items(text)


@pytest.mark.parametrize(
    "text",
    [
        '[{"a": NaN}]',
        '[{"a": 1e999}]',
        '[{"a": 123456789012345678901234567890}]',
        '[{"a": 1.5}]',
        '[{"a": [{"b": "}"}]}]',
        '[{"a": "\\ud800"}]',
        "[1]",
    ],
)
def test_what_only_the_standard_reader_reads_as_it_does_is_left_to_it(text: str) -> None:
    from relos.services.deployments import plan_json

    assert plan_json._list_of_objects(text) is None
    items, lines = list_items(text)
    assert repr(items) == repr(json.loads(text))
    assert lines == [1]

"""`relos … --json` writes what json.dumps(default=str) wrote, apart from whitespace: compact for a pipe,
indented for a terminal."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

import pytest

from relos.cli import common


class Kind(StrEnum):
    PORT = "port"


VALUES = [
    {"at": datetime(2027, 1, 2, 3, 4, 5, tzinfo=UTC), "day": date(2027, 1, 2), "amount": Decimal("12.50")},
    {"kind": Kind.PORT, "id": UUID("12345678-1234-5678-1234-567812345678"), "name": "Владивосток"},
    {1: "one", "nested": [1, 2.5, None, True, [], {}]},
    [],
]


@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("pretty", [False, True])
def test_same_content_as_the_standard_library(value: object, pretty: bool) -> None:
    written = common.json_bytes(value, pretty=pretty).decode("utf-8")
    assert written.endswith("\n")
    assert json.loads(written) == json.loads(json.dumps(value, ensure_ascii=False, default=str))
    if pretty:
        assert written == json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n"
    else:
        assert "\n" not in written.rstrip("\n")


def test_print_json_is_compact_in_a_pipe(capsys: pytest.CaptureFixture[str]) -> None:
    common.print_json({"a": [1, 2]})
    assert capsys.readouterr().out == '{"a":[1,2]}\n'

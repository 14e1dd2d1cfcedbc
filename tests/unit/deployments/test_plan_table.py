"""A plain CSV plan (no quote, no carriage return) is cut into cells by string operations: it must read what the
csv module reads, and anything else must go to the csv module."""

from __future__ import annotations

import pytest

from relos.services.deployments import plan_table
from relos.services.deployments.plan_table import FIELDS, read_table

HEADER = ",".join(FIELDS)
ROW = "r{i},relos-ind-rus,RUS,IND,, training ,2031-07-24T11:00:00Z,2031-08-03T23:00:00Z,1,0,60"


@pytest.mark.parametrize(
    "body",
    [
        "",
        "\n",
        ROW.format(i=0),
        "\n".join(ROW.format(i=i) for i in range(5)) + "\n",
        ROW.format(i=0) + "\n,,,,,,,,,,\n" + ROW.format(i=2) + "\n",  # a row of empty cells is a row
        ROW.format(i=0) + "\n\n" + ROW.format(i=2) + "\n",  # a blank line: the csv module skips it
        ROW.format(i=0) + "\r\n" + ROW.format(i=1) + "\r\n",
        ROW.format(i=0) + "\n" + ROW.format(i=1).replace("r1", '"r,1"') + "\n",
    ],
)
def test_the_plain_reading_reads_what_the_csv_module_reads(body: str) -> None:
    text = HEADER + "\n" + body
    table = read_table(text)
    header = list(FIELDS)
    by_csv = plan_table._csv_rows(text, header)
    assert (table.lines, table.names, table.columns) == (by_csv.lines, by_csv.names, by_csv.columns)
    plain = plan_table._plain_csv(text, header)
    assert plain is None or plain == by_csv
    if "\n\n" in body or "\r" in body or '"' in body:
        assert plain is None


def test_a_row_of_another_width_is_named_by_its_line() -> None:
    with pytest.raises(Exception, match="cells where the header has") as caught:
        read_table(HEADER + "\n" + ROW.format(i=0) + "\n" + ROW.format(i=1) + ",extra\n")
    assert caught.value.problems[0].line == 3  # type: ignore[attr-defined]

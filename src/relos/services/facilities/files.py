"""Reading and writing reference-data files (facilities, ship classes, aircraft types, planning factors)
as CSV (one header row) or JSON (a list of objects), with the columns of relos.domain.facilities.columns.

A file is read whole and every problem is collected, each naming its line and column, before the
caller writes anything.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Generic, TypeVar

from relos.domain.errors import FieldProblem, InvalidInput
from relos.domain.facilities import RecordSpec, duplicate_id_problems, parse_record, to_csv_row, to_json

R = TypeVar("R")

MAX_RECORDS = 100_000


class FileFormat(StrEnum):
    CSV = "csv"
    JSON = "json"


def guess_format(name: str, text: str) -> FileFormat:
    """JSON when the name ends in .json or the text starts with '[', else CSV."""
    if name.lower().endswith(".json") or text.lstrip().startswith("["):
        return FileFormat.JSON
    return FileFormat.CSV


@dataclass(frozen=True)
class ReadRecord(Generic[R]):
    record: R
    line: int | None


def read_records(
    spec: RecordSpec[R], text: str, *, file_format: FileFormat, source: str = "file"
) -> list[ReadRecord[R]]:
    """Every record of the file, or InvalidInput with every problem found (line and column named)."""
    items, problems = (_csv_items if file_format is FileFormat.CSV else _json_items)(spec, text)
    records: list[ReadRecord[R]] = []
    for raw, line in items:
        record, found = parse_record(spec, raw, line=line)
        problems.extend(found)
        if record is not None:
            records.append(ReadRecord(record, line))
    ids = [(str(raw.get("id") or "").strip(), line) for raw, line in items]
    problems.extend(duplicate_id_problems((i, line) for i, line in ids if i))
    if not items and not problems:
        problems.append(
            FieldProblem.of("(file)", "holds_no_records", "holds no {noun} records", line=None, noun=spec.noun)
        )
    if problems:
        problems.sort(key=lambda p: (p.line or 0, p.field))
        raise InvalidInput(problems, source=source)
    return records


Items = list[tuple[dict[str, Any], int | None]]


def _csv_items(spec: RecordSpec[Any], text: str) -> tuple[Items, list[FieldProblem]]:
    problems: list[FieldProblem] = []
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        return [], [FieldProblem.of("(header)", "not_readable_csv", "not readable as CSV: {exc}", line=1, exc=exc)]
    if header is None:
        return [], [
            FieldProblem.of(
                "(header)",
                "file_empty_header_row_naming",
                "the file is empty: a header row naming the columns is expected",
                line=1,
            )
        ]
    header = [h.strip() for h in header]
    known = set(spec.column_names)
    for name in header:
        if name not in known:
            problems.append(
                FieldProblem.of(name or "(empty)", "not_column_2", "is not a {noun} column", line=1, noun=spec.noun)
            )
    for name in spec.required:
        if name not in header:
            problems.append(
                FieldProblem.of(
                    name, "required_column_missing_from_header", "required column is missing from the header", line=1
                )
            )
    repeated = sorted({h for h in header if header.count(h) > 1})
    for name in repeated:
        problems.append(
            FieldProblem.of(name, "column_appears_twice_header", "column appears twice in the header", line=1)
        )
    if problems:
        return [], problems
    items: Items = []
    start = reader.line_num + 1
    try:
        for cells in reader:
            line = start
            start = reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(header):
                problems.append(
                    FieldProblem.of(
                        "(row)",
                        "cells_but_header",
                        "has {cells_count} cells but the header {header_count}",
                        line=line,
                        cells_count=len(cells),
                        header_count=len(header),
                    )
                )
                continue
            items.append((dict(zip(header, cells, strict=False)), line))
            if len(items) > MAX_RECORDS:
                return [], [
                    FieldProblem.of(
                        "(file)", "more_records", "more than {MAX_RECORDS} records", line=line, MAX_RECORDS=MAX_RECORDS
                    )
                ]
    except csv.Error as exc:
        problems.append(
            FieldProblem.of("(row)", "not_readable_csv", "not readable as CSV: {exc}", line=reader.line_num, exc=exc)
        )
    return items, problems


def _json_items(spec: RecordSpec[Any], text: str) -> tuple[Items, list[FieldProblem]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return [], [
            FieldProblem.of("(syntax)", "not_valid_json", "not valid JSON: {msg}", line=exc.lineno, msg=exc.msg)
        ]
    if not isinstance(data, list):
        return [], [
            FieldProblem.of(
                "(file)", "must_json_list_objects", "must be a JSON list of {noun} objects", line=1, noun=spec.noun
            )
        ]
    if len(data) > MAX_RECORDS:
        return [], [
            FieldProblem.of(
                "(file)", "more_records", "more than {MAX_RECORDS} records", line=1, MAX_RECORDS=MAX_RECORDS
            )
        ]
    lines = _element_lines(text, len(data))
    items: Items = []
    problems: list[FieldProblem] = []
    for item, line in zip(data, lines, strict=True):
        if not isinstance(item, dict):
            problems.append(
                FieldProblem.of(
                    "(record)",
                    "must_json_object_not",
                    "must be a JSON object, not {type}",
                    line=line,
                    type=type(item).__name__,
                )
            )
        else:
            items.append((item, line))
    return items, problems


def _element_lines(text: str, count: int) -> list[int | None]:
    """The line on which each element of the top-level JSON list starts."""
    decoder = json.JSONDecoder()
    pos = text.index("[") + 1
    lines: list[int | None] = []
    for _ in range(count):
        while text[pos] in " \t\r\n,":
            pos += 1
        lines.append(text.count("\n", 0, pos) + 1)
        _, pos = decoder.raw_decode(text, pos)
    return lines


def write_records(spec: RecordSpec[Any], records: list[Any], *, file_format: FileFormat) -> str:
    """The records as a file in the import format (a re-import of it changes nothing)."""
    if file_format is FileFormat.JSON:
        return json.dumps([to_json(spec, r) for r in records], ensure_ascii=False, indent=2) + "\n"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=spec.column_names, lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow(to_csv_row(spec, record))
    return out.getvalue()

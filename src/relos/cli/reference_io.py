"""Import and export commands shared by `relos facilities`, `relos classes`, `relos aircraft` and `relos factors`."""

from __future__ import annotations

from pathlib import Path

from relos.cli.common import console, database, fail, operator
from relos.domain.facilities import RecordKind
from relos.services.facilities import catalogue as service
from relos.services.facilities.files import FileFormat


def run_import(file: Path, kind: RecordKind, file_format: FileFormat | None) -> None:
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"{file}: {exc}")
    report = service.import_reference_file(
        database().uow(), actor=operator(), kind=kind, text=text, source_name=str(file), file_format=file_format
    )
    console.print(
        f"{kind.value}: {len(report.added)} added, {len(report.updated)} updated, {len(report.unchanged)} unchanged"
    )


def run_export(kind: RecordKind, file_format: FileFormat, output: Path | None) -> None:
    text = service.export_reference_file(database().uow(), actor=operator(), kind=kind, file_format=file_format)
    if output is None:
        console.file.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"{output}: {exc}")
    console.print(f"wrote {output}")

"""`relos facilities import-wpi` and `import-ourairports`: the public world records into the catalogue,
with a progress bar while the file is checked and stored (services/facilities/world_import.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from relos.cli.common import console, database, err_console, fail, operator, print_json
from relos.domain.facilities.world import WorldFile
from relos.services.facilities import world_import as service

SHOWN_SKIPPED = 10


def read_text(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"{file}: {exc}")


def default_edition(file: Path) -> str:
    """The file's name and the day it was written, when no edition is named."""
    day = datetime.fromtimestamp(file.stat().st_mtime, UTC).date().isoformat()
    return f"{file.name} of {day}"


@contextmanager
def bar(quiet: bool) -> Iterator[Callable[[str], Callable[[int, int], None]]]:
    """A Rich progress bar on stderr; yields `step(description)` -> a `progress(done, total)` callback."""
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        disable=quiet,
        transient=True,
    ) as progress:

        def step(description: str) -> Callable[[int, int], None]:
            task = progress.add_task(description, total=None)

            def advance(done: int, total: int) -> None:
                progress.update(task, completed=done, total=total)

            return advance

        yield step


def report(result: service.WorldImportReport, *, as_json: bool) -> None:
    summary = result.summary()
    if as_json:
        print_json(summary)
        return
    console.print(
        f"{result.source} ({result.edition}): {summary['added']} added, {summary['updated']} updated, "
        f"{summary['unchanged']} unchanged, {len(result.skipped)} left out",
        highlight=False,
    )
    for kept in result.kept_curated:
        console.print(f"  {kept}", highlight=False)
    if result.kept_curated:
        console.print("  (give --overwrite-curated to take the source's values)")
    for facility_id in result.overwritten_curated:
        console.print(f"  overwrote curated values of {facility_id}", highlight=False)
    for line in result.skipped[:SHOWN_SKIPPED]:
        console.print(f"  left out: {line}", highlight=False)
    if len(result.skipped) > SHOWN_SKIPPED:
        console.print(f"  … and {len(result.skipped) - SHOWN_SKIPPED} more left out (--json lists all)")


def store(
    found: WorldFile, *, edition: str, overwrite_curated: bool, progress: service.Progress
) -> service.WorldImportReport:
    """Store a checked file in the configured database, as the local operator."""
    return service.import_world_file(
        database().uow(),
        actor=operator(),
        found=found,
        edition=edition,
        overwrite_curated=overwrite_curated,
        progress=progress,
    )


def run_wpi(file: Path, *, edition: str | None, overwrite_curated: bool, as_json: bool) -> None:
    text, edition = read_text(file), edition or default_edition(file)
    with bar(as_json) as step:
        found = service.read_wpi_file(text, edition=edition, source_name=str(file), progress=step("checking"))
        result = store(found, edition=edition, overwrite_curated=overwrite_curated, progress=step("storing"))
    report(result, as_json=as_json)


def run_ourairports(
    airports: Path,
    *,
    runways: Path | None,
    types: tuple[str, ...],
    edition: str | None,
    overwrite_curated: bool,
    as_json: bool,
) -> None:
    text, edition = read_text(airports), edition or default_edition(airports)
    runway_text = read_text(runways) if runways else None
    with bar(as_json) as step:
        found = service.read_ourairports_files(
            text,
            edition=edition,
            runways=runway_text,
            types=types,
            source_name=str(airports),
            progress=step("checking"),
        )
        result = store(found, edition=edition, overwrite_curated=overwrite_curated, progress=step("storing"))
    report(result, as_json=as_json)

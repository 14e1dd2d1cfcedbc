"""Import the public world records — the World Port Index and OurAirports — into the facility catalogue.

A file is read and checked whole first: a missing column, a latitude of 95, a repeated identity, a draught
of "deep" refuse the whole import (InvalidInput, every problem naming its line and column) and nothing is
written. Then, in one transaction, each record is matched by its own identity (WPI number, OurAirports
ident) to the facility an earlier import made of it, else to a curated facility that cites its code
(ICAO, UN/LOCODE), else to its derived id; it is added or updated in place, and the fields it gave are
recorded with their provenance (source, edition, when). A curated facility (bundled, or imported by a
person) keeps every value the source contradicts, each reported, unless `overwrite_curated`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from relos.domain.actor import Actor, Role
from relos.domain.errors import InvalidInput, NotFound
from relos.domain.facilities import Facility, ourairports, wpi
from relos.domain.facilities.world import KeptValue, Row, WorldFile, WorldRecord, cited_codes, merge
from relos.services.facilities.ports import ProvenanceLink
from relos.services.facilities.results import FieldProvenance, WorldImportSummary
from relos.services.facilities.timezones import timezone_of
from relos.services.people.authority import require_role
from relos.services.unit_of_work import UnitOfWork

#: Where a bulk import's records say they came from: "<source>:<edition>" (anything else is curated).
WORLD_SOURCES = (wpi.SOURCE, ourairports.SOURCE)
Progress = Callable[[int, int], None]


@dataclass
class WorldImportReport:
    source: str
    edition: str
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_curated: list[KeptValue] = field(default_factory=list)
    overwritten_curated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def summary(self) -> WorldImportSummary:
        return {
            "source": self.source,
            "edition": self.edition,
            "added": len(self.added),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "kept_curated": [str(k) for k in self.kept_curated],
            "overwritten_curated": self.overwritten_curated,
            "skipped": self.skipped,
        }


def csv_rows(text: str, progress: Progress | None = None) -> tuple[list[str] | None, Iterator[tuple[int, Row]]]:
    """The header and the (line, row) of a CSV text (a byte-order mark ignored); `progress` is told the
    lines read of the lines in the text."""
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    header = reader.fieldnames
    total = text.count("\n") or 1

    def rows() -> Iterator[tuple[int, Row]]:
        for row in reader:
            if progress and reader.line_num % 1000 == 0:
                progress(reader.line_num, total)
            yield reader.line_num, row
        if progress:
            progress(total, total)

    return (list(header) if header else None), rows()


def read_wpi_file(
    text: str, *, edition: str, source_name: str = "WPI file", progress: Progress | None = None
) -> WorldFile:
    """The ports of a World Port Index CSV, or InvalidInput naming every bad line and column."""
    header, rows = csv_rows(text, progress)
    found, problems = wpi.read_wpi(header, rows, edition=edition, timezone_of=timezone_of)
    if problems:
        raise InvalidInput(problems, source=source_name)
    return found


def read_ourairports_files(
    airports: str,
    *,
    edition: str,
    runways: str | None = None,
    types: tuple[str, ...] = ourairports.DEFAULT_TYPES,
    source_name: str = "airports file",
    progress: Progress | None = None,
) -> WorldFile:
    """The airfields of OurAirports' airports.csv (with runways.csv), or InvalidInput naming every problem."""
    longest = None
    if runways is not None:
        header, rows = csv_rows(runways)
        longest, problems = ourairports.longest_runways(header, rows)
        if problems:
            raise InvalidInput(problems, source="runways file")
    header, rows = csv_rows(airports, progress)
    found, problems = ourairports.read_airports(
        header, rows, edition=edition, timezone_of=timezone_of, types=types, runways=longest
    )
    if problems:
        raise InvalidInput(problems, source=source_name)
    return found


def require_importer(actor: Actor, source: str) -> None:
    """Only an administrator (or the local operator) imports world records: checked before a file is read."""
    require_role(actor, Role.ADMINISTRATOR, action=f"importing {source} records")


def is_curated(origin: str | None) -> bool:
    """A stored record a person reviewed: bundled, or imported from a file of the catalogue's own format."""
    return origin is not None and origin.partition(":")[0] not in WORLD_SOURCES


def import_world_file(
    uow: UnitOfWork,
    *,
    actor: Actor,
    found: WorldFile,
    edition: str,
    overwrite_curated: bool = False,
    progress: Progress | None = None,
) -> WorldImportReport:
    """Store a read world file in one transaction (see the module's docstring)."""
    require_importer(actor, found.source)
    report = WorldImportReport(found.source, edition, skipped=list(found.skipped))
    origin_of_import = f"{found.source}:{edition}"[:256]
    now = datetime.now(UTC)
    with uow:
        uow.lock("reference:facilities")
        origins = uow.facilities.origins()
        links = uow.facility_provenance.links(found.source)
        curated_ids = [i for i, o in origins.items() if is_curated(o)]
        by_code = cited_codes(uow.facilities.get_many(curated_ids).values()) if curated_ids else {}
        targets = [_target(r, links, by_code, origins) for r in found.records]
        stored = uow.facilities.get_many(t for t in targets if is_curated(origins.get(t)))
        curated_saves: dict[str, list[Facility]] = {}
        imported: list[Facility] = []  # new, or made by a bulk import: the record's values, access as stored
        provenance: list[ProvenanceLink] = []
        total = len(found.records)
        for done, (record, target) in enumerate(zip(found.records, targets, strict=True), start=1):
            incoming = record if target == record.facility.id else _renamed(record, target)
            before = stored.get(target)
            if before is None:
                imported.append(incoming.facility)
                provenance.append(ProvenanceLink(target, record.external_id, record.fields))
            else:
                after, taken, kept = merge(before, incoming, curated=True, overwrite_curated=overwrite_curated)
                report.kept_curated.extend(kept)
                if after == before:
                    report.unchanged.append(target)
                else:
                    report.updated.append(target)
                    report.overwritten_curated.append(target)
                    curated_saves.setdefault(origins[target], []).append(after)
                provenance.append(ProvenanceLink(target, record.external_id, taken))
            if progress and (done % 500 == 0 or done == total):
                progress(done, total)
        for imported_from, facilities in curated_saves.items():
            uow.facility_provenance.save_facilities(facilities, imported_from=imported_from, at=now)
        written = uow.facility_provenance.save_facilities(imported, imported_from=origin_of_import, at=now)
        for facility in imported:
            if facility.id not in origins:
                report.added.append(facility.id)
            else:
                (report.updated if facility.id in written else report.unchanged).append(facility.id)
        uow.facility_provenance.record(found.source, edition, provenance, at=now)
        uow.audit.record(
            actor=actor,
            action="facility.world_imported",
            entity="facility_import",
            entity_id=origin_of_import[:64],
            before=None,
            after={
                "added": len(report.added),
                "updated": len(report.updated),
                "unchanged": len(report.unchanged),
                "kept_curated": len(report.kept_curated),
                "overwritten_curated": report.overwritten_curated,
            },
        )
        uow.commit()
    return report


def _target(record: WorldRecord, links: dict[str, str], by_code: dict[str, str], origins: dict[str, str]) -> str:
    """The stored facility a record updates: the one an earlier import of it made, else the curated one
    citing its code, else its own derived id."""
    linked = links.get(record.external_id)
    if linked is not None and linked in origins:
        return linked
    for code in record.codes:
        if code in by_code:
            return by_code[code]
    return record.facility.id


def _renamed(record: WorldRecord, target: str) -> WorldRecord:
    return replace(record, facility=replace(record.facility, id=target))


def provenance_of(uow: UnitOfWork, *, actor: Actor, facility_id: str) -> list[FieldProvenance]:
    """Which fields of a facility each bulk import gave, with its identity there, the edition and when."""
    with uow:
        if uow.facilities.get(facility_id) is None:
            raise NotFound("facility", facility_id)
        return [
            {
                "source": p.source,
                "external_id": p.external_id,
                "edition": p.edition,
                "imported_at": p.imported_at.isoformat(),
                "fields": list(p.fields),
            }
            for p in uow.facility_provenance.of(facility_id)
        ]

"""What the facility catalogue and reference data need from storage: facilities, ship classes,
aircraft types and planning factors, each with where it was imported from.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypeVar

from relos.domain.facilities import Facility

T = TypeVar("T")


class FacilityRepository(Protocol):
    """The facility catalogue. Facilities are reference data: every user may read them."""

    def get(self, facility_id: str) -> Facility | None: ...

    def get_many(self, facility_ids: Iterable[str]) -> dict[str, Facility]:
        """The facilities found among `facility_ids`, by id (missing ids are simply absent)."""

    def list(
        self,
        *,
        country: str | None = None,
        name: str | None = None,
        kind: str | None = None,
        agreement: str | None = None,
        open_to: str | None = None,
    ) -> builtins.list[Facility]:
        """Sorted by id. `name`: case-insensitive part of the id or either name. `agreement`: opened under it.
        `open_to`: facilities that party may use under an agreement (it is party to the agreement and the
        facility is not in its own territory); with `agreement`, under that agreement only."""

    def save(self, facility: Facility, *, imported_from: str) -> None:
        """Add or replace (same id), with its access rows (open_under must name stored agreements)."""

    def save_many(self, facilities: Iterable[Facility], *, imported_from: str) -> None:
        """`save` for many at once (one round trip per statement kind)."""

    def imported_from(self, facility_id: str) -> str | None:
        """Where the stored record came from ("bundled:<file>" or the imported file's name)."""

    def origins(self) -> dict[str, str]:
        """Every stored id with where it came from."""

    def count(self) -> int: ...


class ReferenceRepository(Protocol[T]):
    """Ship classes, aircraft types or planning factors: records with a slug id, upserted by id."""

    def get(self, record_id: str) -> T | None: ...

    def list(self) -> builtins.list[T]:
        """All records, sorted by id."""

    def save(self, record: T, *, imported_from: str) -> None: ...

    def save_many(self, records: Iterable[T], *, imported_from: str) -> None: ...

    def imported_from(self, record_id: str) -> str | None: ...

    def origins(self) -> dict[str, str]: ...

    def count(self) -> int: ...


@dataclass(frozen=True)
class ProvenanceLink:
    """A facility made or updated from a world record: its identity in the source and the fields it gave."""

    facility_id: str
    external_id: str
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Provenance:
    """Where a facility's fields came from in one source: its identity there, the edition, when."""

    source: str
    external_id: str
    edition: str
    imported_at: datetime
    fields: tuple[str, ...]


class ProvenanceRepository(Protocol):
    """The provenance of imported fields, and the bulk writing of the facilities a world import makes."""

    def links(self, source: str) -> dict[str, str]:
        """The source's identity (WPI number, ident) -> the facility an import of it made or updated."""

    def of(self, facility_id: str) -> builtins.list[Provenance]:
        """Every source's provenance of a facility, by source."""

    def save_facilities(self, facilities: Iterable[Facility], *, imported_from: str, at: datetime) -> set[str]:
        """Add or update (same id) many facilities at once, keeping their access (open_under as stored); the ids
        added or changed (a facility stored with the same values and origin is not written again)."""

    def record(self, source: str, edition: str, links: Iterable[ProvenanceLink], *, at: datetime) -> None:
        """Replace the source's provenance of each facility linked (one row per facility and source)."""

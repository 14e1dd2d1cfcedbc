"""What a route reads from storage, and no more: facilities, ship classes, the planning factors and the
agreement register, in one read-only transaction.

Every unit of work (relos.services.unit_of_work) offers these; so does a lighter reader of an SQLite file
(relos.db.sqlite_reads), which `relos route` uses so that one route does not load the database framework.
"""

from __future__ import annotations

import builtins
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, Self

if TYPE_CHECKING:
    from relos.domain.facilities import Facility, PlanningFactor, ShipClass
    from relos.services.agreements.ports import StoredAgreement


class FacilityReads(Protocol):
    def get(self, facility_id: str) -> Facility | None: ...

    def list(self) -> builtins.list[Facility]:
        """Every facility, sorted by id."""


class ShipClassReads(Protocol):
    def get(self, record_id: str) -> ShipClass | None: ...


class PlanningFactorReads(Protocol):
    def get(self, record_id: str) -> PlanningFactor | None: ...


class AgreementReads(Protocol):
    def get(self, agreement_id: str) -> StoredAgreement | None: ...

    def list(self) -> builtins.list[StoredAgreement]:
        """Every agreement with its events, sorted by id."""


class CatalogueReads(Protocol):
    """The stores a route reads, within `with reads:` (nothing is written)."""

    @property
    def facilities(self) -> FacilityReads: ...

    @property
    def ship_classes(self) -> ShipClassReads: ...

    @property
    def planning_factors(self) -> PlanningFactorReads: ...

    @property
    def agreements(self) -> AgreementReads: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

"""The unit of work: one transaction over every area's repository (implemented in relos.db.uow).

Each area declares its own repository protocol in its ``ports`` module; this protocol only gathers
them, so a use case opens one transaction and reaches every store it needs through it.
"""

from __future__ import annotations

from collections.abc import Hashable
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, Self

if TYPE_CHECKING:  # the areas' protocols load with their use cases, not with every command
    from relos.domain.facilities import AircraftType, PlanningFactor, ShipClass
    from relos.services.agreements.ports import AgreementRepository
    from relos.services.clearances.ports import ClearanceRepository
    from relos.services.deployments.ports import DeploymentRepository
    from relos.services.exchange.ports import ExchangeRepository, SettlementRepository
    from relos.services.facilities.ports import FacilityRepository, ProvenanceRepository, ReferenceRepository
    from relos.services.ledger.ports import ClaimRepository, LedgerRepository
    from relos.services.orders.ports import OrderRepository
    from relos.services.people.ports import AuditLog, CredentialRepository, UserRepository
    from relos.services.references import ReferenceBook


class UnitOfWork(Protocol):
    @property
    def agreements(self) -> AgreementRepository: ...

    @property
    def users(self) -> UserRepository: ...

    @property
    def credentials(self) -> CredentialRepository: ...

    @property
    def audit(self) -> AuditLog: ...

    @property
    def facilities(self) -> FacilityRepository: ...

    @property
    def facility_provenance(self) -> ProvenanceRepository: ...

    @property
    def ship_classes(self) -> ReferenceRepository[ShipClass]: ...

    @property
    def aircraft_types(self) -> ReferenceRepository[AircraftType]: ...

    @property
    def planning_factors(self) -> ReferenceRepository[PlanningFactor]: ...

    @property
    def orders(self) -> OrderRepository: ...

    @property
    def ledger(self) -> LedgerRepository: ...

    @property
    def claims(self) -> ClaimRepository: ...

    @property
    def clearances(self) -> ClearanceRepository: ...

    @property
    def deployments(self) -> DeploymentRepository: ...

    @property
    def exchange(self) -> ExchangeRepository: ...

    @property
    def settlements(self) -> SettlementRepository: ...

    @property
    def references(self) -> ReferenceBook: ...

    def __enter__(self) -> Self: ...

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...

    def shared_decisions(self) -> Hashable | None:
        """What names the store this unit of work writes to, when decisions waiting on the same lock may be taken
        in one transaction of another of its kind (relos.services.deployments.decided_together); None when its
        changes must commit alone."""
        ...

    def lock(self, *keys: str) -> None:
        """Serialise this transaction with every other one that locks the same key (call it first); several keys
        are taken in their order, in one round trip."""

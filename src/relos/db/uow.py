"""The unit of work: one database transaction, the repositories bound to it, and the audit log."""

from __future__ import annotations

import functools
from collections.abc import Hashable
from functools import cached_property
from types import TracebackType
from typing import TYPE_CHECKING, Self

from sqlalchemy import TextClause, text
from sqlalchemy.orm import Session, sessionmaker

#: The session's mark that its transaction wrote deployments or overrides (relos.db.repositories.presence_index).
PRESENCE_WRITTEN = "relos_presence_written"

if TYPE_CHECKING:
    from relos.db.audit_log import SqlAuditLog
    from relos.db.repositories.agreements import SqlAgreementRepository
    from relos.db.repositories.claims import SqlClaimRepository
    from relos.db.repositories.clearances import SqlClearanceRepository
    from relos.db.repositories.deployments import SqlDeploymentRepository
    from relos.db.repositories.exchange import SqlExchangeRepository
    from relos.db.repositories.facilities import SqlFacilityRepository, SqlReferenceRepository
    from relos.db.repositories.facility_provenance import SqlProvenanceRepository
    from relos.db.repositories.ledger import SqlLedgerRepository
    from relos.db.repositories.orders import SqlOrderRepository
    from relos.db.repositories.people import SqlCredentialRepository, SqlUserRepository
    from relos.db.repositories.references import SqlReferenceBook
    from relos.db.repositories.settlements import SqlSettlementRepository
    from relos.db.tables.facilities import AircraftTypeRow, PlanningFactorRow, ShipClassRow
    from relos.domain.facilities import AircraftType, PlanningFactor, ShipClass


@functools.cache
def _locking(count: int) -> TextClause:
    """One statement taking `count` advisory locks, in the order they are listed (PostgreSQL evaluates a select
    list from left to right)."""
    return text("SELECT " + ", ".join(f"pg_advisory_xact_lock(hashtext(:key{i}))" for i in range(count)))


class SqlUnitOfWork:
    """`with uow:` opens a transaction; `commit()` appends the audit entries and commits together.

    Each repository (and the audit log) is made, its module imported, when a use case first asks for it in
    the transaction: a command listing agreements loads neither the ledger's tables nor the orders'.
    """

    #: The attributes made on first use, forgotten when the next transaction opens.
    MADE_ON_USE = (
        "agreements",
        "audit",
        "facilities",
        "facility_provenance",
        "ship_classes",
        "aircraft_types",
        "planning_factors",
        "users",
        "credentials",
        "orders",
        "ledger",
        "claims",
        "clearances",
        "deployments",
        "exchange",
        "settlements",
        "references",
    )

    def __init__(self, session_factory: sessionmaker[Session], *, read_only: bool = False) -> None:
        self._factory = session_factory
        self._session: Session | None = None
        self.read_only = read_only
        self._held = False

    def hold(self) -> None:
        """Keep the transaction open when its `with` block ends without an error, for the next block to go on in
        it (a request authenticated in it reads, or changes, on in it), until `release`; `close` ends it in any
        case."""
        self._held = True

    def release(self) -> None:
        """The next `with` block to end ends the transaction, as usual."""
        self._held = False

    @property
    def is_open(self) -> bool:
        return self._session is not None

    def __enter__(self) -> Self:
        for name in self.MADE_ON_USE:
            self.__dict__.pop(name, None)
        if self._session is None:  # else held open by `hold`: the transaction goes on
            self._session = self._factory()
        return self

    @cached_property
    def audit(self) -> SqlAuditLog:
        from relos.db.audit_log import SqlAuditLog

        return SqlAuditLog(self.session)

    @cached_property
    def agreements(self) -> SqlAgreementRepository:
        from relos.db.repositories.agreements import SqlAgreementRepository

        return SqlAgreementRepository(self.session)

    @cached_property
    def facilities(self) -> SqlFacilityRepository:
        from relos.db.repositories.facilities import SqlFacilityRepository

        return SqlFacilityRepository(self.session)

    @cached_property
    def facility_provenance(self) -> SqlProvenanceRepository:
        from relos.db.repositories.facility_provenance import SqlProvenanceRepository

        return SqlProvenanceRepository(self.session)

    @cached_property
    def ship_classes(self) -> SqlReferenceRepository[ShipClass, ShipClassRow]:
        from relos.db.repositories.facilities import ship_class_repository

        return ship_class_repository(self.session)

    @cached_property
    def aircraft_types(self) -> SqlReferenceRepository[AircraftType, AircraftTypeRow]:
        from relos.db.repositories.facilities import aircraft_type_repository

        return aircraft_type_repository(self.session)

    @cached_property
    def planning_factors(self) -> SqlReferenceRepository[PlanningFactor, PlanningFactorRow]:
        from relos.db.repositories.facilities import planning_factor_repository

        return planning_factor_repository(self.session)

    @cached_property
    def users(self) -> SqlUserRepository:
        from relos.db.repositories.people import SqlUserRepository

        return SqlUserRepository(self.session)

    @cached_property
    def credentials(self) -> SqlCredentialRepository:
        from relos.db.repositories.people import SqlCredentialRepository

        return SqlCredentialRepository(self.session)

    @cached_property
    def orders(self) -> SqlOrderRepository:
        from relos.db.repositories.orders import SqlOrderRepository

        return SqlOrderRepository(self.session)

    @cached_property
    def ledger(self) -> SqlLedgerRepository:
        from relos.db.repositories.ledger import SqlLedgerRepository

        return SqlLedgerRepository(self.session)

    @cached_property
    def claims(self) -> SqlClaimRepository:
        from relos.db.repositories.claims import SqlClaimRepository

        return SqlClaimRepository(self.session)

    @cached_property
    def clearances(self) -> SqlClearanceRepository:
        from relos.db.repositories.clearances import SqlClearanceRepository

        return SqlClearanceRepository(self.session)

    @cached_property
    def deployments(self) -> SqlDeploymentRepository:
        from relos.db.repositories.deployments import SqlDeploymentRepository

        return SqlDeploymentRepository(self.session)

    @cached_property
    def exchange(self) -> SqlExchangeRepository:
        from relos.db.repositories.exchange import SqlExchangeRepository

        return SqlExchangeRepository(self.session)

    @cached_property
    def settlements(self) -> SqlSettlementRepository:
        from relos.db.repositories.settlements import SqlSettlementRepository

        return SqlSettlementRepository(self.session)

    @cached_property
    def references(self) -> SqlReferenceBook:
        from relos.db.repositories.references import SqlReferenceBook

        return SqlReferenceBook(self.session)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if not (self._held and exc_type is None):
            self.close()

    def close(self) -> None:
        """End the transaction (anything not committed is undone) and give its connection back."""
        if self._session is not None:
            self.rollback()
            self._session.close()
            self._session = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("the unit of work is not open: use it in a `with` block")
        return self._session

    def commit(self) -> None:
        audit: SqlAuditLog | None = self.__dict__.get("audit")  # None: nothing was recorded
        if self.read_only:
            session = self.session
            if session.new or session.dirty or session.deleted or (audit is not None and audit.pending):
                raise RuntimeError("a reading unit of work cannot write: open it with Database.uow()")
        if audit is not None:
            audit.flush()
        self.session.commit()
        self.session.info.pop(PRESENCE_WRITTEN, None)

    def rollback(self) -> None:
        if self._session is not None:
            if "audit" in self.__dict__:
                self.audit.discard()
            self._session.rollback()
            self._session.info.pop(PRESENCE_WRITTEN, None)

    def shared_decisions(self) -> Hashable | None:
        """The session factory (one per database) of a writing unit of work on PostgreSQL; None for a reading one,
        and on SQLite, where one writer at a time holds the whole database."""
        if self.read_only or self._factory.kw["bind"].dialect.name != "postgresql":
            return None
        return self._factory

    def lock(self, *keys: str) -> None:
        session = self.session
        if keys and session.get_bind().dialect.name == "postgresql":
            session.execute(_locking(len(keys)), {f"key{i}": key for i, key in enumerate(keys)})
        # SQLite writing transactions begin IMMEDIATE (see relos.db.engine): they are serialised already.

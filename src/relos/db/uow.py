"""The unit of work: one database transaction, the repositories bound to it, and the audit log."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from relos.db.audit_log import SqlAuditLog
from relos.db.repositories.agreements import SqlAgreementRepository
from relos.db.repositories.claims import SqlClaimRepository
from relos.db.repositories.clearances import SqlClearanceRepository
from relos.db.repositories.deployments import SqlDeploymentRepository
from relos.db.repositories.exchange import SqlExchangeRepository
from relos.db.repositories.facilities import (
    SqlFacilityRepository,
    aircraft_type_repository,
    planning_factor_repository,
    ship_class_repository,
)
from relos.db.repositories.facility_provenance import SqlProvenanceRepository
from relos.db.repositories.ledger import SqlLedgerRepository
from relos.db.repositories.orders import SqlOrderRepository
from relos.db.repositories.people import SqlCredentialRepository, SqlUserRepository
from relos.db.repositories.references import SqlReferenceBook


class SqlUnitOfWork:
    """`with uow:` opens a transaction; `commit()` appends the audit entries and commits together."""

    def __init__(self, session_factory: sessionmaker[Session], *, read_only: bool = False) -> None:
        self._factory = session_factory
        self._session: Session | None = None
        self.read_only = read_only

    def __enter__(self) -> Self:
        self._session = self._factory()
        self.agreements = SqlAgreementRepository(self._session)
        self.audit = SqlAuditLog(self._session)
        self.facilities = SqlFacilityRepository(self._session)
        self.facility_provenance = SqlProvenanceRepository(self._session)
        self.ship_classes = ship_class_repository(self._session)
        self.aircraft_types = aircraft_type_repository(self._session)
        self.planning_factors = planning_factor_repository(self._session)
        self.users = SqlUserRepository(self._session)
        self.credentials = SqlCredentialRepository(self._session)
        self.orders = SqlOrderRepository(self._session)
        self.ledger = SqlLedgerRepository(self._session)
        self.claims = SqlClaimRepository(self._session)
        self.clearances = SqlClearanceRepository(self._session)
        self.deployments = SqlDeploymentRepository(self._session)
        self.exchange = SqlExchangeRepository(self._session)
        self.references = SqlReferenceBook(self._session)
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.rollback()
        self.session.close()
        self._session = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("the unit of work is not open: use it in a `with` block")
        return self._session

    def commit(self) -> None:
        if self.read_only:
            session = self.session
            if session.new or session.dirty or session.deleted or self.audit.pending:
                raise RuntimeError("a reading unit of work cannot write: open it with Database.uow()")
        self.audit.flush()
        self.session.commit()

    def rollback(self) -> None:
        if self._session is not None:
            self.audit.discard()
            self._session.rollback()

    def lock(self, key: str) -> None:
        session = self.session
        if session.get_bind().dialect.name == "postgresql":
            session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": key})
        # SQLite writing transactions begin IMMEDIATE (see relos.db.engine): they are serialised already.

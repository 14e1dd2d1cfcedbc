"""Requests carried out at most once per user and `Idempotency-Key`: the unit of work of such a request.

A `KeyedUnitOfWork` is the writing unit of work of one HTTP request that carries a key. When the use case
opens it, it serialises with every other request of the same user and key (an advisory lock on
PostgreSQL; SQLite's writing transactions are serialised already) and looks the key up in
`idempotency_keys`, the table the ledger's own keys use (relos.services.orders.common):

- the key is new: the use case runs; its `commit()` is held back, so that the answer (status and body)
  is stored with the key in the same transaction as the change (`finish`), or nothing is (`abort`);
- the key was used by this user for the same request (method, path, query and body): `Replayed` carries
  the first answer, and nothing runs again (an answer about a deployment, clearance or order stored before
  records had references and titles gets the record's current ones);
- the key was used by this user for a different request: Conflict (409).

Keys are scoped to their user: another user's key of the same text is another key.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from types import TracebackType
from typing import Self

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from relos.db.tables.clearances import ClearanceRow
from relos.db.tables.deployments import DeploymentRow
from relos.db.tables.ledger import IdempotencyKeyRow
from relos.db.tables.orders import SupportOrderRow
from relos.db.uow import SqlUnitOfWork
from relos.domain.errors import Conflict, InvalidInput

MAX_KEY_LENGTH = 128
#: The records whose answers carry a reference and title, by the start of the request's action.
RECORDS: dict[str, type[DeploymentRow] | type[ClearanceRow] | type[SupportOrderRow]] = {
    "POST /api/v1/deployments": DeploymentRow,
    "POST /api/v1/clearances": ClearanceRow,
    "POST /api/v1/orders": SupportOrderRow,
}


@dataclass(frozen=True)
class KeyedRequest:
    """One request with an `Idempotency-Key`: who makes it, and what identifies it."""

    user: str
    key: str
    action: str  # "POST /api/v1/deployments"
    fingerprint: str

    @classmethod
    def of(cls, *, user: str, key: str, method: str, path: str, query: str, body: bytes) -> Self:
        if not key.strip() or len(key) > MAX_KEY_LENGTH:
            raise InvalidInput.of(
                "Idempotency-Key",
                "must_1_characters",
                "must be 1-{MAX_KEY_LENGTH} characters",
                MAX_KEY_LENGTH=MAX_KEY_LENGTH,
            )
        return cls(user, key, f"{method} {path}"[:200], request_fingerprint(method, path, query, body))


def request_fingerprint(method: str, path: str, query: str, body: bytes) -> str:
    """SHA-256 of the request; a JSON body counts by its content, not its spacing or key order."""
    try:
        content = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    except ValueError:
        content = body.hex()
    text = json.dumps([method, path, query, content], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


class Replayed(Exception):  # not an error: the first answer, given again
    """The request was carried out before: its first answer."""

    def __init__(self, status: int, body: str) -> None:
        super().__init__(f"replayed answer ({status})")
        self.status = status
        self.body = body


class KeyedUnitOfWork(SqlUnitOfWork):
    """The writing unit of work of a request with an `Idempotency-Key` (see the module's docstring)."""

    def __init__(self, session_factory: sessionmaker[Session], request: KeyedRequest) -> None:
        super().__init__(session_factory)
        self.request = request
        self._checked = False
        self.held = False  # a commit is held back until `finish` or `abort`

    def __enter__(self) -> Self:
        if self.held:  # a later block of the same use case continues the held transaction
            return self
        super().__enter__()
        if not self._checked:
            self._checked = True
            try:
                self._check()
            except BaseException:
                super().__exit__(None, None, None)
                raise
        return self

    def shared_decisions(self) -> None:
        """None: its answer is stored with its own transaction, which commits alone."""
        return None

    def _check(self) -> None:
        self.lock(f"idempotency:{self.request.user}:{self.request.key}")
        row = self._stored()
        if row is None:
            return
        if row.action != self.request.action or row.fingerprint != self.request.fingerprint:
            raise Conflict.of(
                "conflict.idempotency_key_was_used_different",
                "idempotency key {key!r} was used for a different request",
                key=self.request.key,
            )
        if row.status_code is None:  # a key of the ledger's own use cases (relos.services.orders.common)
            raise Conflict.of(
                "conflict.idempotency_key_was_used_different",
                "idempotency key {key!r} was used for a different request",
                key=self.request.key,
            )
        raise Replayed(row.status_code, self._current(row.result))

    def _current(self, body: str) -> str:
        """The stored answer, with the record's reference and title when it lacks them (an answer stored
        before references and titles existed): the record's as they are now."""
        try:
            answer = json.loads(body) if body else None
        except ValueError:
            return body
        if not isinstance(answer, dict) or {"reference", "title"} <= answer.keys():
            return body
        table = next((t for prefix, t in RECORDS.items() if self.request.action.startswith(prefix)), None)
        record_id = answer.get("id")
        if table is None or not isinstance(record_id, str):
            return body
        found = self.session.execute(select(table.reference, table.title).where(table.id == record_id)).first()
        if found is None:
            return body
        return json.dumps({**answer, "reference": found.reference, "title": found.title}, ensure_ascii=False)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if not self.held:
            super().__exit__(exc_type, exc, tb)
        elif exc is not None:  # the use case committed, then failed: its change stands, its answer is not kept
            self.held = False
            try:
                self.session.commit()
            finally:
                super().__exit__(None, None, None)

    def _stored(self) -> IdempotencyKeyRow | None:
        return self.session.execute(
            select(IdempotencyKeyRow).where(
                IdempotencyKeyRow.actor == self.request.user, IdempotencyKeyRow.key == self.request.key
            )
        ).scalar_one_or_none()

    def commit(self) -> None:
        self.audit.flush()
        self.session.flush()
        self.held = True

    def finish(self, status: int, body: str) -> None:
        """Store the answer with the key and commit the held change with it."""
        if not self.held:
            return
        self.held = False
        try:
            # a ledger use case given the same key stored its record under it in this transaction: the
            # answer takes its place (a repeat over HTTP is answered from here, before the use case runs)
            row = self._stored()
            if row is None:
                row = IdempotencyKeyRow(key=self.request.key, actor=self.request.user, created_at=datetime.now(UTC))
                self.session.add(row)
            row.action, row.fingerprint = self.request.action, self.request.fingerprint
            row.result, row.status_code = body, status
            self.session.commit()
        finally:
            super().__exit__(None, None, None)

    def abort(self) -> None:
        """Undo the held change (the answer was not a success)."""
        if self.held:
            self.held = False
            super().__exit__(None, None, None)

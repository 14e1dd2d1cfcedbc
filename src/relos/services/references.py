"""Human references and titles of deployments, clearances and support orders (relos.domain.references,
relos.domain.titles): allocating the next reference when a record is created, reading the title its creator
gave, and finding a record by the reference a user typed.

The port `ReferenceBook` is implemented in relos.db (`UnitOfWork.references`): numbers come from a counter
row per host party, kind and year, updated in the creating transaction, so that two creations at once never
get the same number and a creation rolled back gives none away.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol

from relos.domain.actor import Actor
from relos.domain.errors import InvalidInput, NotFound
from relos.domain.references import RecordKind, parse_reference, reference_text
from relos.domain.titles import chosen_title, title_problem

if TYPE_CHECKING:
    from relos.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class ReferencedRecord:
    """The record a reference names: its id and the two parties it concerns (who may see it)."""

    id: str
    parties: tuple[str, str]


class ReferenceBook(Protocol):
    def next_number(self, *, party: str, kind: RecordKind, year: int) -> int:
        """The next number of `kind` for the host `party` in `year` (1 for the first), taken in the caller's
        transaction: a concurrent caller for the same counter waits until this transaction ends."""

    def find(self, kind: RecordKind, reference: str) -> ReferencedRecord | None:
        """The record of `kind` whose reference is `reference` (normalised, as parse_reference writes it)."""

    def of_ids(self, kind: RecordKind, record_ids: Collection[str]) -> dict[str, tuple[str, tuple[str, str]]]:
        """The reference and the two parties of each record of `kind` among `record_ids` that exists, by id."""


def allocate(uow: UnitOfWork, *, kind: RecordKind, party: str, at: datetime) -> str:
    """The reference of a record of `kind` being created at `at` for the host `party` (call it inside the
    creating transaction, after the input has been checked, just before the record is added)."""
    year = at.astimezone(UTC).year
    return reference_text(party, kind, year, uow.references.next_number(party=party, kind=kind, year=year))


def given_title(value: object, *, source: str) -> str:
    """The title a creator gave, trimmed ("" when none: one is made from the record); InvalidInput naming the
    field `title` when it is not one line of text of at most MAX_TITLE characters."""
    problem = title_problem(value)
    if problem is not None:
        raise InvalidInput([problem], source=source)
    return chosen_title(value)


def record_id(uow: UnitOfWork, *, actor: Actor, kind: RecordKind, key: str) -> str:
    """The id of the record `key` names: a reference (``RUS-DEP-2027-0014``, in any case) is looked up — a
    record the actor may not see is not found, as by its id; anything else is taken for the id itself."""
    reference = parse_reference(key)
    if reference is None:
        return key
    text = str(reference)
    with uow:
        found = uow.references.find(kind, text)
    if found is None or not actor.may_see(found.parties):
        raise NotFound(kind.noun, text)
    return found.id


def references_of(uow: UnitOfWork, *, actor: Actor, kind: RecordKind, record_ids: Collection[str]) -> dict[str, str]:
    """The references of the records of `kind` among `record_ids` that `actor` may see, by id (one statement):
    what a list naming records by their ids (the audit trail) shows a reader instead."""
    with uow:
        found = uow.references.of_ids(kind, set(record_ids))
    return {i: reference for i, (reference, parties) in found.items() if reference and actor.may_see(parties)}


def reference_of(uow: UnitOfWork, *, actor: Actor, kind: RecordKind, record_id: str) -> str | None:
    """The reference of the record of `kind` whose id is `record_id`, for a user who may see it (a refusal
    naming a record by its id is said with its reference); None when there is no such record to see."""
    with uow:
        if kind is RecordKind.ORDER:
            history = uow.orders.get(record_id)
            order = history.order if history is not None else None
            found = (order.reference, (order.requesting_party, order.supplying_party)) if order else None
        else:
            record = (uow.deployments if kind is RecordKind.DEPLOYMENT else uow.clearances).get(record_id)
            found = (record.reference, (record.visiting_party, record.host_party)) if record else None
    if found is None or not found[0] or not actor.may_see(found[1]):
        return None
    return found[0]

"""What the exchange's use cases hand back to the API and `--json` (the convention of relos.services.results):
a proposal needing both parties and where it stands, and the reconciliation of the two parties' ledgers for an
agreement and a period, with the settlement certificate's state.

Instants are ISO 8601 texts in UTC, days ISO dates. What a proposal or a difference carries from the documents
that crossed (its particulars, the answer, the values compared) is the JSON the documents hold.
"""

from __future__ import annotations

from typing import Any

from typing_extensions import TypedDict

from relos.services.results import record


@record
class Proposal(TypedDict):
    """A cap override or an agreement event proposed by one party's instance to the other's: `state` proposed,
    accepted or declined; `answer` the partner's countersignature, consent or decline (empty while proposed)."""

    id: str
    subject: str
    agreement_id: str
    proposed_by: str
    answered_by: str
    particulars: dict[str, Any]
    state: str
    proposed_at: str
    answer: dict[str, Any]


@record
class DifferenceDocument(TypedDict):
    """An exchanged document about a record the two ledgers disagree on: its id and type (`order.invoice`)."""

    id: str
    type: str


@record
class Difference(TypedDict):
    """One thing the two ledgers disagree on: `field` empty when the record is missing on one side (`ours` or
    `theirs` null), else the field whose values differ."""

    kind: str
    record: str
    field: str
    ours: Any
    theirs: Any
    documents: list[DifferenceDocument]


@record
class Certificate(TypedDict):
    """Where the settlement certificate of an agreement for a period stands in this instance: `state`
    not_signed, signed_here (awaiting the partner's countersignature) or signed_by_both."""

    agreement_id: str
    period: str
    state: str
    signed_by: list[str]
    ledger_hash: str | None
    kept_at: str | None


@record
class Reconciliation(TypedDict):
    """This instance's ledger of an agreement for a period [start, end) against the partner's last digest
    received: `compared` false (and no differences) while none was received; `agreed` when compared and nothing
    differs."""

    party: str
    partner: str
    agreement_id: str
    period: str
    start: str
    end: str
    counts: dict[str, int]
    balances: dict[str, Any]
    partner_digest_at: str | None
    compared: bool
    agreed: bool
    differences: list[Difference]
    certificate: Certificate

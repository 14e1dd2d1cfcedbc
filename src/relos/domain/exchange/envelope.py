"""The envelope of a document one party's instance sends another: its type and version, its own id, the record
it is about (a UUIDv7), the agreement, sender and receiver, its place on the sender→receiver channel (sequence
number and the hash of the document before it) and the key that signed it. `body` holds the record's particulars.

`read_envelope` checks a received document's fields one by one and names every one that is wrong; the
signature itself is checked by the services, over the canonical form of everything but `signature`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from relos.domain.errors import FieldProblem, InvalidInput
from relos.domain.parties import party_problem

#: The version of the envelope this instance writes and reads.
ENVELOPE_VERSION = 1
#: The `prev` of the first document on a channel.
NO_PREVIOUS = "0" * 64
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


class DocumentType(StrEnum):
    """What a document says. The visiting party's instance is the authority for its requests; the host's for
    its decisions and for arrivals and departures on its territory. A refusal answers any document that broke a
    rule on receipt; an acknowledgement says how far the receiver has taken a channel, and a statement digest what
    an instance's ledger holds of an agreement for a period (neither has a place on a channel)."""

    DEPLOYMENT_REQUEST = "deployment.request"
    DEPLOYMENT_AMENDMENT = "deployment.amendment"
    DEPLOYMENT_CANCELLATION = "deployment.cancellation"
    DEPLOYMENT_DECISION = "deployment.decision"
    DEPLOYMENT_ARRIVAL = "deployment.arrival"
    DEPLOYMENT_DEPARTURE = "deployment.departure"
    CLEARANCE_NOTICE = "clearance.notice"
    CLEARANCE_AMENDMENT = "clearance.amendment"
    CLEARANCE_CANCELLATION = "clearance.cancellation"
    CLEARANCE_DECISION = "clearance.decision"
    CAP_OVERRIDE_PROPOSAL = "cap_override.proposal"
    CAP_OVERRIDE_COUNTERSIGNATURE = "cap_override.countersignature"
    CAP_OVERRIDE_DECLINED = "cap_override.declined"
    AGREEMENT_EVENT_PROPOSAL = "agreement_event.proposal"
    AGREEMENT_EVENT_CONSENT = "agreement_event.consent"
    AGREEMENT_EVENT_DECLINED = "agreement_event.declined"
    AGREEMENT_EVENT_NOTICE = "agreement_event.notice"
    ORDER_PRICE_LIST = "order.price_list"
    ORDER_VERSION = "order.version"
    ORDER_SIGNATURE = "order.signature"
    ORDER_ACCEPTANCE = "order.acceptance"
    ORDER_DELIVERY = "order.delivery"
    ORDER_RECEIPT = "order.receipt"
    ORDER_INVOICE = "order.invoice"
    ORDER_PAYMENT = "order.payment"
    ORDER_SATISFACTION = "order.satisfaction"
    ORDER_CONVERSION = "order.conversion"
    ORDER_CANCELLATION = "order.cancellation"
    ORDER_PAYMENT_REVERSAL = "order.payment_reversal"
    REFUSAL = "refusal"
    ACKNOWLEDGEMENT = "acknowledgement"
    STATEMENT_DIGEST = "statement.digest"


#: Documents that take no place on a channel (sequence number 0): they state where things stand.
UNSEQUENCED = frozenset({DocumentType.ACKNOWLEDGEMENT, DocumentType.STATEMENT_DIGEST})


@dataclass(frozen=True)
class Envelope:
    """A document's envelope (everything but its body and signature)."""

    type: DocumentType
    version: int
    id: str
    record: str
    agreement: str
    sender: str
    receiver: str
    seq: int
    prev: str
    issued_at: str
    key: str

    @property
    def sequenced(self) -> bool:
        """Whether it takes a place on its channel (an acknowledgement does not)."""
        return self.type not in UNSEQUENCED


def _text(data: Mapping[str, Any], name: str, problems: list[FieldProblem]) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value:
        problems.append(FieldProblem.of(name, "exchange_field_missing", "is missing or not text"))
        return ""
    return value


def read_envelope(data: object, *, where: str) -> Envelope:
    """The envelope of a received document, or InvalidInput naming every field that is wrong (`where` names
    the document: its place in the bundle)."""
    if not isinstance(data, Mapping):
        raise InvalidInput(FieldProblem.of("document", "exchange_not_object", "is not a JSON object"), source=where)
    problems: list[FieldProblem] = []
    kind = _text(data, "type", problems)
    known = {t.value for t in DocumentType}
    if kind and kind not in known:
        problems.append(
            FieldProblem.of("type", "exchange_unknown_type", "{kind!r} is not a document type RELOS knows", kind=kind)
        )
    version = data.get("version")
    if version != ENVELOPE_VERSION:
        problems.append(
            FieldProblem.of(
                "version",
                "exchange_unknown_version",
                "version {version!r} is not {known_version}",
                version=version,
                known_version=ENVELOPE_VERSION,
            )
        )
    texts = {n: _text(data, n, problems) for n in ("id", "record", "agreement", "issued_at", "key", "prev")}
    for name in ("id", "record"):
        if texts[name] and not _UUID.match(texts[name]):
            problems.append(FieldProblem.of(name, "exchange_not_uuid", "{value!r} is not a UUID", value=texts[name]))
    for name in ("prev", "key"):
        if texts[name] and not _HEX64.match(texts[name]):
            problems.append(
                FieldProblem.of(name, "exchange_not_hash", "{value!r} is not 64 hexadecimal digits", value=texts[name])
            )
    parties = {}
    for name in ("sender", "receiver"):
        found = party_problem(data.get(name), field=name)
        if found is not None:
            problems.append(found)
        parties[name] = str(data.get(name))
    seq = data.get("seq")
    lowest = 0 if kind in UNSEQUENCED else 1
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < lowest:
        problems.append(
            FieldProblem.of(
                "seq", "exchange_bad_seq", "{seq!r} is not a sequence number from {lowest}", seq=seq, lowest=lowest
            )
        )
    if not isinstance(data.get("body"), Mapping):
        problems.append(FieldProblem.of("body", "exchange_body_not_object", "is not a JSON object"))
    if problems:
        raise InvalidInput(problems, source=where)
    assert isinstance(seq, int)
    return Envelope(
        DocumentType(kind),
        ENVELOPE_VERSION,
        texts["id"],
        texts["record"],
        texts["agreement"],
        parties["sender"],
        parties["receiver"],
        seq,
        texts["prev"],
        texts["issued_at"],
        texts["key"],
    )

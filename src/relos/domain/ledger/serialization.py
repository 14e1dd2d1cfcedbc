"""Canonical JSON-ready form of transactions, for storage and exchange between the parties.

``transaction_to_dict`` gives plain dicts, lists and strings (amounts as decimal strings,
dates as ISO 8601); ``transaction_from_dict`` reads them back, naming the field of any error.
``canonical_json`` serialises with sorted keys and no spaces, so both parties hash the same
bytes for the same transaction.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from relos.domain.errors import Said
from relos.domain.ledger.accounts import AccountRef
from relos.domain.ledger.errors import LedgerError
from relos.domain.ledger.money import Money
from relos.domain.ledger.transactions import Posting, Reference, ReferenceKind, Transaction


def transaction_to_dict(txn: Transaction) -> dict[str, Any]:
    return {
        "id": txn.id,
        "date": txn.date.isoformat(),
        "description": txn.description,
        "references": [{"kind": r.kind.value, "id": r.id} for r in txn.references],
        "postings": [
            {"account": p.account.key, "amount": str(p.amount.amount), "currency": p.amount.currency}
            for p in txn.postings
        ],
    }


def canonical_json(txn: Transaction) -> str:
    return json.dumps(transaction_to_dict(txn), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _field(data: Mapping[str, Any], name: str, where: str) -> Any:
    if name not in data:
        raise LedgerError("missing", field=f"{where}{name}")
    return data[name]


def transaction_from_dict(data: Mapping[str, Any]) -> Transaction:
    """Read a transaction back from ``transaction_to_dict``'s form (does not run the rules)."""
    try:
        on = date.fromisoformat(str(_field(data, "date", "")))
    except ValueError:
        raise LedgerError(
            Said.of("not_iso_8601_date", "not an ISO 8601 date: {data!r}", data=data.get("date")), field="date"
        )
    references: list[Reference] = []
    for i, ref in enumerate(_field(data, "references", "")):
        kind = _field(ref, "kind", f"references[{i}].")
        try:
            references.append(Reference(ReferenceKind(kind), str(_field(ref, "id", f"references[{i}]."))))
        except ValueError as exc:
            if isinstance(exc, LedgerError):
                raise
            raise LedgerError(
                Said.of("unknown_reference_kind", "unknown reference kind {kind!r}", kind=kind),
                field=f"references[{i}].kind",
            )
    postings: list[Posting] = []
    for i, p in enumerate(_field(data, "postings", "")):
        where = f"postings[{i}]."
        account = AccountRef.parse(str(_field(p, "account", where)), field=f"{where}account")
        amount = Money.of(str(_field(p, "amount", where)), _field(p, "currency", where), field=f"{where}amount")
        postings.append(Posting(account, amount))
    return Transaction(
        id=str(_field(data, "id", "")),
        date=on,
        description=str(_field(data, "description", "")),
        postings=tuple(postings),
        references=tuple(references),
    )

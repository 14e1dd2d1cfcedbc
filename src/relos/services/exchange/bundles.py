"""The file bundle that carries documents across an air gap: one JSON object naming its sender and receiver,
the documents (each signed on its own), how many there are, and the sender's signature over all of it — so a
file cut short, or with one byte changed anywhere, is refused as a whole before anything in it is applied.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from relos.domain.errors import FieldProblem, InvalidInput
from relos.domain.exchange.fingerprints import key_id
from relos.domain.parties import party_problem
from relos.services.exchange.keys import raw
from relos.services.exchange.signing import canonical, sign

FORMAT = "relos-exchange-bundle"
VERSION = 1


@dataclass(frozen=True)
class Bundle:
    """A bundle as read, before its signature is checked: `signed` is the whole object."""

    sender: str
    receiver: str
    key: str
    documents: list[Mapping[str, Any]]
    signed: Mapping[str, Any]


def write(
    *, sender: str, receiver: str, documents: Sequence[Mapping[str, Any]], key: Ed25519PrivateKey, now: datetime
) -> bytes:
    """The bundle's bytes: canonical JSON (RFC 8785), signed."""
    unsigned = {
        "format": FORMAT,
        "version": VERSION,
        "sender": sender,
        "receiver": receiver,
        "created_at": now.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "count": len(documents),
        "key": key_id(raw(key.public_key())),
        "documents": [dict(d) for d in documents],
    }
    return canonical(sign(unsigned, key))


def _refused(where: str, problem: FieldProblem) -> InvalidInput:
    return InvalidInput(problem, source=where)


def read(data: bytes, *, where: str) -> Bundle:
    """The bundle in `data` (`where` names the file), or InvalidInput saying what is wrong with it."""
    try:
        loaded: Any = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _refused(
            where,
            FieldProblem.of(
                "file",
                "exchange_bundle_unreadable",
                "is not a whole bundle (cut short, altered or not one at all): {reason}",
                reason=str(exc),
            ),
        ) from None
    if not isinstance(loaded, dict) or loaded.get("format") != FORMAT:
        raise _refused(where, FieldProblem.of("format", "exchange_not_bundle", "is not a RELOS exchange bundle"))
    if loaded.get("version") != VERSION:
        raise _refused(
            where,
            FieldProblem.of(
                "version",
                "exchange_bundle_version",
                "bundle version {version!r} is not {known}",
                version=loaded.get("version"),
                known=VERSION,
            ),
        )
    for field in ("sender", "receiver"):
        problem = party_problem(loaded.get(field), field=field)
        if problem is not None:
            raise InvalidInput(problem, source=where)
    documents = loaded.get("documents")
    if not isinstance(documents, list) or loaded.get("count") != len(documents):
        raise _refused(
            where,
            FieldProblem.of(
                "documents",
                "exchange_bundle_count",
                "the bundle says it holds {count!r} documents but holds {held}",
                count=loaded.get("count"),
                held=len(documents) if isinstance(documents, list) else 0,
            ),
        )
    return Bundle(str(loaded["sender"]), str(loaded["receiver"]), str(loaded.get("key")), documents, loaded)

"""Signed documents: the canonical JSON form (RFC 8785, by the `rfc8785` library), the Ed25519 signature over
it (by `cryptography`), and the hash that chains a channel's documents.

A document is one JSON object: its envelope's fields (relos.domain.exchange.envelope), `body`, and `signature`
— base64 of the Ed25519 signature of the canonical form of everything else. Its hash is the SHA-256 (hex) of
the canonical form of the whole signed object: the next document on the channel names it as `prev`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Mapping
from typing import Any

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from relos.domain.errors import FieldProblem, InvalidInput


def canonical(value: Mapping[str, Any]) -> bytes:
    """RFC 8785 canonical JSON of `value` (sorted keys, no spaces, one form for each number and string)."""
    return rfc8785.dumps(dict(value))


def document_hash(document: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical(document)).hexdigest()


def sign(unsigned: Mapping[str, Any], key: Ed25519PrivateKey) -> dict[str, Any]:
    """`unsigned` with its `signature` added."""
    signature = key.sign(canonical(unsigned))
    return {**unsigned, "signature": base64.b64encode(signature).decode()}


def signature_holds(document: Mapping[str, Any], key: Ed25519PublicKey, *, where: str) -> bool:
    """Whether `document`'s signature is `key`'s over the rest of it; InvalidInput when it is not base64."""
    text = document.get("signature")
    try:
        signature = base64.b64decode(str(text), validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput(
            FieldProblem.of("signature", "exchange_signature_not_base64", "is not base64"), source=where
        ) from None
    unsigned = {k: v for k, v in document.items() if k != "signature"}
    try:
        key.verify(signature, canonical(unsigned))
    except InvalidSignature:
        return False
    return True

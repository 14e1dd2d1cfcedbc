"""A public key's fingerprint as two staffs read it aloud to each other to check a partner's key out of band:
the SHA-256 of the raw key, its first 128 bits (32 hexadecimal digits) in eight groups of four."""

from __future__ import annotations

import hashlib


def key_id(raw_public_key: bytes) -> str:
    """The full SHA-256 of the raw key (64 hex digits): how documents name the key that signed them."""
    return hashlib.sha256(raw_public_key).hexdigest()


def spoken(raw_public_key: bytes) -> str:
    """E.g. `3f2a 9c01 77de 0b4e 58a1 c2f0 9d3e 6b7a`: the first 32 hex digits of the key's id in groups of four."""
    digits = key_id(raw_public_key)[:32].upper()
    return " ".join(digits[i : i + 4] for i in range(0, 32, 4))

"""Password hashing with Argon2id (argon2-cffi's default parameters, RFC 9106's second
recommended option). Hashes carry their parameters, so stronger settings later rehash on sign-in."""

from __future__ import annotations

from functools import cached_property

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError


class _Hashing:
    def __init__(self, hasher: PasswordHasher) -> None:
        self.hasher = hasher

    @cached_property
    def dummy_hash(self) -> str:
        """Verified against when the user does not exist: a wrong name costs what a wrong password costs."""
        return self.hasher.hash("relos: no such user, same work")


_hashing = _Hashing(PasswordHasher())


def use_hasher(hasher: PasswordHasher) -> PasswordHasher:
    """Swap the hasher (the test suite uses argon2.profiles.CHEAPEST); returns the one it replaces."""
    global _hashing
    previous = _hashing.hasher
    _hashing = _Hashing(hasher)
    return previous


def hash_password(password: str) -> str:
    return _hashing.hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when `password` matches; a missing hash still costs one verification."""
    try:
        return _hashing.hasher.verify(password_hash or _hashing.dummy_hash, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hashing.hasher.check_needs_rehash(password_hash)

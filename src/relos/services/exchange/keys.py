"""The instance's signing key, and its retired keys kept for verification.

The instance has one Ed25519 key: the one that signs its audit checkpoints (relos.services.people
.audit_checkpoints, `audit-signing-key.pem` in the data directory, owner-only) also signs every document it
sends. `rotate` makes a new one in its place and keeps the old one's public half in `retired-keys/` (named by
its key id), so that documents and checkpoints signed before still verify; the retired private key is gone.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from relos.domain.errors import Conflict
from relos.domain.exchange.fingerprints import key_id, spoken
from relos.services.people.audit_checkpoints import KEY_FILE, signing_key

RETIRED_DIR = "retired-keys"


def raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


@dataclass(frozen=True)
class KeyInfo:
    """A public key as staff see it: its id (SHA-256, hex), the fingerprint read aloud, the key itself
    (base64 of the raw 32 bytes, what `relos peers add --key` takes) and whether it is the current one."""

    key_id: str
    fingerprint: str
    public_key: str
    current: bool

    @classmethod
    def of(cls, key: Ed25519PublicKey, *, current: bool) -> KeyInfo:
        import base64

        data = raw(key)
        return cls(key_id(data), spoken(data), base64.b64encode(data).decode(), current)


def current_key(data_dir: Path) -> Ed25519PrivateKey:
    """The key that signs now (made, owner-only, when the instance has none yet)."""
    return signing_key(data_dir)


def retired_public_keys(data_dir: Path) -> list[Ed25519PublicKey]:
    """The public halves of the keys this instance signed with before, oldest file name first."""
    folder = data_dir / RETIRED_DIR
    found: list[Ed25519PublicKey] = []
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.pem")):
        loaded = serialization.load_pem_public_key(path.read_bytes())
        if not isinstance(loaded, Ed25519PublicKey):
            raise Conflict.of("conflict.does_not_hold_ed25519_key", "{path} does not hold an Ed25519 key", path=path)
        found.append(loaded)
    return found


def key_list(data_dir: Path) -> list[KeyInfo]:
    """The current key, then the retired ones."""
    return [KeyInfo.of(current_key(data_dir).public_key(), current=True)] + [
        KeyInfo.of(k, current=False) for k in retired_public_keys(data_dir)
    ]


def rotate(data_dir: Path) -> tuple[KeyInfo, KeyInfo]:
    """Retire the current key (its public half kept) and sign with a new one from now on: (old, new)."""
    old = current_key(data_dir)
    old_public = old.public_key()
    folder = data_dir / RETIRED_DIR
    folder.mkdir(parents=True, exist_ok=True)
    pem = old_public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    (folder / f"{key_id(raw(old_public))}.pem").write_bytes(pem)
    new = Ed25519PrivateKey.generate()
    staged = data_dir / f".{KEY_FILE}.new"
    fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(
            new.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        out.flush()
        os.fsync(out.fileno())
    os.replace(staged, data_dir / KEY_FILE)  # at once: a reader sees the old key or the new one, never half
    return KeyInfo.of(old_public, current=False), KeyInfo.of(new.public_key(), current=True)

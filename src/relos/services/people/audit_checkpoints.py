"""Signed checkpoints of the audit chain, kept outside the database, and verification against them.

A checkpoint is the chain's length and the hash of its last entry, signed with this instance's Ed25519 key (a
PEM file in the data directory, readable by its owner only) and appended as one JSON line to the checkpoint
file. Whoever can rewrite the database but not that key cannot make a rewritten and re-hashed chain, nor one
cut short, agree with a checkpoint signed before: `verify_audit` names the checkpoint the chain contradicts.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from relos.domain.errors import Conflict, FieldProblem, InvalidInput
from relos.services.people.ports import RecordDiscrepancy
from relos.services.unit_of_work import UnitOfWork

KEY_FILE = "audit-signing-key.pem"


@dataclass(frozen=True)
class Checkpoint:
    """The chain held `seq` entries, the last hashed `hash`, at `at`; signed by `public_key` (hex)."""

    seq: int
    hash: str
    at: str
    public_key: str
    signature: str

    def message(self) -> bytes:
        return json.dumps({"at": self.at, "hash": self.hash, "seq": self.seq}, sort_keys=True).encode()

    def describe(self, line: int) -> str:
        return f"checkpoint {line} (entry {self.seq}, signed {self.at})"


@dataclass(frozen=True)
class AuditVerdict:
    """What `relos audit verify` found: the chain's length, the checkpoints checked and every problem (the
    first names the first bad entry or the checkpoint the chain contradicts), then records that disagree."""

    entries: int
    checkpoints: int
    problems: list[str]
    discrepancies: list[RecordDiscrepancy]

    @property
    def intact(self) -> bool:
        return not self.problems and not self.discrepancies


def signing_key(data_dir: Path) -> Ed25519PrivateKey:
    """The instance's key, made on first use (owner-only permissions); a key others may read is refused."""
    path = data_dir / KEY_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: use theirs
            return signing_key(data_dir)
        with os.fdopen(fd, "wb") as out:
            out.write(pem)
        return key
    if os.name == "posix" and stat.S_IMODE(path.stat().st_mode) & 0o077:
        raise Conflict.of(
            "conflict.audit_signing_key_may_read",
            "the audit signing key {path} may be read by others than its owner: chmod 600 it",
            path=path,
        )
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, Ed25519PrivateKey):
        raise Conflict.of("conflict.does_not_hold_ed25519_key", "{path} does not hold an Ed25519 key", path=path)
    return loaded


def verifying_key(data_dir: Path) -> Ed25519PublicKey | None:
    """The public half of the instance's key, None when it has none yet (verifying makes no key)."""
    return signing_key(data_dir).public_key() if (data_dir / KEY_FILE).exists() else None


def _public_hex(key: Ed25519PublicKey) -> str:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()


def write_checkpoint(uow: UnitOfWork, *, key: Ed25519PrivateKey, path: Path, now: datetime) -> Checkpoint:
    """Sign the chain's head and append it to `path`; an altered chain is refused (never signed)."""
    with uow:
        report = uow.audit.verify()
    if not report.intact:
        raise Conflict.of(
            "conflict.audit_chain_broken_entry",
            "the audit chain is broken at entry {first_broken_seq}: {reason}",
            first_broken_seq=report.first_broken_seq,
            reason=report.reason,
        )
    at = now.astimezone(UTC).isoformat().replace("+00:00", "Z")
    unsigned = Checkpoint(report.entries, report.head_hash or "0" * 64, at, _public_hex(key.public_key()), "")
    signed = Checkpoint(**{**asdict(unsigned), "signature": key.sign(unsigned.message()).hex()})
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(asdict(signed), sort_keys=True) + "\n"
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line.encode())  # one write of one line on an append-only descriptor
        os.fsync(fd)
    finally:
        os.close(fd)
    return signed


def read_checkpoints(path: Path) -> list[Checkpoint]:
    """Every checkpoint in the file, oldest first; none when there is no file."""
    if not path.exists():
        return []
    found = []
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not text.strip():
            continue
        try:
            data: Any = json.loads(text)
            found.append(
                Checkpoint(
                    int(data["seq"]), str(data["hash"]), str(data["at"]), str(data["public_key"]), data["signature"]
                )
            )
        except (ValueError, KeyError, TypeError):
            raise InvalidInput(
                FieldProblem.of("checkpoint", "not_signed_checkpoint", "not a signed checkpoint", line=number),
                source=str(path),
            )
    return found


def _contradiction(uow: UnitOfWork, cp: Checkpoint, line: int, keys: dict[str, Ed25519PublicKey], good: int) -> str:
    public = keys.get(cp.public_key)
    if public is None:
        return f"{cp.describe(line)} is signed by another key than this instance's"
    try:
        public.verify(bytes.fromhex(cp.signature), cp.message())
    except (InvalidSignature, ValueError):
        return f"{cp.describe(line)} has a bad signature: the checkpoint file was altered"
    length = uow.audit.length()
    if cp.seq > length:
        return (
            f"the chain ends at entry {length} but {cp.describe(line)} covers entry {cp.seq}: "
            f"entries {length + 1} to {cp.seq} were cut from the end"
        )
    if cp.seq and uow.audit.hash_at(cp.seq) != cp.hash:
        return (
            f"entry {cp.seq} contradicts {cp.describe(line)}: the chain was rewritten and re-hashed "
            f"(the first rewritten entry lies after entry {good} and at or before entry {cp.seq})"
        )
    return ""


def verify_audit(
    uow: UnitOfWork,
    *,
    public_key: Ed25519PublicKey | None,
    checkpoints: Path,
    retired: list[Ed25519PublicKey] | None = None,
) -> AuditVerdict:
    """The chain links and seals, then agrees with every signed checkpoint, then each audited record's current
    row agrees with its history. Without a key (`public_key` None) checkpoints cannot be trusted: any is a
    problem (the key was lost or moved). A checkpoint signed by a `retired` key of this instance (one rotated
    out: relos.services.exchange.keys) verifies against it."""
    signed = read_checkpoints(checkpoints)
    keys = {_public_hex(k): k for k in [*(retired or []), *([public_key] if public_key is not None else [])]}
    problems: list[str] = []
    if public_key is None and signed:
        problems.append(f"{checkpoints} holds {len(signed)} checkpoint(s) but this instance has no signing key")
    with uow:
        report = uow.audit.verify()
        if not report.intact:
            problems.append(f"entry {report.first_broken_seq}: {report.reason}")
        good = 0
        for line, cp in enumerate(signed, start=1):
            found = _contradiction(uow, cp, line, keys, good) if public_key is not None else ""
            if found:
                problems.append(found)
                break
            good = cp.seq
        discrepancies = uow.audit.replay()
    return AuditVerdict(report.entries, len(signed), problems, discrepancies)

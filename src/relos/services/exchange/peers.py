"""Use cases of the instance and its partners: give the instance its party (`relos init --party`), add a
partner's public key after both staffs read its fingerprint aloud, list and revoke partner keys.

An instance belongs to one party for its whole life: set once, never changed, and then holds that party's users
only (relos.services.people.users refuses others). An instance without a party is
the joint one (both parties' users in one database) and exchanges nothing. Only an administrator (or the
operator at the console) manages keys; every change is in the audit trail.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from relos.domain.actor import Actor, Role
from relos.domain.errors import Conflict, InvalidInput, NotFound
from relos.domain.exchange.fingerprints import key_id, spoken
from relos.domain.parties import party_problem
from relos.services.exchange.keys import raw
from relos.services.exchange.outbox import own_party_or_refuse
from relos.services.exchange.ports import PartnerAddress, PeerKey
from relos.services.people.authority import require_role
from relos.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class PeerView:
    """A partner key as staff see it."""

    party: str
    key_id: str
    fingerprint: str
    public_key: str  # base64 of the raw key
    added_at: datetime
    added_by: str
    revoked_at: datetime | None


def _view(k: PeerKey) -> PeerView:
    data = bytes.fromhex(k.public_key)
    return PeerView(
        k.party, k.key_id, spoken(data), base64.b64encode(data).decode(), k.added_at, k.added_by, k.revoked_at
    )


def _party(value: str, field: str) -> str:
    found = party_problem(value, field=field)
    if found is not None:
        raise InvalidInput(found)
    return value


def set_instance_party(uow: UnitOfWork, *, actor: Actor, party: str, now: datetime | None = None) -> str:
    """Make this instance `party`'s own (once); the same party again changes nothing."""
    require_role(actor, Role.ADMINISTRATOR, action="setting the instance's party")
    _party(party, "party")
    with uow:
        current = uow.exchange.own_party()
        if current == party:
            return party
        if current is not None:
            raise Conflict.of(
                "conflict.exchange_instance_party_set",
                "this instance belongs to {current} and stays so: another party runs an instance of its own",
                current=current,
            )
        others = sorted({u.user.party for u in uow.users.list()} - {party})
        if others:
            raise Conflict.of(
                "conflict.exchange_instance_holds_other_users",
                "this instance holds users of {others}: an instance of {party} holds {party}'s users only",
                others=", ".join(others),
                party=party,
            )
        uow.exchange.set_own_party(party, at=now or datetime.now(UTC))
        uow.audit.record(
            actor=actor, action="exchange.instance_party_set", entity="instance", entity_id="1", before=None,
            after={"party": party},
        )  # fmt: skip
        uow.commit()
    return party


def instance_party(uow: UnitOfWork) -> str | None:
    """The party this instance belongs to; None for the joint instance."""
    with uow:
        return uow.exchange.own_party()


def parse_public_key(text: str) -> Ed25519PublicKey:
    """An Ed25519 public key from base64 of its raw 32 bytes, or from a PEM text; InvalidInput naming `key`."""
    stripped = text.strip()
    if stripped.startswith("-----BEGIN"):
        try:
            loaded = serialization.load_pem_public_key(stripped.encode())
        except ValueError:
            loaded = None
        if isinstance(loaded, Ed25519PublicKey):
            return loaded
        raise InvalidInput.of("key", "exchange_key_not_ed25519_pem", "the PEM text is not an Ed25519 public key")
    try:
        data = base64.b64decode(stripped, validate=True)
    except (binascii.Error, ValueError):
        data = b""
    if len(data) != 32:
        raise InvalidInput.of(
            "key",
            "exchange_key_not_base64_32",
            "is neither base64 of a 32-byte Ed25519 public key nor a PEM public key",
        )
    return Ed25519PublicKey.from_public_bytes(data)


def add_peer(uow: UnitOfWork, *, actor: Actor, party: str, key: str, now: datetime | None = None) -> PeerView:
    """Add `party`'s public key (`key`: base64 or PEM). Read its fingerprint aloud with the partner's staff
    before relying on it: whoever handed over the key could have swapped it."""
    require_role(actor, Role.ADMINISTRATOR, action="adding a partner's key")
    _party(party, "party")
    public = parse_public_key(key)
    data = raw(public)
    at = now or datetime.now(UTC)
    with uow:
        own = own_party_or_refuse(uow)
        if party == own:
            raise InvalidInput.of(
                "party", "exchange_peer_is_self", "{party} is this instance's own party, not a partner", party=party
            )
        found = uow.exchange.peer_key(key_id(data))
        if found is not None:
            raise Conflict.of(
                "conflict.exchange_key_known",
                "this key is known already, as {party}'s (fingerprint {fingerprint})",
                party=found.party,
                fingerprint=spoken(data),
            )
        peer = PeerKey(key_id(data), party, data.hex(), at, actor.user_id)
        uow.exchange.add_peer_key(peer)
        uow.audit.record(
            actor=actor, action="exchange.peer_key_added", entity="peer_key", entity_id=peer.key_id, before=None,
            after={"party": party, "fingerprint": spoken(data)},
        )  # fmt: skip
        uow.commit()
    return _view(peer)


def list_peers(uow: UnitOfWork, *, actor: Actor, party: str | None = None) -> list[PeerView]:
    require_role(actor, Role.ADMINISTRATOR, Role.AUDITOR, action="listing partners' keys")
    with uow:
        return [_view(k) for k in uow.exchange.peer_keys(party)]


def revoke_peer(uow: UnitOfWork, *, actor: Actor, key_id: str, now: datetime | None = None) -> PeerView:
    """A revoked key verifies nothing from now on: a document it signs is refused."""
    require_role(actor, Role.ADMINISTRATOR, action="revoking a partner's key")
    at = now or datetime.now(UTC)
    with uow:
        found = uow.exchange.peer_key(key_id)
        if found is None:
            raise NotFound("partner key", key_id)
        if found.revoked_at is not None:
            raise Conflict.of("conflict.exchange_key_revoked_already", "key {key_id} is revoked already", key_id=key_id)
        uow.exchange.revoke_peer_key(key_id, at=at, by=actor.user_id)
        uow.audit.record(
            actor=actor, action="exchange.peer_key_revoked", entity="peer_key", entity_id=key_id,
            before={"revoked": False}, after={"revoked": True, "party": found.party},
        )  # fmt: skip
        uow.commit()
        revoked = uow.exchange.peer_key(key_id)
    assert revoked is not None
    return _view(revoked)


@dataclass(frozen=True)
class AddressView:
    party: str
    url: str
    every_seconds: int


def set_address(
    uow: UnitOfWork, *, actor: Actor, party: str, url: str, every_seconds: int = 60, now: datetime | None = None
) -> AddressView:
    """Where `party`'s instance takes bundles (its https:// address); the server syncs with it every
    `every_seconds` (at least 1)."""
    require_role(actor, Role.ADMINISTRATOR, action="setting a partner's address")
    _party(party, "party")
    if not url.startswith(("https://", "http://")) or len(url) > 500:
        raise InvalidInput.of("url", "exchange_url_not_http", "{url!r} is not an https:// address", url=url)
    if not 1 <= every_seconds <= 86_400:
        raise InvalidInput.of(
            "every", "exchange_sync_period", "{every} is not a number of seconds from 1 to 86400", every=every_seconds
        )
    with uow:
        own_party_or_refuse(uow)
        uow.exchange.set_address(PartnerAddress(party, url, every_seconds, now or datetime.now(UTC), actor.user_id))
        uow.audit.record(
            actor=actor, action="exchange.address_set", entity="partner_address", entity_id=party, before=None,
            after={"url": url, "every_seconds": every_seconds},
        )  # fmt: skip
        uow.commit()
    return AddressView(party, url, every_seconds)


def list_addresses(uow: UnitOfWork, *, actor: Actor) -> list[AddressView]:
    require_role(actor, Role.ADMINISTRATOR, Role.AUDITOR, action="listing partners' addresses")
    with uow:
        return [AddressView(a.party, a.url, a.every_seconds) for a in uow.exchange.addresses()]

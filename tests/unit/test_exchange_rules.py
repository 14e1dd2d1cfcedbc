"""The exchange's pure rules and its signing: where a received document stands on its channel, what an
envelope must hold, how a key is read aloud, that one changed byte breaks a signature, and the instance key's
rotation (owner-only, the old public key kept, checkpoints it signed still verifying)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from relos.domain.errors import InvalidInput
from relos.domain.exchange.channel import Standing, Taken, missing, standing
from relos.domain.exchange.envelope import NO_PREVIOUS, DocumentType, read_envelope
from relos.domain.exchange.fingerprints import key_id, spoken
from relos.services.exchange import keys
from relos.services.exchange.peers import parse_public_key
from relos.services.exchange.signing import canonical, document_hash, sign, signature_holds

H1, H2, H3 = "1" * 64, "2" * 64, "3" * 64
AFTER_ONE = Taken(1, H1)


def test_the_next_document_naming_the_last_ones_hash_is_taken() -> None:
    assert standing(seq=2, prev=H1, document_hash=H2, taken=AFTER_ONE, hash_taken_at=None) is Standing.NEXT
    assert standing(seq=1, prev=NO_PREVIOUS, document_hash=H1, taken=Taken(0, NO_PREVIOUS), hash_taken_at=None) is (
        Standing.NEXT
    )


def test_a_replayed_document_is_recognised_by_its_number_and_hash() -> None:
    assert standing(seq=1, prev=NO_PREVIOUS, document_hash=H1, taken=AFTER_ONE, hash_taken_at=H1) is Standing.REPLAY


def test_a_document_after_a_gap_is_early_and_the_gap_is_named() -> None:
    assert standing(seq=4, prev=H3, document_hash=H2, taken=AFTER_ONE, hash_taken_at=None) is Standing.EARLY
    assert missing(AFTER_ONE, [4, 6]) == [2, 3, 5]
    assert missing(AFTER_ONE, []) == []


def test_another_document_under_a_taken_number_or_naming_another_predecessor_forks_the_channel() -> None:
    assert standing(seq=1, prev=NO_PREVIOUS, document_hash=H3, taken=AFTER_ONE, hash_taken_at=H1) is Standing.FORKED
    assert standing(seq=2, prev=H3, document_hash=H2, taken=AFTER_ONE, hash_taken_at=None) is Standing.FORKED


def _document(**changes: object) -> dict[str, object]:
    base: dict[str, object] = {
        "type": "deployment.request", "version": 1, "id": "01a2413c-7ef1-7e45-a3a0-401263779432",
        "record": "01a2413c-7ef0-7b0b-80f5-41acc0296636", "agreement": "relos-ind-rus", "sender": "IND",
        "receiver": "RUS", "seq": 1, "prev": NO_PREVIOUS, "issued_at": "2026-02-01T00:00:00Z", "key": H1, "body": {},
    }  # fmt: skip
    return base | changes


def test_an_envelope_is_read_field_by_field() -> None:
    envelope = read_envelope(_document(), where="document 1")
    assert envelope.type is DocumentType.DEPLOYMENT_REQUEST and envelope.seq == 1 and envelope.sequenced


def test_every_wrong_field_of_an_envelope_is_named() -> None:
    with pytest.raises(InvalidInput) as refused:
        read_envelope(_document(type="gift", receiver="XYZ", seq=0, id="x", prev="abc", version=2), where="d")
    fields = {p.field: p.code for p in refused.value.problems}
    assert fields == {
        "type": "exchange_unknown_type", "receiver": "not_assigned_iso_3166_1", "seq": "exchange_bad_seq",
        "id": "exchange_not_uuid", "prev": "exchange_not_hash", "version": "exchange_unknown_version",
    }  # fmt: skip
    assert refused.value.source == "d"


def test_a_fingerprint_is_eight_groups_of_four_hex_digits_of_the_keys_sha256() -> None:
    raw = bytes(range(32))
    assert spoken(raw) == " ".join(key_id(raw)[i : i + 4].upper() for i in range(0, 32, 4))
    assert len(spoken(raw).split()) == 8


def test_canonical_json_is_rfc_8785_and_one_changed_byte_breaks_the_signature(tmp_path: Path) -> None:
    assert canonical({"b": 1, "a": [1.0, "é"]}) == '{"a":[1,"é"],"b":1}'.encode()
    key = keys.current_key(tmp_path)
    signed = sign(_document(body={"personnel": 600}), key)
    assert signature_holds(signed, key.public_key(), where="d")
    assert not signature_holds({**signed, "body": {"personnel": 700}}, key.public_key(), where="d")
    assert document_hash(signed) != document_hash({**signed, "seq": 2})


def test_rotation_keeps_the_key_owner_only_and_the_old_public_key_for_verification(tmp_path: Path) -> None:
    first = keys.key_list(tmp_path)[0]
    old, new = keys.rotate(tmp_path)
    assert old.key_id == first.key_id and new.key_id != first.key_id
    assert stat.S_IMODE((tmp_path / "audit-signing-key.pem").stat().st_mode) == 0o600
    listed = keys.key_list(tmp_path)
    assert [(k.key_id, k.current) for k in listed] == [(new.key_id, True), (old.key_id, False)]
    assert [keys.KeyInfo.of(k, current=False).key_id for k in keys.retired_public_keys(tmp_path)] == [old.key_id]


def test_a_partners_key_is_read_from_base64_or_pem_and_anything_else_is_refused_naming_the_field(
    tmp_path: Path,
) -> None:
    public = keys.current_key(tmp_path).public_key()
    info = keys.KeyInfo.of(public, current=True)
    assert keys.raw(parse_public_key(info.public_key)) == keys.raw(public)
    from cryptography.hazmat.primitives import serialization

    pem = public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    assert keys.raw(parse_public_key(pem)) == keys.raw(public)
    for bad in ("not a key", "QUJD", "-----BEGIN PUBLIC KEY-----\nxx\n-----END PUBLIC KEY-----"):
        with pytest.raises(InvalidInput) as refused:
            parse_public_key(bad)
        assert refused.value.problems[0].field == "key"

"""The administrator's partners page through HTTP on both databases: the instance's party and its own key's
fingerprint to read aloud; adding the partner's key (shown with the fingerprint its staff read), refused on the
page naming the field when it is no key; revoking it; the joint instance says it exchanges nothing; in Russian.
A party's instance holds its own party's users only, and a joint instance with both parties' users stays joint."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient
from tests.e2e import web_helpers as w

from relos.db.runtime import Database
from relos.domain.actor import Actor
from relos.domain.errors import Conflict
from relos.domain.exchange.fingerprints import spoken
from relos.services.exchange import keys, peers
from relos.services.people import users


@pytest.fixture
def client(loaded: Database) -> Iterator[TestClient]:
    w.add_people(loaded)
    with w.client_for(loaded) as c:
        yield c


@pytest.fixture
def indian_client(loaded: Database) -> Iterator[TestClient]:
    """India's own instance: its party set first, then its administrator (it holds India's users only)."""
    peers.set_instance_party(loaded.uow(), actor=Actor.operator("test"), party="IND")
    users.create_user(
        loaded.uow(), actor=Actor.operator("test"), user_id="ind.admin", party="IND",
        roles=["administrator", "auditor"], password=w.PASSWORD,
    )  # fmt: skip
    with w.client_for(loaded) as c:
        yield c


def hidden(html: str, action: str) -> dict[str, str]:
    form = html.split(f'action="{action}"', 1)[1].split("</form>", 1)[0]
    return dict(re.findall(r'type="hidden" name="([a-z]+)" value="([^"]*)"', form))


def test_an_administrator_reads_the_own_fingerprint_adds_and_revokes_the_partners_key(
    indian_client: TestClient, loaded: Database, data_dir: Path
) -> None:
    client = indian_client
    own = keys.key_list(data_dir)[0]
    page = w.sign_in(client, "ind.admin").get("/admin/partners").text
    assert own.fingerprint in page and own.public_key in page
    refused = client.post("/admin/partners", data={**hidden(page, "/admin/partners"), "party": "RUS",
                                                   "public_key": "not a key"})  # fmt: skip
    assert (refused.status_code == 422 and 'data-field="key"' in refused.text) or "<code>key</code>" in refused.text
    raw = (
        Ed25519PrivateKey.generate()
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )
    page = client.get("/admin/partners").text
    data = {**hidden(page, "/admin/partners"), "party": "rus", "public_key": base64.b64encode(raw).decode()}
    added = client.post("/admin/partners", data=data)
    assert added.status_code == 200 and spoken(raw) in added.text and 'id="done"' in added.text
    (peer,) = peers.list_peers(loaded.uow(), actor=Actor.operator("test"))
    assert peer.party == "RUS" and peer.revoked_at is None
    action = f"/admin/partners/{peer.key_id}/revoke"
    revoked = client.post(action, data=hidden(added.text, action))
    assert revoked.status_code == 200 and action not in revoked.text
    (peer,) = peers.list_peers(loaded.uow(), actor=Actor.operator("test"))
    assert peer.revoked_at is not None
    russian = client.get("/admin/partners?lang=ru").text
    assert "Партнёры и ключи" in russian and "Ключи партнёров" in russian and "Partners' keys" not in russian


def test_the_joint_instance_says_it_exchanges_nothing(client: TestClient) -> None:
    page = w.sign_in(client, "rus.admin").get("/admin/partners").text
    assert "it exchanges nothing" in page and 'action="/admin/partners"' not in page


def test_a_party_instance_holds_its_own_partys_users_only(indian_client: TestClient, loaded: Database) -> None:
    with pytest.raises(Conflict) as refused:
        users.create_user(
            loaded.uow(), actor=Actor.operator("test"), user_id="rus.admin", party="RUS", roles=["administrator"],
            password=w.PASSWORD,
        )  # fmt: skip
    assert refused.value.code == "conflict.exchange_user_of_other_party"


def test_a_joint_instance_holding_both_parties_users_cannot_become_one_partys(
    client: TestClient, loaded: Database
) -> None:
    with pytest.raises(Conflict) as refused:
        peers.set_instance_party(loaded.uow(), actor=Actor.operator("test"), party="IND")
    assert refused.value.code == "conflict.exchange_instance_holds_other_users"
    assert peers.instance_party(loaded.uow()) is None


def test_a_user_who_is_no_administrator_is_refused(client: TestClient) -> None:
    r = w.sign_in(client, "rus.logistics").get("/admin/partners")
    assert r.status_code == 403

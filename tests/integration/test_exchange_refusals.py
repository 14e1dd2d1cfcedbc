"""What an instance refuses of a partner's bundle, and how: one altered byte, a file cut short, a bundle for
another party, an unknown or revoked key — refused as a whole, nothing applied, the refusal audited; a replay
ignored; a gap waited out; a document breaking a rule here answered by a signed refusal naming the rule; an import
that crashes halfway leaves each document applied whole or not at all, and importing again completes it; what the
partner decides cannot be decided in this instance."""

from __future__ import annotations

import json

import pytest
from tests.integration.exchange_helpers import (
    NOW,
    OPERATOR,
    Instance,
    closed_base,
    requested,
)

from relos.domain.deployments.model import DeploymentStatus
from relos.domain.errors import Forbidden, InvalidInput
from relos.domain.exchange.envelope import DocumentType
from relos.services.deployments import lifecycle
from relos.services.exchange import bundles, inbox, keys, peers, status


def _refused(russia: Instance, data: bytes) -> str:
    with pytest.raises(InvalidInput) as refused:
        russia.take(data)
    return refused.value.problems[0].code


def _nothing_applied(russia: Instance, deployment_id: str) -> None:
    assert russia.deployment(deployment_id) is None
    with russia.db.uow(read_only=True) as uow:
        assert uow.exchange.inbox("IND") == []
        refused = [e for e in uow.audit.entries(entity="bundle") if e.action == "exchange.bundle_refused"]
    assert len(refused) == 1 and refused[0].after is not None and refused[0].after["problems"]


def test_refuses_a_bundle_with_one_altered_byte(instances: tuple[Instance, Instance]) -> None:
    india, russia = instances
    deployment_id = requested(india)
    data = india.export("RUS")
    at = data.index(b'"personnel":600') + len(b'"personnel":')
    altered = data[:at] + b"7" + data[at + 1 :]
    assert _refused(russia, altered) == "exchange_signature_bad"
    _nothing_applied(russia, deployment_id)


def test_refuses_a_truncated_file(instances: tuple[Instance, Instance]) -> None:
    india, russia = instances
    deployment_id = requested(india)
    data = india.export("RUS")
    assert _refused(russia, data[: len(data) - 40]) == "exchange_bundle_unreadable"
    _nothing_applied(russia, deployment_id)


def test_refuses_a_bundle_for_another_party(instances: tuple[Instance, Instance]) -> None:
    india, _ = instances
    requested(india)
    with pytest.raises(InvalidInput) as refused:
        india.take(india.export("RUS"))  # India's own bundle for Russia, brought to India
    assert refused.value.problems[0].code == "exchange_wrong_receiver"


def test_refuses_a_key_it_does_not_know_then_takes_it_once_added(instances: tuple[Instance, Instance]) -> None:
    india, russia = instances
    deployment_id = requested(india)
    keys.rotate(india.data_dir)  # India signs with a new key Russia's staff have not added yet
    data = india.export("RUS")
    assert _refused(russia, data) == "exchange_unknown_key"
    _nothing_applied(russia, deployment_id)
    peers.add_peer(russia.db.uow(), actor=OPERATOR, party="IND", key=keys.key_list(india.data_dir)[0].public_key)
    assert len(russia.take(data).applied) == 1


def test_refuses_a_revoked_key(instances: tuple[Instance, Instance]) -> None:
    india, russia = instances
    deployment_id = requested(india)
    (known,) = peers.list_peers(russia.db.uow(), actor=OPERATOR, party="IND")
    peers.revoke_peer(russia.db.uow(), actor=OPERATOR, key_id=known.key_id, now=NOW)
    assert _refused(russia, india.export("RUS")) == "exchange_revoked_key"
    _nothing_applied(russia, deployment_id)


def test_a_document_after_a_gap_waits_for_the_missing_one(instances: tuple[Instance, Instance]) -> None:
    india, russia = instances
    first, second = requested(india), requested(india, start=20, end=30)
    full = json.loads(india.export("RUS"))
    ack, _, doc2 = full["documents"]
    only_second = bundles.write(sender="IND", receiver="RUS", documents=[ack, doc2], key=india.key, now=NOW)
    report = russia.take(only_second)
    assert report.applied == [] and report.waiting == [2] and report.missing == [1]
    assert russia.deployment(second) is None
    report = russia.take(india.export("RUS"))
    assert len(report.applied) == 2 and report.waiting == [] and report.replayed == [2]  # taken once, from waiting
    assert russia.deployment(first).status is DeploymentStatus.SUBMITTED
    assert russia.deployment(second).status is DeploymentStatus.SUBMITTED


def test_a_request_breaking_a_rule_at_the_host_is_refused_by_a_signed_refusal_naming_it(
    instances: tuple[Instance, Instance],
) -> None:
    """Russia's catalogue does not open the base to India (India's does): Russia alone knows it."""
    india, russia = instances
    with russia.db.uow() as uow:
        uow.facilities.save(closed_base(), imported_from="test")
        uow.commit()
    deployment_id = requested(india)
    report = russia.take(india.export("RUS"))
    assert report.applied == [] and [r["rules"][0]["rule"] for r in report.refused] == ["not_open_under"]
    assert russia.deployment(deployment_id) is None
    back = india.take(russia.export("IND"))
    assert back.acknowledged == 1 and len(back.applied) == 1
    (channel,) = status.exchange_status(india.db.uow(), actor=OPERATOR, now=NOW).channels
    assert [r["rules"][0]["rule"] for r in channel.refused_by_partner] == ["not_open_under"]
    assert india.deployment(deployment_id).status is DeploymentStatus.SUBMITTED


def test_an_import_that_crashes_halfway_is_completed_by_importing_again(
    instances: tuple[Instance, Instance], monkeypatch: pytest.MonkeyPatch
) -> None:
    india, russia = instances
    first, second = requested(india), requested(india, start=20, end=30)
    data = india.export("RUS")
    take = inbox._TAKE[DocumentType.DEPLOYMENT_REQUEST]
    calls: list[str] = []

    def crashing(uow: object, **kwargs: object) -> object:
        calls.append(str(kwargs["record_id"]))
        if len(calls) == 2:
            raise RuntimeError("the machine lost power")
        return take(uow, **kwargs)

    monkeypatch.setitem(inbox._TAKE, DocumentType.DEPLOYMENT_REQUEST, crashing)
    with pytest.raises(RuntimeError):
        russia.take(data)
    assert russia.deployment(first) is not None and russia.deployment(second) is None
    monkeypatch.setitem(inbox._TAKE, DocumentType.DEPLOYMENT_REQUEST, take)
    again = russia.take(data)
    assert again.replayed == [1] and [line.split()[0] for line in again.applied] == ["2"]
    assert russia.deployment(second) is not None
    with russia.db.uow(read_only=True) as uow:
        assert [d.seq for d in uow.exchange.inbox("IND")] == [1, 2]


def test_what_the_partner_decides_cannot_be_decided_in_this_instance(instances: tuple[Instance, Instance]) -> None:
    india, russia = instances
    deployment_id = requested(india)
    russia.take(india.export("RUS"))
    with pytest.raises(Forbidden) as refused:  # India's operator cannot approve what Russia hosts
        lifecycle.approve_deployment(india.db.uow(), actor=OPERATOR, deployment_id=deployment_id, now=NOW)
    assert refused.value.code == "forbidden.exchange_partner_decides"
    with pytest.raises(Forbidden) as refused:  # nor Russia's cancel what India requested
        lifecycle.cancel_deployment(
            russia.db.uow(), actor=OPERATOR, deployment_id=deployment_id, reason="not ours to cancel", now=NOW
        )
    assert refused.value.code == "forbidden.exchange_partner_decides"
    assert india.deployment(deployment_id).status is russia.deployment(deployment_id).status

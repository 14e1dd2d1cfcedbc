"""The connected way between two instances: this instance posts its bundle to the partner's inbox over HTTPS
(`/api/v1/exchange/inbox`) and imports the answer — the same documents, the same checks, as by file.

A partner that does not answer (down, unreachable, overloaded: no answer or a 5xx) is tried again after 1, 2, 4…
seconds (at most a minute apart) up to `attempts` times; then the sync stops saying so, with nothing lost: the
documents stay unacknowledged and the next sync sends them again. A partner that refuses the bundle (4xx) is not
tried again: its problem is said.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from relos.domain.actor import Actor
from relos.domain.errors import Conflict, InvalidInput
from relos.services.exchange.inbox import ImportReport, import_bundle
from relos.services.exchange.outbox import export_bundle
from relos.services.unit_of_work import UnitOfWork

INBOX_PATH = "/api/v1/exchange/inbox"
#: Posts a bundle, returns the answer; raises PartnerDown when the partner did not answer.
Post = Callable[[bytes], bytes]


class PartnerDown(Exception):
    """The partner's instance did not answer (worth trying again later)."""


def http_post(base_url: str, *, timeout: float = 30.0) -> Post:
    """A `Post` to the partner's inbox at `base_url` (e.g. https://relos.mil.example)."""
    if not base_url.startswith(("https://", "http://")):
        raise InvalidInput.of("url", "exchange_url_not_http", "{url!r} is not an https:// address", url=base_url)
    url = base_url.rstrip("/") + INBOX_PATH

    def post(data: bytes) -> bytes:
        request = urllib.request.Request(url, data=data, method="POST", headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                body: bytes = answer.read()
                return body
        except urllib.error.HTTPError as failed:
            if failed.code >= 500:
                raise PartnerDown(f"HTTP {failed.code}") from None
            try:
                detail = str(json.loads(failed.read()).get("detail", ""))
            except ValueError:
                detail = ""
            raise Conflict.of(
                "conflict.exchange_partner_refused",
                "the partner's instance refused the bundle (HTTP {status}): {detail}",
                status=failed.code,
                detail=detail,
            ) from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as failed:
            raise PartnerDown(str(getattr(failed, "reason", failed))) from None

    return post


def sync(
    uow: UnitOfWork, *, actor: Actor, peer: str, key: Ed25519PrivateKey, now: datetime, post: Post,
    attempts: int = 5, sleep: Callable[[float], None] = time.sleep,
) -> ImportReport:  # fmt: skip
    """Send everything unacknowledged to `peer` and import its answer; tries `attempts` times with back-off."""
    data, _ = export_bundle(uow, actor=actor, peer=peer, key=key, now=now)
    delay = 1.0
    for attempt in range(1, attempts + 1):
        try:
            answer = post(data)
            break
        except PartnerDown as down:
            if attempt == attempts:
                raise Conflict.of(
                    "conflict.exchange_partner_unreachable",
                    "{peer}'s instance did not answer after {attempts} attempts ({reason}): nothing is lost, the "
                    "next sync sends it all again",
                    peer=peer,
                    attempts=attempts,
                    reason=str(down),
                ) from None
            sleep(delay)
            delay = min(delay * 2, 60.0)
    return import_bundle(uow, actor=actor, data=answer, where=f"the answer of {peer}", key=key, now=now)

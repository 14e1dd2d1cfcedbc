"""/api/v1/exchange/inbox: the partner's instance posts a signed bundle and gets this instance's answer bundle
(its acknowledgement, any refusal, and whatever else is due to the partner). No token: the bundle's and each
document's signatures by a partner key this instance holds authenticate it; anything else is refused whole
(422, nothing applied) exactly as `relos exchange import` refuses it, and the refusal is logged (relos.exchange,
a warning naming each problem's code) besides its entry in the audit trail."""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from relos.api.deps import ClockDep, DatabaseDep
from relos.api.schemas.exchange import ExchangeBundle
from relos.domain.actor import Actor
from relos.domain.errors import InvalidInput
from relos.services.exchange import inbox as service
from relos.services.exchange import outbox
from relos.services.exchange.keys import current_key

router = APIRouter(prefix="/exchange", tags=["exchange"])
#: Who the inbox acts as: this instance itself, taking what its partner signed.
INBOX = Actor.operator("exchange-inbox")
log = logging.getLogger("relos.exchange")


@router.post(
    "/inbox",
    response_class=Response,
    responses={200: {"model": ExchangeBundle, "description": "this instance's answer bundle"}},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ExchangeBundle"}}},
        }
    },
)
async def post_inbox(request: Request, database: DatabaseDep, clock: ClockDep) -> Response:
    """Take a partner's bundle (applied exactly once; a replay is ignored) and answer with this instance's."""
    data = await request.body()
    key = current_key(request.app.state.settings.data_dir)
    now = clock.now()

    def take() -> bytes:
        try:
            report = service.import_bundle(database.uow(), actor=INBOX, data=data, where="bundle", key=key, now=now)
        except InvalidInput as refused:
            codes = [p.refusal_code or p.field for p in refused.problems]
            log.warning("refused a partner's bundle: %s", "; ".join(str(p) for p in refused.problems),
                        extra={"refused": codes})  # fmt: skip
            raise
        answer, _ = outbox.export_bundle(database.uow(), actor=INBOX, peer=report.sender, key=key, now=now)
        return answer

    return Response(await run_in_threadpool(take), media_type="application/json")

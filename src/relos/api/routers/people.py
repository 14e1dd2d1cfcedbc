"""/api/v1/users, /api/v1/me and /api/v1/tokens: people and their API tokens."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response

from relos.api.deps import ActorDep, CredentialDep, PlainUowDep, UowDep
from relos.api.schemas.people import IssuedTokenOut, TokenIn, TokenOut, UserIn, UserOut
from relos.services.people import tokens as token_service
from relos.services.people import users as user_service
from relos.services.people.ports import Credential

router = APIRouter(tags=["people"])

UserId = Annotated[str, Path(pattern=r"^[a-z][a-z0-9._-]{1,63}$", max_length=64)]
TokenId = Annotated[str, Path(min_length=1, max_length=64)]


def _token(c: Credential) -> dict[str, Any]:
    return {
        "id": c.credential_id,
        "user_id": c.user_id,
        "name": c.name,
        "created_at": c.created_at,
        "expires_at": c.expires_at,
        "revoked_at": c.revoked_at,
    }


@router.get("/me", response_model=UserOut)
def me(uow: UowDep, actor: ActorDep) -> dict[str, object]:
    return user_service.get_user(uow, actor=actor, user_id=actor.user_id).summary()


@router.get("/users", response_model=list[UserOut])
def list_users(uow: UowDep, actor: ActorDep) -> list[dict[str, object]]:
    return [u.summary() for u in user_service.list_users(uow, actor=actor)]


@router.get("/users/{user_id}", response_model=UserOut)
def get_user(user_id: UserId, uow: UowDep, actor: ActorDep) -> dict[str, object]:
    return user_service.get_user(uow, actor=actor, user_id=user_id).summary()


@router.post("/users", response_model=UserOut, status_code=201)
def create_user(body: UserIn, uow: UowDep, actor: ActorDep) -> dict[str, object]:
    user = user_service.create_user(
        uow,
        actor=actor,
        user_id=body.user_id,
        party=body.party,
        roles=[r.value for r in body.roles],
        password=body.password,
        display_name=body.display_name,
        language=body.language,
    )
    return user.summary()


@router.post("/users/{user_id}/disable", response_model=UserOut)
def disable_user(user_id: UserId, uow: UowDep, actor: ActorDep) -> dict[str, object]:
    return user_service.set_user_disabled(uow, actor=actor, user_id=user_id, disabled=True).summary()


@router.post("/users/{user_id}/enable", response_model=UserOut)
def enable_user(user_id: UserId, uow: UowDep, actor: ActorDep) -> dict[str, object]:
    return user_service.set_user_disabled(uow, actor=actor, user_id=user_id, disabled=False).summary()


@router.get("/tokens", response_model=list[TokenOut])
def list_tokens(
    uow: UowDep,
    actor: ActorDep,
    user_id: Annotated[str | None, Query(pattern=r"^[a-z][a-z0-9._-]{1,63}$")] = None,
) -> list[dict[str, Any]]:
    return [_token(c) for c in token_service.list_tokens(uow, actor=actor, user_id=user_id or actor.user_id)]


@router.post("/tokens", response_model=IssuedTokenOut, status_code=201)
def issue_token(body: TokenIn, uow: PlainUowDep, actor: ActorDep, issuer: CredentialDep) -> dict[str, Any]:
    """The token expires with the credential issuing it at the latest, is revoked with it, and never holds a role
    its issuer's user lacks. `Idempotency-Key` is ignored: the answer holds the secret, which is never stored."""
    issued = token_service.issue_token(
        uow,
        actor=actor,
        user_id=body.user_id or actor.user_id,
        name=body.name,
        lifetime=timedelta(days=body.days),
        now=datetime.now(UTC),
        issuer=issuer,
    )
    return {**_token(issued.credential), "token": issued.secret}


@router.delete("/tokens/{token_id}", status_code=204, response_class=Response)
def revoke_token(token_id: TokenId, uow: UowDep, actor: ActorDep) -> Response:
    token_service.revoke_token(uow, actor=actor, token_id=token_id, now=datetime.now(UTC))
    return Response(status_code=204)

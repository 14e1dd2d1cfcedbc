"""The users page (`/admin/users`): the party's users with their roles, language and state; administrators
create a user, disable or enable one, set a user's roles and language. services.people decides who may do what
(an administrator manages their own party's users; the last active administrator stays)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from relos.domain.actor import Role
from relos.domain.errors import NotFound, RelosError
from relos.services.people import profiles, users
from relos.web import session as web
from relos.web.admin.common import new_key, once
from relos.web.common import Csrf, form_session, page_error, render, render_error, to_sign_in

router = APIRouter(include_in_schema=False)
ROLES = [r.value for r in Role]
Key = Annotated[str, Form(max_length=64)]


@router.get("/admin/users", response_class=HTMLResponse)
def users_page(request: Request) -> Response:
    session = web.current_session(request)
    if session is None:
        return to_sign_in()
    try:
        found = users.list_users(web.database(request).uow(read_only=True), actor=session.actor)
    except RelosError as exc:
        return render_error(request, session, page_error(exc))
    return render(
        request,
        "admin/users.html",
        session,
        users=found,
        roles=ROLES,
        may_manage=Role.ADMINISTRATOR in session.actor.roles,
        key=new_key(),
        csrf=session.csrf,
    )


@router.post("/admin/users", response_class=HTMLResponse)
async def create_user(
    request: Request,
    csrf: Csrf = "",
    key: Key = "",
    user_id: Annotated[str, Form(max_length=64)] = "",
    display_name: Annotated[str, Form(max_length=200)] = "",
    language: Annotated[str, Form(max_length=2)] = "en",
    password: Annotated[str, Form(max_length=1_024)] = "",
) -> Response:
    session = form_session(request, csrf)
    if isinstance(session, Response):
        return session
    roles = [str(r) for r in (await request.form()).getlist("roles")][:20]
    fields = {"user_id": user_id.strip(), "display_name": display_name, "language": language,
              "roles": " ".join(roles)}  # fmt: skip
    party = session.actor.party or ""
    return once(
        request, session, key=key, fields=fields, done=["admin.user_created"], anchor="#users",
        call=lambda uow: users.create_user(
            uow, actor=session.actor, user_id=user_id.strip(), party=party, roles=roles, password=password,
            display_name=display_name.strip(), language=language,
        ),
    )  # fmt: skip


@router.post("/admin/users/{user_id}/{step}", response_class=HTMLResponse)
async def change_user(
    request: Request,
    user_id: str,
    step: str,
    csrf: Csrf = "",
    key: Key = "",
    language: Annotated[str, Form(max_length=2)] = "",
) -> Response:
    """Disable, enable, set the roles (`roles`, one field per role) or the language of one user."""
    session = form_session(request, csrf)
    if isinstance(session, Response):
        return session
    actor = session.actor
    roles = [str(r) for r in (await request.form()).getlist("roles")][:20]
    calls = {
        "disable": (lambda uow: users.set_user_disabled(uow, actor=actor, user_id=user_id, disabled=True)),
        "enable": (lambda uow: users.set_user_disabled(uow, actor=actor, user_id=user_id, disabled=False)),
        "roles": (lambda uow: profiles.set_user_roles(uow, actor=actor, user_id=user_id, roles=roles)),
        "language": (lambda uow: profiles.set_user_language(uow, actor=actor, user_id=user_id, language=language)),
    }
    if step not in calls:
        return render_error(request, session, page_error(_no_such_step(step)))
    fields = {"user": user_id, "roles": " ".join(roles), "language": language}
    return once(request, session, key=key, fields=fields, call=calls[step], done=[f"admin.user_{step}"],
                anchor=f"#user-{user_id}")  # fmt: skip


def _no_such_step(step: str) -> RelosError:
    return NotFound("page", step[:40])

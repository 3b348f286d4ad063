"""User administration: create, deactivate and reactivate users, and reset passwords."""

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import HTMLResponse

from gateway import identity
from gateway.pages.responses import redirect
from gateway.session import end_sessions_of, page_roles
from gateway.templating import render
from services.kit.auth import HUMAN_ROLES, Role
from services.kit.routing import SessionDep, TransactionalRoute

router = APIRouter(
    prefix="/admin",
    include_in_schema=False,
    dependencies=[Depends(page_roles(Role.ADMIN))],
    route_class=TransactionalRoute,
)


async def _page(
    request: Request,
    session: SessionDep,
    *,
    form: dict[str, object] | None = None,
    errors: dict[str, str] | None = None,
    notice: str | None = None,
    status_code: int = 200,
    block: str | None = None,
) -> HTMLResponse:
    users = await identity.list_users(session)
    return render(
        request,
        "admin_users.html",
        {
            "users": users,
            "all_roles": [r.value for r in HUMAN_ROLES],
            "form": form or {"username": "", "display_name": "", "roles": []},
            "errors": errors or {},
            "notice": notice,
        },
        status_code=status_code,
        block=block,
    )


@router.get("/users", response_class=HTMLResponse)
async def users_page(request: Request, session: SessionDep, notice: str | None = None) -> Response:
    """Every user with their roles and state, and a form to add one."""
    return await _page(request, session, notice=notice)


@router.post("/users", response_class=HTMLResponse)
async def create_user(
    request: Request,
    session: SessionDep,
    username: Annotated[str, Form(max_length=64)] = "",
    display_name: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
    roles: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Create a user; errors re-render the form with what was typed (except the password)."""
    chosen = [r for r in (roles or []) if r in {role.value for role in HUMAN_ROLES}]
    form: dict[str, object] = {"username": username, "display_name": display_name, "roles": chosen}
    errors: dict[str, str] = {}
    if not username.strip() or not all(c.isalnum() or c in "._-" for c in username.strip()):
        errors["username"] = "username_invalid"
    if not display_name.strip():
        errors["display_name"] = "required"
    if len(password) < identity.MIN_PASSWORD_LENGTH:
        errors["password"] = "password_short"  # noqa: S105 - an error code, not a password
    if not chosen:
        errors["roles"] = "roles_required"
    if not errors:
        try:
            await identity.create_user(
                session,
                username=username,
                display_name=display_name,
                roles=[Role(r) for r in chosen],
                password=password,
            )
        except identity.UsernameTaken:
            errors["username"] = "username_taken"
    if errors:
        return await _page(request, session, form=form, errors=errors, status_code=422, block="user_form")
    return redirect(request, "/admin/users?notice=created")


@router.post("/users/{user_id}/active")
async def set_active(
    request: Request, session: SessionDep, user_id: int, active: Annotated[bool, Form()]
) -> Response:
    """Deactivate or reactivate a user; a deactivated user can no longer log in or get tokens."""
    user = await identity.set_active(session, user_id=user_id, active=active)
    if not active:
        await end_sessions_of(request, session, identity.user_principal(user).subject)
    return redirect(request, f"/admin/users?notice={'activated' if active else 'deactivated'}")


@router.post("/users/{user_id}/password", response_class=HTMLResponse)
async def reset_password(
    request: Request, session: SessionDep, user_id: int, password: Annotated[str, Form(max_length=256)] = ""
) -> Response:
    """Set a new password chosen by the administrator, to be handed to the user."""
    try:
        user = await identity.reset_password(session, user_id=user_id, password=password)
    except identity.WeakPassword:
        return await _page(request, session, notice="password_short", status_code=422)
    await end_sessions_of(request, session, identity.user_principal(user).subject)
    return redirect(request, "/admin/users?notice=password_reset")

"""User administration pages: list, create, validate, deactivate, reactivate and reset passwords."""

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from gateway.models import User
from services.kit.state import process_of
from tests.gateway.conftest import running
from tests.gateway.helpers import DEMO_USERNAMES, HTMX, PAGE, log_in, password_grant, submit, user_id
from tests.support import asgi_client

NEW_PASSWORD = "correct-horse-battery"
NEW_USER = {
    "username": "birgit",
    "display_name": "Birgit Bruger",
    "password": NEW_PASSWORD,
    "roles": ["analyst"],
}


@pytest.fixture
async def admin(gateway_app: FastAPI, database_urls: dict[str, str]) -> AsyncIterator[httpx.AsyncClient]:
    """A browser logged in as the demo administrator."""
    async with running(gateway_app, database_urls) as http:
        assert (await log_in(http, "admin")).status_code == 303
        yield http


async def user_count(app: FastAPI) -> int:
    async with process_of(app).session_factory() as session:
        return int(await session.scalar(select(func.count(User.id))) or 0)


async def test_the_users_page_lists_the_demo_users(admin: httpx.AsyncClient) -> None:
    response = await admin.get("/admin/users", headers=PAGE)

    assert response.status_code == 200
    for username in DEMO_USERNAMES:
        assert f'<th scope="row">{username} ' in response.text
    assert "Olivia Boligkonsulent" in response.text


async def test_a_created_user_can_get_a_token(admin: httpx.AsyncClient, gateway_app: FastAPI) -> None:
    response = await submit(admin, "/admin/users", NEW_USER)

    assert response.status_code == 303
    assert response.headers["location"] == "/admin/users?notice=created"
    token = await password_grant(admin, "birgit", NEW_PASSWORD)
    assert token.status_code == 200
    listing = await admin.get("/admin/users", headers=PAGE)
    assert "Birgit Bruger" in listing.text
    async with process_of(gateway_app).session_factory() as session:
        user = await session.scalar(select(User).where(User.username == "birgit"))
    assert user is not None
    assert user.roles == ["analyst"]
    assert NEW_PASSWORD not in user.password_hash


async def test_several_roles_can_be_given(admin: httpx.AsyncClient, gateway_app: FastAPI) -> None:
    await submit(admin, "/admin/users", {**NEW_USER, "roles": ["manager", "analyst"]})

    async with process_of(gateway_app).session_factory() as session:
        user = await session.scalar(select(User).where(User.username == "birgit"))
    assert user is not None
    assert user.roles == ["analyst", "manager"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"username": "bad name!"}, "Brug bogstaver, tal, punktum, bindestreg eller understreg."),
        ({"username": ""}, "Brug bogstaver, tal, punktum, bindestreg eller understreg."),
        ({"display_name": "  "}, "Udfyld feltet."),
        ({"password": "short"}, "Adgangskoden skal være mindst 12 tegn."),
        ({"roles": []}, "Vælg mindst én rolle."),
        ({"roles": ["housing_org"]}, "Vælg mindst én rolle."),
    ],
    ids=["username-chars", "username-empty", "name-blank", "password-short", "no-role", "machine-role"],
)
async def test_an_invalid_form_is_re_rendered_with_the_error_and_nothing_stored(
    admin: httpx.AsyncClient, gateway_app: FastAPI, change: dict[str, object], message: str
) -> None:
    before = await user_count(gateway_app)

    response = await submit(admin, "/admin/users", {**NEW_USER, **change})

    assert response.status_code == 422
    assert message in response.text
    assert 'id="user-form"' in response.text
    assert NEW_PASSWORD not in response.text
    assert await user_count(gateway_app) == before


async def test_the_re_rendered_form_keeps_what_was_typed(admin: httpx.AsyncClient) -> None:
    response = await submit(admin, "/admin/users", {**NEW_USER, "password": "short", "roles": ["manager"]})

    assert 'value="Birgit Bruger"' in response.text
    assert 'value="manager" class="form-checkbox" checked' in response.text


async def test_htmx_gets_only_the_form_block_on_error(admin: httpx.AsyncClient) -> None:
    response = await submit(admin, "/admin/users", {**NEW_USER, "password": "short"}, **HTMX)

    assert response.status_code == 422
    assert "<html" not in response.text
    assert 'data-testid="users-table"' not in response.text
    assert 'id="user-form"' in response.text


async def test_htmx_create_answers_with_hx_redirect(admin: httpx.AsyncClient) -> None:
    response = await submit(admin, "/admin/users", NEW_USER, **HTMX)

    assert response.headers["hx-redirect"] == "/admin/users?notice=created"


async def test_a_duplicate_username_is_refused(admin: httpx.AsyncClient, gateway_app: FastAPI) -> None:
    before = await user_count(gateway_app)

    response = await submit(admin, "/admin/users", {**NEW_USER, "username": "Analyst"})

    assert response.status_code == 422
    assert "Brugernavnet er allerede i brug." in response.text
    assert await user_count(gateway_app) == before
    # The existing analyst keeps their own password.
    assert (await password_grant(admin, "analyst", "demo")).status_code == 200


async def test_a_deactivated_user_cannot_log_in_until_reactivated(
    admin: httpx.AsyncClient, gateway_app: FastAPI
) -> None:
    officer = await user_id(gateway_app, "officer")

    deactivated = await submit(admin, f"/admin/users/{officer}/active", {"active": "false"})

    assert deactivated.status_code == 303
    assert deactivated.headers["location"] == "/admin/users?notice=deactivated"
    assert (await password_grant(admin, "officer")).status_code == 400
    async with asgi_client(gateway_app) as officer_browser:
        assert (await log_in(officer_browser, "officer")).status_code == 401

    reactivated = await submit(admin, f"/admin/users/{officer}/active", {"active": "true"})

    assert reactivated.headers["location"] == "/admin/users?notice=activated"
    assert (await password_grant(admin, "officer")).status_code == 200


async def test_a_new_password_replaces_the_old_one(admin: httpx.AsyncClient, gateway_app: FastAPI) -> None:
    manager = await user_id(gateway_app, "manager")

    response = await submit(admin, f"/admin/users/{manager}/password", {"password": NEW_PASSWORD})

    assert response.status_code == 303
    assert response.headers["location"] == "/admin/users?notice=password_reset"
    assert (await password_grant(admin, "manager", NEW_PASSWORD)).status_code == 200
    assert (await password_grant(admin, "manager", "demo")).status_code == 400


async def test_a_short_new_password_is_refused_and_the_old_one_kept(
    admin: httpx.AsyncClient, gateway_app: FastAPI
) -> None:
    manager = await user_id(gateway_app, "manager")

    response = await submit(admin, f"/admin/users/{manager}/password", {"password": "short"})

    assert response.status_code == 422
    assert "Adgangskoden blev ikke ændret" in response.text
    assert (await password_grant(admin, "manager", "demo")).status_code == 200
    assert (await password_grant(admin, "manager", "short")).status_code == 400


async def test_a_password_for_an_unknown_user_is_a_404_page(admin: httpx.AsyncClient) -> None:
    response = await submit(admin, "/admin/users/999999/password", {"password": NEW_PASSWORD})

    assert response.status_code == 404
    assert "Adgangskoden blev ikke ændret" not in response.text


async def test_deactivating_an_unknown_user_is_a_404_page(admin: httpx.AsyncClient) -> None:
    response = await submit(admin, "/admin/users/999999/active", {"active": "false"})

    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("username", ["analyst", "manager", "caseworker"])
async def test_other_roles_get_a_403_page_and_change_nothing(
    client: httpx.AsyncClient, gateway_app: FastAPI, username: str
) -> None:
    await log_in(client, username)
    before = await user_count(gateway_app)

    page = await client.get("/admin/users", headers=PAGE)
    post = await submit(client, "/admin/users", NEW_USER)
    deactivate = await submit(
        client, f"/admin/users/{await user_id(gateway_app, 'admin')}/active", {"active": "false"}
    )

    assert page.status_code == 403
    assert "Ingen adgang" in page.text
    assert post.status_code == 403
    assert deactivate.status_code == 403
    assert await user_count(gateway_app) == before
    assert (await password_grant(client, "admin")).status_code == 200

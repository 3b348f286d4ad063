"""The stack the end-to-end tests share (with the browser tests), and the demo identities' tokens on it."""

from typing import NamedTuple

import httpx
import pytest

from tests.processes import Stack

SERVICES = ("categorisation", "allocation", "referrals")


class Identity(NamedTuple):
    """A demo identity of CONTRACT § 2 and what every service must read from its token."""

    form: dict[str, str]
    subject: str
    kind: str
    name: str
    roles: list[str]
    housing_org: str | None = None


def person(username: str, name: str, role: str) -> Identity:
    form = {"grant_type": "password", "username": username, "password": "demo"}
    return Identity(form, f"user:{username}", "user", name, [role])


DEMO_IDENTITIES = {
    "admin": person("admin", "Alma Administrator", "admin"),
    "analyst": person("analyst", "Anders Analytiker", "analyst"),
    "officer": person("officer", "Olivia Boligkonsulent", "allocation_officer"),
    "caseworker": person("caseworker", "Karen Sagsbehandler", "caseworker"),
    "manager": person("manager", "Mads Leder", "manager"),
    "housing-org-demo": Identity(
        {"grant_type": "client_credentials", "client_id": "housing-org-demo", "client_secret": "demo"},
        "client:housing-org-demo",
        "client",
        "Demo Boligorganisation",
        ["housing_org"],
        "demo-boligorganisation",
    ),
}
DEMO_USERS = [name for name, identity in DEMO_IDENTITIES.items() if identity.kind == "user"]


def get_token(gateway: str, identity: Identity) -> str:
    response = httpx.post(f"{gateway}/auth/token", data=identity.form, timeout=10)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] > 0
    return str(body["access_token"])


@pytest.fixture(scope="session")
def stack(shared_stack: Stack) -> Stack:
    """The worker's shared stack (tests/conftest.py); a test that stops a process starts it again before
    it ends."""
    return shared_stack


@pytest.fixture(scope="session")
def gateway(stack: Stack) -> str:
    return stack.url("gateway")


@pytest.fixture(scope="session")
def tokens(gateway: str) -> dict[str, str]:
    """A token for every demo identity, fetched once."""
    return {name: get_token(gateway, identity) for name, identity in DEMO_IDENTITIES.items()}

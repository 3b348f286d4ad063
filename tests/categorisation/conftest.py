"""Fixtures of the categorisation tests: the app on each backend, a rolled-back client, role headers."""

from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from fastapi import FastAPI

from services.categorisation.config import CategorisationSettings
from services.categorisation.main import create_app
from services.kit.auth import Role
from tests.conftest import serving
from tests.support import KeyPair, bearer, token_for

MACHINE_ROLES = (Role.HOUSING_ORG, Role.SYSTEM)


def headers_for(keys: KeyPair, role: Role) -> dict[str, str]:
    """Bearer headers of a caller holding exactly `role` (machine roles as a client)."""
    kind = "client" if role in MACHINE_ROLES else "user"
    return bearer(token_for(keys, role, subject=f"{kind}:{role.value}", kind=kind))


@pytest.fixture
def categorisation_app(
    service_settings: Callable[[type[CategorisationSettings]], CategorisationSettings],
) -> FastAPI:
    return create_app(service_settings(CategorisationSettings))


@pytest.fixture
async def client(
    categorisation_app: FastAPI, database_urls: dict[str, str]
) -> AsyncIterator[httpx.AsyncClient]:
    """The categorisation app in-process; every write is rolled back after the test."""
    async with serving(categorisation_app, database_urls) as http:
        yield http


@pytest.fixture
def analyst(keys: KeyPair) -> dict[str, str]:
    return headers_for(keys, Role.ANALYST)


@pytest.fixture
def as_role(keys: KeyPair) -> Callable[[Role], dict[str, str]]:
    return lambda role: headers_for(keys, role)

"""Fixtures of the categorisation tests: the app on each backend, a rolled-back client, role headers."""

from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from fastapi import FastAPI

from services.categorisation.config import CategorisationSettings
from services.categorisation.main import create_app
from services.kit.auth import Role
from tests import support
from tests.conftest import serving
from tests.support import KeyPair, as_new


def headers_for(keys: KeyPair, role: Role) -> dict[str, str]:
    """Bearer headers of a caller holding exactly `role` (machine roles as a client), signed once a run."""
    return support.headers_for(keys, role)


@pytest.fixture(scope="session")
def categorisation_app_of_run(
    database_urls: dict[str, str], keys: KeyPair, tmp_path_factory: pytest.TempPathFactory
) -> FastAPI:
    """One app per backend for the run (see `as_new`); each test gets it as new, in its own transaction."""
    settings = CategorisationSettings(
        database_url=database_urls["categorisation"],
        VAR_DIR=str(tmp_path_factory.mktemp("categorisation-var")),
        JWT_PUBLIC_KEY_FILE=str(keys.public_path),
    )
    return create_app(settings)


@pytest.fixture
async def categorisation_app(categorisation_app_of_run: FastAPI) -> AsyncIterator[FastAPI]:
    async with as_new(categorisation_app_of_run) as app:
        yield app


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

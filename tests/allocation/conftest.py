"""Fixtures of the allocation tests: the app on each backend with a fake categorisation service, a clock,
a rolled-back client and role headers."""

from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from fastapi import FastAPI

from services.allocation.config import AllocationSettings
from services.allocation.main import create_app
from services.kit.auth import Role
from services.kit.clock import today as municipal_today
from tests.allocation.factories import ORG_A, ORG_B, Clock, FakeCategorisation, headers_for
from tests.conftest import serving
from tests.support import KeyPair


@pytest.fixture
def fake_categorisation() -> FakeCategorisation:
    return FakeCategorisation()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def allocation_app(
    service_settings: Callable[[type[AllocationSettings]], AllocationSettings],
    fake_categorisation: FakeCategorisation,
    clock: Clock,
) -> FastAPI:
    app = create_app(
        service_settings(AllocationSettings),
        categorisation_transport=httpx.MockTransport(fake_categorisation.handle),
    )
    app.dependency_overrides[municipal_today] = lambda: clock.today
    return app


@pytest.fixture
async def client(allocation_app: FastAPI, database_urls: dict[str, str]) -> AsyncIterator[httpx.AsyncClient]:
    """The allocation app in-process; every write is rolled back after the test."""
    async with serving(allocation_app, database_urls) as http:
        yield http


@pytest.fixture
def officer(keys: KeyPair) -> dict[str, str]:
    return headers_for(keys, Role.ALLOCATION_OFFICER)


@pytest.fixture
def org_a(keys: KeyPair) -> dict[str, str]:
    return headers_for(keys, Role.HOUSING_ORG, ORG_A)


@pytest.fixture
def org_b(keys: KeyPair) -> dict[str, str]:
    return headers_for(keys, Role.HOUSING_ORG, ORG_B)


@pytest.fixture
def as_role(keys: KeyPair) -> Callable[..., dict[str, str]]:
    return lambda role, housing_org=None: headers_for(keys, role, housing_org)

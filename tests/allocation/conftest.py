"""Fixtures of the allocation tests: the app on each backend with a fake categorisation service, a clock,
a rolled-back client and role headers."""

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field

import httpx
import pytest
from fastapi import FastAPI

from gateway.config import GatewaySettings
from gateway.main import create_app as create_gateway
from services.allocation.config import AllocationSettings
from services.allocation.main import create_app
from services.kit.auth import Role
from services.kit.clock import today as municipal_today
from tests.allocation.common_agreement_stack import (  # noqa: F401 - fixtures of the common agreement tests
    allocation_in_front,
    analyst,
    categorisation_behind,
    stack,
    upstream,
)
from tests.allocation.factories import ORG_A, ORG_B, Clock, FakeCategorisation, headers_for
from tests.conftest import serving
from tests.support import KeyPair, as_new


@dataclass
class PerTest:
    """What the app reaches for the test now running: its fake categorisation service and its clock."""

    categorisation: FakeCategorisation = field(default_factory=FakeCategorisation)
    clock: Clock = field(default_factory=Clock)


@pytest.fixture(scope="session")
def per_test() -> PerTest:
    return PerTest()


@pytest.fixture
def fake_categorisation(per_test: PerTest) -> FakeCategorisation:
    per_test.categorisation = FakeCategorisation()
    return per_test.categorisation


@pytest.fixture
def clock(per_test: PerTest) -> Clock:
    per_test.clock = Clock()
    return per_test.clock


def build_app(settings: AllocationSettings, per_test: PerTest) -> FastAPI:
    app = create_app(
        settings,
        categorisation_transport=httpx.MockTransport(lambda request: per_test.categorisation.handle(request)),
    )
    app.dependency_overrides[municipal_today] = lambda: per_test.clock.today
    return app


@pytest.fixture(scope="session")
def allocation_app_of_run(
    database_urls: dict[str, str], keys: KeyPair, tmp_path_factory: pytest.TempPathFactory, per_test: PerTest
) -> FastAPI:
    """One app per backend for the run (see `as_new`); each test gets it as new, in its own transaction."""
    settings = AllocationSettings(
        database_url=database_urls["allocation"],
        VAR_DIR=str(tmp_path_factory.mktemp("allocation-var")),
        JWT_PUBLIC_KEY_FILE=str(keys.public_path),
    )
    return build_app(settings, per_test)


@pytest.fixture
async def allocation_app(
    request: pytest.FixtureRequest,
    allocation_app_of_run: FastAPI,
    per_test: PerTest,
    fake_categorisation: FakeCategorisation,
    clock: Clock,
) -> AsyncIterator[FastAPI]:
    """The run's app as new, with this test's fake categorisation and clock; a test marked `own_app`
    (it runs the app's lifespan, whose end closes the app's clients) gets an app made for it alone."""
    if request.node.get_closest_marker("own_app"):
        service_settings: Callable[[type[AllocationSettings]], AllocationSettings]
        service_settings = request.getfixturevalue("service_settings")
        yield build_app(service_settings(AllocationSettings), per_test)
        return
    async with as_new(allocation_app_of_run) as app:
        yield app


@pytest.fixture(scope="session")
def pages_gateway(
    database_urls: dict[str, str], keys: KeyPair, tmp_path_factory: pytest.TempPathFactory
) -> FastAPI:
    """The gateway in front of the officer's pages (test_pages*), one per backend for the run."""
    settings = GatewaySettings(
        database_url=database_urls["gateway"],
        jwt_private_key_file=keys.private_path,
        VAR_DIR=str(tmp_path_factory.mktemp("gateway-var")),
    )
    return create_gateway(settings)


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

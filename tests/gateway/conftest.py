"""Fixtures of the gateway tests: the app with demo identities, faked upstreams, real service apps."""

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import inspect, select

from gateway import demo
from gateway.config import SERVICES, GatewaySettings
from gateway.main import create_app
from gateway.models import Client, User
from services.allocation.config import AllocationSettings
from services.allocation.main import create_app as create_allocation
from services.categorisation.config import CategorisationSettings
from services.categorisation.main import create_app as create_categorisation
from services.kit.state import process_of
from services.referrals.config import ReferralsSettings
from services.referrals.main import create_app as create_referrals
from tests.conftest import serving
from tests.gateway.helpers import FakeService, close_upstreams, gateway_as_new, plug_upstream
from tests.support import KeyPair

SettingsFactory = Callable[..., GatewaySettings]
# The root conftest's factory: settings of the given class on its migrated test database.
ServiceSettings = Callable[[type[Any]], Any]


@pytest.fixture
def gateway_settings(
    service_settings: ServiceSettings,
    database_urls: dict[str, str],
    keys: KeyPair,
) -> SettingsFactory:
    """Gateway settings on the test database and key; `service_settings` has set VAR_DIR and the key env."""

    def build(**overrides: Any) -> GatewaySettings:
        return GatewaySettings(
            database_url=database_urls["gateway"], jwt_private_key_file=keys.private_path, **overrides
        )

    return build


@pytest.fixture(scope="session")
def gateway_app_of_run(
    database_urls: dict[str, str], keys: KeyPair, tmp_path_factory: pytest.TempPathFactory
) -> FastAPI:
    """One gateway per backend for the run; each test gets it as new (`gateway_as_new`)."""
    settings = GatewaySettings(
        database_url=database_urls["gateway"],
        jwt_private_key_file=keys.private_path,
        VAR_DIR=str(tmp_path_factory.mktemp("gateway-var")),
    )
    return create_app(settings)


@pytest.fixture
async def gateway_app(request: pytest.FixtureRequest, gateway_app_of_run: FastAPI) -> AsyncIterator[FastAPI]:
    """The run's gateway as new; a test marked `own_app` gets one made for it alone."""
    if request.node.get_closest_marker("own_app"):
        yield create_app(request.getfixturevalue("gateway_settings")())
        return
    async with gateway_as_new(gateway_app_of_run) as app:
        yield app


# The demo identities' rows as demo.load made them, once per run: hashing their passwords costs about
# a second per test on a busy machine, and copying the rows gives the same accounts without it.
_demo_rows: list[tuple[type[User] | type[Client], dict[str, Any]]] = []


def _values(row: User | Client) -> dict[str, Any]:
    # Without the id, so that the database's own sequence numbers later rows without collisions.
    return {c.key: getattr(row, c.key) for c in inspect(type(row)).column_attrs if c.key != "id"}


async def load_demo(app: FastAPI) -> None:
    """The demo identities of CONTRACT § 2, inside the test's rolled-back transaction."""
    async with process_of(app).session_factory() as session:
        if _demo_rows:
            session.add_all(model(**values) for model, values in _demo_rows)
        else:
            assert await demo.load(session) == len(demo.DEMO_USERS) + len(demo.DEMO_CLIENTS)
            await session.flush()
            for model in (User, Client):
                _demo_rows.extend((model, _values(row)) for row in await session.scalars(select(model)))
        await session.commit()


@asynccontextmanager
async def running(app: FastAPI, database_urls: dict[str, str]) -> AsyncIterator[httpx.AsyncClient]:
    """The gateway in-process with the demo identities; all of it rolled back afterwards."""
    async with serving(app, database_urls) as client:
        await load_demo(app)
        try:
            yield client
        finally:
            await close_upstreams(app)


@pytest.fixture
async def client(gateway_app: FastAPI, database_urls: dict[str, str]) -> AsyncIterator[httpx.AsyncClient]:
    async with running(gateway_app, database_urls) as http:
        yield http


@pytest.fixture
def fakes(gateway_app: FastAPI) -> dict[str, FakeService]:
    """Every upstream faked at the transport, each answering 200 until a test says otherwise."""
    services = {name: FakeService() for name in SERVICES}
    for name, fake in services.items():
        plug_upstream(gateway_app, name, httpx.MockTransport(fake))
    return services


@pytest.fixture
async def real_services(
    gateway_app: FastAPI, service_settings: ServiceSettings
) -> AsyncIterator[dict[str, FastAPI]]:
    """The three real service apps as the gateway's upstreams, in-process (contract tests)."""
    apps = {
        "categorisation": create_categorisation(service_settings(CategorisationSettings)),
        "allocation": create_allocation(service_settings(AllocationSettings)),
        "referrals": create_referrals(service_settings(ReferralsSettings)),
    }
    for name, app in apps.items():
        plug_upstream(gateway_app, name, httpx.ASGITransport(app=app))
    yield apps
    for app in apps.values():
        await process_of(app).engine.dispose()

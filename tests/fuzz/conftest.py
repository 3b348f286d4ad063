"""Fixtures of the API fuzz tests: each service in-process on its own migrated, demo-seeded database.

The fuzzer writes for real (schemathesis drives the app from its own event loop thread, so the rolled-back
connection of the other tests cannot be shared); each run therefore gets fresh databases of its own,
SQLite files or one scratch PostgreSQL database, which no other test sees.
"""

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import httpx
import pytest
import schemathesis
from fastapi import FastAPI
from schemathesis.python import asgi as schemathesis_asgi
from schemathesis.specs.openapi.schemas import OpenApiSchema
from sqlalchemy.ext.asyncio import AsyncSession

from ops import migrate
from services.allocation import demo as allocation_demo
from services.allocation.config import AllocationSettings
from services.allocation.main import create_app as create_allocation_app
from services.allocation.state import AllocationState
from services.categorisation import demo as categorisation_demo
from services.categorisation.config import CategorisationSettings
from services.categorisation.main import create_app as create_categorisation_app
from services.categorisation.state import CategorisationState
from services.kit import db
from services.kit.auth import MACHINE_ROLES, Role
from services.kit.state import state_of
from services.referrals import demo as referrals_demo
from services.referrals.config import ReferralsSettings
from services.referrals.limits import ReportThrottle
from services.referrals.main import REPORT_WINDOW_SECONDS
from services.referrals.main import create_app as create_referrals_app
from services.referrals.state import ReferralsState
from tests.support import (
    KeyPair,
    bearer,
    cached_token,
    create_scratch_database,
    drop_scratch_database,
    postgres_url_or_skip,
)

FUZZED = ("categorisation", "allocation", "referrals")
HOUSING_ORG = allocation_demo.DEMO_ORG  # the demo organisation that owns most demo areas


@pytest.fixture(scope="session")
def fuzz_database_urls(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Fresh migrated databases for the fuzzer alone (its writes are kept, so no other test shares them)."""
    if backend == "sqlite":
        directory = tmp_path_factory.mktemp("fuzz-sqlite")
        urls = {s: f"sqlite:///{(directory / s).as_posix()}.db" for s in FUZZED}
        for schema, url in urls.items():
            migrate.upgrade((schema,), url)
        yield urls
        return
    server = postgres_url_or_skip()
    url = create_scratch_database(server)
    try:
        migrate.upgrade(FUZZED, url)
        yield dict.fromkeys(FUZZED, url)
    finally:
        drop_scratch_database(server, url)


def _seed(url: str, schema: str, load: Callable[[AsyncSession], Awaitable[int]]) -> None:
    """Load demo data through an engine of its own, so the app's pool never meets another event loop."""

    async def run() -> None:
        engine = db.create_engine(url, schema=schema)
        try:
            async with db.session_factory(engine)() as session, session.begin():
                await load(session)
        finally:
            await engine.dispose()

    # In a thread of its own: asyncio.run here would unset the main thread's loop under pytest-asyncio.
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(asyncio.run, run()).result()


@dataclass
class FuzzTarget:
    """One service under the fuzzer: its app, its loaded OpenAPI and a bearer header per role."""

    name: str
    app: FastAPI
    schema: OpenApiSchema
    keys: KeyPair

    def headers(self, role: Role) -> dict[str, str]:
        """A caller holding exactly `role`; the housing organisation speaks for the demo organisation."""
        kind = "client" if role in MACHINE_ROLES else "user"
        housing_org = HOUSING_ORG if role is Role.HOUSING_ORG else None
        token = cached_token(
            self.keys, role, subject=f"{kind}:{role.value}", kind=kind, housing_org=housing_org
        )
        return bearer(token)


def _common(keys: KeyPair, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return {
        "VAR_DIR": str(tmp_path_factory.mktemp("fuzz-var")),
        "JWT_PUBLIC_KEY_FILE": str(keys.public_path),
        # No gateway runs beside the fuzzed app: polling a list nobody serves would close every route after
        # 60 s (fail closed), and a long fuzz run would read that as 503s. The list has its own tests.
        "REVOCATION_LIST_URL": "",
    }


@pytest.fixture(scope="session")
def categorisation_fuzz_app(
    fuzz_database_urls: dict[str, str], keys: KeyPair, tmp_path_factory: pytest.TempPathFactory
) -> FastAPI:
    url = fuzz_database_urls["categorisation"]
    app = create_categorisation_app(
        CategorisationSettings(database_url=url, **_common(keys, tmp_path_factory))
    )
    config = state_of(app, CategorisationState).config
    _seed(url, "categorisation", lambda s: categorisation_demo.load(s, config=config))
    return app


@pytest.fixture(scope="session")
def allocation_fuzz_app(
    fuzz_database_urls: dict[str, str],
    keys: KeyPair,
    tmp_path_factory: pytest.TempPathFactory,
    categorisation_fuzz_app: FastAPI,
) -> FastAPI:
    """Allocation reads the real categorisation app, in-process, with the caller's token."""
    url = fuzz_database_urls["allocation"]
    app = create_allocation_app(
        AllocationSettings(database_url=url, **_common(keys, tmp_path_factory)),
        categorisation_transport=httpx.ASGITransport(app=categorisation_fuzz_app),
    )
    _seed(url, "allocation", lambda s: allocation_demo.load(s, state_of(app, AllocationState).config))
    return app


@pytest.fixture(scope="session")
def referrals_fuzz_app(
    fuzz_database_urls: dict[str, str], keys: KeyPair, tmp_path_factory: pytest.TempPathFactory
) -> FastAPI:
    url = fuzz_database_urls["referrals"]
    settings = ReferralsSettings(database_url=url, **_common(keys, tmp_path_factory))
    app = create_referrals_app(settings)
    # The public report limit (30 an hour per client) would turn the fuzzer's reports into 429s after the
    # first few; a wide limit keeps the intake under test (the 429 itself has its own test).
    state = state_of(app, ReferralsState)
    state.report_throttle = ReportThrottle(100_000, REPORT_WINDOW_SECONDS)
    _seed(url, "referrals", lambda s: referrals_demo.load(s, settings, state.cipher))
    return app


@pytest.fixture(scope="session")
def fuzz_lifespans(fuzz_database_urls: dict[str, str]) -> Iterator[None]:
    """schemathesis starts each app's lifespan once and keeps it; end them before the databases go."""
    yield
    schemathesis_asgi.shutdown_lifespans()


@pytest.fixture
def fuzz_target(
    request: pytest.FixtureRequest, service: str, keys: KeyPair, fuzz_lifespans: None
) -> FuzzTarget:
    """The service named by the test's `service` parameter, its OpenAPI loaded from the app itself."""
    app: FastAPI = request.getfixturevalue(f"{service}_fuzz_app")
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    # The document's first server is the gateway's /api/<service> prefix ("Try it out" through the
    # gateway); here the service itself is called, at its own root.
    schema.config.update(base_url="http://testserver")
    return FuzzTarget(service, app, schema, keys)

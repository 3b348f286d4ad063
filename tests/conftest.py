"""Fixtures for every test package: keys, a database per backend with the real migrations, apps, the
running stack; and how the run is shared among pytest-xdist's workers."""

import os
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TypeVar

import httpx
import pytest
from fastapi import FastAPI

from ops import migrate
from services.kit.settings import CommonSettings
from services.kit.state import process_of
from tests.processes import Stack, running_stack
from tests.support import (
    FAST_ARGON2,
    KeyPair,
    asgi_client,
    create_scratch_database,
    drop_scratch_database,
    make_keypair,
    postgres_url_or_skip,
    rolled_back,
)

BACKENDS = ["sqlite", "postgres"]
SettingsT = TypeVar("SettingsT", bound=CommonSettings)
TESTS = Path(__file__).resolve().parent


def pytest_addoption(parser: pytest.Parser, pluginmanager: pytest.PytestPluginManager) -> None:
    # With `-p no:xdist` (to debug in one process) the -n and --dist of addopts would be unknown options.
    if not pluginmanager.has_plugin("xdist"):
        group = parser.getgroup("xdist", "without pytest-xdist: its options in addopts are ignored")
        # `_addoption`, as pytest-xdist itself does: pytest keeps lowercase short options for plugins.
        group._addoption("-n", "--numprocesses", dest="numprocesses", default=None)
        group.addoption("--dist", dest="dist", default="no")


def pytest_configure(config: pytest.Config) -> None:
    if not config.pluginmanager.has_plugin("xdist"):
        config.addinivalue_line("markers", "xdist_group(name): pytest-xdist's groups, unused without it")


def one_backend() -> str:
    """Where a test marked `one_backend` runs: PostgreSQL, production's database, when the run has one."""
    return "postgres" if os.environ.get("TEST_DATABASE_URL") else "sqlite"


def _on_other_backend(item: pytest.Item) -> bool:
    callspec = getattr(item, "callspec", None)
    backend = callspec.params.get("backend") if callspec else None
    return (
        backend is not None
        and item.get_closest_marker("one_backend") is not None
        and backend != one_backend()
    )


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> Iterator[None]:
    """Keep together on one xdist worker (`--dist loadgroup`) what shares something costly, and run each test
    marked `one_backend` on one backend only.

    `one_backend` is for tests whose answer the database cannot change (a role refused before any query, a
    page drawn from the services' answers, whose SQL the services' own tests run on both backends) or that
    are too costly to run twice for what a second backend adds (the fuzzer).

    Together: the tests of each file that uses the shared stack or the browser (one stack and one Chromium per
    worker that runs any; file by file, so that both workers take them and neither waits at the end), and
    each other end-to-end module, whose module-scoped stack its tests share. The rest goes test by test, so
    each worker sets up each backend's databases and apps once. Nothing may depend on the order of files.
    """
    for item in items:  # before xdist reads the groups
        path = item.path.relative_to(TESTS).parts
        if "shared_stack" in getattr(item, "fixturenames", ()) or path[0] == "browser":
            item.add_marker(pytest.mark.xdist_group(f"stack-{item.path.stem}"))
        elif path[0] == "e2e":
            item.add_marker(pytest.mark.xdist_group(item.path.stem))
    result = yield
    # On a worker, pytest-xdist has now marked each grouped test id with its group; pytest 9.2 with xdist 3.8
    # lost that without a word and scattered the groups (pytest-dev/pytest-xdist#1386): fail loudly instead.
    if getattr(config.option, "loadgroup", False):
        lost = [
            item.nodeid for item in items if item.get_closest_marker("xdist_group") and "@" not in item.nodeid
        ]
        if lost:
            raise pytest.UsageError(
                f"pytest-xdist did not keep the test groups (e.g. {lost[0]}): see pyproject.toml"
            )
    other = [item for item in items if _on_other_backend(item)]
    if other:
        config.hook.pytest_deselected(items=other)
        items[:] = [item for item in items if not _on_other_backend(item)]
    return result


@pytest.fixture(scope="session", autouse=True)
def fast_argon2() -> Iterator[None]:
    """Every gateway the tests build hashes passwords at the lowest argon2 cost (see FAST_ARGON2), and
    forwards /api through the httpx clients that the in-process tests plug the services into (the
    processes of the end-to-end tests forward with aiohttp, as in production: tests/processes.py)."""
    with pytest.MonkeyPatch.context() as patch:
        for name, value in FAST_ARGON2.items():
            patch.setenv(name, value)
        patch.setenv("GATEWAY_FORWARDING_CLIENT", "httpx")
        yield


@pytest.fixture(scope="session")
def keys(tmp_path_factory: pytest.TempPathFactory) -> KeyPair:
    return make_keypair(tmp_path_factory.mktemp("keys"))


@pytest.fixture(scope="session")
def other_keys(tmp_path_factory: pytest.TempPathFactory) -> KeyPair:
    """A second key pair: tokens signed with it are forgeries to every service."""
    return make_keypair(tmp_path_factory.mktemp("other-keys"))


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def database_urls(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """One migrated database per schema: SQLite files, or one scratch PostgreSQL database."""
    if backend == "sqlite":
        directory = tmp_path_factory.mktemp("sqlite")
        urls = {s: f"sqlite:///{(directory / s).as_posix()}.db" for s in migrate.SCHEMAS}
        for schema, url in urls.items():
            migrate.upgrade((schema,), url)
        yield urls
        return
    server = postgres_url_or_skip()
    url = create_scratch_database(server)
    try:
        migrate.upgrade(migrate.SCHEMAS, url)
        yield dict.fromkeys(migrate.SCHEMAS, url)
    finally:
        drop_scratch_database(server, url)


@pytest.fixture(scope="session")
def shared_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The four processes with the demo data, one stack per worker for the end-to-end and browser tests
    that do not end its processes for good (a test that stops one starts it again before it ends); tests
    that kill processes or fill the stack their own way start stacks of their own."""
    with running_stack(tmp_path_factory.mktemp("stack")) as running:
        yield running


@pytest.fixture
def var_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VAR_DIR", str(tmp_path))
    return tmp_path


@pytest.fixture
def service_settings(
    database_urls: dict[str, str], keys: KeyPair, var_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> Callable[[type[SettingsT]], SettingsT]:
    """Settings for a process under test: its migrated database, the test key, a scratch VAR_DIR."""
    monkeypatch.setenv("JWT_PUBLIC_KEY_FILE", str(keys.public_path))

    def build(cls: type[SettingsT]) -> SettingsT:
        return cls(database_url=database_urls[cls.service_name])

    return build


@asynccontextmanager
async def serving(app: FastAPI, database_urls: dict[str, str]) -> AsyncIterator[httpx.AsyncClient]:
    """An in-process client for `app`, its writes rolled back when the test ends."""
    schema = process_of(app).settings.service_name
    try:
        async with rolled_back(app, database_urls[schema], schema), asgi_client(app) as client:
            yield client
    finally:
        await process_of(app).engine.dispose()

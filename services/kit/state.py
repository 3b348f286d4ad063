"""What a process builds once at start and every request reads: one typed object instead of loose
attributes on `app.state`.

`create_app` builds a `ProcessState`; a process that needs more (its configuration section, clients, locks)
declares a subclass and replaces it with `extend`. Requests reach it through `process_of`/`state_of`, so a
misspelt attribute is a type error instead of an AttributeError in production.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar, cast

from fastapi import FastAPI, Request
from limits.aio.storage import Storage
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from starlette.requests import HTTPConnection

from services.kit.auth import TokenVerifier
from services.kit.municipality import Municipality
from services.kit.observability import Metrics
from services.kit.revocation import RevocationList
from services.kit.settings import CommonSettings

ATTRIBUTE = "process"


@dataclass(kw_only=True, eq=False)
class ProcessState:
    """Everything `create_app` makes for a process; shared by all its requests, never per request."""

    settings: CommonSettings
    municipality: Municipality
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    token_verifier: TokenVerifier
    revocations: RevocationList | None
    metrics: Metrics
    # One store for every throttle of the process, shared with the other replicas when it is Redis.
    rate_limits: Storage
    # Closers for what the process opens (HTTP clients); run at shutdown, before the engine is disposed.
    shutdown_hooks: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    # The process's own section of the municipality file (each process declares its type).
    config: Any = None


StateT = TypeVar("StateT", bound=ProcessState)


def _app(source: FastAPI | HTTPConnection) -> FastAPI:
    return cast(FastAPI, source.app) if isinstance(source, HTTPConnection) else source


def process_of(source: FastAPI | HTTPConnection) -> ProcessState:
    """The process state of an app, or of the app serving a request."""
    state: ProcessState = getattr(_app(source).state, ATTRIBUTE)
    return state


def state_of(source: FastAPI | HTTPConnection, kind: type[StateT]) -> StateT:
    """The process state as the process's own subclass (`state_of(request, AllocationState).config`)."""
    state = process_of(source)
    if not isinstance(state, kind):
        raise TypeError(f"the process state is a {type(state).__name__}, not a {kind.__name__}")
    return state


def extend(app: FastAPI, kind: type[StateT], **extra: Any) -> StateT:
    """Replace the app's state with the process's subclass: the kit's fields kept, `extra` added."""
    base = process_of(app)
    state = kind(**{f.name: getattr(base, f.name) for f in fields(base)} | extra)
    setattr(app.state, ATTRIBUTE, state)
    return state


async def config_of(request: Request) -> Any:
    """The process's configuration section; each process types it where it declares the dependency
    (`Annotated[AllocationConfig, Depends(config_of)]`). A coroutine so that FastAPI does not send it to a
    worker thread, as it does a plain function."""
    return process_of(request).config

"""One request, one transaction: TransactionalRoute commits what a successful request wrote, and nothing else.

A throwaway table in a temporary SQLite database makes every outcome visible from outside the app.
"""

from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace

import httpx
import pytest
from fastapi import APIRouter, FastAPI
from fastapi.responses import JSONResponse
from sqlalchemy import String, select
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from services.kit import db
from services.kit.errors import Conflict, install_error_handlers
from services.kit.observability import Metrics, RequestContextMiddleware
from services.kit.routing import SessionDep, TransactionalRoute
from tests.support import asgi_client


class Base(DeclarativeBase):
    pass


class Note(Base):
    __tablename__ = "notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(String(50))


def build_app(engine: AsyncEngine) -> FastAPI:
    router = APIRouter(route_class=TransactionalRoute)

    @router.post("/notes/{note_id}", status_code=201)
    async def create(note_id: int, session: SessionDep) -> dict[str, int]:
        session.add(Note(id=note_id, body="created"))
        return {"id": note_id}

    @router.post("/notes/{note_id}/refused")
    async def refused(note_id: int, session: SessionDep) -> JSONResponse:
        session.add(Note(id=note_id, body="refused"))
        await session.flush()
        # An endpoint may answer an error itself; what it wrote must not outlive that answer.
        return JSONResponse({"detail": "no"}, status_code=409)

    @router.post("/notes/{note_id}/domain-error")
    async def domain_error(note_id: int, session: SessionDep) -> None:
        session.add(Note(id=note_id, body="domain error"))
        await session.flush()
        raise Conflict("Already decided.")

    @router.post("/notes/{note_id}/crash")
    async def crash(note_id: int, session: SessionDep) -> None:
        session.add(Note(id=note_id, body="crash"))
        await session.flush()
        raise RuntimeError("unexpected")

    @router.post("/notes/{note_id}/then-duplicate", status_code=201)
    async def then_duplicate(note_id: int, session: SessionDep) -> dict[str, int]:
        # A second row with the same key, left pending: only the commit at the boundary finds out,
        # after the endpoint has returned its 201.
        session.add(Note(id=note_id, body="first"))
        await session.flush()
        session.expunge_all()
        session.add(Note(id=note_id, body="duplicate"))
        return {"id": note_id}

    app = FastAPI()
    # Only what the transactional route and the middleware read of the process state.
    app.state.process = SimpleNamespace(
        session_factory=db.session_factory(engine), metrics=Metrics("routing-test")
    )
    install_error_handlers(app)
    app.add_middleware(RequestContextMiddleware, metrics=app.state.process.metrics)
    app.include_router(router)
    return app


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = db.create_engine(f"sqlite:///{tmp_path / 'notes.db'}", schema="notes")
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    yield engine
    await engine.dispose()


@pytest.fixture
async def client(engine: AsyncEngine) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(build_app(engine)) as http:
        yield http


async def stored(engine: AsyncEngine) -> dict[int, str]:
    """What another connection sees: only committed rows."""
    async with engine.connect() as conn:
        return {row.id: row.body for row in await conn.execute(select(Note.id, Note.body))}


async def test_a_successful_request_is_committed(client: httpx.AsyncClient, engine: AsyncEngine) -> None:
    response = await client.post("/notes/1")
    assert response.status_code == 201
    assert await stored(engine) == {1: "created"}


@pytest.mark.parametrize(("outcome", "status"), [("refused", 409), ("domain-error", 409), ("crash", 500)])
async def test_a_failed_request_leaves_nothing(
    client: httpx.AsyncClient, engine: AsyncEngine, outcome: str, status: int
) -> None:
    await client.post("/notes/1")
    response = await client.post(f"/notes/2/{outcome}")
    assert response.status_code == status
    assert await stored(engine) == {1: "created"}


async def test_a_failing_commit_is_an_error_not_a_success(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    response = await client.post("/notes/5/then-duplicate")
    # The client must not hear 201 for writes that never landed.
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert await stored(engine) == {}


async def test_requests_do_not_share_a_session(client: httpx.AsyncClient, engine: AsyncEngine) -> None:
    # A crash's pending row must not be committed by the next, successful request.
    await client.post("/notes/1/crash")
    await client.post("/notes/2")
    assert await stored(engine) == {2: "created"}

"""Bodies are refused on their declared length before they are read, and counted while they arrive."""

from collections.abc import AsyncIterator

import httpx
from fastapi import FastAPI
from pydantic import BaseModel

from services.kit.errors import PROBLEM_JSON, install_error_handlers
from services.kit.limits import BodySizeLimit


class Note(BaseModel):
    text: str


def make_app(max_bytes: int = 1000, limits: list[tuple[str, int]] | None = None) -> FastAPI:
    app = FastAPI()
    install_error_handlers(app)
    app.add_middleware(BodySizeLimit, max_bytes=max_bytes, limits=limits or [])

    @app.post("/notes")
    async def notes(note: Note) -> dict[str, int]:
        return {"length": len(note.text)}

    return app


class Recorder:
    """A request body that remembers how much of it the server pulled."""

    def __init__(self, chunks: int, size: int) -> None:
        self.chunks, self.size, self.pulled = chunks, size, 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for _ in range(self.chunks):
            self.pulled += self.size
            yield b"x" * self.size


async def post(app: FastAPI, path: str, content: object, **headers: str) -> httpx.Response:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        return await client.post(path, content=content, headers=headers)  # type: ignore[arg-type]


async def test_a_body_within_the_limit_reaches_the_endpoint() -> None:
    response = await post(make_app(), "/notes", b'{"text": "hej"}', **{"content-type": "application/json"})

    assert response.status_code == 200
    assert response.json() == {"length": 3}


async def test_a_declared_length_over_the_limit_is_refused_before_a_byte_is_read() -> None:
    body = Recorder(chunks=60, size=1000)

    response = await post(
        make_app(), "/notes", body, **{"content-type": "application/json", "content-length": "60000"}
    )

    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM_JSON
    assert response.json()["title"] == "Content Too Large"
    assert body.pulled == 0


async def test_a_chunked_body_is_counted_and_stopped_at_the_limit_as_problem_details() -> None:
    body = Recorder(chunks=60, size=300)

    response = await post(make_app(), "/notes", body, **{"content-type": "application/json"})

    assert response.status_code == 413  # not FastAPI's 400 "error parsing the body"
    assert response.json()["status"] == 413
    assert body.pulled <= 1200  # four chunks of 300 pass 1,000 bytes: nothing more was read


async def test_an_invalid_declared_length_is_refused() -> None:
    response = await post(
        make_app(), "/notes", b"{}", **{"content-type": "application/json", "content-length": "-5"}
    )

    assert response.status_code == 413


async def test_a_path_prefix_has_its_own_limit_and_the_longest_prefix_wins() -> None:
    limiter = BodySizeLimit(make_app(), max_bytes=10, limits=[("/files", 100), ("/files/big", 1000)])

    assert limiter.limit_for("/notes") == 10
    assert limiter.limit_for("/files") == 100
    assert limiter.limit_for("/files/raw") == 100
    assert limiter.limit_for("/files/big/x") == 1000
    assert limiter.limit_for("/filesystem") == 10  # a prefix is a whole path segment

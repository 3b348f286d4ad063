"""Hostile bodies at the gateway: refused unread on their declared length, counted while they stream."""

from collections.abc import AsyncIterator

import httpx

from gateway import proxy
from gateway.pages.referrals import concern_form
from tests.gateway.helpers import PAGE, FakeService, csrf_token

MB = 1024 * 1024


class Body:
    """A request body that counts how much of it the gateway pulled from the caller."""

    def __init__(self, chunks: int, size: int) -> None:
        self.chunks, self.size, self.pulled = chunks, size, 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for _ in range(self.chunks):
            self.pulled += self.size
            yield b"x" * self.size


async def test_a_60_mb_declared_post_is_refused_before_it_is_read(
    client: httpx.AsyncClient, fakes: dict[str, FakeService]
) -> None:
    body = Body(chunks=60, size=MB)

    response = await client.post(
        "/api/categorisation/v1/housing-data",
        content=body,
        headers={"content-type": "text/csv", "content-length": str(60 * MB)},
    )

    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["request_id"]
    assert body.pulled == 0
    assert not fakes["categorisation"].requests


async def test_an_oversized_chunked_post_is_stopped_at_the_limit_and_never_reaches_the_service(
    client: httpx.AsyncClient, fakes: dict[str, FakeService]
) -> None:
    body = Body(chunks=60, size=MB)  # no Content-Length: chunked

    response = await client.post("/api/allocation/v1/vacancies", content=body)

    assert response.status_code == 413
    assert body.pulled <= proxy.MAX_BODY_BYTES + MB
    assert not fakes["allocation"].requests  # the fake takes a request only once its body is complete


async def test_a_chunked_body_within_the_limit_streams_through_whole(
    client: httpx.AsyncClient, fakes: dict[str, FakeService]
) -> None:
    body = Body(chunks=3, size=100_000)

    response = await client.post(
        "/api/allocation/v1/vacancies", content=body, headers={"authorization": "Bearer t"}
    )

    assert response.status_code == 200
    assert fakes["allocation"].last.content == b"x" * 300_000


async def test_a_large_answer_streams_back_unchanged(
    client: httpx.AsyncClient, fakes: dict[str, FakeService]
) -> None:
    payload = bytes(range(256)) * 4096  # 1 MB, above what the gateway reads whole
    fakes["categorisation"].respond = lambda _r: httpx.Response(
        200, content=payload, headers={"content-type": "text/csv"}
    )

    response = await client.get("/api/categorisation/v1/years/2025/export.csv")

    assert response.status_code == 200
    assert response.content == payload
    assert response.headers["content-type"] == "text/csv"


async def test_a_page_form_is_limited_too(client: httpx.AsyncClient) -> None:
    body = Body(chunks=3, size=MB)

    response = await client.post(
        "/login", content=body, headers={**PAGE, "content-type": "application/x-www-form-urlencoded"}
    )

    assert response.status_code == 413
    assert body.pulled <= 2 * MB


async def test_the_public_forms_64_kb_limit_holds_for_a_chunked_body(client: httpx.AsyncClient) -> None:
    token = await csrf_token(client)
    form = f"csrftoken={token}&concern=".encode() + b"x" * (concern_form.MAX_FORM_BYTES + 10)

    async def chunked() -> AsyncIterator[bytes]:
        for start in range(0, len(form), 8192):
            yield form[start : start + 8192]

    response = await client.post(
        "/bekymring",
        content=chunked(),
        headers={**PAGE, "content-type": "application/x-www-form-urlencoded"},
    )

    assert response.status_code == 413
    assert "text/html" in response.headers["content-type"]

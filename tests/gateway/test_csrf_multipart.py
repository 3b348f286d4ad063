"""A multipart form posted without JavaScript carries its CSRF token in the body (the upload page's hidden
field), not in the header htmx sets. It used to end in a 500 (asgi-csrf reads multipart bodies with an API
python-multipart no longer has); now the token is read from the start of the body (gateway/multipart_token.py)
and checked like any other: the right one lets the form through, a wrong, missing or late one is a 403."""

import httpx
import pytest

from tests.gateway.helpers import PAGE, csrf_token, log_in
from tests.gateway.test_categorisation_upload_page import (  # noqa: F401 (the fixture)
    BAD,
    DANISH,
    _stored_years,
    categorisation,
)

pytestmark = pytest.mark.usefixtures("categorisation")

BOUNDARY = "kb-test-boundary"


def multipart(parts: list[tuple[str, bytes, str | None]], boundary: str = BOUNDARY) -> bytes:
    """A body as a browser writes it: (field name, value, file name or None) in the form's order."""
    out = b""
    for name, value, filename in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        out += f"--{boundary}\r\nContent-Disposition: {disposition}\r\n".encode()
        out += b"Content-Type: text/csv\r\n" if filename else b""
        out += b"\r\n" + value + b"\r\n"
    return out + f"--{boundary}--\r\n".encode()


async def post_form(client: httpx.AsyncClient, body: bytes, content_type: str) -> httpx.Response:
    return await client.post(
        "/kategorisering/upload", content=body, headers={**PAGE, "Content-Type": content_type}
    )


@pytest.mark.parametrize(
    "content_type", [f"multipart/form-data; boundary={BOUNDARY}", f"multipart/form-data;boundary={BOUNDARY}"]
)
async def test_the_upload_without_javascript_is_checked_and_handled(
    client: httpx.AsyncClient, content_type: str
) -> None:
    await log_in(client, "analyst")
    token = (await csrf_token(client)).encode()
    body = multipart([("csrftoken", token, None), ("kind", b"housing", None), ("file", BAD, "boligdata.csv")])

    response = await post_form(client, body, content_type)

    assert response.status_code == 422  # the file's problem, told in Danish: the form got through whole
    assert DANISH in response.text.replace("&#39;", "'")
    assert await _stored_years(client) == []


@pytest.mark.parametrize(
    "parts",
    [
        [("csrftoken", b"forged", None), ("kind", b"housing", None), ("file", BAD, "boligdata.csv")],
        [("kind", b"housing", None), ("file", BAD, "boligdata.csv")],
        [("file", BAD, "boligdata.csv"), ("csrftoken", b"TOKEN", None)],
    ],
    ids=["wrong token", "no token", "token after the file"],
)
async def test_a_multipart_form_without_the_right_token_first_is_refused(
    client: httpx.AsyncClient, parts: list[tuple[str, bytes, str | None]]
) -> None:
    await log_in(client, "analyst")
    token = (await csrf_token(client)).encode()
    parts = [(name, token if value == b"TOKEN" else value, filename) for name, value, filename in parts]

    response = await post_form(client, multipart(parts), f"multipart/form-data; boundary={BOUNDARY}")

    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert await _stored_years(client) == []

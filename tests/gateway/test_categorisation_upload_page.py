"""A housing-data file with a bad cell, uploaded on the page and over the API: nothing is stored, and each
problem is told in Danish naming its row and column; English on request; JSON keeps `loc` and a code."""

from collections.abc import AsyncIterator
from html import unescape

import httpx
import pytest
from fastapi import FastAPI

from tests.categorisation.factories import HEADER, csv_bytes, row
from tests.gateway.helpers import HTMX, csrf_token, log_in, password_grant
from tests.support import rolled_back

GOOD = csv_bytes([row(2024, "A1", area_name="Agervang"), row(2024, "B1", area_name="Bøgevang")])
# Line 3 of the file (the second area) says "tolv" where the number of residents belongs.
BAD = GOOD.replace("Bøgevang,159,1084,2000".encode(), "Bøgevang,159,1084,tolv".encode())
DANISH = "Række 3, kolonne 'residents' (beboere): skal være et helt tal, ikke 'tolv'"


@pytest.fixture
async def categorisation(
    real_services: dict[str, FastAPI], database_urls: dict[str, str]
) -> AsyncIterator[FastAPI]:
    app = real_services["categorisation"]
    async with rolled_back(app, database_urls["categorisation"], "categorisation"):
        yield app


async def _upload(client: httpx.AsyncClient, content: bytes) -> httpx.Response:
    # As htmx sends it: the CSRF token in the header that <body hx-headers> sets, the file as multipart.
    token = await csrf_token(client)
    return await client.post(
        "/kategorisering/upload",
        data={"kind": "housing"},
        files={"file": ("boligdata.csv", content, "text/csv")},
        headers={**HTMX, "x-csrftoken": token},
    )


async def _stored_years(client: httpx.AsyncClient) -> list[int]:
    token = (await password_grant(client, "analyst")).json()["access_token"]
    years = await client.get("/api/categorisation/v1/years", headers={"Authorization": f"Bearer {token}"})
    return [y["year"] for y in years.json()]


def test_the_bad_file_really_has_the_bad_cell_on_line_3() -> None:
    lines = BAD.decode().split("\r\n")
    assert lines[2].split(",")[HEADER.index("residents")] == "tolv"


async def test_a_bad_cell_is_told_in_danish_by_row_and_column(
    client: httpx.AsyncClient, categorisation: FastAPI
) -> None:
    await log_in(client, "analyst")

    response = await _upload(client, BAD)

    assert response.status_code == 422
    text = unescape(response.text)
    assert DANISH in text
    assert "must be a whole number" not in text and "residents must" not in text
    assert "1 problem i filen" in text
    assert await _stored_years(client) == []  # nothing of the file is stored


async def test_in_english_the_same_problem_is_told_in_english(
    client: httpx.AsyncClient, categorisation: FastAPI
) -> None:
    await log_in(client, "analyst")
    client.cookies.set("lang", "en")

    response = await _upload(client, BAD)

    assert "Row 3, column 'residents': must be a whole number, not 'tolv'" in unescape(response.text)


async def test_json_clients_keep_the_location_and_get_a_code_and_danish_text(
    client: httpx.AsyncClient, categorisation: FastAPI
) -> None:
    token = (await password_grant(client, "analyst")).json()["access_token"]

    response = await client.post(
        "/api/categorisation/v1/housing-data",
        content=BAD,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "text/csv"},
    )

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    (error,) = response.json()["errors"]
    assert error == {
        "loc": ["row", 3, "residents"],
        "code": "not_whole_number",
        "msg": DANISH,
        "msg_en": "Row 3, column 'residents': must be a whole number, not 'tolv'",
    }


async def test_a_good_file_is_stored(client: httpx.AsyncClient, categorisation: FastAPI) -> None:
    await log_in(client, "analyst")

    response = await _upload(client, GOOD)

    assert response.status_code == 200
    assert "er gemt: 2 rækker, 2 områder" in unescape(response.text)
    assert await _stored_years(client) == [2024]

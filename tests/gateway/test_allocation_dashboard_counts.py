"""The allocation dashboard lists the first 100 municipal vacancies waiting, and counts them all (issue 16:
with 5,000 vacancies a year, more than a hundred wait at once)."""

import re
from html import unescape

import httpx

from tests.gateway.helpers import PAGE, FakeService, log_in

WAITING, OFFERED = 1234, 3


def _allocation(request: httpx.Request) -> httpx.Response:
    """The allocation service's answers to what the dashboard asks, with more vacancies than it lists."""
    path, query = request.url.path, request.url.params
    if path == "/v1/vacancies":
        total = WAITING if query["status"] == "open" else OFFERED
        return httpx.Response(200, json={"total": total, "limit": 100, "offset": 0, "items": []})
    if path == "/v1/statistics/quota":
        return httpx.Response(200, json={"alerts": [], "areas": [], "categories": []})
    if path == "/v1/statistics/days-held":
        return httpx.Response(200, json={"year": 2026, "as_of": "2026-12-07", "areas": [], "total": {}})
    return httpx.Response(200, json=[])  # the agreements


async def test_the_dashboard_counts_every_waiting_vacancy(
    client: httpx.AsyncClient, fakes: dict[str, FakeService]
):
    fakes["allocation"].respond = _allocation
    await log_in(client, "officer")

    response = await client.get("/udlejning?year=2026", headers=PAGE)
    text = re.sub(r"\s+", " ", unescape(response.text))

    assert response.status_code == 200, response.text
    assert f'alloc-card-number">{WAITING}</span>' in text and "kommunale boliger venter på et tilbud" in text
    asked = [
        (r.url.path, r.url.params.get("status"), r.url.params.get("limit"))
        for r in fakes["allocation"].requests
    ]
    assert ("/v1/vacancies", "open", "100") in asked and ("/v1/vacancies", "offered", "100") in asked
    assert f'alloc-card-number">{OFFERED}</span>' in text

"""Versions of the common letting agreement under concurrent sends, with real commits on each backend: every
send gets its own number, none is lost and none fails (the organisation's row is locked on PostgreSQL, the
process lock serialises on SQLite).

Not rolled back: each request commits on its own connection, as in production. The categorisation service
is answered at the transport (its list and plans for this organisation's one area), since its own database
would have to be committed and cleaned too; the document itself is tested against the real service in
test_api_common_agreements.py.
"""

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import delete, select

from services.allocation.config import AllocationSettings
from services.allocation.main import create_app
from services.allocation.models import (
    Agreement,
    AgreementChange,
    Area,
    CommonAgreementVersion,
    HousingOrganisation,
    QuotaCounter,
)
from services.kit.state import process_of
from tests.allocation.factories import ok
from tests.support import asgi_client

YEAR = 2026


def categorisation_of(area: str) -> httpx.MockTransport:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == f"/v1/years/{YEAR - 1}/categorisation":
            item = {"area_code": area, "category": "green", "designations": [], "status": "approved"}
            return httpx.Response(200, content=json.dumps([item]).encode())
        if request.url.path == "/v1/area-plans":
            return httpx.Response(200, json=[])
        return httpx.Response(404, json={"title": "Not found", "status": 404})

    return httpx.MockTransport(answer)


@pytest.fixture
async def committed(
    service_settings: Callable[[type[AllocationSettings]], AllocationSettings],
) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient, str]]:
    prefix = f"k{uuid.uuid4().hex[:6]}"
    app = create_app(
        service_settings(AllocationSettings), categorisation_transport=categorisation_of(f"{prefix}-A")
    )
    try:
        async with asgi_client(app) as client:
            yield app, client, prefix
    finally:
        async with process_of(app).session_factory() as session, session.begin():
            agreements = select(Agreement.id).where(Agreement.area_code == f"{prefix}-A")
            await session.execute(
                delete(CommonAgreementVersion).where(CommonAgreementVersion.housing_org == prefix)
            )
            await session.execute(delete(AgreementChange).where(AgreementChange.agreement_id.in_(agreements)))
            await session.execute(delete(QuotaCounter).where(QuotaCounter.area_code == f"{prefix}-A"))
            await session.execute(delete(Agreement).where(Agreement.area_code == f"{prefix}-A"))
            await session.execute(delete(Area).where(Area.code == f"{prefix}-A"))
            await session.execute(delete(HousingOrganisation).where(HousingOrganisation.code == prefix))
        await process_of(app).engine.dispose()


async def test_parallel_sends_each_get_their_own_version(
    committed: tuple[FastAPI, httpx.AsyncClient, str], officer: dict[str, str]
) -> None:
    app, client, org = committed
    area = f"{org}-A"
    await ok(
        await client.post("/v1/housing-organisations", json={"code": org, "name": "K"}, headers=officer), 201
    )
    await ok(await client.put(f"/v1/areas/{area}", json={"housing_org": org}, headers=officer))
    await ok(
        await client.post(
            f"/v1/agreements/{YEAR}", json={"area_code": area, "category": "green"}, headers=officer
        ),
        201,
    )
    status = f"/v1/common-agreements/{YEAR}/{org}/status"

    responses = await asyncio.gather(
        *(client.post(status, json={"status": "sent"}, headers=officer) for _ in range(6))
    )

    assert [r.status_code for r in responses] == [200] * 6, [
        r.text for r in responses if r.status_code != 200
    ]
    assert sorted(r.json()["version"] for r in responses) == [1, 2, 3, 4, 5, 6]
    async with process_of(app).session_factory() as session:
        stored = list(
            await session.scalars(
                select(CommonAgreementVersion.version).where(CommonAgreementVersion.housing_org == org)
            )
        )
    assert sorted(stored) == [1, 2, 3, 4, 5, 6]

    # Agreeing in parallel: one records it, the others are told it is already agreed.
    agreed = await asyncio.gather(
        *(client.post(status, json={"status": "agreed"}, headers=officer) for _ in range(4))
    )
    assert sorted(r.status_code for r in agreed) == [200, 409, 409, 409], [r.text for r in agreed]

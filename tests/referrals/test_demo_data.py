"""The demo data: fictitious cases in every state, loaded once, readable by the demo caseworker."""

import httpx
from fastapi import FastAPI

from services.kit.auth import Role
from services.kit.state import state_of
from services.referrals import demo
from services.referrals.rules.workflow import CaseState, ReferralStatus
from services.referrals.state import ReferralsState
from tests.referrals.conftest import headers_for, raw_rows


async def load(app: FastAPI) -> int:
    state = state_of(app, ReferralsState)
    async with state.session_factory() as session:
        created = await demo.load(session, state.settings, state.cipher)
        await session.commit()
    return created


async def test_the_demo_has_every_state_and_loads_once(
    client: httpx.AsyncClient, referrals_app: FastAPI, manager: dict[str, str]
) -> None:
    created = await load(referrals_app)
    assert created == len(demo.SHOWCASE) + len(demo.history_cases())
    assert await load(referrals_app) == 0
    rows = await raw_rows(referrals_app, "cases")
    assert len(rows) == created
    assert {row["state"] for row in rows} == set(CaseState)
    assert {row["status"] for row in await raw_rows(referrals_app, "offer_referrals")} >= {
        ReferralStatus.ACCEPTED,
        ReferralStatus.DECLINED,
        ReferralStatus.ENDED,
    }
    assert any(row["acute_danger"] for row in rows)
    assert any(row["new_information_at"] for row in rows)
    assert await raw_rows(referrals_app, "access_log") == []  # loading reads nobody's data
    assert "demo" not in repr(rows)  # encrypted like everything else
    stats = (await client.get("/v1/statistics", headers=manager)).json()
    assert stats["outcomes"]["referred"] is not None


async def test_the_demo_caseworker_sees_the_inbox(
    client: httpx.AsyncClient, referrals_app: FastAPI, keys
) -> None:  # type: ignore[no-untyped-def]

    await load(referrals_app)
    karen = headers_for(keys, Role.CASEWORKER, "caseworker")
    inbox = (await client.get("/v1/cases?scope=mine", headers=karen)).json()
    assert inbox["total"] >= 9
    assert all("(demo)" in item["citizen_name"] for item in inbox["items"])
    overdue = (await client.get("/v1/cases/overdue", headers=karen)).json()
    assert overdue

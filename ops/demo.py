"""Load the demo data once (idempotent): identities always in development, the rest unless DEMO_DATA=0."""

import asyncio
import os
from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from gateway import demo as gateway_demo
from gateway import identity
from gateway.config import GatewaySettings
from services.allocation import demo as allocation_demo
from services.allocation.config import AllocationConfig, AllocationSettings
from services.categorisation import demo as categorisation_demo
from services.categorisation.config import CategorisationConfig, CategorisationSettings
from services.kit import db
from services.kit.municipality import load_municipality
from services.kit.settings import CommonSettings
from services.referrals import demo as referrals_demo
from services.referrals.config import ReferralsSettings
from services.referrals.main import cipher_for


async def _in_transaction(settings: CommonSettings, load: Callable[[AsyncSession], Awaitable[int]]) -> int:
    engine = db.create_engine(settings.effective_database_url, schema=settings.service_name)
    try:
        async with db.session_factory(engine)() as session, session.begin():
            return await load(session)
    finally:
        await engine.dispose()


async def _load_all(with_domain_data: bool) -> dict[str, Any]:
    gateway = GatewaySettings()
    identity.use_argon2_cost(gateway)  # hashed at the cost the gateway verifies at
    created = {"identities": await _in_transaction(gateway, gateway_demo.load)}
    if with_domain_data:
        settings = CategorisationSettings()
        config = load_municipality(settings).section("categorisation", CategorisationConfig)
        created["categorisation area-years"] = await _in_transaction(
            settings, lambda session: categorisation_demo.load(session, config=config)
        )
        allocation_settings = AllocationSettings()
        allocation_config = load_municipality(allocation_settings).section("allocation", AllocationConfig)
        created["allocation vacancies"] = await _in_transaction(
            allocation_settings, lambda session: allocation_demo.load(session, allocation_config)
        )
        referrals = ReferralsSettings()
        cipher = cipher_for(referrals)
        created["referrals cases"] = await _in_transaction(
            referrals, lambda session: referrals_demo.load(session, referrals, cipher)
        )
    return created


def load() -> None:
    if GatewaySettings().is_production:
        raise SystemExit("demo data is for development only; APP_ENV is production")
    with_domain_data = os.environ.get("DEMO_DATA", "1") != "0"
    for name, count in asyncio.run(_load_all(with_domain_data)).items():
        print(f"demo {name}: {count} created")
    if not with_domain_data:
        print("DEMO_DATA=0: demo users only, no demo areas, vacancies or cases")

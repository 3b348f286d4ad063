"""Load the demo data once (idempotent): identities always in development, the rest unless DEMO_DATA=0."""

import asyncio
import os

from gateway import demo as gateway_demo
from gateway.config import GatewaySettings
from services.kit import db


async def _load_identities(settings: GatewaySettings) -> int:
    engine = db.create_engine(settings.effective_database_url, schema="gateway")
    try:
        async with db.session_factory(engine)() as session, session.begin():
            return await gateway_demo.load(session)
    finally:
        await engine.dispose()


def load() -> None:
    settings = GatewaySettings()
    if settings.is_production:
        raise SystemExit("demo data is for development only; APP_ENV is production")
    created = asyncio.run(_load_identities(settings))
    print(f"demo identities: {created} created")
    if os.environ.get("DEMO_DATA", "1") == "0":
        print("DEMO_DATA=0: no demo areas, vacancies or cases")

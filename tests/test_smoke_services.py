"""Each service answers /v1/me with the verified principal, on SQLite and PostgreSQL."""

import pytest

from services.allocation.config import AllocationSettings
from services.allocation.main import create_app as allocation_app
from services.categorisation.config import CategorisationSettings
from services.categorisation.main import create_app as categorisation_app
from services.kit.auth import Role
from services.referrals.config import ReferralsSettings
from services.referrals.main import create_app as referrals_app
from tests.conftest import serving
from tests.support import bearer, token_for

APPS = [
    (CategorisationSettings, categorisation_app),
    (AllocationSettings, allocation_app),
    (ReferralsSettings, referrals_app),
]


@pytest.mark.parametrize(("settings_cls", "factory"), APPS, ids=lambda v: getattr(v, "service_name", ""))
async def test_me_and_readiness(settings_cls, factory, service_settings, database_urls, keys):
    app = factory(service_settings(settings_cls))
    async with serving(app, database_urls) as client:
        me = await client.get("/v1/me", headers=bearer(token_for(keys, Role.ANALYST)))
        assert me.status_code == 200
        assert me.json()["roles"] == ["analyst"]
        ready = await client.get("/readyz")
        assert ready.status_code == 200, ready.text
        assert ready.json()["checks"]["database"] == "ok"

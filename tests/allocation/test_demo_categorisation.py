"""The allocation demo keeps its own copy of the approved categorisation it drafts agreements from
(services never import each other); here it is held against what the categorisation demo computes."""

from collections.abc import Callable
from typing import Any

from services.allocation import demo as allocation_demo
from services.categorisation import demo as categorisation_demo
from services.categorisation.config import CategorisationSettings
from services.categorisation.main import create_app as create_categorisation_app
from services.categorisation.state import CategorisationState
from services.kit.auth import Role
from services.kit.state import process_of, state_of
from tests.allocation.factories import headers_for, ok
from tests.conftest import serving
from tests.support import KeyPair


async def test_the_allocation_demo_copies_what_the_categorisation_demo_computes(
    service_settings: Callable[[type[Any]], Any], database_urls: dict[str, str], keys: KeyPair
) -> None:
    app = create_categorisation_app(service_settings(CategorisationSettings))
    async with serving(app, database_urls) as http:
        async with process_of(app).session_factory() as session:
            config, municipality = state_of(app, CategorisationState).config, process_of(app).municipality
            assert await categorisation_demo.load(session, config=config, municipality=municipality) > 0
            await session.commit()
        officer = headers_for(keys, Role.ALLOCATION_OFFICER)  # whose token allocation forwards
        for year, copied in sorted(allocation_demo.CATEGORISATION.items()):
            items = await ok(await http.get(f"/v1/years/{year}/categorisation", headers=officer))
            computed = {
                i["area_code"]: (i["category"], sorted(i["designations"]))
                for i in items
                if i["area_code"] in copied
            }
            assert {i["status"] for i in items} == {"approved"}, year
            assert computed == {code: (c, sorted(d)) for code, (c, d) in copied.items()}, year

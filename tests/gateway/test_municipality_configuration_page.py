"""The administrator's page of the municipality's configuration file (Gladsaxe's, the default)."""

import re

import httpx

from tests.gateway.helpers import PAGE, log_in


async def test_the_administrator_reads_every_value_and_gladsaxes_examples_are_its_letters(
    client: httpx.AsyncClient,
) -> None:
    await log_in(client, "admin")

    page = await client.get("/kommune", headers=PAGE)

    assert page.status_code == 200
    assert "<h1>Kommunens indstillinger</h1>" in page.text
    assert "referrals.single_entry_phone" in page.text and "39 57 39 00" in page.text
    assert "Psykiatrisk Akutmodtagelse (Ballerup) (38 64 50 03)" in page.text
    # Gladsaxe's only examples: the decision letters' signature, channel and complaint guidance, which its
    # legal office must confirm (DOMAIN § 6.7).
    marked = set(re.findall(r'<tr data-example="([^"]+)">', page.text))
    assert marked and all(
        path.startswith(("allocation.letters.", "allocation.complaint_guidance.")) for path in marked
    )
    assert "allocation.complaint_guidance.acute_housing.text_da" in marked
    assert 'data-example="referrals.single_entry_phone"' not in page.text
    assert 'href="/kommune"' in page.text  # the administrator's navigation item


async def test_only_the_administrator_reads_the_configuration_page(client: httpx.AsyncClient) -> None:
    await log_in(client, "analyst")

    assert (await client.get("/kommune", headers=PAGE)).status_code == 403

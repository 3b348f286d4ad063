"""The administrator's page of the municipality's configuration file (Gladsaxe's, the default)."""

import httpx

from tests.gateway.helpers import PAGE, log_in


async def test_the_administrator_reads_every_value_and_gladsaxe_has_no_examples(
    client: httpx.AsyncClient,
) -> None:
    await log_in(client, "admin")

    page = await client.get("/kommune", headers=PAGE)

    assert page.status_code == 200
    assert "<h1>Kommunens indstillinger</h1>" in page.text
    assert "referrals.single_entry_phone" in page.text and "39 57 39 00" in page.text
    assert "Psykiatrisk Akutmodtagelse (Ballerup) (38 64 50 03)" in page.text
    # Gladsaxe's file declares no provenance: nothing is called an example.
    assert "data-example" not in page.text and "Eksempel" not in page.text
    assert 'href="/kommune"' in page.text  # the administrator's navigation item


async def test_only_the_administrator_reads_the_configuration_page(client: httpx.AsyncClient) -> None:
    await log_in(client, "analyst")

    assert (await client.get("/kommune", headers=PAGE)).status_code == 403

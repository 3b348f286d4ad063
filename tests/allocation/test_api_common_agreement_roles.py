"""Who may read, send and agree the common letting agreement (services/allocation/access.py), on real data.

Today's document is generated with the caller's own token from the categorisation service, so only roles
that service lets read the categorisation and every area plan read it here: the officer, admin, analyst
and system. A housing organisation's client reads what was sent to its own organisation; the manager and the
caseworker read nothing; only the officer sends and records agreement.
"""

import httpx
import pytest

from services.kit.auth import Role
from tests.allocation.common_agreement_stack import NORTH, SOUTH, YEAR, Stack, path, set_status, world
from tests.allocation.factories import headers_for, ok
from tests.support import KeyPair

# On one backend (tests/conftest.py): a role is refused before any query, and what an allowed caller gets is
# the services' own tests' matter, on both backends.
pytestmark = pytest.mark.one_backend

READERS = (Role.ALLOCATION_OFFICER, Role.ADMIN, Role.ANALYST, Role.SYSTEM)
NOT_READERS = (Role.MANAGER, Role.CASEWORKER)


@pytest.mark.parametrize("role", READERS)
async def test_staff_and_system_read_todays_draft_and_its_pdf(
    stack: Stack, officer, analyst, keys: KeyPair, role: Role
) -> None:
    await world(stack, officer, analyst)
    headers = headers_for(keys, role)

    document = await ok(await stack.allocation.get(path(), headers=headers))
    pdf = await stack.allocation.get(f"{path()}/pdf", headers=headers)
    rows = await ok(
        await stack.allocation.get("/v1/common-agreements", params={"year": YEAR}, headers=headers)
    )

    assert (document["status"], document["changed_since"]) == ("draft", False)
    assert [a["area_code"] for a in document["areas"]] == ["N1", "N2"]
    assert [p["title"] for p in document["area_plans"]] != []
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert [r["organisation"]["code"] for r in rows] == [NORTH, SOUTH]


@pytest.mark.parametrize("role", READERS)
async def test_staff_and_system_read_the_versions_sent_with_changed_since(
    stack: Stack, officer, analyst, keys: KeyPair, role: Role
) -> None:
    await world(stack, officer, analyst)
    await ok(await set_status(stack, officer, "sent"))

    document = await ok(await stack.allocation.get(path(), headers=headers_for(keys, role)))

    assert (document["status"], document["version"], document["changed_since"]) == ("sent", 1, False)


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.ALLOCATION_OFFICER])
@pytest.mark.parametrize("status", ["sent", "agreed"])
async def test_only_the_officer_sends_and_records_agreement(
    stack: Stack, officer, analyst, keys: KeyPair, role: Role, status: str
) -> None:
    await world(stack, officer, analyst)
    if status == "agreed":
        await ok(await set_status(stack, officer, "sent"))

    refused = await set_status(
        stack, headers_for(keys, role, NORTH if role is Role.HOUSING_ORG else None), status
    )

    assert refused.status_code == 403, refused.text
    document = await ok(await stack.allocation.get(path(), headers=officer))
    assert document["status"] == ("draft" if status == "sent" else "sent")


@pytest.mark.parametrize("role", NOT_READERS)
async def test_the_manager_and_the_caseworker_read_nothing_of_it(
    stack: Stack, officer, analyst, keys: KeyPair, role: Role
) -> None:
    await world(stack, officer, analyst)
    await ok(await set_status(stack, officer, "sent"))
    headers = headers_for(keys, role)

    for url, params in (
        (path(), {}),
        (f"{path()}/pdf", {}),
        ("/v1/common-agreements", {"year": YEAR}),
    ):
        response = await stack.allocation.get(url, params=params, headers=headers)
        assert response.status_code == 403, (role, url, response.text)


async def test_without_a_token_nothing_is_answered(stack: Stack, officer, analyst) -> None:
    await world(stack, officer, analyst)
    await ok(await set_status(stack, officer, "sent"))

    for response in (
        await stack.allocation.get(path()),
        await stack.allocation.get(f"{path()}/pdf"),
        await stack.allocation.get("/v1/common-agreements", params={"year": YEAR}),
        await set_status(stack, {}, "agreed"),
    ):
        assert response.status_code == 401, response.text
    assert (await ok(await stack.allocation.get(path(), headers=officer)))["status"] == "sent"


async def test_a_housing_organisation_reads_what_was_sent_to_it(
    stack: Stack, officer, analyst, keys: KeyPair
) -> None:
    await world(stack, officer, analyst)
    north = headers_for(keys, Role.HOUSING_ORG, NORTH)
    before = await stack.allocation.get(path(), headers=north)
    pdf_before = await stack.allocation.get(f"{path()}/pdf", headers=north)
    sent = await ok(await set_status(stack, officer, "sent"))

    read = await ok(await stack.allocation.get(path(), headers=north))
    pdf = await stack.allocation.get(f"{path()}/pdf", headers=north)
    english = await stack.allocation.get(f"{path()}/pdf", params={"lang": "en"}, headers=north)
    by_version = await ok(await stack.allocation.get(path(), params={"version": 1}, headers=north))

    # Nothing sent yet: the draft is the municipality's, and is built from what the client may not read.
    assert before.status_code == 404, before.text
    assert pdf_before.status_code == 404, pdf_before.text
    assert {k: v for k, v in read.items() if k not in ("changed_since", "problems")} == {
        k: v for k, v in sent.items() if k not in ("changed_since", "problems")
    }
    assert (read["changed_since"], read["problems"]) == (None, [])
    assert by_version["version"] == 1
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert english.status_code == 200


async def test_a_housing_organisation_reads_what_was_sent_without_the_categorisation_service(
    stack: Stack, officer, analyst, keys: KeyPair
) -> None:
    """Its client is never forwarded to the categorisation service, which would refuse it."""
    await world(stack, officer, analyst)
    await ok(await set_status(stack, officer, "sent"))
    stack.upstream.down = True

    read = await stack.allocation.get(path(), headers=headers_for(keys, Role.HOUSING_ORG, NORTH))

    assert read.status_code == 200, read.text


async def test_another_organisations_agreement_is_forbidden(
    stack: Stack, officer, analyst, keys: KeyPair
) -> None:
    await world(stack, officer, analyst)
    await ok(await set_status(stack, officer, "sent"))
    await ok(await set_status(stack, officer, "sent", org=SOUTH))
    south = headers_for(keys, Role.HOUSING_ORG, SOUTH)

    responses: list[httpx.Response] = [
        await stack.allocation.get(path(NORTH), headers=south),
        await stack.allocation.get(path(NORTH), params={"version": 1}, headers=south),
        await stack.allocation.get(f"{path(NORTH)}/pdf", headers=south),
        # An organisation that does not exist is just as forbidden: the answer tells nothing.
        await stack.allocation.get(path("org-findes-ikke"), headers=south),
    ]

    for response in responses:
        assert response.status_code == 403, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
    assert (await ok(await stack.allocation.get(path(SOUTH), headers=south)))["organisation"]["code"] == SOUTH


async def test_a_housing_organisation_sees_its_own_row_only(
    stack: Stack, officer, analyst, keys: KeyPair
) -> None:
    await world(stack, officer, analyst)
    await ok(await set_status(stack, officer, "sent", org=SOUTH))

    rows = await ok(
        await stack.allocation.get(
            "/v1/common-agreements", params={"year": YEAR}, headers=headers_for(keys, Role.HOUSING_ORG, SOUTH)
        )
    )
    unbound = await ok(
        await stack.allocation.get(
            "/v1/common-agreements", params={"year": YEAR}, headers=headers_for(keys, Role.HOUSING_ORG)
        )
    )

    assert [(r["organisation"]["code"], r["status"], r["latest_version"]) for r in rows] == [
        (SOUTH, "sent", 1)
    ]
    assert unbound == []  # a client speaking for no organisation sees none


async def test_a_housing_organisation_client_without_an_organisation_reads_none(
    stack: Stack, officer, analyst, keys: KeyPair
) -> None:
    await world(stack, officer, analyst)
    await ok(await set_status(stack, officer, "sent"))

    response = await stack.allocation.get(path(), headers=headers_for(keys, Role.HOUSING_ORG))

    assert response.status_code == 403, response.text

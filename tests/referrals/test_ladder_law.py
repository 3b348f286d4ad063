"""The ladder's legal bases and capacities (DOMAIN § 6.5: each offer carries its legal basis as law,
paragraph and valid from, and *optionally* a capacity): what the law says on each side of a change, and
no figure that nobody entered."""

from datetime import date, timedelta

import httpx
import pytest
from fastapi import FastAPI

from services.kit.auth import Role
from services.kit.state import process_of
from services.referrals import ladder
from services.referrals.models import OfferLegalBasis
from services.referrals.offers import bases_in_force, current_basis
from tests.referrals.conftest import execute, log_in, table
from tests.support import KeyPair

HTML = {"Accept": "text/html"}
SEEDED = {offer.code: offer for offer in ladder.OFFERS}
ELDER_ACT = date(2025, 7, 1)


def seeded_bases(code: str) -> list[OfferLegalBasis]:
    return [
        OfferLegalBasis(id=n, law=b.law, paragraph=b.paragraph, valid_from=b.valid_from, valid_to=b.valid_to)
        for n, b in enumerate(SEEDED[code].bases, start=1)
    ]


def in_force(code: str, day: date) -> set[tuple[str, str]]:
    return {(b.law, b.paragraph) for b in bases_in_force(seeded_bases(code), day)}


# --- the rule, without a database ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (ELDER_ACT - timedelta(days=1), {("Serviceloven", "§ 79 a")}),  # 30 June 2025: its last day
        (ELDER_ACT, set()),
        (ELDER_ACT + timedelta(days=1), set()),
        (date(2010, 6, 30), set()),  # before § 79 a existed (the separate act on home visits applied)
        (date(2010, 7, 1), {("Serviceloven", "§ 79 a")}),
    ],
)
def test_preventive_home_visits_rest_on_sel_79a_until_the_aeldrelov(
    day: date, expected: set[tuple[str, str]]
) -> None:
    assert in_force("forebyggende-hjemmebesoeg", day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (ELDER_ACT - timedelta(days=1), {("Serviceloven", "§ 83")}),
        (ELDER_ACT, {("Serviceloven", "§ 83"), ("Ældreloven", "§ 10")}),
        (ELDER_ACT + timedelta(days=1), {("Serviceloven", "§ 83"), ("Ældreloven", "§ 10")}),
    ],
)
def test_home_help_gains_aeldreloven_10_beside_sel_83(day: date, expected: set[tuple[str, str]]) -> None:
    # SEL § 83 stays for those the ældrelov does not cover (SEL § 2, stk. 5); it did not end.
    assert in_force("hjemmehjaelp", day) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2006, 12, 31), set()),
        (date(2007, 1, 1), {("Serviceloven", "§ 101"), ("Sundhedsloven", "§ 141")}),
        (date(2026, 12, 7), {("Serviceloven", "§ 101"), ("Sundhedsloven", "§ 141")}),
    ],
)
def test_alcohol_treatment_rests_on_sundhedsloven_141_beside_sel_101(
    day: date, expected: set[tuple[str, str]]
) -> None:
    assert in_force("rusmiddelcenter", day) == expected


def test_current_basis_is_the_latest_in_force_and_none_when_all_ended() -> None:
    assert current_basis(seeded_bases("forebyggende-hjemmebesoeg"), ELDER_ACT) is None
    latest = current_basis(seeded_bases("hjemmehjaelp"), ELDER_ACT)
    assert latest is not None and (latest.law, latest.paragraph) == ("Ældreloven", "§ 10")


def test_the_seed_gives_no_capacity_and_headspace_is_preventive() -> None:
    assert not any(hasattr(offer, "capacity") for offer in ladder.OFFERS)
    assert SEEDED["headspace"].level == 2
    level_two = dict((level, name_en) for level, _, name_en in ladder.LEVELS)[2]
    assert level_two == "Preventive initiatives, advice and open offers"


# --- through the HTTP API --------------------------------------------------------------------------------


async def test_the_api_publishes_both_bases_of_alcohol_and_drug_treatment(client: httpx.AsyncClient) -> None:
    offers = {o["code"]: o for o in (await client.get("/v1/offers")).json()}
    treatment = offers["rusmiddelcenter"]
    assert {(b["law"], b["paragraph"], b["valid_from"]) for b in treatment["legal_bases_in_force"]} == {
        ("Serviceloven", "§ 101", "2007-01-01"),
        ("Sundhedsloven", "§ 141", "2007-01-01"),
    }
    visits = offers["forebyggende-hjemmebesoeg"]
    assert visits["legal_basis"] is None and visits["legal_bases_in_force"] == []
    assert [(b["paragraph"], b["valid_from"], b["valid_to"]) for b in visits["legal_bases"]] == [
        ("§ 79 a", "2010-07-01", "2025-06-30")
    ]
    hsds = (await client.get("/v1/offers/open-referral")).json()
    (service,) = [s for s in hsds["contents"] if s["name"] == treatment["name_da"]]
    assert {a["label"] for a in service["attributes"] if a["link_type"] == "legal_basis"} == {
        "Serviceloven § 101",
        "Sundhedsloven § 141",
    }


async def test_headspace_is_among_the_preventive_offers(client: httpx.AsyncClient) -> None:
    offers = {o["code"]: o for o in (await client.get("/v1/offers")).json()}
    headspace = offers["headspace"]
    assert headspace["level"] == 2
    assert headspace["level_name_en"] == "Preventive initiatives, advice and open offers"


async def test_a_capacity_is_published_only_once_someone_entered_it(
    client: httpx.AsyncClient, admin: dict[str, str]
) -> None:
    offers = (await client.get("/v1/offers")).json()
    assert all(o["capacity"] is None for o in offers)
    hsds = (await client.get("/v1/offers/open-referral")).json()
    assert all(s["capacities"] == [] for s in hsds["contents"])

    entered = next(o for o in offers if o["code"] == "midlertidigt-botilbud")
    response = await client.put(
        f"/v1/offers/{entered['id']}/capacity", json={"available": 1, "maximum": 4}, headers=admin
    )
    assert response.status_code == 200

    after = {o["code"]: o for o in (await client.get("/v1/offers")).json()}
    assert [code for code, o in after.items() if o["capacity"] is not None] == ["midlertidigt-botilbud"]
    assert (
        after["midlertidigt-botilbud"]["capacity"]["available"],
        after["midlertidigt-botilbud"]["capacity"]["maximum"],
    ) == (1, 4)
    hsds = (await client.get("/v1/offers/open-referral")).json()
    published = {s["name"]: s["capacities"] for s in hsds["contents"] if s["capacities"]}
    assert list(published) == [entered["name_da"]]
    (capacity,) = published[entered["name_da"]]
    assert (capacity["available"], capacity["maximum"]) == (1, 4)


async def test_the_seed_clears_an_older_seeds_invented_capacity_but_keeps_an_entered_one(
    client: httpx.AsyncClient, referrals_app: FastAPI, admin: dict[str, str]
) -> None:
    offers = {o["code"]: o for o in (await client.get("/v1/offers")).json()}
    entered = offers["gruppeforloeb"]
    await client.put(
        f"/v1/offers/{entered['id']}/capacity", json={"available": 3, "maximum": 8}, headers=admin
    )
    # What an older seed left: a figure on an offer nobody but the seed has touched.
    offers_table = table(referrals_app, "offers")
    await execute(
        referrals_app,
        f"UPDATE {offers_table} SET capacity_available = 6, capacity_maximum = 20 "  # noqa: S608
        "WHERE code = 'individuel-stoette'",
    )
    assert (await client.get(f"/v1/offers/{offers['individuel-stoette']['id']}")).json()["capacity"]

    async with process_of(referrals_app).session_factory() as session:
        await ladder.seed(
            session, provider="Testkommune", contact_name="Råd & Indsats", contact_phone="39 57 39 00"
        )
        await session.commit()

    after = {o["code"]: o for o in (await client.get("/v1/offers")).json()}
    assert after["individuel-stoette"]["capacity"] is None
    assert after["gruppeforloeb"]["capacity"]["available"] == 3


# --- the administrator's page ----------------------------------------------------------------------------


async def test_the_ladder_page_shows_every_basis_in_force_and_no_capacity(
    pages: httpx.AsyncClient, keys: KeyPair
) -> None:
    log_in(pages, keys, Role.ADMIN)
    html = (await pages.get("/tilbudstrappen", headers=HTML)).text
    assert "Rusmiddelcenter</a> · Serviceloven § 101; Sundhedsloven § 141" in html
    assert "Forebyggende hjemmebesøg</a></li>" in html  # no basis in force today: none shown
    assert "pladser ledige" not in html

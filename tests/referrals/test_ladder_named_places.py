"""Places the municipality's own material names are offers of their own on the ladder (DOMAIN § 6.5 names
the initiatives by kind): configured as [[referrals.named_offers]], each one of a ladder offer, so its
level and legal basis come from the ladder and nothing about it is invented."""

from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import ValidationError

from services.kit.state import process_of
from services.referrals import ladder
from services.referrals.config import NamedOffer, ReferralsConfig

BASE_CONFIG: dict[str, Any] = {
    "single_entry_name": "Enheden",
    "single_entry_phone": "11 22 33 44",
    "emergency_contacts": [{"name": "Alarm 112", "phone": "112"}],
    "retention_days": {"concern": 1825},
}


def config_with(*named: dict[str, Any]) -> ReferralsConfig:
    return ReferralsConfig.model_validate(BASE_CONFIG | {"named_offers": list(named)})


def test_a_named_place_takes_level_and_legal_basis_from_its_ladder_offer() -> None:
    config = config_with(
        {"code": "testhuset", "name": "Testhuset", "like": "midlertidigt-botilbud", "address": "Prøvevej 2"}
    )
    (named,) = ladder.named_seed_offers(ladder.place(config))
    like = next(offer for offer in ladder.OFFERS if offer.code == "midlertidigt-botilbud")
    assert (named.code, named.name_da, named.name_en) == ("testhuset", "Testhuset", "Testhuset")
    assert (named.level, named.bases, named.needs_assessment) == (
        like.level,
        like.bases,
        like.needs_assessment,
    )
    assert (named.place_name, named.place_address) == ("Testhuset", "Prøvevej 2")


@pytest.mark.parametrize(
    ("named", "complaint"),
    [
        ({"code": "testhuset", "name": "Testhuset", "like": "intet-tilbud"}, "no ladder offer"),
        ({"code": "headspace", "name": "Testhuset", "like": "raadgivning"}, "is taken"),
        ({"code": "Test Huset", "name": "Testhuset", "like": "raadgivning"}, "code"),
        ({"code": "testhuset", "name": "Testhuset", "like": "raadgivning", "level": 3}, "level"),
    ],
)
def test_a_named_place_must_be_a_ladder_offer_under_its_own_code(
    named: dict[str, Any], complaint: str
) -> None:
    with pytest.raises(ValidationError, match=complaint):
        config_with(named)


def test_two_named_places_cannot_share_a_code() -> None:
    place = {"code": "testhuset", "name": "Testhuset", "like": "raadgivning"}
    with pytest.raises(ValidationError, match="is taken"):
        config_with(place, place | {"name": "Andet hus"})


async def test_named_places_are_seeded_as_named_offers_and_kept_by_the_administrator(
    client: httpx.AsyncClient, referrals_app: FastAPI, admin: dict[str, str]
) -> None:
    place = ladder.Place(
        "Enheden",
        named_offers=(
            NamedOffer(
                code="testhuset", name="Testhuset", like="midlertidigt-botilbud", address="Prøvevej 2"
            ),
            NamedOffer(code="testraadgivning", name="Testrådgivningen", like="raadgivning-samtaler"),
        ),
    )
    async with process_of(referrals_app).session_factory() as session:
        created = await ladder.seed(
            session, provider="Testkommune", contact_name="Enheden", contact_phone="11 22 33 44", place=place
        )
        await session.commit()
    assert created == 2

    offers = {o["code"]: o for o in (await client.get("/v1/offers")).json()}
    house, counselling = offers["testhuset"], offers["testraadgivning"]
    assert (house["name_da"], house["level"], house["location_name"], house["address"]) == (
        "Testhuset",
        7,
        "Testhuset",
        "Prøvevej 2",
    )
    assert {(b["law"], b["paragraph"]) for b in house["legal_bases_in_force"]} == {("Serviceloven", "§ 107")}
    assert house["needs_assessment"] is True and house["capacity"] is None
    assert (counselling["level"], counselling["legal_basis"]["paragraph"]) == (2, "§ 12")
    # The ladder offers they are instances of stay as they were.
    assert offers["midlertidigt-botilbud"]["name_da"] == "Midlertidigt botilbud"

    await client.patch(f"/v1/offers/{house['id']}", json={"description_da": "Vores hus."}, headers=admin)
    async with process_of(referrals_app).session_factory() as session:
        again = await ladder.seed(
            session, provider="Testkommune", contact_name="Enheden", contact_phone="11 22 33 44", place=place
        )
        await session.commit()
    assert again == 0
    after = {o["code"]: o for o in (await client.get("/v1/offers")).json()}
    assert after["testhuset"]["description_da"] == "Vores hus."

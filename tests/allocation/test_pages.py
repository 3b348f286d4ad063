"""The officer's pages under /udlejning, through the real gateway and the real allocation service.

The journey of issue 4: the officer drafts agreements from the categorisation, a vacancy arrives over the
API, the officer offers it to a seeker and records the letting; then the statistics. In Danish.
"""

import re
from collections.abc import AsyncIterator
from datetime import date

import httpx
import pytest
from fastapi import FastAPI

from gateway import demo as gateway_demo
from services.kit.auth import Role
from services.kit.state import process_of
from tests.allocation.factories import (
    AREAS,
    Clock,
    FakeCategorisation,
    headers_for,
    ok,
    report,
    seeker,
    set_share,
    setup_areas,
    vacancy,
)
from tests.conftest import serving
from tests.gateway.helpers import PAGE, gateway_as_new, log_in, plug_upstream, submit
from tests.support import KeyPair

# On one backend (tests/conftest.py): the pages draw and send what the services answer and store; the
# services' SQL has its own tests on both backends.
pytestmark = pytest.mark.one_backend


@pytest.fixture
async def pages(
    allocation_app: FastAPI,
    client: httpx.AsyncClient,
    pages_gateway: FastAPI,
    database_urls: dict[str, str],
) -> AsyncIterator[httpx.AsyncClient]:
    """The gateway in-process (rolled back, demo identities) with the allocation app as its upstream."""
    async with gateway_as_new(pages_gateway) as gateway:
        plug_upstream(gateway, "allocation", httpx.ASGITransport(app=allocation_app))
        async with serving(gateway, database_urls) as browser:
            async with process_of(gateway).session_factory() as session:
                await gateway_demo.load(session)
                await session.commit()
            yield browser


def text(response: httpx.Response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))


async def test_the_officer_journey_in_danish(
    pages: httpx.AsyncClient,
    client: httpx.AsyncClient,
    fake_categorisation: FakeCategorisation,
    keys: KeyPair,
) -> None:
    await log_in(pages, "officer")
    home = await pages.get("/", headers=PAGE)
    assert 'href="/udlejning"' in home.text and "Udlejning og anvisning" in home.text

    # Agreements drafted from the approved categorisation of 2025 (faked behind the allocation service).
    fake_categorisation.approve(2025, AREAS)
    drafted = await submit(pages, "/udlejning/aftaler/2026/udkast", {})
    assert drafted.status_code == 303
    listing = await pages.get(drafted.headers["location"], headers=PAGE)
    assert listing.status_code == 200
    assert "5 nye" in text(listing) and "RED-1" in listing.text
    assert fake_categorisation.calls[0].headers["authorization"].startswith("Bearer ")

    # The officer changes a share; more than 25 % imposed is refused beside the field.
    refused = await submit(
        pages, "/udlejning/aftaler/2026/YEL-1", {"municipal_share_pct": "30", "legal_basis": "imposed"}
    )
    assert refused.status_code == 422 and "højst pålægge hver 4." in text(refused)
    officer = headers_for(keys, Role.ALLOCATION_OFFICER)
    saved = await submit(
        pages,
        "/udlejning/aftaler/2026/GRN-1",
        {
            "municipal_share_pct": "100",
            "flexible_share_pct": "0",
            "legal_basis": "agreement",
            "status": "agreed",
            "confirmed": "1",
        },
    )
    assert saved.status_code == 303, text(saved)
    assert saved.headers["location"] == "/udlejning/aftaler/2026/GRN-1?notice=saved"
    agreement = await pages.get(saved.headers["location"], headers=PAGE)
    assert agreement.status_code == 200 and "Aftalen er gemt." in text(agreement)
    stored = await ok(await client.get("/v1/agreements/2026/GRN-1", headers=officer))
    assert (stored["municipal_share_pct"], stored["legal_basis"], stored["status"]) == (
        100,
        "agreement",
        "agreed",
    )

    # A housing organisation reports a vacancy over the API: municipal at 100 %.
    await ok(
        await client.post("/v1/housing-organisations", json={"code": "org-a", "name": "A"}, headers=officer),
        201,
    )
    await ok(await client.put("/v1/areas/GRN-1", json={"housing_org": "org-a"}, headers=officer))
    org = headers_for(keys, Role.HOUSING_ORG, "org-a")
    body = {
        "external_id": "journey-1",
        "area_code": "GRN-1",
        "dwelling_ref": "Grønnevej 3, st. tv.",
        "rooms": 3,
        "floor_area_m2": 80,
        "monthly_rent_dkk": 7000,
        "available_from": "2026-04-01",
    }
    receipt = await ok(await client.post("/v1/vacancies", json=body, headers=org), 201)
    assert receipt["channel"] == "municipal"

    # A housing seeker is registered on the page.
    registered = await submit(
        pages,
        "/udlejning/boligsoegende",
        {
            "name": "Sofie Sørensen",
            "adults": "1",
            "children": "2",
            "rooms_min": "3",
            "urgency": "high",
            "reason": "social",
        },
    )
    assert registered.status_code == 303, text(registered)
    seeker_id = int(registered.headers["location"].split("/")[-1].split("?")[0])

    vacancy_page = await pages.get(f"/udlejning/ledige/{receipt['id']}", headers=PAGE)
    assert vacancy_page.status_code == 200
    page_text = text(vacancy_page)
    assert "Kommunal anvisning" in page_text and "100 % af 1 ledig bolig = 1 (rundet ned)" in page_text
    assert "floor(" not in page_text
    assert "Sofie Sørensen" in page_text and "Hastegrad: høj." in page_text

    offered = await submit(
        pages, f"/udlejning/ledige/{receipt['id']}/tilbud", {"seeker_id": str(seeker_id), "confirmed": "1"}
    )
    assert offered.status_code == 303
    offers = await ok(await client.get(f"/v1/vacancies/{receipt['id']}/offers", headers=officer))
    accepted = await submit(
        pages,
        f"/udlejning/tilbud/{offers[0]['id']}/accepter",
        {"vacancy_id": str(receipt["id"]), "confirmed": "1"},
    )
    assert accepted.status_code == 303
    let = await submit(
        pages,
        f"/udlejning/ledige/{receipt['id']}/udlejning",
        {"channel": "municipal", "let_on": "2026-04-01", "confirmed": "1"},
    )
    assert let.status_code == 303, text(let)
    done = await pages.get(f"/udlejning/ledige/{receipt['id']}", headers=PAGE)
    assert "Udlejet" in text(done)
    letting = (await ok(await client.get(f"/v1/vacancies/{receipt['id']}", headers=officer)))["letting"]
    assert (letting["channel"], letting["seeker_id"]) == ("municipal", seeker_id)

    # Every page of the section answers, with its data table beside each chart.
    for path in (
        "/udlejning",
        "/udlejning/aftaler?year=2026",
        "/udlejning/ledige",
        "/udlejning/boligsoegende",
        f"/udlejning/boligsoegende/{seeker_id}",
        "/udlejning/akut",
        "/udlejning/statistik?year=2026",
    ):
        response = await pages.get(path, headers=PAGE)
        assert response.status_code == 200, (path, response.status_code)
        assert '<link rel="stylesheet" href="/static/allocation.css">' in response.text
    statistics = await pages.get("/udlejning/statistik?year=2026", headers=PAGE)
    assert 'data-testid="channel-table"' in statistics.text and 'role="img"' in statistics.text


async def test_an_offer_answered_after_the_vacancy_is_due_back_is_refused_on_the_page(
    pages: httpx.AsyncClient,
    client: httpx.AsyncClient,
    fake_categorisation: FakeCategorisation,
    clock: Clock,
    keys: KeyPair,
) -> None:
    officer = headers_for(keys, Role.ALLOCATION_OFFICER)
    await setup_areas(client, officer, fake_categorisation)
    await set_share(client, officer, "GRN-1", 100, 0)
    receipt = await ok(await report(client, officer, vacancy("late-1", available_from="2026-04-01")), 201)
    person = await ok(await client.post("/v1/seekers", json=seeker("Sen Svarer"), headers=officer), 201)
    clock.today = date(2026, 4, 12)  # the default 5 days to reply end on 17 April; the deadline is 15 April
    await log_in(pages, "officer")
    refused = await submit(
        pages, f"/udlejning/ledige/{receipt['id']}/tilbud", {"seeker_id": str(person["id"]), "confirmed": "1"}
    )
    assert refused.status_code == 422
    assert "Svarfristen ville ligge efter boligens frist (15. april 2026)" in text(refused)
    assert (await ok(await client.get(f"/v1/vacancies/{receipt['id']}/offers", headers=officer))) == []


async def test_acute_application_on_the_page(pages: httpx.AsyncClient) -> None:
    await log_in(pages, "officer")
    form = await pages.get("/udlejning/akut", headers=PAGE)
    assert "Ansøgeren er borger i Gladsaxe Kommune." in form.text
    decided = await submit(
        pages,
        "/udlejning/akut",
        {
            "applicant_name": "Ida",
            "resident_of_municipality": "yes",
            "acute_unforeseen_situation": "yes",
            "had_own_dwelling": "no",
            "divorce_with_children_under_18": "yes",
            "registered_housing_organisations": "2",
            "officer_note": "Samtale",
            "confirmed": "1",
        },
    )
    assert decided.status_code == 303
    decision = await pages.get(decided.headers["location"], headers=PAGE)
    assert "Ikke berettiget til en akutbolig" in text(decision)
    assert "Du opfylder ikke alle betingelserne" in decision.text


async def test_the_categorisation_service_down_is_told_on_the_page(
    pages: httpx.AsyncClient, fake_categorisation: FakeCategorisation
) -> None:
    await log_in(pages, "officer")
    fake_categorisation.down = True
    response = await submit(pages, "/udlejning/aftaler/2026/udkast", {})
    assert response.status_code == 503
    assert "Kategoriseringstjenesten svarer ikke" in text(response)
    assert "Ingen aftaler for dette udlejningsår endnu." in text(response)


async def test_managers_see_the_statistics_only(pages: httpx.AsyncClient) -> None:
    await log_in(pages, "manager")
    overview = await pages.get("/udlejning", headers=PAGE)
    assert overview.status_code == 303 and overview.headers["location"] == "/udlejning/statistik"
    statistics = await pages.get("/udlejning/statistik", headers=PAGE)
    assert statistics.status_code == 200
    assert 'href="/udlejning/aftaler"' not in statistics.text
    for path in ("/udlejning/aftaler", "/udlejning/ledige", "/udlejning/boligsoegende", "/udlejning/akut"):
        assert (await pages.get(path, headers=PAGE)).status_code == 403


@pytest.mark.parametrize("username", ["analyst", "caseworker", "admin"])
async def test_other_roles_have_no_access(pages: httpx.AsyncClient, username: str) -> None:
    await log_in(pages, username)
    assert (await pages.get("/udlejning", headers=PAGE)).status_code == 403
    home = await pages.get("/", headers=PAGE)
    assert 'href="/udlejning"' not in home.text


async def test_the_rules_of_flexible_letting_are_explained_beside_the_field(
    pages: httpx.AsyncClient, fake_categorisation: FakeCategorisation
) -> None:
    await log_in(pages, "officer")
    fake_categorisation.approve(2025, AREAS)
    assert (await submit(pages, "/udlejning/aftaler/2026/udkast", {})).status_code == 303
    refused = await submit(pages, "/udlejning/aftaler/2026/RED-1", {"flexible_share_pct": "50"})
    assert refused.status_code == 422
    assert "Fleksibel udlejning er obligatorisk i områder udpeget som udsat boligområde" in text(refused)
    assert 'id="ag-flexible_share_pct-error"' in refused.text
    period = await submit(
        pages, "/udlejning/aftaler/2026/GRN-1", {"flexible_period_from": "2026", "flexible_period_to": "2029"}
    )
    assert period.status_code == 422
    assert "Kun områder udpeget som udsat boligområde, parallelsamfund, omdannelsesområde eller" in text(
        period
    )


async def test_the_managers_statistics_page_draws_no_small_count(
    pages: httpx.AsyncClient,
    client: httpx.AsyncClient,
    fake_categorisation: FakeCategorisation,
    keys: KeyPair,
) -> None:
    officer = headers_for(keys, Role.ALLOCATION_OFFICER)
    await setup_areas(client, officer, fake_categorisation)
    for n in range(3):  # three waiting-list lettings: under the threshold of 5
        receipt = await ok(await report(client, officer, vacancy(f"few-{n}", "GRN-2")), 201)
        let = {"channel": receipt["channel"], "let_on": "2026-04-10"}
        await ok(await client.post(f"/v1/vacancies/{receipt['id']}/letting", json=let, headers=officer), 201)
    await log_in(pages, "manager")
    statistics = await pages.get("/udlejning/statistik?year=2026", headers=PAGE)
    assert statistics.status_code == 200
    assert "alloc-bar-waiting_list" not in statistics.text  # no bar for a hidden count
    totals = re.search(r'data-testid="years-table".*?</table>', statistics.text, re.S)
    assert totals is not None and ">3<" not in totals.group(0) and "skjult" in totals.group(0)
    await log_in(pages, "officer")
    detailed = await pages.get("/udlejning/statistik?year=2026", headers=PAGE)
    assert "alloc-bar-waiting_list" in detailed.text


async def test_the_officer_registers_an_organisation_binds_an_area_and_checks_an_applicant(
    pages: httpx.AsyncClient,
    client: httpx.AsyncClient,
    fake_categorisation: FakeCategorisation,
    keys: KeyPair,
) -> None:
    await log_in(pages, "officer")
    fake_categorisation.approve(2025, AREAS)
    assert (await submit(pages, "/udlejning/aftaler/2026/udkast", {})).status_code == 303
    overview = await pages.get("/udlejning", headers=PAGE)
    assert 'href="/udlejning/ansoegertjek"' in overview.text
    assert 'href="/udlejning/boligorganisationer"' in overview.text

    # Errors are summarised at the top, each linked to its field, and told beside the field.
    bad = await submit(pages, "/udlejning/boligorganisationer", {"code": "Store Bogstaver", "name": ""})
    assert bad.status_code == 422
    assert 'data-module="error-summary"' in bad.text and 'href="#org-code"' in bad.text
    assert "Brug små bogstaver" in text(bad) and "Vælg eller udfyld feltet." in text(bad)
    assert 'id="org-code-error"' in bad.text and 'aria-invalid="true"' in bad.text

    created = await submit(
        pages, "/udlejning/boligorganisationer", {"code": "bolig-nord", "name": "Bolig Nord"}
    )
    assert created.status_code == 303
    listing = await pages.get(created.headers["location"], headers=PAGE)
    assert "Boligorganisationen er oprettet." in text(listing) and "Bolig Nord" in listing.text
    again = await submit(pages, "/udlejning/boligorganisationer", {"code": "bolig-nord", "name": "Igen"})
    assert again.status_code == 422 and "allerede oprettet" in text(again)

    unbound = await submit(pages, "/udlejning/boligorganisationer/omraader", {"area_code": "RED-1"})
    assert unbound.status_code == 422 and 'href="#bind-org"' in unbound.text
    bound = await submit(
        pages, "/udlejning/boligorganisationer/omraader", {"area_code": "RED-1", "housing_org": "bolig-nord"}
    )
    assert bound.status_code == 303
    officer = headers_for(keys, Role.ALLOCATION_OFFICER)
    areas = {a["code"]: a for a in await ok(await client.get("/v1/areas", headers=officer))}
    assert areas["RED-1"]["housing_org"] == "bolig-nord"

    # RED-1 is a transformation area: § 51 c rejects a household on cash benefit, in Danish.
    cash = {
        "area_code": "RED-1",
        "applicant_kontanthjaelp_now": "true",
        "applicant_kontanthjaelp_months": "1",
    }
    # Whether there is a spouse is never chosen for the officer (issue 12): unanswered, nothing is checked.
    unanswered = await submit(pages, "/udlejning/ansoegertjek", cash)
    assert unanswered.status_code == 422
    assert "Ægtefælle eller samlever: Vælg eller udfyld feltet." in text(unanswered)
    assert "dispensationer/ny/" not in unanswered.text and "Afvist" not in text(unanswered)
    cash["partner_relation"] = "none"
    refused = await submit(pages, "/udlejning/ansoegertjek", cash)
    assert refused.status_code == 200
    result = text(refused)
    assert "Afvist: ansøgeren skal afvises i RED-1." in result and "ABL § 51 c" in result
    assert 'href="/udlejning/dispensationer/ny/' in refused.text
    allowed = await submit(pages, "/udlejning/ansoegertjek", {**cash, "lives_in_department": "true"})
    assert "Tilladt: ansøgeren må få en bolig i RED-1." in text(allowed)
    # The spouse's facts count: the applicant and the spouse must both receive; a spouse who works keeps
    # the household off the rule, and a cohabitant of under 2 years does not count at all.
    spouse = {
        **cash,
        "partner_relation": "spouse",
        "partner_overgangsydelse_now": "true",
        "partner_overgangsydelse_months": "2",
    }
    assert "Afvist" in text(await submit(pages, "/udlejning/ansoegertjek", spouse))
    working = {key: value for key, value in spouse.items() if not key.startswith("partner_overgangsydelse")}
    not_both = text(await submit(pages, "/udlejning/ansoegertjek", working))
    assert "Tilladt" in not_both and "kun én af ansøgeren og ægtefællen" in not_both
    short = await submit(
        pages, "/udlejning/ansoegertjek", {**working, "partner_relation": "cohabitant_under_2_years"}
    )
    assert "Afvist" in text(short) and "mindre end 2 år" in text(short)
    no_months = await submit(
        pages, "/udlejning/ansoegertjek", {"area_code": "RED-1", "applicant_kontanthjaelp_now": "true"}
    )
    assert no_months.status_code == 422 and 'href="#check-applicant-kontanthjaelp-months"' in no_months.text
    no_relation = await submit(pages, "/udlejning/ansoegertjek", {**spouse, "partner_relation": ""})
    assert no_relation.status_code == 422 and 'href="#check-partner-none"' in no_relation.text
    missing = await submit(pages, "/udlejning/ansoegertjek", {})
    assert missing.status_code == 422 and 'href="#check-area"' in missing.text
    no_agreement = await submit(pages, "/udlejning/ansoegertjek", {"area_code": "NEW-1"})
    assert no_agreement.status_code == 422  # not an area the service knows

    await log_in(pages, "manager")
    for path in ("/udlejning/ansoegertjek", "/udlejning/boligorganisationer"):
        assert (await pages.get(path, headers=PAGE)).status_code == 403


async def test_the_seeker_form_stores_end_dates_and_periods(
    pages: httpx.AsyncClient, client: httpx.AsyncClient, keys: KeyPair
) -> None:
    """What the form STORES, read back through the API: end dates, periods by month, "date unknown"."""
    await log_in(pages, "officer")
    officer = headers_for(keys, Role.ALLOCATION_OFFICER)
    registered = await submit(
        pages,
        "/udlejning/boligsoegende",
        {
            "name": "Dato Datosen",
            "adults": "1",
            "children": "0",
            "rooms_min": "1",
            "urgency": "normal",
            "reason": "social",
            "released_from_prison_on": "2026-01-15",
            "tenancy_terminated_date_unknown": "true",
            "period_kontanthjaelp_first": "2025-03",
            "period_kontanthjaelp_last": "2025-10",
            "period_overgangsydelse_first": "2025-11",
            "period_uddannelseshjaelp_unknown": "true",
        },
    )
    assert registered.status_code == 303, text(registered)
    seeker_id = int(registered.headers["location"].split("/")[-1].split("?")[0])
    stored = await ok(await client.get(f"/v1/seekers/{seeker_id}", headers=officer))
    assert stored["released_from_prison_on"] == "2026-01-15"
    assert stored["released_from_prison_date_unknown"] is False
    assert (stored["tenancy_terminated_on"], stored["tenancy_terminated_date_unknown"]) == (None, True)
    assert stored["benefit_periods"] == [
        {
            "benefit": "kontanthjaelp",
            "first_month": "2025-03-01",
            "last_month": "2025-10-01",
            "date_unknown": False,
        },
        {"benefit": "uddannelseshjaelp", "first_month": None, "last_month": None, "date_unknown": True},
        {
            "benefit": "overgangsydelse",
            "first_month": "2025-11-01",
            "last_month": None,
            "date_unknown": False,
        },
    ]

    # The page asks for what to complete, in Danish, linked to the fields, and shows dates in Danish.
    shown = await pages.get(f"/udlejning/boligsoegende/{seeker_id}", headers=PAGE)
    page_text = text(shown)
    assert 'data-testid="dates-to-complete"' in shown.text
    assert "Udfyld datoen for opsigelsen af lejemålet før et tilbud." in page_text
    assert "Udfyld datoen for perioden med ydelser før et tilbud." in page_text
    assert 'href="#s-tenancy_terminated-on"' in shown.text and 'id="s-tenancy_terminated-on"' in shown.text
    assert "15. januar 2026" in page_text and "marts 2025 – oktober 2025" in page_text
    assert "udelukker kommunal anvisning i de udpegede områder til og med 15. juli 2026" in page_text
    assert "til og med 30. april 2026" in page_text  # kontanthjælp March-October 2025: 8 months
    assert 'type="month"' in shown.text and 'value="2025-03"' in shown.text

    # Completing the dates on the page clears "date unknown"; an earlier period the form does not show
    # (added through the API) is kept.
    await ok(
        await client.patch(
            f"/v1/seekers/{seeker_id}",
            json={
                "benefit_periods": [
                    *stored["benefit_periods"],
                    {"benefit": "kontanthjaelp", "first_month": "2023-01-01", "last_month": "2023-12-01"},
                ]
            },
            headers=officer,
        )
    )
    saved = await submit(
        pages,
        f"/udlejning/boligsoegende/{seeker_id}",
        {
            "name": "Dato Datosen",
            "urgency": "normal",
            "reason": "social",
            "status": "active",
            "released_from_prison_on": "2026-01-15",
            "tenancy_terminated_on": "2025-05-31",
            "tenancy_terminated_date_unknown": "true",
            "period_kontanthjaelp_first": "2025-03",
            "period_kontanthjaelp_last": "2025-10",
            "period_uddannelseshjaelp_first": "2024-02",
            "period_uddannelseshjaelp_last": "2024-09",
        },
    )
    assert saved.status_code == 303, text(saved)
    after = await ok(await client.get(f"/v1/seekers/{seeker_id}", headers=officer))
    assert (after["tenancy_terminated_on"], after["tenancy_terminated_date_unknown"]) == ("2025-05-31", False)
    assert after["dates_to_complete"] == []
    assert sorted((p["benefit"], p["first_month"], p["last_month"]) for p in after["benefit_periods"]) == [
        ("kontanthjaelp", "2023-01-01", "2023-12-01"),
        ("kontanthjaelp", "2025-03-01", "2025-10-01"),
        ("uddannelseshjaelp", "2024-02-01", "2024-09-01"),
    ]
    bad = await submit(
        pages,
        f"/udlejning/boligsoegende/{seeker_id}",
        {"name": "Dato Datosen", "period_kontanthjaelp_last": "2025-10"},
    )
    assert bad.status_code == 422


async def test_the_officer_records_a_dispensation_and_downloads_the_report(
    pages: httpx.AsyncClient,
    client: httpx.AsyncClient,
    fake_categorisation: FakeCategorisation,
    keys: KeyPair,
) -> None:
    """What the dispensation form STORES, read back through the API; the report page and its downloads."""
    officer = headers_for(keys, Role.ALLOCATION_OFFICER)
    await setup_areas(client, officer, fake_categorisation)
    await log_in(pages, "officer")
    refused = await submit(
        pages,
        "/udlejning/ansoegertjek",
        {
            "area_code": "RED-1",
            "applicant_ref": "ans-42",
            "applicant_kontanthjaelp_now": "true",
            "applicant_kontanthjaelp_months": "3",
            "partner_relation": "none",
        },
    )
    link = re.search(r'href="(/udlejning/dispensationer/ny/(\d+))"', refused.text)
    assert link is not None
    form_page = await pages.get(link.group(1), headers=PAGE)
    assert form_page.status_code == 200
    assert "Udsigt til arbejde eller uddannelse inden for kort tid" in text(form_page)
    assert 'for="d-work_or_education-yes"' in form_page.text and "ans-42" in form_page.text

    incomplete = await submit(pages, link.group(1), {"work_or_education_applies": "yes"})
    assert incomplete.status_code == 422
    assert (
        'data-module="error-summary"' in incomplete.text
        and 'href="#d-pension_transfer-yes"' in incomplete.text
    )
    assert 'href="#d-justification"' in incomplete.text

    answers = {
        "work_or_education_applies": "yes",
        "work_or_education_note": "Ansat fra 1. april.",
        "pension_transfer_applies": "no",
        "pension_transfer_note": "Ikke aktuelt.",
        "dwelling_outside_applies": "no",
        "dwelling_outside_note": "Ingen anden bolig i udsigt.",
        "other_hardship_applies": "yes",
        "other_hardship_note": "Børn i skole i området.",
        "granted": "yes",
        "justification": "Arbejde inden for kort tid og børnenes skolegang.",
    }
    # A decision about a person is asked about first: nothing is recorded until it is confirmed.
    asked = await submit(pages, link.group(1), answers)
    assert asked.status_code == 200 and "Giv dispensation?" in text(asked)
    assert "indgår i indberetningen til ministeriet 1. juli" in text(asked)
    assert await ok(await client.get("/v1/dispensations", headers=officer)) == []
    changing = await submit(pages, link.group(1), {**answers, "edit": "1"})
    assert changing.status_code == 200 and "Børn i skole i området.</textarea>" in changing.text
    assert await ok(await client.get("/v1/dispensations", headers=officer)) == []
    saved = await submit(pages, link.group(1), {**answers, "confirmed": "1"})
    assert saved.status_code == 303, text(saved)
    stored = await ok(await client.get("/v1/dispensations", headers=officer))
    assert len(stored) == 1
    item = stored[0]
    assert (item["check_id"], item["granted"], item["applicant_ref"]) == (int(link.group(2)), True, "ans-42")
    assert item["justification"] == "Arbejde inden for kort tid og børnenes skolegang."
    assert [(c["code"], c["applies"], c["note"]) for c in item["considerations"]] == [
        ("work_or_education", True, "Ansat fra 1. april."),
        ("pension_transfer", False, "Ikke aktuelt."),
        ("dwelling_outside", False, "Ingen anden bolig i udsigt."),
        ("other_hardship", True, "Børn i skole i området."),
    ]
    shown = await pages.get(saved.headers["location"], headers=PAGE)
    assert "Afgørelsen om dispensation er registreret." in text(shown) and "Dispensation givet" in text(shown)
    assert "2. marts 2026" in text(shown)
    # A second decision on the same check goes to the one recorded.
    again = await pages.get(link.group(1), headers=PAGE)
    assert again.status_code == 303

    listing = await pages.get("/udlejning/dispensationer?year=2026", headers=PAGE)
    assert listing.status_code == 200
    assert "Afgørelser fra 1. juli 2025 til 30. juni 2026." in text(listing)
    assert re.search(r'data-testid="granted-total">\s*1\s*<', listing.text)
    download = await pages.get("/udlejning/dispensationer/indberetning/2026.csv", headers=PAGE)
    assert download.status_code == 200 and download.content.startswith("\ufeff".encode())
    assert "Dispensationer givet" in download.content.decode("utf-8-sig")
    xlsx = await pages.get("/udlejning/dispensationer/afgoerelser/2026.xlsx", headers=PAGE)
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert (await pages.get("/udlejning/dispensationer/andet/2026.csv", headers=PAGE)).status_code == 404

"""POST /v1/vacancies (CONTRACT § 6): numbered per area-year, channel by floor(n × share), idempotent."""

from datetime import date

import httpx
from fastapi import FastAPI
from sqlalchemy import delete, select

from services.allocation.models import QuotaCounter, Vacancy, VacancyEvent
from services.kit.state import process_of
from tests.allocation.factories import (
    LETTING_YEAR,
    ORG_A,
    Clock,
    FakeCategorisation,
    ok,
    report,
    set_share,
    setup_areas,
    vacancy,
)

RECEIPT_KEYS = {"id", "external_id", "area_code", "year", "sequence", "channel", "reason"}


async def test_first_report_is_201_and_a_repeat_is_200_with_the_same_body(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    first = await report(client, org_a, vacancy("ext-1"))
    assert first.status_code == 201, first.text
    body = first.json()
    assert set(body) == RECEIPT_KEYS
    assert (body["external_id"], body["area_code"], body["year"], body["sequence"]) == (
        "ext-1",
        "GRN-1",
        2026,
        1,
    )
    assert body["channel"] in ("municipal", "flexible", "waiting_list") and body["reason"]

    again = await report(client, org_a, vacancy("ext-1"))
    assert again.status_code == 200 and again.json() == body
    # Reported again by the officer, with other details: still the same vacancy, nothing duplicated.
    officer_again = await report(client, officer, vacancy("ext-1", rooms=5))
    assert officer_again.status_code == 200 and officer_again.json() == body
    page = await ok(await client.get("/v1/vacancies", headers=officer))
    assert page["total"] == 1
    assert (await ok(await client.get(f"/v1/agreements/{LETTING_YEAR}/GRN-1", headers=officer)))["tally"][
        "vacancies"
    ] == 1


async def test_the_channel_follows_floor_n_times_share_in_order(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    await set_share(client, officer, "YEL-1", 25, 50)
    channels = []
    for n in range(1, 13):
        receipt = await ok(await report(client, org_a, vacancy(f"y-{n}", "YEL-1")), 201)
        assert receipt["sequence"] == n
        channels.append(receipt["channel"])
    # Every 4th is municipal; of the others, every 2nd is flexible.
    assert [i + 1 for i, c in enumerate(channels) if c == "municipal"] == [4, 8, 12]
    others = [c for c in channels if c != "municipal"]
    assert others == ["waiting_list", "flexible"] * 4 + ["waiting_list"]
    fourth = (await ok(await client.get("/v1/vacancies?area_code=YEL-1&channel=municipal", headers=officer)))[
        "items"
    ][-1]
    assert "floor(4 × 25 %) = 1" in fourth["reason"] and fourth["reason_code"] == "quota_municipal"
    tally = (await ok(await client.get(f"/v1/agreements/{LETTING_YEAR}/YEL-1", headers=officer)))["tally"]
    assert tally == {"vacancies": 12, "municipal": 3, "flexible": 4, "waiting_list": 5}


async def test_the_vacancy_belongs_to_the_letting_year_of_available_from(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    fake_categorisation.approve(LETTING_YEAR, {"GRN-1": ("green", [])})
    await ok(await client.post(f"/v1/agreements/{LETTING_YEAR + 1}/from-categorisation", headers=officer))
    now = await ok(await report(client, org_a, vacancy("a", available_from="2026-12-31")), 201)
    later = await ok(await report(client, org_a, vacancy("b", available_from="2027-01-01")), 201)
    assert (now["year"], now["sequence"]) == (2026, 1)
    assert (later["year"], later["sequence"]) == (2027, 1)


async def test_unknown_area_or_missing_agreement_is_422_naming_the_problem(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    unknown = await report(client, officer, vacancy("u-1", "NOPE-9"))
    assert unknown.status_code == 422
    assert "Unknown area NOPE-9" in unknown.json()["detail"]
    assert unknown.json()["errors"] == [{"loc": ["body", "area_code"], "msg": "unknown area"}]
    no_agreement = await report(client, org_a, vacancy("u-2", available_from="2030-02-01"))
    assert no_agreement.status_code == 422
    assert "no letting agreement for 2030" in no_agreement.json()["detail"]
    assert (await ok(await client.get("/v1/vacancies", headers=officer)))["total"] == 0


async def test_invalid_reports_are_422(
    client: httpx.AsyncClient, officer: dict[str, str], fake_categorisation: FakeCategorisation
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    for bad in (
        vacancy("x", rooms=0),
        vacancy("x", monthly_rent_dkk=-5),
        vacancy("x", available_from="2026-13-01"),
        vacancy("", area_code="GRN-1"),
        {"external_id": "x"},
    ):
        assert (await report(client, officer, bad)).status_code == 422


async def test_an_unknown_field_is_refused_by_name_and_nothing_is_stored(
    client: httpx.AsyncClient, officer: dict[str, str], fake_categorisation: FakeCategorisation
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    refused = await report(client, officer, {**vacancy("x-1"), "channel": "municipal"})
    assert refused.status_code == 422
    assert [e["loc"] for e in refused.json()["errors"]] == [["body", "channel"]]
    assert (await ok(await client.get("/v1/vacancies", headers=officer)))["total"] == 0


async def test_a_housing_organisation_cannot_report_for_or_read_another_organisations_areas(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    org_b: dict[str, str],
    fake_categorisation: FakeCategorisation,
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    refused = await report(client, org_b, vacancy("b-1", "GRN-1"))
    assert refused.status_code == 403
    assert "does not belong to your housing organisation" in refused.json()["detail"]
    own = await ok(await report(client, org_b, vacancy("b-2", "GRN-2")), 201)
    a_vacancy = await ok(await report(client, org_a, vacancy("a-1", "GRN-1")), 201)

    listed = await ok(await client.get("/v1/vacancies", headers=org_b))
    assert [v["external_id"] for v in listed["items"]] == ["b-2"]
    assert (await client.get(f"/v1/vacancies/{a_vacancy['id']}", headers=org_b)).status_code == 404
    assert (await client.get(f"/v1/vacancies/{own['id']}", headers=org_b)).status_code == 200
    assert (await ok(await client.get("/v1/vacancies?area_code=GRN-1", headers=org_b)))["total"] == 0
    # Another organisation's external_id is not this one's: external ids are unique per organisation, so
    # its use neither reveals nor blocks anything (issue 13).
    same_id = await ok(await report(client, org_b, vacancy("a-1", "GRN-2")), 201)
    assert same_id["id"] not in (a_vacancy["id"], own["id"]) and "GRN-1" not in str(same_id)
    again = await ok(await report(client, org_b, vacancy("a-1", "GRN-2")))
    assert again == same_id  # still idempotent within the organisation
    # Within one organisation an id names one dwelling: the same id in another of its areas is a conflict.
    clash = await report(client, org_a, vacancy("a-1", "YEL-1"))
    assert clash.status_code == 409
    letting = await client.post(
        f"/v1/vacancies/{a_vacancy['id']}/letting",
        json={"channel": "waiting_list", "let_on": "2026-04-01"},
        headers=org_b,
    )
    assert letting.status_code == 404
    assert (await ok(await client.get("/v1/vacancies", headers=officer)))["total"] == 3


async def test_a_client_without_an_organisation_sees_nothing(
    client: httpx.AsyncClient, officer: dict[str, str], fake_categorisation: FakeCategorisation, as_role
) -> None:
    from services.kit.auth import Role

    await setup_areas(client, officer, fake_categorisation)
    orgless = as_role(Role.HOUSING_ORG)
    assert (await report(client, orgless, vacancy("z", "GRN-1"))).status_code == 403
    assert (await ok(await client.get("/v1/vacancies", headers=orgless)))["total"] == 0


async def test_municipal_vacancies_get_a_deadline_and_are_returned_when_it_passes(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
    clock: Clock,
    as_role,
) -> None:
    from services.kit.auth import Role

    await setup_areas(client, officer, fake_categorisation)
    await set_share(client, officer, "GRN-1", 100, 0)
    clock.today = date(2026, 3, 20)
    receipt = await ok(await report(client, org_a, vacancy("m-1", available_from="2026-04-01")), 201)
    assert receipt["channel"] == "municipal"
    detail = await ok(await client.get(f"/v1/vacancies/{receipt['id']}", headers=officer))
    assert detail["deadline"] == "2026-04-15"  # 14 days (configuration) from when it is free
    assert [e["kind"] for e in detail["events"]] == ["reported"]

    # The housing organisation cannot let it itself while the municipality holds it.
    early = await client.post(
        f"/v1/vacancies/{receipt['id']}/letting",
        json={"channel": "waiting_list", "let_on": "2026-04-02"},
        headers=org_a,
    )
    assert early.status_code == 409

    clock.today = date(2026, 4, 15)  # on the deadline: still the municipality's
    assert (await ok(await client.post("/v1/vacancies/return-overdue", headers=officer)))["returned"] == []
    clock.today = date(2026, 4, 16)
    result = await ok(await client.post("/v1/vacancies/return-overdue", headers=as_role(Role.SYSTEM)))
    assert [v["id"] for v in result["returned"]] == [receipt["id"]]
    detail = await ok(await client.get(f"/v1/vacancies/{receipt['id']}", headers=officer))
    assert detail["status"] == "returned" and detail["returned_at"]
    assert [e["kind"] for e in detail["events"]] == ["reported", "returned"]
    assert detail["events"][1]["actor"] == "client:system"
    assert (await ok(await client.post("/v1/vacancies/return-overdue", headers=officer)))["returned"] == []

    # Now the housing organisation lets it; the letting keeps the channel actually used.
    letting = await ok(
        await client.post(
            f"/v1/vacancies/{receipt['id']}/letting",
            json={"channel": "waiting_list", "let_on": "2026-05-01"},
            headers=org_a,
        ),
        201,
    )
    assert (letting["channel"], letting["assigned_channel"], letting["days_to_letting"]) == (
        "waiting_list",
        "municipal",
        30,
    )
    twice = await client.post(
        f"/v1/vacancies/{receipt['id']}/letting",
        json={"channel": "waiting_list", "let_on": "2026-05-01"},
        headers=org_a,
    )
    assert twice.status_code == 409


async def test_lettings_are_listed_with_the_channel_used(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    receipt = await ok(await report(client, org_a, vacancy("w-1", "YEL-1")), 201)
    assert receipt["channel"] == "waiting_list"
    await ok(
        await client.post(
            f"/v1/vacancies/{receipt['id']}/letting",
            json={"channel": "other", "let_on": "2026-04-10"},
            headers=org_a,
        ),
        201,
    )
    (letting,) = await ok(await client.get("/v1/lettings?year=2026", headers=org_a))
    assert (letting["channel"], letting["assigned_channel"], letting["days_to_letting"]) == (
        "other",
        "waiting_list",
        9,
    )
    municipal = await client.post(
        f"/v1/vacancies/{receipt['id']}/letting",
        json={"channel": "municipal", "let_on": "2026-04-10"},
        headers=org_a,
    )
    assert municipal.status_code == 409


async def test_numbers_and_text_no_database_can_hold_are_422_not_500(
    client: httpx.AsyncClient, officer: dict[str, str]
) -> None:
    """The API fuzzer's finds: ids and offsets past the integer keys, and NUL, which PostgreSQL refuses."""
    huge = 2**70
    for path in (f"/v1/vacancies/{huge}", f"/v1/vacancies?offset={huge}", "/v1/vacancies?area_code=A%00"):
        response = await client.get(path, headers=officer)
        assert response.status_code == 422, path
    named = await client.put("/v1/areas/A1", json={"name": "Søbakken\x00"}, headers=officer)
    assert named.status_code == 422
    assert named.json()["errors"][0]["loc"] == ["body", "name"]


async def test_a_report_stores_the_vacancy_its_count_and_its_event(
    client: httpx.AsyncClient,
    allocation_app: FastAPI,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
    clock: Clock,
) -> None:
    """Read back from the tables: PostgreSQL writes the three rows in one statement, SQLite in three."""
    await setup_areas(client, officer, fake_categorisation)
    await set_share(client, officer, "GRN-1", 100, 0)
    clock.today = date(2026, 3, 20)
    body = vacancy("stored-1", accessible=True, monthly_rent_dkk=7450.25, available_from="2026-04-01")
    receipt = await ok(await report(client, org_a, body), 201)
    second = await ok(await report(client, org_a, vacancy("stored-2")), 201)

    async with process_of(allocation_app).session_factory() as session:
        stored = await session.get(Vacancy, receipt["id"])
        events = list(
            await session.scalars(
                select(VacancyEvent)
                .where(VacancyEvent.vacancy_id.in_([receipt["id"], second["id"]]))
                .order_by(VacancyEvent.id)
            )
        )
        counter = await session.get(QuotaCounter, ("GRN-1", LETTING_YEAR))
    assert stored is not None
    assert (stored.external_id, stored.external_scope, stored.area_code, stored.year, stored.sequence) == (
        "stored-1",
        ORG_A,
        "GRN-1",
        LETTING_YEAR,
        1,
    )
    assert (stored.channel, stored.reason, stored.reason_code) == (
        "municipal",
        receipt["reason"],
        "quota_municipal",
    )
    assert stored.reason_params["share_basis"] == "share_agreed" and stored.reason_params["due"] == "1"
    assert (stored.municipal_share_bp, stored.agreement_share_bp, stored.flexible_share_bp) == (
        10_000,
        10_000,
        0,
    )
    assert (stored.dwelling_ref, stored.rooms, stored.floor_area_m2) == ("GRN-1/stored-1", 3, 78.5)
    assert (stored.monthly_rent_ore, stored.accessible, stored.available_from) == (
        745_025,
        True,
        date(2026, 4, 1),
    )
    assert (stored.status, stored.deadline, stored.reported_on) == (
        "open",
        date(2026, 4, 15),
        date(2026, 3, 20),
    )
    assert (stored.reported_by, stored.reported_by_org) == (f"client:housing_org:{ORG_A}", ORG_A)
    assert stored.created_at.tzinfo is not None and stored.returned_at is None and stored.returned_on is None
    assert [(e.vacancy_id, e.kind, e.detail, e.actor) for e in events] == [
        (receipt["id"], "reported", {"sequence": 1, "channel": "municipal"}, stored.reported_by),
        (second["id"], "reported", {"sequence": 2, "channel": "municipal"}, stored.reported_by),
    ]
    assert events[0].at.tzinfo is not None
    assert counter is not None
    assert (counter.vacancies, counter.municipal, counter.flexible, counter.waiting_list) == (2, 2, 0, 0)


async def test_an_external_id_already_used_is_answered_in_order_scope_then_repeat_then_conflict(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    org_b: dict[str, str],
    fake_categorisation: FakeCategorisation,
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    first = await ok(await report(client, org_a, vacancy("dup-1", "GRN-1")), 201)
    # Another organisation's area is refused before anything is said of the id.
    assert (await report(client, org_b, vacancy("dup-1", "GRN-1"))).status_code == 403
    # The same id in another of the organisation's areas is another vacancy: a conflict, by either caller.
    for caller in (org_a, officer):
        conflict = await report(client, caller, vacancy("dup-1", "YEL-1"))
        assert conflict.status_code == 409 and "already used" in conflict.json()["detail"]
    # A repeat is answered as stored, even with a letting year that has no agreement to number it in.
    later = await report(client, org_a, vacancy("dup-1", "GRN-1", available_from="2030-01-01"))
    assert later.status_code == 200 and later.json() == first
    assert (await report(client, org_a, vacancy("dup-1", "NOPE-1"))).status_code == 422
    page = await ok(await client.get("/v1/vacancies", headers=officer))
    assert [v["external_id"] for v in page["items"]] == ["dup-1"]
    tally = (await ok(await client.get(f"/v1/agreements/{LETTING_YEAR}/YEL-1", headers=officer)))["tally"]
    assert tally["vacancies"] == 0


async def test_an_area_year_without_a_counter_row_gets_one_at_its_first_report(
    client: httpx.AsyncClient,
    allocation_app: FastAPI,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
) -> None:
    """Agreements create their counter; one made before they did is created by the first report."""
    await setup_areas(client, officer, fake_categorisation)
    async with process_of(allocation_app).session_factory() as session:
        await session.execute(delete(QuotaCounter).where(QuotaCounter.area_code == "GRN-1"))
        await session.commit()
    first = await ok(await report(client, org_a, vacancy("c-1")), 201)
    second = await ok(await report(client, org_a, vacancy("c-2")), 201)
    assert (first["sequence"], second["sequence"]) == (1, 2)
    async with process_of(allocation_app).session_factory() as session:
        counter = await session.get(QuotaCounter, ("GRN-1", LETTING_YEAR))
    assert counter is not None and counter.vacancies == 2

"""The common letting agreement (CONTRACT § 9, DOMAIN § 7): generated from the organisation's areas, their
letting agreements, the categorisation and the area plans (read from the real categorisation service over
HTTP); versions draft → sent → agreed, frozen once agreed; the PDF."""

import io
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from services.allocation.exceptions import StateConflict
from services.allocation.models import CommonAgreementVersion
from services.kit.state import process_of
from tests.allocation.common_agreement_stack import (
    LIST_YEAR,
    NORTH,
    NORTH_NAME,
    PLAN_NORTH,
    SOUTH,
    TARGET,
    YEAR,
    Stack,
    get,
    load_figures,
    path,
    register,
    set_status,
    world,
)
from tests.allocation.factories import ok

OFFICER_SUBJECT = "user:allocation_officer"


def by_code(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {area["area_code"]: area for area in document["areas"]}


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


# --- what the document says -------------------------------------------------------------------------


async def test_the_draft_states_the_areas_their_categorisation_agreements_and_plans(
    stack: Stack, officer, analyst
) -> None:
    await world(stack, officer, analyst)
    n1 = await ok(await stack.allocation.get(f"/v1/agreements/{YEAR}/N1", headers=officer))
    n2 = await ok(await stack.allocation.get(f"/v1/agreements/{YEAR}/N2", headers=officer))

    document = await get(stack, officer)

    assert (document["year"], document["organisation"]) == (YEAR, {"code": NORTH, "name": NORTH_NAME})
    assert (document["status"], document["version"], document["latest_version"]) == ("draft", 1, None)
    assert (document["sent_at"], document["sent_by"], document["agreed_at"], document["agreed_by"]) == (
        None,
        None,
        None,
        None,
    )
    assert document["categorisation_year"] == LIST_YEAR
    assert document["categorisation_approved"] is True
    assert document["versions"] == []
    assert document["changed_since"] is False
    assert document["problems"] == []
    areas = by_code(document)
    assert list(areas) == ["N1", "N2"]  # the organisation's own, by code; S1 is the other's
    assert areas["N1"]["area_name"] == "Area N1"
    assert areas["N1"]["categorisation"] == {"category": "green", "designations": [], "status": "approved"}
    assert areas["N2"]["categorisation"] == {"category": "yellow", "designations": [], "status": "approved"}
    for area, agreement in (("N1", n1), ("N2", n2)):
        stated = areas[area]["agreement"]
        assert stated == {
            "source_year": LIST_YEAR,
            "municipal_share_pct": agreement["municipal_share_pct"],
            "flexible_share_pct": agreement["flexible_share_pct"],
            "rehousing_share_pct": 0.0,
            "flexible_mandatory": False,
            "flexible_criteria": [],
            "flexible_period_from": None,
            "flexible_period_to": None,
            "legal_basis": agreement["legal_basis"],
            "status": "draft",
            "combined_letting_ordered": False,
            "combined_letting_extended": False,
            "note": "",
        }
    # The plans covering its areas in the letting year; not the other organisation's, not one that ended.
    assert [plan["title"] for plan in document["area_plans"]] == [PLAN_NORTH["title"]]
    plan = document["area_plans"][0]
    assert {k: plan[k] for k in ("area_codes", "period_from", "period_to", "visions", "requirements")} == {
        k: PLAN_NORTH[k] for k in ("area_codes", "period_from", "period_to", "visions", "requirements")
    }
    assert plan["community"] == PLAN_NORTH["community"]
    assert plan["targets"] == [TARGET]


async def test_the_document_follows_what_the_agreements_say(stack: Stack, officer, analyst) -> None:
    await world(stack, officer, analyst)
    criteria = [
        {
            "code": "work",
            "share_pct": 100,
            "label_da": "Arbejde",
            "label_en": "Work",
            "conditions": [{"code": "employed_months_min", "value": 6}],
        }
    ]
    await ok(
        await stack.allocation.put(
            f"/v1/agreements/{YEAR}/N2",
            json={
                "municipal_share_pct": 22.5,
                "flexible_share_pct": 40,
                "rehousing_share_pct": 10,
                "flexible_criteria": criteria,
                "combined_letting_ordered": True,
                "note": "Aftalt i styringsdialogen.",
                "status": "agreed",
            },
            headers=officer,
        )
    )

    stated = by_code(await get(stack, officer))["N2"]["agreement"]

    assert stated["municipal_share_pct"] == 22.5
    assert stated["flexible_share_pct"] == 40.0
    assert stated["rehousing_share_pct"] == 10.0
    assert stated["legal_basis"] == "imposed"
    assert stated["status"] == "agreed"
    assert stated["combined_letting_ordered"] is True
    assert stated["note"] == "Aftalt i styringsdialogen."
    assert stated["flexible_criteria"] == [
        {**criteria[0], "share_pct": 100.0, "conditions": [{"code": "employed_months_min", "value": 6.0}]}
    ]


async def test_an_area_without_an_agreement_is_stated_and_stops_sending(
    stack: Stack, officer, analyst
) -> None:
    await world(stack, officer, analyst)
    await ok(
        await stack.allocation.put(
            "/v1/areas/N9", json={"name": "Nyt byggeri", "housing_org": NORTH}, headers=officer
        )
    )

    document = await get(stack, officer)
    refused = await set_status(stack, officer, "sent")

    assert by_code(document)["N9"] == {
        "area_code": "N9",
        "area_name": "Nyt byggeri",
        "categorisation": None,
        "agreement": None,
    }
    assert [p["code"] for p in document["problems"]] == ["area_without_agreement"]
    assert document["problems"][0]["params"] == {"area_code": "N9", "year": str(YEAR)}
    assert refused.status_code == 409, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert "N9" in refused.json()["detail"]
    assert refused.json()["errors"][0]["loc"] == ["body", "status"]
    assert (await get(stack, officer))["versions"] == []  # nothing stored


async def test_a_proposed_categorisation_is_stated_and_stops_sending(stack: Stack, officer, analyst) -> None:
    await load_figures(stack, analyst, approve=False)
    await register(stack, officer)
    for area, category in (("N1", "green"), ("N2", "yellow")):
        await ok(
            await stack.allocation.post(
                f"/v1/agreements/{YEAR}", json={"area_code": area, "category": category}, headers=officer
            ),
            201,
        )

    document = await get(stack, officer)
    refused = await set_status(stack, officer, "sent")

    # Agreements made by hand name no list year: the annex is the list of the year before.
    assert document["categorisation_year"] == LIST_YEAR
    assert document["categorisation_approved"] is False
    assert by_code(document)["N2"]["categorisation"] == {
        "category": "yellow",
        "designations": [],
        "status": "proposed",
    }
    assert by_code(document)["N2"]["agreement"]["source_year"] is None
    assert [p["code"] for p in document["problems"]] == ["categorisation_not_approved"]
    assert refused.status_code == 409, refused.text
    assert "not approved" in refused.json()["detail"]
    assert (await get(stack, officer))["versions"] == []


async def test_without_any_categorisation_of_the_list_year_it_says_so(stack: Stack, officer) -> None:
    await register(stack, officer)
    await ok(
        await stack.allocation.post(
            f"/v1/agreements/{YEAR}", json={"area_code": "N1", "category": "green"}, headers=officer
        ),
        201,
    )

    document = await get(stack, officer)

    assert document["categorisation_approved"] is False
    assert by_code(document)["N1"]["categorisation"] is None
    assert document["area_plans"] == []
    assert [p["code"] for p in document["problems"]] == ["categorisation_missing", "area_without_agreement"]
    assert (await set_status(stack, officer, "sent")).status_code == 409


async def test_an_organisation_without_areas_has_nothing_to_send(stack: Stack, officer, analyst) -> None:
    await world(stack, officer, analyst)
    await ok(
        await stack.allocation.post(
            "/v1/housing-organisations", json={"code": "org-tom", "name": "Tom"}, headers=officer
        ),
        201,
    )

    document = await get(stack, officer, org="org-tom")

    assert (document["areas"], document["area_plans"]) == ([], [])
    assert [p["code"] for p in document["problems"]] == ["no_areas"]
    assert (await set_status(stack, officer, "sent", org="org-tom")).status_code == 409


async def test_an_unknown_organisation_or_version_is_not_found(stack: Stack, officer, analyst) -> None:
    await world(stack, officer, analyst)

    assert (await stack.allocation.get(path("org-ukendt"), headers=officer)).status_code == 404
    assert (await set_status(stack, officer, "sent", org="org-ukendt")).status_code == 404
    assert (await stack.allocation.get(path(), params={"version": 1}, headers=officer)).status_code == 404
    await ok(await set_status(stack, officer, "sent"))
    assert (await stack.allocation.get(path(), params={"version": 2}, headers=officer)).status_code == 404
    assert (
        await stack.allocation.get(f"{path()}/pdf", params={"version": 2}, headers=officer)
    ).status_code == 404


async def test_a_status_other_than_sent_or_agreed_is_refused(stack: Stack, officer, analyst) -> None:
    await world(stack, officer, analyst)

    for body in ({"status": "draft"}, {"status": "superseded"}, {}, {"status": "sent", "version": 3}):
        response = await stack.allocation.post(f"{path()}/status", json=body, headers=officer)
        assert response.status_code == 422, (body, response.text)


# --- versions: draft → sent → agreed, frozen once agreed ---------------------------------------------


async def test_agreeing_needs_a_version_sent(stack: Stack, officer, analyst) -> None:
    await world(stack, officer, analyst)

    refused = await set_status(stack, officer, "agreed")

    assert refused.status_code == 409, refused.text
    assert "Nothing has been sent" in refused.json()["detail"]
    assert (await get(stack, officer))["status"] == "draft"


async def test_sending_stores_todays_document_as_version_1(stack: Stack, officer, analyst) -> None:
    await world(stack, officer, analyst)
    draft = await get(stack, officer)

    sent = await ok(await set_status(stack, officer, "sent"))

    assert (sent["status"], sent["version"], sent["latest_version"]) == ("sent", 1, 1)
    assert sent["sent_by"] == OFFICER_SUBJECT
    assert sent["sent_at"] is not None
    assert (sent["agreed_at"], sent["agreed_by"]) == (None, None)
    assert sent["changed_since"] is False
    assert [(v["version"], v["status"], v["sent_by"]) for v in sent["versions"]] == [
        (1, "sent", OFFICER_SUBJECT)
    ]
    for field in ("areas", "area_plans", "categorisation_year", "categorisation_approved", "organisation"):
        assert sent[field] == draft[field], field
    # What was stored is what was sent, and what is read back.
    read = await get(stack, officer)
    assert read == sent


async def test_sending_again_makes_a_new_version_and_keeps_the_old(stack: Stack, officer, analyst) -> None:
    await world(stack, officer, analyst)
    first = await ok(await set_status(stack, officer, "sent"))
    await ok(
        await stack.allocation.put(
            f"/v1/agreements/{YEAR}/N1", json={"municipal_share_pct": 12}, headers=officer
        )
    )

    second = await ok(await set_status(stack, officer, "sent"))

    assert (second["version"], second["status"]) == (2, "sent")
    assert [(v["version"], v["status"]) for v in second["versions"]] == [(2, "sent"), (1, "sent")]
    assert by_code(second)["N1"]["agreement"]["municipal_share_pct"] == 12.0
    old = await get(stack, officer, version=1)
    assert (old["version"], old["latest_version"], old["status"]) == (1, 2, "sent")
    assert by_code(old)["N1"]["agreement"] == by_code(first)["N1"]["agreement"]
    assert old["changed_since"] is True  # version 1 no longer says what the data say


async def test_agreeing_records_who_and_when_on_the_version_sent(stack: Stack, officer, analyst) -> None:
    await world(stack, officer, analyst)
    sent = await ok(await set_status(stack, officer, "sent"))

    agreed = await ok(await set_status(stack, officer, "agreed"))

    assert (agreed["version"], agreed["status"]) == (1, "agreed")
    assert agreed["agreed_by"] == OFFICER_SUBJECT
    assert agreed["agreed_at"] is not None
    assert (agreed["sent_at"], agreed["sent_by"]) == (sent["sent_at"], sent["sent_by"])
    assert [(v["version"], v["status"]) for v in agreed["versions"]] == [(1, "agreed")]
    # The document agreed is the one sent, unchanged.
    for field in ("areas", "area_plans", "generated_at", "categorisation_year", "organisation"):
        assert agreed[field] == sent[field], field
    assert agreed["changed_since"] is False
    assert await get(stack, officer) == agreed


async def test_agreeing_twice_is_refused(stack: Stack, officer, analyst) -> None:
    await world(stack, officer, analyst)
    await ok(await set_status(stack, officer, "sent"))
    await ok(await set_status(stack, officer, "agreed"))

    refused = await set_status(stack, officer, "agreed")

    assert refused.status_code == 409, refused.text
    assert "already agreed" in refused.json()["detail"]


async def test_an_agreed_version_stays_as_it_was_when_the_data_change(stack: Stack, officer, analyst) -> None:
    await world(stack, officer, analyst)
    await ok(await set_status(stack, officer, "sent"))
    agreed = await ok(await set_status(stack, officer, "agreed"))
    pdf_before = await stack.allocation.get(f"{path()}/pdf", headers=officer)
    await ok(
        await stack.allocation.put(
            f"/v1/agreements/{YEAR}/N1", json={"municipal_share_pct": 12}, headers=officer
        )
    )
    await ok(await stack.allocation.put("/v1/areas/N1", json={"name": "Nordparken Øst"}, headers=officer))

    read = await get(stack, officer)
    pdf_after = await stack.allocation.get(f"{path()}/pdf", headers=officer)

    assert {k: v for k, v in read.items() if k not in ("changed_since", "problems")} == {
        k: v for k, v in agreed.items() if k not in ("changed_since", "problems")
    }
    assert by_code(read)["N1"]["area_name"] == "Area N1"
    assert read["changed_since"] is True  # today's data would give another document: a new version is due
    assert pdf_text(pdf_after.content) == pdf_text(pdf_before.content)
    assert "Nordparken Øst" not in pdf_text(pdf_after.content)


async def test_a_revision_after_agreement_is_a_new_version_and_the_agreed_one_stays(
    stack: Stack, officer, analyst
) -> None:
    await world(stack, officer, analyst)
    await ok(await set_status(stack, officer, "sent"))
    agreed = await ok(await set_status(stack, officer, "agreed"))
    await ok(
        await stack.allocation.put(
            f"/v1/agreements/{YEAR}/N1", json={"municipal_share_pct": 12}, headers=officer
        )
    )

    revision = await ok(await set_status(stack, officer, "sent"))

    assert (revision["version"], revision["status"], revision["changed_since"]) == (2, "sent", False)
    assert [(v["version"], v["status"]) for v in revision["versions"]] == [(2, "sent"), (1, "agreed")]
    assert by_code(revision)["N1"]["agreement"]["municipal_share_pct"] == 12.0
    first = await get(stack, officer, version=1)
    assert (first["status"], first["agreed_by"], first["agreed_at"]) == (
        "agreed",
        OFFICER_SUBJECT,
        agreed["agreed_at"],
    )
    assert by_code(first)["N1"]["agreement"] == by_code(agreed)["N1"]["agreement"]
    # The revision is agreed in its turn; version 1 keeps its own agreement.
    second = await ok(await set_status(stack, officer, "agreed"))
    assert [(v["version"], v["status"]) for v in second["versions"]] == [(2, "agreed"), (1, "agreed")]


async def test_changed_since_tells_whether_todays_data_differ(stack: Stack, officer, analyst) -> None:
    await world(stack, officer, analyst)
    await ok(await set_status(stack, officer, "sent"))
    assert (await get(stack, officer))["changed_since"] is False  # generated again, but saying the same

    await ok(
        await stack.allocation.put(
            f"/v1/agreements/{YEAR}/N2", json={"rehousing_share_pct": 5}, headers=officer
        )
    )
    assert (await get(stack, officer))["changed_since"] is True

    await ok(
        await stack.allocation.put(
            f"/v1/agreements/{YEAR}/N2", json={"rehousing_share_pct": 0}, headers=officer
        )
    )
    assert (await get(stack, officer))["changed_since"] is False


async def test_a_new_area_plan_changes_the_document(stack: Stack, officer, analyst) -> None:
    await world(stack, officer, analyst)
    await ok(await set_status(stack, officer, "sent"))

    await ok(
        await stack.categorisation.post(
            "/v1/area-plans", json={**PLAN_NORTH, "title": "Ny plan", "area_codes": ["N2"]}, headers=analyst
        ),
        201,
    )

    assert (await get(stack, officer))["changed_since"] is True


async def test_the_stored_document_can_never_be_changed(stack: Stack, officer, analyst) -> None:
    await world(stack, officer, analyst)
    await ok(await set_status(stack, officer, "sent"))
    factory = process_of(stack.allocation_app).session_factory

    async with factory() as session:
        row = await session.scalar(select(CommonAgreementVersion))
        assert row is not None
        row.document = {**row.document, "year": 1999}
        with pytest.raises(StateConflict):
            await session.flush()
        await session.rollback()

    await ok(await set_status(stack, officer, "agreed"))
    async with factory() as session:
        row = await session.scalar(select(CommonAgreementVersion))
        assert row is not None
        row.agreed_by = "user:someone-else"
        with pytest.raises(StateConflict):
            await session.flush()
        await session.rollback()

    assert (await get(stack, officer))["agreed_by"] == OFFICER_SUBJECT


async def test_the_categorisation_of_the_source_year_is_the_annex(stack: Stack, officer, analyst) -> None:
    """Agreements drafted from an explicitly chosen list year bring that year's categorisation."""
    await load_figures(stack, analyst)
    await register(stack, officer)
    await ok(
        await stack.allocation.post(
            f"/v1/agreements/{YEAR + 1}/from-categorisation",
            params={"source_year": LIST_YEAR},
            headers=officer,
        )
    )

    document = await ok(await stack.allocation.get(path(year=YEAR + 1), headers=officer))

    assert (document["year"], document["categorisation_year"]) == (YEAR + 1, LIST_YEAR)
    assert document["categorisation_approved"] is True
    assert by_code(document)["N2"]["categorisation"]["category"] == "yellow"


# --- every organisation at a glance ------------------------------------------------------------------


async def test_the_summary_has_one_row_per_organisation(stack: Stack, officer, analyst) -> None:
    await world(stack, officer, analyst)
    await ok(await set_status(stack, officer, "sent"))
    await ok(await set_status(stack, officer, "agreed"))
    await ok(await set_status(stack, officer, "sent", org=SOUTH))

    rows = await ok(
        await stack.allocation.get("/v1/common-agreements", params={"year": YEAR}, headers=officer)
    )
    other_year = await ok(
        await stack.allocation.get("/v1/common-agreements", params={"year": YEAR + 1}, headers=officer)
    )

    assert [(r["organisation"]["code"], r["area_count"], r["latest_version"], r["status"]) for r in rows] == [
        (NORTH, 2, 1, "agreed"),
        (SOUTH, 1, 1, "sent"),
    ]
    assert rows[0]["organisation"]["name"] == NORTH_NAME
    assert rows[0]["sent_at"] is not None and rows[0]["agreed_at"] is not None
    assert rows[1]["agreed_at"] is None
    assert [(r["latest_version"], r["status"], r["sent_at"]) for r in other_year] == [
        (None, "draft", None)
    ] * 2


# --- the PDF ----------------------------------------------------------------------------------------


async def test_the_draft_pdf_is_danish_by_default_and_english_on_request(
    stack: Stack, officer, analyst
) -> None:
    await world(stack, officer, analyst)

    danish = await stack.allocation.get(f"{path()}/pdf", headers=officer)
    english = await stack.allocation.get(f"{path()}/pdf", params={"lang": "en"}, headers=officer)

    assert danish.status_code == 200, danish.text
    assert danish.headers["content-type"] == "application/pdf"
    assert danish.content.startswith(b"%PDF")
    assert (
        danish.headers["content-disposition"]
        == f'inline; filename="faellesaftale-{YEAR}-{NORTH}-v1-udkast.pdf"'
    )
    assert danish.headers["content-language"] == "da"
    assert "no-store" in danish.headers["cache-control"]
    text = pdf_text(danish.content)
    for expected in (
        f"Fællesaftale om udlejning {YEAR}",
        NORTH_NAME,
        "Udkast",
        "Area N1 (N1)",
        "Area N2 (N2)",
        "gul",
        PLAN_NORTH["title"],
        "Bilag 3",
        "andel uden for arbejdsmarkedet under 40 % senest 2028",
    ):
        assert expected in text, expected
    assert "Area S1" not in text
    assert english.headers["content-disposition"] == (
        f'inline; filename="faellesaftale-{YEAR}-{NORTH}-v1-udkast-en.pdf"'
    )
    english_text = pdf_text(english.content)
    for expected in (
        f"Common letting agreement {YEAR}",
        NORTH_NAME,
        "Draft",
        "yellow",
        "Annex 3",
        "share outside the labour market below 40 % by 2028",
    ):
        assert expected in english_text, expected


async def test_the_pdf_of_a_sent_version_is_named_by_it_and_says_when(stack: Stack, officer, analyst) -> None:
    await world(stack, officer, analyst)
    await ok(await set_status(stack, officer, "sent"))
    await ok(await set_status(stack, officer, "sent"))

    newest = await stack.allocation.get(f"{path()}/pdf", headers=officer)
    first = await stack.allocation.get(f"{path()}/pdf", params={"version": 1}, headers=officer)

    assert newest.headers["content-disposition"] == f'inline; filename="faellesaftale-{YEAR}-{NORTH}-v2.pdf"'
    assert first.headers["content-disposition"] == f'inline; filename="faellesaftale-{YEAR}-{NORTH}-v1.pdf"'
    assert "Version 2" in pdf_text(newest.content)
    assert "Sendt" in pdf_text(newest.content)
    assert "Udkast" not in pdf_text(newest.content)


# --- when the categorisation service does not answer -----------------------------------------------------


async def test_without_the_categorisation_service_a_draft_cannot_be_made(
    stack: Stack, officer, analyst
) -> None:
    await world(stack, officer, analyst)
    stack.upstream.down = True

    draft = await stack.allocation.get(path(), headers=officer)
    pdf = await stack.allocation.get(f"{path()}/pdf", headers=officer)
    send = await set_status(stack, officer, "sent")

    for response in (draft, pdf, send):
        assert response.status_code == 503, response.text
        assert response.json()["service"] == "categorisation"
    stack.upstream.down = False
    assert (await get(stack, officer))["versions"] == []  # nothing was stored


async def test_without_the_categorisation_service_what_was_sent_is_still_served(
    stack: Stack, officer, analyst
) -> None:
    await world(stack, officer, analyst)
    sent = await ok(await set_status(stack, officer, "sent"))
    stack.upstream.down = True

    read = await get(stack, officer)
    pdf = await stack.allocation.get(f"{path()}/pdf", headers=officer)
    agreed = await ok(await set_status(stack, officer, "agreed"))

    assert read["changed_since"] is None  # cannot be told
    assert [p["code"] for p in read["problems"]] == ["categorisation_unavailable"]
    assert read["areas"] == sent["areas"]
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert (agreed["status"], agreed["changed_since"]) == ("agreed", None)

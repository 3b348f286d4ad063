"""Decisions of each kind made through the API, and the stored letter read back as text (PDF and HTML)."""

import html
import io
import re
from typing import Any

import httpx
from pypdf import PdfReader

from tests.allocation.factories import FakeCategorisation, ok, report, seeker, set_share, setup_areas, vacancy

APPLICANT = "Åse Ærø"
ACUTE_REFUSED: dict[str, Any] = {
    "resident_of_municipality": True,
    "acute_unforeseen_situation": True,
    "had_own_dwelling": False,
    "divorce_with_children_under_18": True,
    "registered_housing_organisations": 1,
    "applicant_name": APPLICANT,
}
CONSIDERATIONS = ("work_or_education", "pension_transfer", "dwelling_outside", "other_hardship")
DISPENSATION: dict[str, Any] = {
    "considerations": [
        {"code": code, "applies": code == "work_or_education", "note": f"Notat om {code.replace('_', ' ')}."}
        for code in CONSIDERATIONS
    ],
    "granted": False,
    "justification": "Ingen af hensynene vejer tungt nok til, at en afvisning er uforholdsmæssig hård.",
}


def pdf_text(pdf: bytes) -> str:
    """The PDF's text as one line: words as the reader sees them, line breaks and spacing aside."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def html_text(page: str) -> str:
    """The HTML's text as one line, markup and entities resolved."""
    body = page.split("<body>", 1)[-1]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split()).replace(" :", ":")


def squeeze(text: str) -> str:
    return " ".join(text.split())


async def acute_decision(
    client: httpx.AsyncClient, officer: dict[str, str], **changes: Any
) -> dict[str, Any]:
    return await ok(
        await client.post("/v1/acute-applications", json={**ACUTE_REFUSED, **changes}, headers=officer), 201
    )


async def municipal_vacancy(
    client: httpx.AsyncClient, officer: dict[str, str], org_a: dict[str, str], fake: FakeCategorisation
) -> dict[str, Any]:
    await setup_areas(client, officer, fake)
    await set_share(client, officer, "GRN-1", 100, 0)
    receipt = await ok(await report(client, org_a, vacancy("m-1", available_from="2026-04-01")), 201)
    assert receipt["channel"] == "municipal"
    return receipt


async def offer_decision(
    client: httpx.AsyncClient, officer: dict[str, str], org_a: dict[str, str], fake: FakeCategorisation
) -> dict[str, Any]:
    receipt = await municipal_vacancy(client, officer, org_a, fake)
    person = await ok(await client.post("/v1/seekers", json=seeker(APPLICANT), headers=officer), 201)
    return await ok(
        await client.post(
            f"/v1/vacancies/{receipt['id']}/offers", json={"seeker_id": person["id"]}, headers=officer
        ),
        201,
    )


async def dispensation_decision(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake: FakeCategorisation,
    **changes: Any,
) -> dict[str, Any]:
    await setup_areas(client, officer, fake)
    body = {
        "area_code": "RED-1",
        "applicant": {
            "benefits": [{"benefit": "kontanthjaelp", "received_now": True, "consecutive_months": 2}]
        },
        "applicant_ref": "ans-17",
    }
    check = await ok(await client.post("/v1/applicant-checks", json=body, headers=org_a))
    assert check["dispensation_possible"] is True
    return await ok(
        await client.post(
            f"/v1/applicant-checks/{check['id']}/dispensation",
            json={**DISPENSATION, **changes},
            headers=officer,
        ),
        201,
    )


async def letters_of(
    client: httpx.AsyncClient, officer: dict[str, str], decision_type: str, decision_id: int
) -> list[dict[str, Any]]:
    query = {"decision_type": decision_type, "decision_id": str(decision_id)}
    result: list[dict[str, Any]] = await ok(await client.get("/v1/letters", params=query, headers=officer))
    return result

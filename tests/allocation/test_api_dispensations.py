"""§ 51 c dispensations as recorded decisions (DOMAIN § 5.4) and the 1 July report, through the API."""

import csv
import io
from datetime import date
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook

from tests.allocation.factories import Clock, FakeCategorisation, ok, setup_areas

CONSIDERATIONS = ("work_or_education", "pension_transfer", "dwelling_outside", "other_hardship")


def decision(granted: bool = True, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "considerations": [
            {"code": code, "applies": code == "work_or_education", "note": f"Vurderet: {code}"}
            for code in CONSIDERATIONS
        ],
        "granted": granted,
        "justification": "Fast arbejde fra næste måned; afvisning ville være uforholdsmæssig.",
    }
    body.update(overrides)
    return body


async def refused_check(client: httpx.AsyncClient, org: dict[str, str], ref: str = "ans-1") -> dict[str, Any]:
    body = {
        "area_code": "RED-1",
        "applicant": {
            "benefits": [{"benefit": "kontanthjaelp", "received_now": True, "consecutive_months": 2}]
        },
        "applicant_ref": ref,
    }
    result = await ok(await client.post("/v1/applicant-checks", json=body, headers=org))
    assert result["allowed"] is False and result["dispensation_possible"] is True
    return result


async def test_a_dispensation_weighs_the_four_considerations_and_is_recorded(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    org_b: dict[str, str],
    fake_categorisation: FakeCategorisation,
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    check = await refused_check(client, org_a)
    logged = await ok(await client.get(f"/v1/applicant-checks/{check['id']}", headers=officer))
    assert (logged["dispensation_possible"], logged["dispensation_id"]) == (True, None)

    # The housing organisation may not decide; the officer does.
    url = f"/v1/applicant-checks/{check['id']}/dispensation"
    assert (await client.post(url, json=decision(), headers=org_a)).status_code == 403
    made = await ok(await client.post(url, json=decision(), headers=officer), 201)
    assert made["granted"] is True and made["applicant_ref"] == "ans-1" and made["area_code"] == "RED-1"
    assert [c["code"] for c in made["considerations"]] == list(CONSIDERATIONS)
    assert made["decided_on"] == "2026-03-02" and made["report_year"] == 2026
    assert made["decided_by"].startswith("user:")
    assert (await client.post(url, json=decision(), headers=officer)).status_code == 409  # once

    # The owning organisation reads it; another does not see it.
    assert (await ok(await client.get(f"/v1/dispensations/{made['id']}", headers=org_a)))["id"] == made["id"]
    assert (await client.get(f"/v1/dispensations/{made['id']}", headers=org_b)).status_code == 404
    assert await ok(await client.get("/v1/dispensations", headers=org_b)) == []
    assert [d["id"] for d in await ok(await client.get("/v1/dispensations", headers=org_a))] == [made["id"]]
    again = await ok(await client.get(f"/v1/applicant-checks/{check['id']}", headers=org_a))
    assert again["dispensation_id"] == made["id"]


async def test_only_a_check_refused_under_s51c_can_be_dispensed(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    allowed = await ok(await client.post("/v1/applicant-checks", json={"area_code": "RED-1"}, headers=org_a))
    response = await client.post(
        f"/v1/applicant-checks/{allowed['id']}/dispensation", json=decision(), headers=officer
    )
    assert response.status_code == 409
    assert (
        await client.post("/v1/applicant-checks/999999/dispensation", json=decision(), headers=officer)
    ).status_code == 404


@pytest.mark.parametrize(
    "change",
    [
        {"considerations": []},
        {"considerations": decision()["considerations"][:3]},
        {"considerations": [*decision()["considerations"][:3], decision()["considerations"][0]]},
        {"considerations": [{**c, "note": "  "} for c in decision()["considerations"]]},
        {"considerations": [{**c, "note": ""} for c in decision()["considerations"]]},
        {"justification": ""},
        {"justification": "   "},
        {"granted": None},
        {"cpr": "010101-1234"},
    ],
)
async def test_an_incomplete_decision_is_refused(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
    change: dict[str, Any],
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    check = await refused_check(client, org_a)
    response = await client.post(
        f"/v1/applicant-checks/{check['id']}/dispensation", json=decision(**change), headers=officer
    )
    assert response.status_code == 422, response.text


async def test_the_1_july_report_counts_1_july_to_30_june(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
    clock: Clock,
) -> None:
    for year in (2025, 2026, 2027):  # a check needs the letting year's agreement (the § 51 b decision)
        await setup_areas(client, officer, fake_categorisation, year=year)
    decided: dict[date, bool] = {
        date(2025, 6, 30): True,  # report 2025
        date(2025, 7, 1): True,  # report 2026, its first day
        date(2026, 3, 2): False,  # report 2026, refused
        date(2026, 6, 30): True,  # report 2026, its last day
        date(2026, 7, 1): True,  # report 2027
    }
    for day, granted in decided.items():
        clock.today = day
        check = await refused_check(client, org_a, ref=f"ans-{day.isoformat()}")
        await ok(
            await client.post(
                f"/v1/applicant-checks/{check['id']}/dispensation", json=decision(granted), headers=officer
            ),
            201,
        )
    report = await ok(await client.get("/v1/dispensations/report?year=2026", headers=officer))
    assert (report["first_day"], report["last_day"], report["due_on"]) == (
        "2025-07-01",
        "2026-06-30",
        "2026-07-01",
    )
    assert (report["granted"], report["refused"]) == (2, 1)
    assert report["areas"] == [{"area_code": "RED-1", "granted": 2, "refused": 1}]
    assert (await ok(await client.get("/v1/dispensations/report?year=2025", headers=officer)))["granted"] == 1
    assert (await ok(await client.get("/v1/dispensations/report?year=2027", headers=officer)))["granted"] == 1
    assert len(await ok(await client.get("/v1/dispensations?report_year=2026", headers=officer))) == 3
    assert (await client.get("/v1/dispensations/report?year=2026", headers=org_a)).status_code == 403

    danish = await client.get("/v1/dispensations/report?year=2026&format=csv", headers=officer)
    assert danish.status_code == 200 and danish.headers["content-type"].startswith("text/csv")
    assert "dispensationer-indberetning-2026.csv" in danish.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(danish.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Indberetningsår",
        "Periode fra",
        "Periode til",
        "Område",
        "Dispensationer givet",
        "Dispensationer afslået",
    ]
    assert rows[1] == ["2026", "01-07-2025", "30-06-2026", "RED-1", "2", "1"]
    assert rows[-1][3:] == ["I alt", "2", "1"]

    machine = await client.get("/v1/dispensations/report?year=2026&format=csv-machine", headers=officer)
    machine_rows = list(csv.reader(io.StringIO(machine.text)))
    assert machine_rows[0][:4] == ["report_year", "first_day", "last_day", "area_code"]
    assert machine_rows[1][:3] == ["2026", "2025-07-01", "2026-06-30"]

    xlsx = await client.get("/v1/dispensations/report?year=2026&format=xlsx", headers=officer)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    assert sheet.cell(1, 5).value == "Dispensationer givet" and sheet.cell(2, 5).value == 2

    decisions = await client.get("/v1/dispensations?report_year=2026&format=csv", headers=officer)
    lines = list(csv.reader(io.StringIO(decisions.content.decode("utf-8-sig")), delimiter=";"))
    assert lines[0][:3] == ["Nr.", "Afgjort den", "Indberetningsår"]
    assert "Udsigt til arbejde eller uddannelse inden for kort tid" in lines[0]
    assert len(lines) == 4 and {line[5] for line in lines[1:]} == {"Ja", "Nej"}


async def test_a_formula_in_a_note_is_never_a_formula_in_the_export(
    client: httpx.AsyncClient,
    officer: dict[str, str],
    org_a: dict[str, str],
    fake_categorisation: FakeCategorisation,
) -> None:
    await setup_areas(client, officer, fake_categorisation)
    check = await refused_check(client, org_a, ref="=HYPERLINK(1)")
    await ok(
        await client.post(
            f"/v1/applicant-checks/{check['id']}/dispensation",
            json=decision(justification="=1+1"),
            headers=officer,
        ),
        201,
    )
    exported = await client.get("/v1/dispensations?format=csv", headers=officer)
    text = exported.content.decode("utf-8-sig")
    assert "'=1+1" in text and "'=HYPERLINK(1)" in text

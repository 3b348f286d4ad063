"""The categorisation exports are made once per version of the data (issue 16), from the year's areas the
area list keeps, and are the files they always were: byte for byte what the export made before it kept
anything, at a hit of the kept file, and again after every change of an input.

The reference (`made_afresh`) is the export's old route body: the year's areas computed without any kept
result, as the caller may see them, through the same table and the kit's download.
"""

import csv
import io
import zipfile
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, Response

from services.categorisation import areas, exports
from services.categorisation.state import CategorisationState
from services.kit import tables
from services.kit.auth import Principal, Role
from services.kit.state import process_of, state_of
from tests.categorisation.factories import csv_bytes, post_csv, rows, seed
from tests.categorisation.plan_factories import create_plan
from tests.categorisation.test_result_cache import AREAS, CHANGES, TWO_YEARS, YEAR, results

# Every way to ask for the file: (path, format, language) as the route reads them.
EXPORTS: list[tuple[str, tables.ExportFormat, tables.Language]] = [
    (f"/v1/years/{YEAR}/export", "csv", "da"),
    (f"/v1/years/{YEAR}/export?lang=en", "csv", "en"),
    (f"/v1/years/{YEAR}/export?format=csv-machine", "csv-machine", "da"),
    (f"/v1/years/{YEAR}/export?format=csv-machine&lang=en", "csv-machine", "en"),
    (f"/v1/years/{YEAR}/export?format=xlsx", "xlsx", "da"),
    (f"/v1/years/{YEAR}/export?format=xlsx&lang=en", "xlsx", "en"),
    (f"/v1/years/{YEAR}/export.csv", "csv-machine", "da"),
    (f"/v1/years/{YEAR}/export.xlsx", "xlsx", "da"),
]
MACHINE_CSV = f"/v1/years/{YEAR}/export.csv"
# The analyst sees every figure; the officer the small numbers hidden (a file of its own).
ROLES = (Role.ANALYST, Role.ALLOCATION_OFFICER)


def principal(role: Role) -> Principal:
    return Principal(subject=f"user:{role.value}", kind="user", name=role.value, roles=frozenset({role}))


async def made_afresh(app: FastAPI, role: Role, fmt: tables.ExportFormat, lang: tables.Language) -> Response:
    """The export as the route made it before it kept files: computed from the data, nothing kept."""
    config = state_of(app, CategorisationState).config
    async with process_of(app).session_factory() as session:
        shown = await areas.visible_areas(session, year=YEAR, config=config, principal=principal(role))
    table = (
        exports.table_for_systems(shown) if fmt == "csv-machine" else exports.table_for_people(shown, lang)
    )
    stem = f"kategorisering-{YEAR}" if lang == "da" else f"categorisation-{YEAR}"
    return tables.download(table, fmt=fmt, filename=stem, title=exports.title(YEAR, lang), lang=lang)


def content(fmt: tables.ExportFormat, body: bytes) -> Any:
    """What a file says: a CSV's bytes; a workbook's parts, without the time it was made
    (docProps/core.xml), which two workbooks made at two moments never share."""
    if fmt != "xlsx":
        return body
    with zipfile.ZipFile(io.BytesIO(body)) as workbook:
        return {name: workbook.read(name) for name in workbook.namelist() if name != "docProps/core.xml"}


def assert_same_file(answer: httpx.Response, reference: Response, fmt: tables.ExportFormat) -> None:
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == reference.headers["content-type"]
    assert answer.headers["content-disposition"] == reference.headers["content-disposition"]
    assert answer.headers["content-length"] == str(len(answer.content))
    assert content(fmt, answer.content) == content(fmt, bytes(reference.body))


def machine_rows(answer: httpx.Response) -> dict[str, dict[str, str]]:
    return {r["area_code"]: r for r in csv.DictReader(io.StringIO(answer.content.decode(), newline=""))}


@pytest.fixture
async def seeded(client: httpx.AsyncClient, analyst: dict[str, str]) -> httpx.AsyncClient:
    await seed(client, analyst, AREAS)
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("path", "fmt", "lang"), EXPORTS)
async def test_an_export_is_made_once_from_the_kept_year_and_is_the_file_it_always_was(
    seeded, categorisation_app, as_role, role, path, fmt, lang
):
    headers = as_role(role)
    # The area list keeps the year's areas; the export makes its file from them and computes no more.
    assert (await seeded.get(f"/v1/years/{YEAR}/areas", headers=headers)).status_code == 200
    made = results(categorisation_app).made

    first = await seeded.get(path, headers=headers)
    made_by_first = results(categorisation_app).made - made
    again = await seeded.get(path, headers=headers)

    assert made_by_first == 1, "the export computed the year again instead of reading the kept areas"
    assert results(categorisation_app).made - made == 1, "the second download made its file again"
    assert again.content == first.content  # the kept file itself, byte for byte (a workbook too)
    assert again.headers["content-disposition"] == first.headers["content-disposition"]
    assert_same_file(first, await made_afresh(categorisation_app, role, fmt, lang), fmt)


async def test_the_analyst_and_the_officer_each_get_their_own_kept_file(seeded, as_role):
    """The officer's file hides the small numbers the analyst's shows, before and after either is kept."""
    small = rows(TWO_YEARS, "S1", area_name="Smalby", residents=4)
    assert (await post_csv(seeded, as_role(Role.ANALYST), csv_bytes(small))).status_code == 200

    seen = [
        machine_rows(await seeded.get(MACHINE_CSV, headers=as_role(role)))["S1"]["residents"]
        for role in (*ROLES, *ROLES)
    ]

    assert seen == ["4", "", "4", ""]


@pytest.mark.parametrize("change", [*CHANGES, "approval"])
async def test_an_export_follows_every_change_of_its_inputs(seeded, analyst, categorisation_app, change):
    before = {path: await seeded.get(path, headers=analyst) for path, _, _ in EXPORTS}
    made = results(categorisation_app).made

    if change == "approval":
        assert (await seeded.post(f"/v1/years/{YEAR}/approve", headers=analyst)).status_code == 200
    else:
        await CHANGES[change][0](seeded, analyst)
    after = {path: await seeded.get(path, headers=analyst) for path, _, _ in EXPORTS}

    assert results(categorisation_app).made > made, "nothing was made anew after the change"
    for path, fmt, lang in EXPORTS:
        assert content(fmt, after[path].content) != content(fmt, before[path].content), (change, path)
        assert_same_file(after[path], await made_afresh(categorisation_app, Role.ANALYST, fmt, lang), fmt)
    g1_before, g1_after = machine_rows(before[MACHINE_CSV])["G1"], machine_rows(after[MACHINE_CSV])["G1"]
    assert g1_before["category"] == "green"
    if change == "approval":
        assert (g1_before["status"], g1_after["status"]) == ("proposed", "approved")
    else:
        assert g1_after["category"] == CHANGES[change][1]


async def test_what_changes_no_input_keeps_the_files(seeded, analyst, categorisation_app):
    """A what-if, a plan and a rejected file leave the kept files as they were: nothing is made again."""
    before = {path: (await seeded.get(path, headers=analyst)).content for path, _, _ in EXPORTS}
    made = results(categorisation_app).made

    what_if = await seeded.post(
        f"/v1/years/{YEAR}/what-if", json={"basic_education_pct_above": 40.0}, headers=analyst
    )
    await create_plan(seeded, analyst, area_codes=["G1"], period_from=YEAR, period_to=YEAR + 4)
    rejected = await post_csv(seeded, analyst, b"year,area_code\n2024,\n")
    after = {path: (await seeded.get(path, headers=analyst)).content for path, _, _ in EXPORTS}

    assert what_if.status_code == 200 and what_if.json()["changes"], what_if.text
    assert rejected.status_code == 422
    assert after == before
    assert results(categorisation_app).made == made

"""Loading files: the housing data, and the ministry's published list; all rows or none."""

from typing import Any

from fastapi import APIRouter

from services.categorisation import housing
from services.categorisation.dependencies import DataLoader, Upload
from services.categorisation.schemas import ImportRead
from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute

router = APIRouter(route_class=TransactionalRoute)

HOUSING_CSV_EXAMPLE = (
    "year,area_code,area_name,municipality_code,region_code,residents,outside_labour_market_pct,"
    "convicted_pct,basic_education_pct,income_pct_of_region,non_western_pct\n"
    "2026,DEMO-12,Nordlys (demo),159,1084,450,29.0,1.32,52.0,66.0,28.0\n"
)
OFFICIAL_CSV_EXAMPLE = (
    "year,area_code,designation\n2026,DEMO-01,vulnerable_area\n2026,DEMO-04,prevention_area\n"
)


def upload_body(csv_example: str) -> dict[str, Any]:
    """The body is read by hand (dependencies.Upload): CSV as it is, or a CSV or XLSX file in a multipart
    form; the example is a file that loads."""
    return {
        "requestBody": {
            "required": True,
            "content": {
                "text/csv": {
                    "schema": {"type": "string", "contentMediaType": "text/csv"},
                    "example": csv_example,
                },
                "multipart/form-data": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "file": {
                                "type": "string",
                                "format": "binary",
                                "description": "CSV, Danish Excel CSV (`;`, decimal comma) or XLSX",
                            }
                        },
                    }
                },
            },
        }
    }


UPLOAD_BODY = upload_body(HOUSING_CSV_EXAMPLE)


@router.post(
    "/housing-data",
    response_model=ImportRead,
    summary="Load a housing-data file (CSV or XLSX); all rows or none",
    tags=["Housing data"],
    openapi_extra=UPLOAD_BODY,
    responses=problem_responses(413, 422),
)
async def import_housing_data(session: SessionDep, principal: DataLoader, upload: Upload) -> ImportRead:
    """Replace the figures of the (year, area) pairs in the file; any bad cell rejects it whole (422).

    The columns are CONTRACT § 4's. Send the file as a `text/csv` body (its name in `X-Filename`) or as
    the multipart field `file`. The live categorisation of each year in the file changes at once; approved
    snapshots do not. Each problem in the 422's `errors` has `loc` (`["row", n, column]`, `["header",
    column]` or `["file"]`), a stable `code` (e.g. `not_whole_number`), and the sentence naming row and
    column in Danish (`msg`) and English (`msg_en`)."""
    return await housing.import_housing_data(
        session, content=upload.content, filename=upload.filename, actor=principal.subject
    )


@router.post(
    "/official-designations",
    response_model=ImportRead,
    summary="Load the ministry's published list (year, area_code, designation)",
    tags=["Official list"],
    openapi_extra=upload_body(OFFICIAL_CSV_EXAMPLE),
    responses=problem_responses(413, 422),
)
async def import_official_list(session: SessionDep, principal: DataLoader, upload: Upload) -> ImportRead:
    """The list as the ministry publishes it on 1 December, one row per (year, area, designation), all
    rows or none. Where a year's list is loaded it decides that year's designations and the red and pink
    categories (DOMAIN § 3); the computation from the figures stays beside it as explanation (see the
    year's disagreements)."""
    return await housing.import_official_list(
        session, content=upload.content, filename=upload.filename, actor=principal.subject
    )

"""Loading files: the housing data, and the ministry's published list; all rows or none."""

from typing import Any

from fastapi import APIRouter

from services.categorisation import housing
from services.categorisation.dependencies import DataLoader, Upload
from services.categorisation.schemas import ImportRead
from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute

router = APIRouter(route_class=TransactionalRoute)

# The body is read by hand (dependencies.Upload): CSV as it is, or a CSV or XLSX file in a multipart form.
UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            "multipart/form-data": {
                "schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}
            },
        },
    }
}


@router.post(
    "/housing-data",
    response_model=ImportRead,
    summary="Load a housing-data file (CSV or XLSX); all rows or none",
    openapi_extra=UPLOAD_BODY,
    responses=problem_responses(413, 422),
)
async def import_housing_data(session: SessionDep, principal: DataLoader, upload: Upload) -> ImportRead:
    """Replace the figures of the (year, area) pairs in the file; any bad cell rejects it whole (422).

    Each problem in the 422's `errors` has `loc` (`["row", n, column]`, `["header", column]` or `["file"]`),
    a stable `code` (e.g. `not_whole_number`), and the sentence naming row and column in Danish (`msg`) and
    English (`msg_en`)."""
    return await housing.import_housing_data(
        session, content=upload.content, filename=upload.filename, actor=principal.subject
    )


@router.post(
    "/official-designations",
    response_model=ImportRead,
    summary="Load the ministry's published list (year, area_code, designation)",
    openapi_extra=UPLOAD_BODY,
    responses=problem_responses(413, 422),
)
async def import_official_list(session: SessionDep, principal: DataLoader, upload: Upload) -> ImportRead:
    return await housing.import_official_list(
        session, content=upload.content, filename=upload.filename, actor=principal.subject
    )

"""Injected things of the categorisation endpoints, each under a name: config, clock, callers, path types."""

from datetime import date
from typing import Annotated, NamedTuple

from fastapi import Depends, Path, Request
from starlette.datastructures import UploadFile

from services.categorisation import access
from services.categorisation.config import CategorisationConfig
from services.categorisation.state import CategorisationState
from services.categorisation.versions import Results
from services.kit.auth import Principal, require_roles
from services.kit.clock import today
from services.kit.errors import PayloadTooLarge, ValidationFailed
from services.kit.state import config_of, state_of

MAX_UPLOAD_BYTES = 25 * 1024 * 1024


class UploadedFile(NamedTuple):
    content: bytes
    filename: str


async def uploaded_file(request: Request) -> UploadedFile:
    """The file from a text/csv (or XLSX) body or from the multipart field `file`."""
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        form = await request.form(max_files=1, max_fields=5)
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise ValidationFailed(
                "Send the file in the multipart field 'file'.",
                errors=[{"loc": ["body", "file"], "msg": "missing"}],
            )
        content = await upload.read(MAX_UPLOAD_BYTES + 1)
        name = upload.filename or "upload"
    else:
        content = await request.body()
        name = request.headers.get("x-filename", "upload.csv")
    if len(content) > MAX_UPLOAD_BYTES:
        raise PayloadTooLarge(f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB.")
    return UploadedFile(content, name)


def results_of(request: Request) -> Results:
    """The results the process keeps per version of the data (versions.Results)."""
    return state_of(request, CategorisationState).results


Config = Annotated[CategorisationConfig, Depends(config_of)]
Cache = Annotated[Results, Depends(results_of)]
Today = Annotated[date, Depends(today)]
# Read by hand from the body (CSV or multipart), which the upload routes document in `openapi_extra`.
# List it after the caller's role, so that a refused caller is refused before the body is read.
Upload = Annotated[UploadedFile, Depends(uploaded_file)]

Analyst = Annotated[Principal, Depends(require_roles(*access.DECIDE))]
DataLoader = Annotated[Principal, Depends(require_roles(*access.LOAD_DATA))]
AreaReader = Annotated[Principal, Depends(require_roles(*access.READ_AREAS))]
SummaryReader = Annotated[Principal, Depends(require_roles(*access.READ_SUMMARY))]
CategorisationReader = Annotated[Principal, Depends(require_roles(*access.READ_CATEGORISATION))]

Year = Annotated[int, Path(ge=1990, le=2100, description="the list year", examples=[2025])]
AreaCode = Annotated[
    str,
    Path(
        min_length=1,
        max_length=32,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-]*$",
        description="the area's code, as in the housing data",
        examples=["DEMO-01"],
    ),
]
# An integer column like a row id (see services.kit.schemas.RowId), but numbered per year from 1.
Revision = Annotated[
    int, Path(ge=1, le=2**31 - 1, description="the approval's revision, from 1", examples=[1])
]

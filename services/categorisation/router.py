"""HTTP endpoints of the categorisation service; authenticated by default at router level."""

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from starlette.datastructures import UploadFile

from services.categorisation import access, approvals, exports, history, housing, years
from services.categorisation.access import DECIDE, LOAD_DATA, READ_AREAS, READ_CATEGORISATION, READ_SUMMARY
from services.categorisation.config import CategorisationConfig
from services.categorisation.rules.model import Category, Designation
from services.categorisation.schemas import (
    ApprovalCreate,
    ApprovalRead,
    AreaHistory,
    AreaRead,
    CategorisationItem,
    Disagreement,
    ImportResult,
    LocalThresholdsRead,
    LocalThresholdsUpdate,
    OverrideCreate,
    OverrideRead,
    Reproduction,
    Schema,
    WhatIfRequest,
    WhatIfResult,
    YearOverview,
    YearParametersRead,
    YearParametersUpdate,
    YearSummary,
)
from services.kit.auth import Principal, current_principal, require_roles
from services.kit.errors import (
    AUTHENTICATED,
    NotFound,
    PayloadTooLarge,
    ValidationFailed,
    problem_responses,
)
from services.kit.inputs import NO_NUL
from services.kit.routing import SessionDep, TransactionalRoute

router = APIRouter(
    prefix="/v1",
    dependencies=[Depends(current_principal)],
    route_class=TransactionalRoute,
    responses=AUTHENTICATED,
)

Year = Annotated[int, Path(ge=1990, le=2100, description="the list year")]
AreaCode = Annotated[str, Path(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9][A-Za-z0-9._\-]*$")]
Analyst = Annotated[Principal, Depends(require_roles(*DECIDE))]
DataLoader = Annotated[Principal, Depends(require_roles(*LOAD_DATA))]
AreaReader = Annotated[Principal, Depends(require_roles(*READ_AREAS))]
SummaryReader = Annotated[Principal, Depends(require_roles(*READ_SUMMARY))]
CategorisationReader = Annotated[Principal, Depends(require_roles(*READ_CATEGORISATION))]
MAX_UPLOAD_BYTES = 25 * 1024 * 1024
SortKey = Literal["area_code", "area_name", "residents", "category"]
# A year (or area, or revision) without figures, rules or approval is 404; a file that cannot be loaded 422.
NOT_FOUND = problem_responses(404)
UPLOAD_REFUSED = problem_responses(413, 422)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def file_download(media_type: str) -> dict[int | str, dict[str, Any]]:
    """The 200 of an export: a file of `media_type` (and 404 for a year without figures)."""
    return {
        200: {"description": "The file", "content": {media_type: {"schema": {"type": "string"}}}},
        **NOT_FOUND,
    }


def config_of(request: Request) -> CategorisationConfig:
    config: CategorisationConfig = request.app.state.config
    return config


Config = Annotated[CategorisationConfig, Depends(config_of)]


def shown(area: AreaRead, principal: Principal, config: CategorisationConfig) -> AreaRead:
    return area if access.sees_figures(principal) else access.suppress(area, config.small_number_threshold)


class YearListItem(Schema):
    year: int
    status: Literal["proposed", "approved"]
    approved_revision: int | None


# --- years ----------------------------------------------------------------------------------------


@router.get(
    "/years", response_model=list[YearListItem], summary="Years with figures or official designations"
)
async def list_years(session: SessionDep, _principal: SummaryReader) -> list[YearListItem]:
    items = []
    for year in await years.years_with_data(session):
        approval = await years.latest_approval(session, year=year)
        items.append(
            YearListItem(
                year=year,
                status="approved" if approval else "proposed",
                approved_revision=approval.revision if approval else None,
            )
        )
    return items


@router.get(
    "/years/{year}",
    response_model=YearOverview,
    summary="A year's counts, phase and approval state",
    responses=NOT_FOUND,
)
async def year_overview(
    year: Year, session: SessionDep, config: Config, _principal: AreaReader
) -> YearOverview:
    return await years.overview(session, year=year, config=config, today=date.today())


@router.get(
    "/years/{year}/summary",
    response_model=YearSummary,
    summary="Aggregates for managers",
    responses=NOT_FOUND,
)
async def year_summary(
    year: Year, session: SessionDep, config: Config, _principal: SummaryReader
) -> YearSummary:
    """Counts per category and designation; resident totals under the small-number threshold are hidden."""
    overview = await years.overview(session, year=year, config=config, today=date.today())
    _, areas = await years.year_areas(session, year=year, config=config)
    threshold = config.small_number_threshold
    residents: dict[Category, int | None] = {}
    for category in Category:
        total = sum(a.residents or 0 for a in areas if a.category == category)
        residents[category] = total if total == 0 or total >= threshold else None
    return YearSummary(
        year=year,
        status=overview.status,
        phase=overview.phase,
        counts=overview.counts,
        residents=residents,
        designation_counts=overview.designation_counts,
        suppression_threshold=threshold,
    )


@router.get(
    "/years/{year}/parameters",
    response_model=YearParametersRead,
    summary="The year's national figures",
    responses=NOT_FOUND,
)
async def get_parameters(year: Year, session: SessionDep, _principal: AreaReader) -> YearParametersRead:
    parameters = await years.get_parameters(session, year=year)
    if parameters is None:
        raise NotFound(f"No parameters are set for {year}.")
    return YearParametersRead.model_validate(parameters)


@router.put(
    "/years/{year}/parameters",
    response_model=YearParametersRead,
    summary="Set the national average convicted",
)
async def put_parameters(
    year: Year, body: YearParametersUpdate, session: SessionDep, principal: DataLoader
) -> YearParametersRead:
    return await years.set_parameters(session, year=year, update=body, principal=principal.subject)


@router.get(
    "/years/{year}/local-thresholds",
    response_model=list[LocalThresholdsRead],
    summary="The local (yellow) thresholds of the year, every version, the current last",
    responses=NOT_FOUND,
)
async def get_thresholds(
    year: Year, session: SessionDep, config: Config, _principal: AreaReader
) -> list[LocalThresholdsRead]:
    return await years.threshold_history(session, year=year, config=config)


@router.put(
    "/years/{year}/local-thresholds",
    response_model=LocalThresholdsRead,
    summary="New local thresholds",
    responses=NOT_FOUND,
)
async def put_thresholds(
    year: Year, body: LocalThresholdsUpdate, session: SessionDep, config: Config, principal: Analyst
) -> LocalThresholdsRead:
    """Record a new version with its reason; earlier versions and approved snapshots stay as they were."""
    return await years.set_thresholds(
        session, year=year, update=body, principal=principal.subject, config=config
    )


# --- files ----------------------------------------------------------------------------------------

UPLOAD_BODY = {
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


async def read_upload(request: Request) -> tuple[bytes, str]:
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
    return content, name


@router.post(
    "/housing-data",
    response_model=ImportResult,
    summary="Load a housing-data file (CSV or XLSX); all rows or none",
    openapi_extra=UPLOAD_BODY,
    responses=UPLOAD_REFUSED,
)
async def post_housing_data(request: Request, session: SessionDep, principal: DataLoader) -> ImportResult:
    """Replace the figures of the (year, area) pairs in the file; any bad cell rejects it whole (422)."""
    content, name = await read_upload(request)
    return await housing.import_housing_data(
        session, content=content, filename=name, principal=principal.subject
    )


@router.post(
    "/official-designations",
    response_model=ImportResult,
    summary="Load the ministry's published list (year, area_code, designation)",
    openapi_extra=UPLOAD_BODY,
    responses=UPLOAD_REFUSED,
)
async def post_official_list(request: Request, session: SessionDep, principal: DataLoader) -> ImportResult:
    content, name = await read_upload(request)
    return await housing.import_official_list(
        session, content=content, filename=name, principal=principal.subject
    )


# --- areas ----------------------------------------------------------------------------------------


def _sort_key(sort: SortKey):  # type: ignore[no-untyped-def]
    order = {c: i for i, c in enumerate(Category)}
    return {
        "area_code": lambda a: a.area_code,
        "area_name": lambda a: a.area_name.lower(),
        "residents": lambda a: a.residents or 0,
        "category": lambda a: (order[a.category], a.area_code),
    }[sort]


@router.get(
    "/years/{year}/areas",
    response_model=list[AreaRead],
    summary="Every area of the year, explained",
    responses=NOT_FOUND,
)
async def list_areas(
    year: Year,
    session: SessionDep,
    config: Config,
    principal: AreaReader,
    response: Response,
    category: Annotated[Category | None, Query()] = None,
    designation: Annotated[Designation | None, Query()] = None,
    q: Annotated[
        str | None, Query(max_length=100, pattern=NO_NUL, description="part of the area code or name")
    ] = None,
    sort: SortKey = "area_code",
    descending: bool = False,
    proposed: Annotated[
        bool, Query(description="the live computation even when the year is approved")
    ] = False,
) -> list[AreaRead]:
    status, areas = await years.year_areas(session, year=year, config=config, proposed=proposed)
    if category:
        areas = [a for a in areas if a.category == category]
    if designation:
        areas = [a for a in areas if designation in a.designations]
    if q:
        needle = q.lower()
        areas = [a for a in areas if needle in a.area_code.lower() or needle in a.area_name.lower()]
    areas.sort(key=_sort_key(sort), reverse=descending)
    response.headers["X-Categorisation-Status"] = status
    return [shown(a, principal, config) for a in areas]


@router.get(
    "/years/{year}/areas/{area_code}",
    response_model=AreaRead,
    summary="One area, criterion by criterion",
    responses=NOT_FOUND,
)
async def get_area(
    year: Year,
    area_code: AreaCode,
    session: SessionDep,
    config: Config,
    principal: AreaReader,
    proposed: bool = False,
) -> AreaRead:
    area = await years.year_area(session, year=year, area_code=area_code, config=config, proposed=proposed)
    return shown(area, principal, config)


@router.get(
    "/areas/{area_code}/history",
    response_model=AreaHistory,
    summary="An area's indicators over the years",
    responses=NOT_FOUND,
)
async def get_history(
    area_code: AreaCode, session: SessionDep, config: Config, _principal: Analyst
) -> AreaHistory:
    return await history.area_history(session, area_code=area_code, config=config)


@router.put(
    "/years/{year}/areas/{area_code}/override",
    response_model=AreaRead,
    summary="Set (or withdraw) the category after the dialogue, with a justification",
    responses=NOT_FOUND,
)
async def put_override(
    year: Year,
    area_code: AreaCode,
    body: OverrideCreate,
    session: SessionDep,
    config: Config,
    principal: Analyst,
) -> AreaRead:
    """The computed category stays visible beside the override; an approved snapshot is not changed."""
    await years.set_override(session, year=year, area_code=area_code, body=body, principal=principal.subject)
    return await years.year_area(session, year=year, area_code=area_code, config=config, proposed=True)


class OverrideHistoryItem(Schema):
    category: Category | None
    justification: str
    created_by: str
    created_at: object


@router.get(
    "/years/{year}/areas/{area_code}/overrides",
    response_model=list[OverrideRead | OverrideHistoryItem],
    summary="Every override and withdrawal of the area's category that year",
    responses=NOT_FOUND,
)
async def get_override_history(
    year: Year, area_code: AreaCode, session: SessionDep, _principal: AreaReader
) -> list[OverrideHistoryItem]:
    rows = await years.override_history(session, year=year, area_code=area_code)
    return [
        OverrideHistoryItem(
            category=Category(r.category) if r.category else None,
            justification=r.justification,
            created_by=r.created_by,
            created_at=r.created_at,
        )
        for r in rows
    ]


# --- simulation, approval, lists ------------------------------------------------------------------


@router.post(
    "/years/{year}/what-if",
    response_model=WhatIfResult,
    summary="Try other local thresholds; stores nothing",
    responses=NOT_FOUND,
)
async def post_what_if(
    year: Year, body: WhatIfRequest, session: SessionDep, config: Config, _principal: Analyst
) -> WhatIfResult:
    return await years.what_if(session, year=year, request=body, config=config)


@router.post(
    "/years/{year}/approve",
    response_model=ApprovalRead,
    summary="Approve the year; freezes a snapshot",
    responses={**NOT_FOUND, **problem_responses(409)},
)
async def post_approve(
    year: Year, session: SessionDep, config: Config, principal: Analyst, body: ApprovalCreate | None = None
) -> ApprovalRead:
    """The first approval, or a new revision (with a reason) that leaves earlier snapshots untouched."""
    return await approvals.approve(
        session, year=year, note=(body.note if body else ""), principal=principal.subject, config=config
    )


@router.get(
    "/years/{year}/approvals",
    response_model=list[ApprovalRead],
    summary="The year's approval revisions",
    responses=NOT_FOUND,
)
async def get_approvals(year: Year, session: SessionDep, _principal: AreaReader) -> list[ApprovalRead]:
    return await approvals.list_approvals(session, year=year)


@router.get(
    "/years/{year}/approvals/{revision}/reproduction",
    response_model=Reproduction,
    summary="Re-run a snapshot's frozen inputs and compare",
    responses=NOT_FOUND,
)
async def get_reproduction(
    year: Year,
    revision: Annotated[int, Path(ge=1, le=2**31 - 1)],
    session: SessionDep,
    _principal: AreaReader,
) -> Reproduction:
    return approvals.reproduce(await approvals.get_approval(session, year=year, revision=revision))


@router.get(
    "/years/{year}/categorisation",
    response_model=list[CategorisationItem],
    summary="The approved (or proposed) categorisation; what the allocation service reads",
    responses=NOT_FOUND,
)
async def get_categorisation(
    year: Year, session: SessionDep, config: Config, _principal: CategorisationReader
) -> list[CategorisationItem]:
    return await years.year_categorisation(session, year=year, config=config)


@router.get(
    "/years/{year}/disagreements",
    response_model=list[Disagreement],
    summary="Where the official list and the computation from figures differ",
    responses=NOT_FOUND,
)
async def get_disagreements(
    year: Year, session: SessionDep, config: Config, _principal: AreaReader
) -> list[Disagreement]:
    return await years.disagreements(session, year=year, config=config)


@router.get(
    "/years/{year}/export.csv",
    summary="The year's categorisation as CSV",
    response_class=Response,
    responses=file_download("text/csv"),
)
async def export_csv(year: Year, session: SessionDep, config: Config, principal: AreaReader) -> Response:
    _, areas = await years.year_areas(session, year=year, config=config)
    body = exports.to_csv([shown(a, principal, config) for a in areas])
    return Response(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="kategorisering-{year}.csv"'},
    )


@router.get(
    "/years/{year}/export.xlsx",
    summary="The year's categorisation as XLSX",
    response_class=Response,
    responses=file_download(XLSX),
)
async def export_xlsx(year: Year, session: SessionDep, config: Config, principal: AreaReader) -> Response:
    _, areas = await years.year_areas(session, year=year, config=config)
    body = exports.to_xlsx([shown(a, principal, config) for a in areas], title=f"Kategorisering {year}")
    return Response(
        body,
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="kategorisering-{year}.xlsx"'},
    )

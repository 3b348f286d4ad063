"""§ 51 c dispensations: the officer records decisions; a housing organisation reads its own areas'.
The yearly report due 1 July, as JSON, Danish-Excel CSV, machine CSV or XLSX (DOMAIN § 5.4)."""

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, status
from fastapi.responses import Response

from services.allocation import dispensations
from services.allocation.dependencies import (
    ApplicantChecker,
    Head,
    Officer,
    Serialised,
    Today,
    ValidCheck,
)
from services.allocation.rules.dispensations import report_year_of
from services.allocation.schemas import examples
from services.allocation.schemas.dispensations import (
    ApplicantCheckRecordRead,
    DispensationCreate,
    DispensationRead,
    DispensationReportRead,
)
from services.kit import tables
from services.kit.downloads import file_content
from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute
from services.kit.schemas import RowId

router = APIRouter(route_class=TransactionalRoute, tags=["§ 51 c dispensations"])

Format = Literal["json", "csv", "csv-machine", "xlsx"]
ReportYear = Annotated[
    int | None, Query(ge=2019, le=2100, description="the year of the 1 July report", examples=[2027])
]
FormatQuery = Query(
    alias="format", description="`json`, or a file: Danish Excel `csv`, `csv-machine` for systems, `xlsx`"
)


def _export(table: tables.Table, fmt: Format, stem: str, title: str) -> Response:
    assert fmt != "json"
    return tables.download(table, fmt=fmt, filename=stem, title=title)


def files(csv_example: str) -> dict[int | str, dict[str, Any]]:
    """The 200 of a route that answers JSON, or the file asked for by `format`."""
    return {
        200: {
            "description": "JSON, or the file asked for by `format`",
            "content": {
                "text/csv": file_content("text/csv", csv_example),
                tables.XLSX_MEDIA_TYPE: file_content(tables.XLSX_MEDIA_TYPE),
            },
        }
    }


@router.get(
    "/applicant-checks/{check_id}",
    response_model=ApplicantCheckRecordRead,
    summary="One logged applicant check, and whether a § 51 c dispensation can be decided",
    responses=problem_responses(403, 404),
)
async def get_applicant_check(check: ValidCheck, session: SessionDep) -> ApplicantCheckRecordRead:
    """A logged applicant check with its reasons, and whether a § 51 c dispensation can be decided on it;
    a housing organisation reads its own checks only (403 for another's area). Changes nothing."""
    return await dispensations.check_read(session, check=check)


@router.post(
    "/applicant-checks/{check_id}/dispensation",
    response_model=DispensationRead,
    status_code=status.HTTP_201_CREATED,
    summary="Record the § 51 c dispensation decision on a refused check",
    dependencies=[Serialised],
    responses=problem_responses(403, 404, 409),
)
async def create_dispensation(
    principal: Officer,
    check: ValidCheck,
    body: DispensationCreate,
    session: SessionDep,
    head: Head,
    today: Today,
) -> DispensationRead:
    """All four considerations of bekendtgørelse om udlejning § 37, each yes/no with a note; granted or
    refused with a justification. Only for a check refused under § 51 c, once. The decision letter is
    issued with it (`GET /v1/dispensations/{id}/letter`)."""
    item = await dispensations.decide(
        session, check=check, body=body, head=head, actor=principal.subject, today=today
    )
    return dispensations.to_read(item)


@router.get(
    "/dispensations",
    response_model=list[DispensationRead],
    summary="§ 51 c dispensation decisions (a housing organisation: its own areas')",
    responses=files(examples.DISPENSATIONS_CSV),
)
async def list_dispensations(
    session: SessionDep,
    principal: ApplicantChecker,
    report_year: ReportYear = None,
    fmt: Annotated[Format, FormatQuery] = "json",
) -> Any:
    """The decisions, newest first, optionally those of one report year, as JSON or as a file. Changes
    nothing."""
    items = await dispensations.listing(session, principal=principal, report_year=report_year)
    if fmt == "json":
        return items
    stem = f"dispensationer-{report_year}" if report_year else "dispensationer"
    return _export(dispensations.decisions_table(items), fmt, stem, "Dispensationer § 51 c")


@router.get(
    "/dispensations/report",
    response_model=DispensationReportRead,
    summary="The yearly 1 July report: dispensations decided 1 July the year before to 30 June",
    responses=files(examples.DISPENSATION_REPORT_CSV),
)
async def get_dispensation_report(
    session: SessionDep,
    _principal: Officer,
    today: Today,
    year: ReportYear = None,
    fmt: Annotated[Format, FormatQuery] = "json",
) -> Any:
    """Without `year`, the report that decisions made today go into.

    Granted and refused dispensations per area and in total, as JSON or as a file. Changes nothing."""
    year = year if year is not None else report_year_of(today)
    result = await dispensations.report(session, report_year=year)
    if fmt == "json":
        return result
    table = dispensations.report_table(result)
    return _export(table, fmt, f"dispensationer-indberetning-{year}", f"Indberetning {year}")


@router.get(
    "/dispensations/{dispensation_id}",
    response_model=DispensationRead,
    summary="One § 51 c dispensation decision",
    responses=problem_responses(404),
)
async def get_dispensation(
    dispensation_id: RowId, session: SessionDep, principal: ApplicantChecker
) -> DispensationRead:
    """One decision with the considerations weighed; a housing organisation reads its own areas'.
    Changes nothing."""
    return dispensations.to_read(
        await dispensations.get(session, dispensation_id=dispensation_id, principal=principal)
    )

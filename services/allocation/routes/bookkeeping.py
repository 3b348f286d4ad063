"""Statutory bookkeeping: the § 51 b decisions with the report to the minister, and the days the
municipality held its municipal vacancies (ABL § 59 stk. 1); each as JSON, CSV or XLSX in Danish."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from services.allocation import combined_letting, statistics
from services.allocation.dependencies import (
    AreaCode,
    DecisionReportReader,
    DetailedStatisticsReader,
    Officer,
    Serialised,
    StatYear,
    Today,
)
from services.allocation.schemas import examples
from services.allocation.schemas.bookkeeping import (
    CombinedLettingDecisionCreate,
    CombinedLettingDecisionRead,
    CombinedLettingReportRead,
    DaysHeldStatisticsRead,
)
from services.kit import tables
from services.kit.downloads import download_responses
from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, tags=["Statutory bookkeeping"])
Lang = Annotated[tables.Language, Query(description="language of headers and values")]
Format = Annotated[
    tables.ExportFormat,
    Query(alias="format", description="`csv` for Danish Excel, `csv-machine` for systems, or `xlsx`"),
]
From = Annotated[date, Query(description="first decision date of the period")]
To = Annotated[date, Query(description="last decision date of the period")]


@router.post(
    "/areas/{area_code}/combined-letting-decisions",
    response_model=CombinedLettingDecisionRead,
    status_code=status.HTTP_201_CREATED,
    summary="Record a § 51 b decision (order, extend, withdraw) for an area",
    dependencies=[Serialised],
    responses=problem_responses(404),
)
async def create_combined_letting_decision(
    area_code: AreaCode,
    body: CombinedLettingDecisionCreate,
    session: SessionDep,
    today: Today,
    principal: Officer,
) -> CombinedLettingDecisionRead:
    """422 when the area is not on the list of combined-letting areas in force on the decision's date (for an
    order or extension), when nothing is ordered (extend, withdraw), or when the date is in the future or
    before the area's latest decision. The area's agreements carry the result from the decision's year on.

    Records the municipality's decision to order combined letting in the area, extend it to more
    benefits, or withdraw it, with the council or committee that decided and why."""
    return await combined_letting.record(
        session, area_code=area_code, body=body, actor=principal.subject, today=today
    )


@router.get(
    "/areas/{area_code}/combined-letting-decisions",
    response_model=list[CombinedLettingDecisionRead],
    summary="An area's § 51 b decisions, oldest first",
)
async def list_combined_letting_decisions(
    area_code: AreaCode, session: SessionDep, _principal: DecisionReportReader
) -> list[CombinedLettingDecisionRead]:
    """Every § 51 b decision recorded for the area, oldest first. Changes nothing."""
    return await combined_letting.period(
        session, date_from=date(2000, 1, 1), date_to=date(2100, 12, 31), area_code=area_code
    )


@router.get(
    "/combined-letting-decisions",
    response_model=CombinedLettingReportRead,
    summary="The § 51 b decisions of a period: the report to the minister",
)
async def get_combined_letting_report(
    session: SessionDep, _principal: DecisionReportReader, date_from: From, date_to: To
) -> CombinedLettingReportRead:
    """The § 51 b decisions made in the period, as the report to the minister asks. Changes nothing."""
    return await combined_letting.report(session, date_from=date_from, date_to=date_to)


@router.get(
    "/combined-letting-decisions/export",
    summary="The report to the minister as CSV (Danish Excel by default), machine CSV or XLSX",
    response_class=Response,
    responses=download_responses({"text/csv": examples.COMBINED_LETTING_CSV, tables.XLSX_MEDIA_TYPE: None}),
)
async def export_combined_letting_report(
    session: SessionDep,
    _principal: DecisionReportReader,
    date_from: From,
    date_to: To,
    fmt: Format = "csv",
    lang: Lang = "da",
) -> Response:
    """The period's § 51 b decisions as a file: Danish Excel CSV (`;`, decimal comma, BOM), machine CSV
    (`,`, ISO dates, stable keys) or XLSX; headers in `lang`. No cell is a live formula. Changes nothing."""
    report = await combined_letting.report(session, date_from=date_from, date_to=date_to)
    return tables.download(
        combined_letting.report_table(report.decisions, lang),
        filename=f"51b-beslutninger-{date_from.isoformat()}-{date_to.isoformat()}",
        title="§ 51 b-beslutninger" if lang == "da" else "§ 51 b decisions",
        fmt=fmt,
        lang=lang,
    )


@router.get(
    "/statistics/days-held",
    response_model=DaysHeldStatisticsRead,
    summary="Days the municipality held its municipal vacancies, per area and in total",
)
async def get_days_held(
    year: StatYear, session: SessionDep, today: Today, _principal: DetailedStatisticsReader
) -> DaysHeldStatisticsRead:
    """Per area and in total, the days the municipality held its municipal vacancies of the letting year
    before they were let or returned (it carries the rent meanwhile, ABL § 59 stk. 1). Changes nothing."""
    return await statistics.days_held(session, year=year, today=today)


@router.get(
    "/statistics/days-held/export",
    summary="Days held as CSV (Danish Excel by default), machine CSV or XLSX",
    response_class=Response,
    responses=download_responses({"text/csv": examples.DAYS_HELD_CSV, tables.XLSX_MEDIA_TYPE: None}),
)
async def export_days_held(
    year: StatYear,
    session: SessionDep,
    today: Today,
    _principal: DetailedStatisticsReader,
    fmt: Format = "csv",
    lang: Lang = "da",
) -> Response:
    """The days held as a file in the format asked for (as the § 51 b report). Changes nothing."""
    result = await statistics.days_held(session, year=year, today=today)
    return tables.download(
        statistics.days_held_table(result, lang),
        filename=f"kommunale-boliger-dage-{year}",
        title="Dage holdt af kommunen" if lang == "da" else "Days held",
        fmt=fmt,
        lang=lang,
    )

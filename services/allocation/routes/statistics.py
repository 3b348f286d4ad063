"""Letting statistics: channel shares, years, quota fulfilment (CONTRACT § 6, DOMAIN § 5.7)."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from services.allocation import statistics
from services.allocation.dependencies import Config, StatisticsReader, Today
from services.allocation.schemas import ChannelStatistics, QuotaStatistics, YearsStatistics
from services.kit.routing import SessionDep, TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, tags=["statistics"])
StatYear = Annotated[int, Query(ge=2000, le=2100)]


@router.get("/statistics/channels", response_model=ChannelStatistics, summary="Channel shares of a year")
async def channels(
    year: StatYear, session: SessionDep, config: Config, principal: StatisticsReader
) -> ChannelStatistics:
    """From recorded lettings, by the channel actually used; per category too (suppressed for managers)."""
    return await statistics.channels(session, year=year, principal=principal, config=config)


@router.get("/statistics/years", response_model=YearsStatistics, summary="Every year at a glance")
async def years(session: SessionDep, config: Config, principal: StatisticsReader) -> YearsStatistics:
    """Channel shares, municipal allocations, returned vacancies and time from vacancy to letting."""
    return await statistics.years(session, principal=principal, config=config)


@router.get("/statistics/quota", response_model=QuotaStatistics, summary="Quota fulfilment and forecast")
async def quota(
    year: StatYear,
    session: SessionDep,
    config: Config,
    today: Today,
    principal: StatisticsReader,
    as_of: Annotated[date | None, Query(description="the day to measure at; today by default")] = None,
) -> QuotaStatistics:
    """Per area and category against the agreements, with a year-end forecast and alerts for areas behind."""
    return await statistics.quota(
        session, year=year, as_of=as_of or today, principal=principal, config=config
    )

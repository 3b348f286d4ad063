"""Letting statistics: channel shares, years, quota fulfilment (CONTRACT § 6, DOMAIN § 5.7)."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from services.allocation import statistics
from services.allocation.dependencies import Config, StatisticsReader, StatYear, Today
from services.allocation.schemas.statistics import (
    ChannelStatisticsRead,
    QuotaStatisticsRead,
    YearsStatisticsRead,
)
from services.kit.routing import SessionDep, TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, tags=["Statistics"])


@router.get("/statistics/channels", response_model=ChannelStatisticsRead, summary="Channel shares of a year")
async def get_channel_statistics(
    year: StatYear, session: SessionDep, config: Config, principal: StatisticsReader
) -> ChannelStatisticsRead:
    """From recorded lettings, by the channel actually used; per category too (suppressed for managers).

    CONTRACT § 6. Changes nothing."""
    return await statistics.channels(session, year=year, principal=principal, config=config)


@router.get("/statistics/years", response_model=YearsStatisticsRead, summary="Every year at a glance")
async def get_year_statistics(
    session: SessionDep, config: Config, principal: StatisticsReader
) -> YearsStatisticsRead:
    """Channel shares, municipal allocations, returned vacancies and time from vacancy to letting.

    One line per letting year; counts under the small-number threshold hidden for managers. Changes
    nothing."""
    return await statistics.years(session, principal=principal, config=config)


@router.get("/statistics/quota", response_model=QuotaStatisticsRead, summary="Quota fulfilment and forecast")
async def get_quota_statistics(
    year: StatYear,
    session: SessionDep,
    config: Config,
    today: Today,
    principal: StatisticsReader,
    as_of: Annotated[date | None, Query(description="the day to measure at; today by default")] = None,
) -> QuotaStatisticsRead:
    """Per area and category against the agreements, with a year-end forecast and alerts for areas behind.

    Managers see the categories and the total only. Changes nothing."""
    return await statistics.quota(
        session, year=year, as_of=as_of or today, principal=principal, config=config
    )

"""The managers' aggregates: no personal data, and small numbers suppressed."""

from typing import Annotated

from fastapi import APIRouter, Query

from services.kit.routing import SessionDep, TransactionalRoute
from services.referrals.dependencies import Config, StatisticsReader, Today
from services.referrals.schemas import StatisticsRead
from services.referrals.statistics import statistics

router = APIRouter(prefix="/v1", route_class=TransactionalRoute, tags=["Statistics"])


@router.get("/statistics", response_model=StatisticsRead, summary="Aggregates for managers")
async def get_statistics(
    session: SessionDep,
    config: Config,
    _reader: StatisticsReader,
    today: Today,
    year: Annotated[int | None, Query(ge=2000, le=2100, description="the year; this year by default")] = None,
) -> StatisticsRead:
    """Reports per month, time to first contact, outcomes, referrals per level; small numbers hidden.

    No personal data and no case: what managers see. Changes nothing."""
    return await statistics(
        session, year=year or today.year, threshold=config.small_number_threshold, today=today
    )

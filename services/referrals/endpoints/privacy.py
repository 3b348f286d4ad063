"""The administrator's personal-data duties: the access log per person, and retention. No case reading."""

from typing import Annotated

from fastapi import Query

from services.kit.routing import SessionDep
from services.referrals import accesslog, retention
from services.referrals.dependencies import (
    AccessLogExporter,
    CipherDep,
    ConfigDep,
    RetentionRunner,
    SettingsDep,
    StatisticsReader,
    Today,
)
from services.referrals.endpoints import authenticated_router
from services.referrals.schemas import (
    CPR,
    AccessLogExport,
    AccessLogSearch,
    DeletionLogEntryRead,
    RetentionResult,
    RetentionRun,
    Statistics,
)
from services.referrals.statistics import statistics

router = authenticated_router()


@router.get(
    "/access-log",
    response_model=AccessLogExport,
    tags=["personal data"],
    summary="Reads of one person's data, for a citizen's access request (CONTRACT § 7)",
)
async def get_access_log(
    cpr: Annotated[CPR, Query(description="the person's CPR number; prefer the POST variant")],
    session: SessionDep,
    cipher: CipherDep,
    principal: AccessLogExporter,
) -> AccessLogExport:
    return await accesslog.export_for_person(session, cipher=cipher, cpr=cpr, principal=principal)


@router.post(
    "/access-log/search",
    response_model=AccessLogExport,
    tags=["personal data"],
    summary="The same export, with the CPR number in the body instead of the URL",
)
async def post_access_log_search(
    body: AccessLogSearch, session: SessionDep, cipher: CipherDep, principal: AccessLogExporter
) -> AccessLogExport:
    return await accesslog.export_for_person(session, cipher=cipher, cpr=body.cpr, principal=principal)


@router.post(
    "/retention/run",
    response_model=RetentionResult,
    tags=["personal data"],
    summary="Anonymise reporters and delete closed cases whose deadlines have come (archive export first)",
)
async def post_retention_run(
    body: RetentionRun,
    session: SessionDep,
    cipher: CipherDep,
    config: ConfigDep,
    settings: SettingsDep,
    principal: RetentionRunner,
    today: Today,
) -> RetentionResult:
    return await retention.run(
        session,
        cipher=cipher,
        config=config,
        archive_dir=settings.archive_path,
        today=today,
        actor=principal.subject,
        dry_run=body.dry_run,
    )


@router.get(
    "/retention/deletions",
    response_model=list[DeletionLogEntryRead],
    tags=["personal data"],
    summary="The deletion log, newest first",
)
async def get_deletions(
    session: SessionDep, _admin: RetentionRunner, limit: Annotated[int, Query(ge=1, le=1000)] = 200
) -> list[DeletionLogEntryRead]:
    return [
        DeletionLogEntryRead.model_validate(e) for e in await retention.deletion_log(session, limit=limit)
    ]


@router.get("/statistics", response_model=Statistics, tags=["statistics"], summary="Aggregates for managers")
async def get_statistics(
    session: SessionDep,
    config: ConfigDep,
    _reader: StatisticsReader,
    today: Today,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
) -> Statistics:
    """Reports per month, time to first contact, outcomes, referrals per level; small numbers hidden."""
    return await statistics(
        session, year=year or today.year, threshold=config.small_number_threshold, today=today
    )

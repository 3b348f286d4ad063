"""The administrator's personal-data duties: the access log per person, and retention. No case reading."""

from typing import Annotated

from fastapi import APIRouter, Query

from services.kit.routing import SessionDep, TransactionalRoute
from services.referrals import accesslog, retention
from services.referrals.dependencies import (
    AccessLogExporter,
    CipherDep,
    Config,
    RetentionRunner,
    SettingsDep,
    Today,
)
from services.referrals.schemas import (
    CPR,
    AccessLogExportRead,
    AccessLogSearchCreate,
    DeletionLogEntryRead,
    RetentionRunCreate,
    RetentionRunRead,
)

router = APIRouter(prefix="/v1", route_class=TransactionalRoute, tags=["Personal data"])


@router.get(
    "/access-log",
    response_model=AccessLogExportRead,
    summary="Reads of one person's data, for a citizen's access request (CONTRACT § 7)",
)
async def get_access_log(
    cpr: Annotated[CPR, Query(description="the person's CPR number; prefer the POST variant")],
    session: SessionDep,
    cipher: CipherDep,
    principal: AccessLogExporter,
) -> AccessLogExportRead:
    """Every read of the person's data (who, when, which fields, why), for a citizen's access request;
    the administrator never reads the cases themselves. The CPR number is in the URL here: prefer POST
    /v1/access-log/search. The export is itself logged."""
    return await accesslog.export_for_person(session, cipher=cipher, cpr=cpr, principal=principal)


@router.post(
    "/access-log/search",
    response_model=AccessLogExportRead,
    summary="The same export, with the CPR number in the body instead of the URL",
)
async def search_access_log(
    body: AccessLogSearchCreate, session: SessionDep, cipher: CipherDep, principal: AccessLogExporter
) -> AccessLogExportRead:
    """Every read of the person's data, with the CPR number in the body, where it stays out of logs."""
    return await accesslog.export_for_person(session, cipher=cipher, cpr=body.cpr, principal=principal)


@router.post(
    "/retention/run",
    response_model=RetentionRunRead,
    summary="Anonymise reporters and delete closed cases whose deadlines have come (archive export first)",
)
async def run_retention(
    body: RetentionRunCreate,
    session: SessionDep,
    cipher: CipherDep,
    config: Config,
    settings: SettingsDep,
    principal: RetentionRunner,
    today: Today,
) -> RetentionRunRead:
    """Anonymise the reporters and delete the closed cases whose configured deadlines have come, each case
    exported first to an encrypted archive and entered in the deletion log; `dry_run` only counts."""
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
    summary="The deletion log, newest first",
)
async def list_deletions(
    session: SessionDep,
    _admin: RetentionRunner,
    limit: Annotated[int, Query(ge=1, le=1000, description="at most this many")] = 200,
) -> list[DeletionLogEntryRead]:
    """What retention has done, newest first: reporters anonymised and cases deleted, with the archive
    of each. Changes nothing."""
    return await retention.deletion_log(session, limit=limit)

"""Acute-housing applications decided against the municipality's criteria (CONTRACT § 6)."""

from fastapi import APIRouter, status

from services.allocation import acute
from services.allocation.dependencies import Config, Head, Officer, Serialised, Today
from services.allocation.schemas.acute import (
    AcuteApplicationCreate,
    AcuteApplicationRead,
    AcuteCriterionConfigRead,
    AcuteNoteUpdate,
)
from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute
from services.kit.schemas import RowId

router = APIRouter(route_class=TransactionalRoute, tags=["Acute housing"])


@router.get(
    "/acute-criteria", response_model=list[AcuteCriterionConfigRead], summary="The municipality's criteria"
)
async def list_acute_criteria(config: Config, _principal: Officer) -> list[AcuteCriterionConfigRead]:
    """The acute-housing criteria of the municipality's configuration, in Danish and English. Changes
    nothing."""
    return acute.criteria(config)


@router.post(
    "/acute-applications",
    response_model=AcuteApplicationRead,
    status_code=status.HTTP_201_CREATED,
    summary="Decide an acute-housing application",
    dependencies=[Serialised],
    responses=problem_responses(422),
)
async def create_acute_application(
    body: AcuteApplicationCreate,
    session: SessionDep,
    config: Config,
    head: Head,
    today: Today,
    principal: Officer,
) -> AcuteApplicationRead:
    """Eligible only when every configured criterion is met; each is explained in Danish and English.
    The applicant's name and an answer to every criterion are required (422 names each one missing). The
    decision letter is issued with it (`GET …/letter`).

    Decides and stores the application with a reference, the texts for the citizen and for the file."""
    acute.refuse_incomplete(body, config)
    application = await acute.create(
        session, body=body, config=config, head=head, actor=principal.subject, today=today
    )
    return AcuteApplicationRead.model_validate(application)


@router.get("/acute-applications", response_model=list[AcuteApplicationRead], summary="Decided applications")
async def list_acute_applications(session: SessionDep, _principal: Officer) -> list[AcuteApplicationRead]:
    """Every decided application, newest first. Changes nothing."""
    return await acute.listing(session)


@router.get(
    "/acute-applications/{application_id}",
    response_model=AcuteApplicationRead,
    summary="One decision",
    responses=problem_responses(404),
)
async def get_acute_application(
    application_id: RowId, session: SessionDep, _principal: Officer
) -> AcuteApplicationRead:
    """One decision, criterion by criterion. Changes nothing."""
    return AcuteApplicationRead.model_validate(await acute.get(session, application_id=application_id))


@router.put(
    "/acute-applications/{application_id}/note",
    response_model=AcuteApplicationRead,
    summary="The officer's note on the decision",
    dependencies=[Serialised],
    responses=problem_responses(404),
)
async def update_acute_note(
    application_id: RowId, body: AcuteNoteUpdate, session: SessionDep, principal: Officer
) -> AcuteApplicationRead:
    """Replace the officer's note on the decision; the decision itself never changes."""
    application = await acute.get(session, application_id=application_id)
    await acute.set_note(session, application=application, note=body.officer_note, actor=principal.subject)
    return AcuteApplicationRead.model_validate(application)

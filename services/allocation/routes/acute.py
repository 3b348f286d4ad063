"""Acute-housing applications decided against the municipality's criteria (CONTRACT § 6)."""

from typing import Annotated

from fastapi import APIRouter, Path, status

from services.allocation import acute
from services.allocation.dependencies import Config, Officer, Serialised, Today
from services.allocation.schemas import (
    AcuteApplicationCreate,
    AcuteApplicationRead,
    AcuteCriterionConfig,
    AcuteNoteUpdate,
)
from services.kit.errors import problem_responses
from services.kit.routing import SessionDep, TransactionalRoute

router = APIRouter(route_class=TransactionalRoute, tags=["acute housing"])
ApplicationId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.get(
    "/acute-criteria", response_model=list[AcuteCriterionConfig], summary="The municipality's criteria"
)
async def criteria(config: Config, _principal: Officer) -> list[AcuteCriterionConfig]:
    return acute.criteria(config)


@router.post(
    "/acute-applications",
    response_model=AcuteApplicationRead,
    status_code=status.HTTP_201_CREATED,
    summary="Decide an acute-housing application",
    dependencies=[Serialised],
)
async def create_application(
    body: AcuteApplicationCreate, session: SessionDep, config: Config, today: Today, principal: Officer
) -> AcuteApplicationRead:
    """Eligible only when every configured criterion is met; each is explained in Danish and English."""
    application = await acute.create(
        session, body=body, config=config, principal=principal.subject, today=today
    )
    return AcuteApplicationRead.model_validate(application)


@router.get("/acute-applications", response_model=list[AcuteApplicationRead], summary="Decided applications")
async def list_applications(session: SessionDep, _principal: Officer) -> list[AcuteApplicationRead]:
    return await acute.listing(session)


@router.get(
    "/acute-applications/{application_id}",
    response_model=AcuteApplicationRead,
    summary="One decision",
    responses=problem_responses(404),
)
async def get_application(
    application_id: ApplicationId, session: SessionDep, _principal: Officer
) -> AcuteApplicationRead:
    return AcuteApplicationRead.model_validate(await acute.get(session, application_id=application_id))


@router.put(
    "/acute-applications/{application_id}/note",
    response_model=AcuteApplicationRead,
    summary="The officer's note on the decision",
    dependencies=[Serialised],
    responses=problem_responses(404),
)
async def put_note(
    application_id: ApplicationId, body: AcuteNoteUpdate, session: SessionDep, principal: Officer
) -> AcuteApplicationRead:
    application = await acute.get(session, application_id=application_id)
    await acute.set_note(
        session, application=application, note=body.officer_note, principal=principal.subject
    )
    return AcuteApplicationRead.model_validate(application)

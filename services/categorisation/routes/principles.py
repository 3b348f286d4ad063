"""The municipality's principles (or headings) that initiatives serve: configuration, read-only here."""

from fastapi import APIRouter

from services.categorisation.dependencies import Config
from services.categorisation.plans.dependencies import PrincipleReader
from services.categorisation.plans.schemas import PrincipleRead

router = APIRouter(tags=["Initiatives"])


@router.get(
    "/principles", response_model=list[PrincipleRead], summary="The municipality's principles, in order"
)
async def list_principles(config: Config, _principal: PrincipleReader) -> list[PrincipleRead]:
    """The principles (or headings) of the municipality's boligsocial work that initiatives serve, as its
    configuration states them, never more. Changes nothing."""
    return [PrincipleRead.model_validate(p, from_attributes=True) for p in config.principles]

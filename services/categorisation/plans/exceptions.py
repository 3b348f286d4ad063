"""Domain errors of plans, initiatives and dialogues; the kit's one handler renders them."""

from services.kit.errors import NotFound, ValidationFailed


class AreaPlanNotFound(NotFound):
    title = "Area plan not found"


class TargetNotFound(NotFound):
    title = "Target not found"


class InitiativeNotFound(NotFound):
    title = "Initiative not found"


class DialogueNotFound(NotFound):
    title = "Dialogue not found"


class PlanRefused(ValidationFailed):
    """The request is well-formed but names what does not fit: an unknown area or principle, a target
    outside the plan's areas or period."""

    title = "The plan cannot be saved like this"


def refused(field: str | tuple[str | int, ...], message: str) -> PlanRefused:
    """A refusal naming the body field it is about, in the shape of a validation error."""
    loc = ["body", *((field,) if isinstance(field, str) else field)]
    return PlanRefused(message, errors=[{"loc": loc, "msg": message}])

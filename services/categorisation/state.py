"""What the categorisation process builds once at start, beside the kit's: its configuration section."""

from dataclasses import dataclass

from services.categorisation.config import CategorisationConfig
from services.kit.state import ProcessState


@dataclass(kw_only=True, eq=False)
class CategorisationState(ProcessState):
    """The process state of the categorisation service (`state_of(request, CategorisationState)`)."""

    config: CategorisationConfig

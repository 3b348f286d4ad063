"""What the categorisation process builds once at start, beside the kit's: its configuration section and
the results it keeps per version of the data."""

from dataclasses import dataclass, field

from services.categorisation.config import CategorisationConfig
from services.categorisation.versions import Results
from services.kit.state import ProcessState


@dataclass(kw_only=True, eq=False)
class CategorisationState(ProcessState):
    """The process state of the categorisation service (`state_of(request, CategorisationState)`)."""

    config: CategorisationConfig
    # A year's categorisation, overview and summary, computed once per version of the data (versions.py).
    results: Results = field(default_factory=Results)

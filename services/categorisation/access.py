"""Who may do what, and what others than the analyst see of area figures (small numbers suppressed)."""

from services.categorisation.config import CategorisationConfig
from services.categorisation.schemas import AreaRead, Criterion
from services.kit.auth import Principal, Role

# Read the categorisation (category and designations per area): also what allocation reads.
# Managers see aggregates only (the summary), never the per-area list. A housing organisation sees only
# its own areas (DOMAIN § 1), but which areas it owns is not in this service's data (the housing file of
# CONTRACT § 4 has no owner; the allocation service keeps the owners), so it reads the categorisation of
# its areas from the allocation service's agreements instead and is refused here.
READ_CATEGORISATION = (Role.ANALYST, Role.ADMIN, Role.ALLOCATION_OFFICER, Role.SYSTEM)
# Read areas with their criteria; figures are suppressed for everyone but the analyst.
READ_AREAS = (Role.ANALYST, Role.ADMIN, Role.ALLOCATION_OFFICER, Role.SYSTEM)
READ_SUMMARY = (*READ_AREAS, Role.MANAGER)
LOAD_DATA = (Role.ANALYST, Role.ADMIN)
DECIDE = (Role.ANALYST,)

PERCENT_CODES = {"outside_labour_market", "convicted", "basic_education", "non_western"}


def sees_figures(principal: Principal) -> bool:
    return Role.ANALYST in principal.roles


def suppress(area: AreaRead, threshold: int, hidden: dict[int, Criterion] | None = None) -> AreaRead:
    """Hide each figure that rests on fewer than `threshold` persons (estimated from residents × share).

    `hidden` remembers the hidden copy of each criterion object over several areas, so that areas which
    shared a criterion share its hidden copy too (and it is serialised once, area_json).
    """
    hidden = {} if hidden is None else hidden
    residents = area.residents
    criteria = []
    for criterion in area.criteria:
        hide = False
        if criterion.code in PERCENT_CODES and criterion.value is not None:
            persons = (residents or 0) * criterion.value / 100
            hide = persons < threshold
        elif criterion.code == "residents" and criterion.value is not None:
            hide = criterion.value < threshold
        if hide:
            copy = hidden.get(id(criterion))
            if copy is None:
                copy = hidden[id(criterion)] = Criterion(
                    **{**criterion.model_dump(), "value": None, "suppressed": True}
                )
            criterion = copy
        criteria.append(criterion)
    return area.model_copy(
        update={
            "criteria": criteria,
            "residents": residents if residents is None or residents >= threshold else None,
        }
    )


def shown(area: AreaRead, principal: Principal, config: CategorisationConfig) -> AreaRead:
    """The area as `principal` may see it: every figure for the analyst, small numbers hidden for others."""
    return area if sees_figures(principal) else suppress(area, config.small_number_threshold)

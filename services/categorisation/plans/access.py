"""Who may read and write plans, initiatives and dialogues, and which figures of an evaluation they see.

| Role | May |
|---|---|
| analyst | write plans, targets and initiatives; write dialogues; read everything, every figure |
| allocation_officer | write dialogues (the steering dialogue updates the letting agreements); read the rest |
| admin, system | read (system: the allocation service reads plans for the common letting agreement) |
| manager | the year's evaluation as counts only (`/v1/years/{year}/target-evaluation`) |
| housing_org | the plans that name its organisation, and its own dialogues |
| no token | published plans only (`/v1/public/area-plans`) |

A target's figure is an area figure: for everyone but the analyst it is hidden where it rests on fewer
persons than the municipality's small-number threshold (DOMAIN § 2), as the area figures are (access.py).
"""

from services.categorisation import access
from services.categorisation.rules.model import Indicator
from services.categorisation.rules.targets import TARGET_INDICATORS
from services.kit.auth import Principal, Role

WRITE_PLANS = (Role.ANALYST,)
WRITE_DIALOGUES = (Role.ANALYST, Role.ALLOCATION_OFFICER)
# Staff and machine readers of every plan; a housing organisation's client reads those naming it.
READ_ALL_PLANS = (Role.ANALYST, Role.ADMIN, Role.ALLOCATION_OFFICER, Role.SYSTEM)
READ_PLANS = (*READ_ALL_PLANS, Role.HOUSING_ORG)
READ_INITIATIVES = READ_ALL_PLANS
READ_DIALOGUES = READ_PLANS
READ_PRINCIPLES = READ_PLANS
READ_YEAR_TARGETS = (*READ_ALL_PLANS, Role.MANAGER)


def organisation_scope(principal: Principal) -> str | None:
    """None when the principal reads every plan and dialogue, else the one organisation it speaks for.

    A housing organisation's client without an organisation in its token reads nothing: "" names none.
    """
    if principal.has_any(READ_ALL_PLANS):
        return None
    return principal.housing_org or ""


def sees_figures(principal: Principal | None) -> bool:
    return principal is not None and access.sees_figures(principal)


def hidden(indicator: str, actual: float | None, residents: int | None, threshold: int) -> bool:
    """Whether the figure rests on fewer than `threshold` persons (residents × share), as access.suppress."""
    if actual is None:
        return False
    code = TARGET_INDICATORS[indicator]
    if code is Indicator.INCOME or code.value not in access.PERCENT_CODES:
        return False
    return (residents or 0) * actual / 100 < threshold

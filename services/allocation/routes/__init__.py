"""The allocation API under /v1, one module per subject.

Authenticated by default: every route needs a valid token (roles are checked per endpoint), and the
allocation service has no public routes. `GET /v1/ranking-rules` is open to every role, but still only with
a token.
"""

from fastapi import APIRouter, Depends

from services.allocation.routes import (
    acute,
    agreements,
    applicant_checks,
    areas,
    bookkeeping,
    candidates,
    common_agreements,
    dispensations,
    letters,
    offers,
    seekers,
    statistics,
    vacancies,
)
from services.kit.auth import current_principal
from services.kit.errors import AUTHENTICATED
from services.kit.routing import TransactionalRoute

# The groups of /docs, in the order the allocation officer meets them; the housing organisations' machine
# clients use Vacancies and Applicant checks.
TAGS = [
    {
        "name": "Housing organisations and areas",
        "description": "The housing organisations and the areas each "
        "owns, which decide what their machine clients may report and read.",
    },
    {
        "name": "Letting agreements",
        "description": "The yearly letting agreement per area (DOMAIN § 5.2): drafted from the approved "
        "categorisation, with the municipal and flexible shares and their legal basis.",
    },
    {
        "name": "Common letting agreements",
        "description": "The common letting agreement (fællesaftale) per housing organisation and letting "
        "year (DOMAIN § 7): generated from the categorisation of its areas, each area's letting agreement "
        "and the area plans; sent as versions, agreed, then kept unchanged; as JSON or PDF.",
    },
    {
        "name": "Vacancies",
        "description": "Vacant family dwellings as housing organisations report them, the channel each "
        "goes to (floor(n × share), DOMAIN § 5.3), their lettings and their return when overdue.",
    },
    {
        "name": "Housing seekers",
        "description": "Households registered for municipal allocation, with only the "
        "dated facts the bans of ABL § 59 stk. 6-7 need.",
    },
    {
        "name": "Municipal allocation",
        "description": "Ranked candidates for a municipal vacancy with the reason "
        "for every rank and exclusion, offers, the seekers' answers and the published ranking rules.",
    },
    {
        "name": "Applicant checks",
        "description": "The housing organisations' check of a waiting-list applicant "
        "(ABL § 51 b, § 51 c) before a letting.",
    },
    {
        "name": "§ 51 c dispensations",
        "description": "The officer's dispensation decisions on refused checks, "
        "weighing the four considerations of bekendtgørelse om udlejning § 37, and the 1 July report.",
    },
    {
        "name": "Acute housing",
        "description": "Acute-housing applications decided criterion by criterion "
        "against the municipality's configured criteria.",
    },
    {
        "name": "Decision letters",
        "description": "The letter of each decision about a person (an acute-housing decision, an offer, "
        "its withdrawal, a § 51 c dispensation) as issued, in HTML or PDF, Danish or English; how each was "
        "sent, and corrections, which are new letters naming the one they replace (DOMAIN § 6.7).",
    },
    {
        "name": "Statistics",
        "description": "Channel shares, every year at a glance and quota fulfilment with a "
        "forecast; managers see aggregates only, small numbers suppressed.",
    },
    {
        "name": "Statutory bookkeeping",
        "description": "The § 51 b decisions with the report to the minister, "
        "and the days the municipality held its municipal vacancies (ABL § 59 stk. 1), as JSON, CSV or XLSX.",
    },
]

router = APIRouter(
    prefix="/v1",
    dependencies=[Depends(current_principal)],
    route_class=TransactionalRoute,
    responses=AUTHENTICATED,
)
for part in (
    areas,
    agreements,
    common_agreements,
    vacancies,
    seekers,
    candidates,
    offers,
    applicant_checks,
    acute,
    statistics,
    dispensations,
    letters,
    bookkeeping,
):
    router.include_router(part.router)

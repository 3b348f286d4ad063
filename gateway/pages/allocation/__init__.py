"""The allocation officer's pages under /udlejning, one module per area: agreements, vacancies with
candidates and offers, seekers, acute housing, the applicant check, organisations, dispensations, the
statutory reports, and the statistics dashboard.

Who may see what is stated here, where the areas are put together: every page is for the allocation
officer or a manager, and all but the overview, the statistics and the § 51 b report are the officer's
alone. The overview sends a manager on to the statistics, which show a manager the service's aggregates.
The common letting agreements are the exception: the officer's, and readable by the analyst and the
administrator too (as the allocation service lets them), never by a manager; their router says so.
"""

from fastapi import APIRouter, Depends

from gateway.pages.allocation import (
    acute,
    agreements,
    applicant_check,
    common_agreements,
    dispensations,
    organisations,
    overview,
    reports,
    seekers,
    statistics,
    vacancies,
)
from gateway.session import page_roles
from services.kit.auth import Role

PREFIX = "/udlejning"
READERS = (Role.ALLOCATION_OFFICER, Role.MANAGER)
OFFICER_ONLY = [Depends(page_roles(Role.ALLOCATION_OFFICER))]

staff = APIRouter(dependencies=[Depends(page_roles(*READERS))])
# A manager's too: the overview (which sends a manager on), the statistics and the § 51 b report.
staff.include_router(overview.router, prefix=PREFIX)
staff.include_router(statistics.router, prefix=PREFIX)
staff.include_router(reports.router, prefix=PREFIX)
# The officer's alone.
for area in (
    agreements.router,
    vacancies.router,
    seekers.router,
    acute.router,
    applicant_check.router,
    organisations.router,
    reports.days_held_router,
    dispensations.router,
):
    staff.include_router(area, prefix=PREFIX, dependencies=OFFICER_ONLY)

router = APIRouter(include_in_schema=False)
router.include_router(staff)
# The officer's, the analyst's and the administrator's: its router checks the roles (sending: the officer).
router.include_router(common_agreements.router, prefix=PREFIX)

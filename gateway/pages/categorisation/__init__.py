"""The housing analyst's pages (/kategorisering): year overview, areas, one area's reasons, the category
after the dialogue, upload, what-if, approval, checks and exports; and the area plans, initiatives and
dialogues (/planer), with the published plans for everyone (/omraadeplaner).

One router for the service, built from one router per area. Every staff page needs one of READERS,
checked here; each area's router states the narrower role its pages need. The published plans are
public on purpose (see public_plans.py): they are mounted outside that check.
"""

from fastapi import APIRouter, Depends

from gateway.pages.categorisation import (
    approval,
    areas,
    checks,
    dialogues,
    exports,
    initiatives,
    override,
    overview,
    plans,
    public_plans,
    upload,
    what_if,
)
from gateway.pages.categorisation.common import READERS
from gateway.session import page_roles

staff = APIRouter(dependencies=[Depends(page_roles(*READERS))])
for part in (overview, areas, override, upload, what_if, approval, checks, exports):
    staff.include_router(part.router)
# /planer/tiltag and /planer/dialoger before /planer's own routes, whose paths take only numbers anyway.
for part in (initiatives, dialogues, plans):
    staff.include_router(part.router)

router = APIRouter(include_in_schema=False)
# Public on purpose: published area plans are readable without logging in (DOMAIN § 7).
router.include_router(public_plans.router)
router.include_router(staff)

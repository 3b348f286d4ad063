"""The housing analyst's pages (/kategorisering): year overview, areas, one area's reasons, the category
after the dialogue, upload, what-if, approval, checks and exports.

One router for the service, built from one router per area. Every page needs one of READERS, checked
here; each area's router states the narrower role its pages need.
"""

from fastapi import APIRouter, Depends

from gateway.pages.categorisation import (
    approval,
    areas,
    checks,
    exports,
    override,
    overview,
    upload,
    what_if,
)
from gateway.pages.categorisation.common import READERS
from gateway.session import page_roles

router = APIRouter(include_in_schema=False, dependencies=[Depends(page_roles(*READERS))])
for part in (overview, areas, override, upload, what_if, approval, checks, exports):
    router.include_router(part.router)

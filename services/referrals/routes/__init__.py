"""The referrals API under /v1, one module per subject.

Authenticated by default: every subject's routes need a valid token (roles are checked per endpoint). The
public routes are the exceptions stated below, each on purpose; none of them returns anything about a case.
"""

from fastapi import APIRouter, Depends

from services.kit.auth import current_principal
from services.kit.errors import AUTHENTICATED
from services.referrals.routes import (
    cases,
    catalogue,
    concern_reports,
    consents,
    decisions,
    disclosures,
    ladder,
    offer_referrals,
    privacy,
    statistics,
)

# Each subject's router carries the /v1 prefix itself: a route's own path is the template the access log
# and the metrics name it by, and a prefix added here would not be part of it.
authenticated = APIRouter(dependencies=[Depends(current_principal)], responses=AUTHENTICATED)
for part in (cases, consents, disclosures, offer_referrals, decisions, catalogue, privacy, statistics):
    authenticated.include_router(part.router)

router = APIRouter()
# Public on purpose: a citizen reports a concern about an adult, and adds to the report with the follow-up
# code from the receipt, without logging in (CONTRACT § 7); the form's texts are read before that.
router.include_router(concern_reports.router)
# Public on purpose: the ladder of offers is published for everyone (CONTRACT § 7, GET /v1/offers).
router.include_router(ladder.router)
router.include_router(authenticated)

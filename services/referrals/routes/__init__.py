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

# The groups of /docs: the citizen's public report first, then the caseworker's cases with what is done on
# them (consents, then the disclosures they allow, referrals, then the decisions some need), then the ladder
# of offers and the administrator's and managers' work.
TAGS = [
    {
        "name": "Concern reports",
        "description": "The public concern form (no token): what it shows, the report about an adult, and "
        "more information added later with the receipt's follow-up code. Nothing about a case comes back.",
    },
    {
        "name": "Cases",
        "description": "The caseworkers' inbox, intake of reports by phone or from other systems, one case "
        "and its workflow (DOMAIN § 6.4). Every read of a case is written to the access log.",
    },
    {
        "name": "Consents",
        "description": "A case's consents with their scope and date; withdrawn, never deleted.",
    },
    {
        "name": "Disclosures",
        "description": "Each passing of a case's information to another authority or person, with its "
        "basis (a consent, a named provision, or substantial importance; forvaltningsloven §§ 27–28). "
        "Recorded, never changed, and listed in the citizen's access-log export.",
    },
    {
        "name": "Referrals to offers",
        "description": "A case's referrals to offers on the ladder and their statuses (proposed → ended).",
    },
    {
        "name": "Decisions and their letters",
        "description": "The decision on a referral to an offer that needs an assessment (granted, partly "
        "granted or refused), with its letter stored as HTML and PDF and sent; a later decision replaces it "
        "and says so (DOMAIN § 6.4, § 6.7).",
    },
    {
        "name": "Ladder of offers",
        "description": "The published ladder of offers for adults, lightest level first, also in the shape "
        "of the Open Referral Human Services Data Specification; public.",
    },
    {
        "name": "Offer catalogue",
        "description": "The administrator's catalogue: offers, their legal bases over time and capacity.",
    },
    {
        "name": "Personal data",
        "description": "The administrator's duties: a person's access log for an access request, and "
        "retention (anonymising reporters, deleting closed cases after an encrypted archive export).",
    },
    {
        "name": "Statistics",
        "description": "Managers' aggregates, without personal data; small numbers hidden.",
    },
]

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

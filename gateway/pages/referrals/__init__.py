"""Pages for concern cases (DOMAIN § 6): the public concern form (/bekymring); the caseworker's inbox, case
page with workflow, journal, consents and referrals, the overdue list and phone intake (/sager); the
managers' figures (/sager/statistik); and the administrator's ladder of offers (/tilbudstrappen) and
personal-data duties (/persondata).

One router for the service, built from one router per area, each stating the role its pages need; the
concern form is public on purpose (see concern_form.py). Every page calls the referrals service with the
person's own token; the service decides what each role may read and writes every read of a case to its
access log. No personal data in URLs: cases by id, a CPR number only ever in a POST body.
"""

from fastapi import APIRouter

from gateway.pages.referrals import case, cases, concern_form, intake, offers, privacy, statistics

router = APIRouter(include_in_schema=False)
for part in (concern_form, cases, intake, case, statistics, offers, privacy):
    router.include_router(part.router)

"""HTTP endpoints of the referrals service.

Authenticated by default: every router needs a valid token (endpoints/__init__.py), except the public one
with the concern report, its follow-up and the ladder of offers, each a deliberate exception
(endpoints/public.py).
"""

from fastapi import APIRouter

from services.referrals.endpoints import cases, catalogue, privacy, public

routers: list[APIRouter] = [public.router, cases.router, catalogue.router, privacy.router]

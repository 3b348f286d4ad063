"""Named dependencies of the referrals endpoints: keys, configuration, clock, roles and valid resources."""

from datetime import date
from typing import Annotated

from fastapi import Depends, Request

from services.kit import clock
from services.kit.auth import Principal, require_roles
from services.kit.municipality import Municipality
from services.kit.routing import SessionDep
from services.kit.schemas import RowId
from services.kit.state import config_of, process_of, state_of
from services.referrals import access, cases, offers
from services.referrals.config import ReferralsConfig, ReferralsSettings
from services.referrals.crypto import Cipher
from services.referrals.exceptions import OfferNotFound
from services.referrals.limits import ReportThrottle
from services.referrals.models import Case, Offer
from services.referrals.state import ReferralsState


async def cipher_of(request: Request) -> Cipher:
    return state_of(request, ReferralsState).cipher


async def settings_of(request: Request) -> ReferralsSettings:
    return state_of(request, ReferralsState).settings


async def municipality_of(request: Request) -> Municipality:
    return process_of(request).municipality


async def report_throttle_of(request: Request) -> ReportThrottle:
    return state_of(request, ReferralsState).report_throttle


CipherDep = Annotated[Cipher, Depends(cipher_of)]
Config = Annotated[ReferralsConfig, Depends(config_of)]
SettingsDep = Annotated[ReferralsSettings, Depends(settings_of)]
MunicipalityDep = Annotated[Municipality, Depends(municipality_of)]
ReportThrottleDep = Annotated[ReportThrottle, Depends(report_throttle_of)]
# The date in Denmark: first-contact deadlines, follow-up dates, legal bases in force, retention.
Today = Annotated[date, Depends(clock.today)]

Caseworker = Annotated[Principal, Depends(require_roles(*access.READ_CASES))]
IntakeCaller = Annotated[Principal, Depends(require_roles(*access.TAKE_IN_REPORTS))]
StatisticsReader = Annotated[Principal, Depends(require_roles(*access.READ_STATISTICS))]
CatalogueAdmin = Annotated[Principal, Depends(require_roles(*access.MANAGE_CATALOGUE))]
CapacityUpdater = Annotated[Principal, Depends(require_roles(*access.UPDATE_CAPACITY))]
AccessLogExporter = Annotated[Principal, Depends(require_roles(*access.EXPORT_ACCESS_LOG))]
RetentionRunner = Annotated[Principal, Depends(require_roles(*access.RUN_RETENTION))]


async def valid_case(case_id: RowId, session: SessionDep, _caseworker: Caseworker) -> Case:
    """The case, for a caseworker only: anyone else is refused before the case is even looked up."""
    return await cases.load_case(session, case_id=case_id)


async def valid_offer(offer_id: RowId, session: SessionDep) -> Offer:
    return await offers.get_offer(session, offer_id=offer_id)


ValidCase = Annotated[Case, Depends(valid_case)]
ValidOffer = Annotated[Offer, Depends(valid_offer)]


async def active_offer(offer: ValidOffer) -> Offer:
    """An offer the public may read: an inactive one does not exist for them."""
    if not offer.active:
        raise OfferNotFound(f"No active offer with id {offer.id}.")
    return offer


ActiveOffer = Annotated[Offer, Depends(active_offer)]

"""Named dependencies of the referrals endpoints: keys, configuration, role guards and valid resources."""

from datetime import date
from typing import Annotated

from fastapi import Depends, Path, Request

from services.kit.auth import Principal, require_roles
from services.kit.db import utcnow
from services.kit.municipality import Municipality
from services.kit.routing import SessionDep
from services.referrals import access, cases, offers
from services.referrals.config import ReferralsConfig, ReferralsSettings
from services.referrals.crypto import Cipher
from services.referrals.models import Case, Offer


async def cipher_of(request: Request) -> Cipher:
    cipher: Cipher = request.app.state.cipher
    return cipher


async def config_of(request: Request) -> ReferralsConfig:
    config: ReferralsConfig = request.app.state.config
    return config


async def settings_of(request: Request) -> ReferralsSettings:
    settings: ReferralsSettings = request.app.state.settings
    return settings


async def municipality_of(request: Request) -> Municipality:
    municipality: Municipality = request.app.state.municipality
    return municipality


async def today() -> date:
    return utcnow().date()


CipherDep = Annotated[Cipher, Depends(cipher_of)]
ConfigDep = Annotated[ReferralsConfig, Depends(config_of)]
SettingsDep = Annotated[ReferralsSettings, Depends(settings_of)]
MunicipalityDep = Annotated[Municipality, Depends(municipality_of)]
Today = Annotated[date, Depends(today)]

Caseworker = Annotated[Principal, Depends(require_roles(*access.READ_CASES))]
IntakeCaller = Annotated[Principal, Depends(require_roles(*access.TAKE_IN_REPORTS))]
StatisticsReader = Annotated[Principal, Depends(require_roles(*access.READ_STATISTICS))]
CatalogueAdmin = Annotated[Principal, Depends(require_roles(*access.MANAGE_CATALOGUE))]
CapacityUpdater = Annotated[Principal, Depends(require_roles(*access.UPDATE_CAPACITY))]
AccessLogExporter = Annotated[Principal, Depends(require_roles(*access.EXPORT_ACCESS_LOG))]
RetentionRunner = Annotated[Principal, Depends(require_roles(*access.RUN_RETENTION))]


async def valid_case(
    case_id: Annotated[int, Path(ge=1, le=2**31 - 1)], session: SessionDep, _caseworker: Caseworker
) -> Case:
    """The case, for a caseworker only: anyone else is refused before the case is even looked up."""
    return await cases.load_case(session, case_id)


async def valid_offer(offer_id: Annotated[int, Path(ge=1, le=2**31 - 1)], session: SessionDep) -> Offer:
    return await offers.get_offer(session, offer_id)


ValidCase = Annotated[Case, Depends(valid_case)]
ValidOffer = Annotated[Offer, Depends(valid_offer)]

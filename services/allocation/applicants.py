"""The housing organisations' applicant check: § 51 c in transformation areas, § 51 b where ordered."""

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from services.allocation import agreements, areas
from services.allocation.exceptions import AgreementNotFound
from services.allocation.models import ApplicantCheckRecord
from services.allocation.rules.bans import ApplicantFacts, check_applicant
from services.allocation.rules.model import Designation
from services.allocation.schemas import ApplicantCheckCreate, ApplicantCheckRead, ReasonRead
from services.kit.auth import Principal


async def check(
    session: AsyncSession, *, body: ApplicantCheckCreate, principal: Principal, today: date
) -> ApplicantCheckRead:
    """Answer allowed or refused with the paragraph, from this year's agreement of the area; logged."""
    area = await areas.visible_area(session, code=body.area_code, principal=principal)
    agreement = await agreements.find(session, year=today.year, area_code=area.code)
    if agreement is None:
        raise AgreementNotFound(
            f"Area {area.code} has no agreement for {today.year}, so its designations are not known here."
        )
    designations = [Designation(d) for d in agreement.designations]
    result = check_applicant(
        designations,
        ApplicantFacts(
            lives_in_department=body.lives_in_department,
            receives_now=frozenset(body.receives_now),
            received_6_consecutive_months=frozenset(body.received_6_consecutive_months),
        ),
        combined_letting_ordered=agreement.combined_letting_ordered,
        combined_letting_extended=agreement.combined_letting_extended,
    )
    reasons = [
        ReasonRead(code=r.code, text=r.text, paragraph=r.paragraph, params=r.param_dict())
        for r in result.reasons
    ]
    record = ApplicantCheckRecord(
        area_code=area.code,
        allowed=result.allowed,
        paragraphs=list(result.paragraphs),
        reasons=[r.model_dump() for r in reasons],
        applicant_ref=body.applicant_ref,
        requested_by=principal.subject,
        housing_org=principal.housing_org,
    )
    session.add(record)
    await session.flush()
    return ApplicantCheckRead(
        id=record.id,
        area_code=area.code,
        designations=designations,
        allowed=result.allowed,
        paragraphs=list(result.paragraphs),
        reasons=reasons,
        dispensation_possible=result.dispensation_possible,
        checked_at=record.created_at,
    )

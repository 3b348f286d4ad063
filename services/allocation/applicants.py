"""The housing organisations' applicant check: § 51 c in transformation areas, § 51 b where ordered.

The designations are those of the published list in force on the day of the check (DOMAIN § 3); the
municipality's § 51 b decision (ordered, extended) is read from the letting year's agreement.
"""

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from services.allocation import agreements, areas, published_lists
from services.allocation.exceptions import AgreementNotFound
from services.allocation.models import ApplicantCheckRecord
from services.allocation.rules.bans import ApplicantFacts, BenefitReceipt, PersonFacts, check_applicant
from services.allocation.schemas import ReasonRead
from services.allocation.schemas.applicant_checks import (
    ApplicantCheckCreate,
    ApplicantCheckRead,
    BenefitReceiptCreate,
)
from services.kit.auth import Principal


def _person(receipts: list[BenefitReceiptCreate]) -> PersonFacts:
    return PersonFacts(
        tuple(BenefitReceipt(r.benefit, r.received_now, r.consecutive_months) for r in receipts)
    )


def facts(body: ApplicantCheckCreate) -> ApplicantFacts:
    return ApplicantFacts(
        lives_in_department=body.lives_in_department,
        applicant=_person(body.applicant_benefits()),
        partner=_person(body.partner.benefits) if body.partner else None,
        partner_relation=body.partner.relation if body.partner else None,
    )


async def check(
    session: AsyncSession, *, body: ApplicantCheckCreate, principal: Principal, today: date
) -> ApplicantCheckRead:
    """Answer allowed or refused with the paragraph, from the list in force today; logged without names."""
    area = await areas.visible_area(session, code=body.area_code, principal=principal)
    agreement = await agreements.find(session, year=today.year, area_code=area.code)
    if agreement is None:
        raise AgreementNotFound(
            f"Area {area.code} has no agreement for {today.year}, so the municipality's § 51 b decision is "
            "not known here."
        )
    in_force = await published_lists.designations_on(
        session, area_code=area.code, on=today, fallback=agreement
    )
    assert in_force is not None  # the agreement stands in
    designations = sorted(in_force.designations)
    result = check_applicant(
        designations,
        facts(body),
        combined_letting_ordered=agreement.combined_letting_ordered,
        combined_letting_extended=agreement.combined_letting_extended,
    )
    reasons = [
        ReasonRead(code=r.code, text=r.text, paragraph=r.paragraph, params=r.param_dict())
        for r in (*result.reasons, *in_force.warnings)
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
        list_year=in_force.list_year,
        designations_source=in_force.source,
    )

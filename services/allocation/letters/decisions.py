"""The letter of each kind of decision, issued by the use case that makes the decision (in its transaction),
and corrections: a new letter for the same decision, from its record and today's configuration."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.allocation.exceptions import StateConflict
from services.allocation.letters.issuing import Correction, Letterhead, issue, latest
from services.allocation.letters.wording import acute, dispensations, offers
from services.allocation.models import (
    AcuteApplication,
    ApplicantCheckRecord,
    Area,
    DecisionLetterRecord,
    Dispensation,
    Offer,
    Seeker,
    Vacancy,
)
from services.allocation.rules.statuses import DecisionType


async def acute_housing(
    session: AsyncSession,
    *,
    head: Letterhead,
    application: AcuteApplication,
    actor: str,
    today: date,
    correction: Correction | None = None,
) -> DecisionLetterRecord:
    return await issue(
        session,
        head=head,
        decision_type=DecisionType.ACUTE_HOUSING,
        decision_id=application.id,
        case_reference=application.reference,
        wording=lambda language: acute.acute_housing(application, language),
        issued_on=today,
        actor=actor,
        correction=correction,
    )


async def _offer_facts(session: AsyncSession, offer: Offer, *, unless_lettered: date) -> offers.OfferFacts:
    vacancy = await session.get(Vacancy, offer.vacancy_id)
    seeker = await session.get(Seeker, offer.seeker_id)
    assert vacancy is not None and seeker is not None  # foreign keys
    area = await session.get(Area, vacancy.area_code)
    # The day of the offer is its letter's date (the service's day, which the offer's timestamp need not
    # be); `unless_lettered` for the offer being made now, or one made before letters were issued.
    first = await session.scalar(
        select(DecisionLetterRecord.issued_on)
        .where(
            DecisionLetterRecord.decision_type == DecisionType.MUNICIPAL_OFFER.value,
            DecisionLetterRecord.decision_id == offer.id,
        )
        .order_by(DecisionLetterRecord.id)
        .limit(1)
    )
    area_name = area.name if area else vacancy.area_code
    return offers.OfferFacts(offer, vacancy, seeker, area_name, first or unless_lettered)


def _offer_reference(prefix: str, offer: Offer) -> str:
    return f"{prefix}-{offer.offered_at.year}-{offer.id:05d}"


async def municipal_offer(
    session: AsyncSession,
    *,
    head: Letterhead,
    offer: Offer,
    actor: str,
    today: date,
    correction: Correction | None = None,
) -> DecisionLetterRecord:
    facts = await _offer_facts(session, offer, unless_lettered=today)
    return await issue(
        session,
        head=head,
        decision_type=DecisionType.MUNICIPAL_OFFER,
        decision_id=offer.id,
        case_reference=_offer_reference("TB", offer),  # tilbud
        wording=lambda language: offers.municipal_offer(facts, head.config, language),
        issued_on=today,
        actor=actor,
        correction=correction,
    )


async def offer_withdrawal(
    session: AsyncSession,
    *,
    head: Letterhead,
    offer: Offer,
    actor: str,
    today: date,
    correction: Correction | None = None,
) -> DecisionLetterRecord:
    facts = await _offer_facts(session, offer, unless_lettered=offer.offered_at.date())
    return await issue(
        session,
        head=head,
        decision_type=DecisionType.OFFER_WITHDRAWAL,
        decision_id=offer.id,
        case_reference=_offer_reference("TT", offer),  # tilbagetrækning
        wording=lambda language: offers.offer_withdrawal(facts, language),
        issued_on=today,
        actor=actor,
        correction=correction,
    )


async def dispensation(
    session: AsyncSession,
    *,
    head: Letterhead,
    item: Dispensation,
    actor: str,
    today: date,
    correction: Correction | None = None,
) -> DecisionLetterRecord:
    check = await session.get(ApplicantCheckRecord, item.check_id)
    assert check is not None  # a foreign key
    area = await session.get(Area, item.area_code)
    area_name = area.name if area else item.area_code
    return await issue(
        session,
        head=head,
        decision_type=DecisionType.DISPENSATION,
        decision_id=item.id,
        case_reference=f"DI-{item.decided_on.year}-{item.id:05d}",
        wording=lambda language: dispensations.dispensation(item, check, area_name, language),
        issued_on=today,
        actor=actor,
        correction=correction,
    )


async def correct(
    session: AsyncSession,
    *,
    head: Letterhead,
    letter: DecisionLetterRecord,
    reason: str,
    actor: str,
    today: date,
) -> DecisionLetterRecord:
    """A new letter for the letter's decision, naming the one it replaces; the old one stays as it was."""
    decision_type = DecisionType(letter.decision_type)
    newest = await latest(session, decision_type=decision_type, decision_id=letter.decision_id, language="da")
    if newest.reference != letter.reference:
        raise StateConflict(
            f"Letter {letter.reference} was replaced by {newest.reference}; correct the newest letter."
        )
    correction = Correction(replaces=letter, reason=reason)
    if decision_type is DecisionType.ACUTE_HOUSING:
        application = await session.get(AcuteApplication, letter.decision_id)
        assert application is not None
        return await acute_housing(
            session, head=head, application=application, actor=actor, today=today, correction=correction
        )
    if decision_type is DecisionType.DISPENSATION:
        item = await session.get(Dispensation, letter.decision_id)
        assert item is not None
        return await dispensation(
            session, head=head, item=item, actor=actor, today=today, correction=correction
        )
    offer = await session.get(Offer, letter.decision_id)
    assert offer is not None
    issue_for = municipal_offer if decision_type is DecisionType.MUNICIPAL_OFFER else offer_withdrawal
    return await issue_for(session, head=head, offer=offer, actor=actor, today=today, correction=correction)

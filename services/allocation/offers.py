"""Municipal allocation of a vacancy (DOMAIN § 5.5): ranked candidates, offers, accept and decline.

The priority list as it stood is kept with the offer and again with the decision, so that every choice
can be explained afterwards.
"""

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.allocation import metrics, published_lists
from services.allocation import seekers as seeker_cases
from services.allocation.config import AllocationConfig
from services.allocation.exceptions import OfferNotFound, StateConflict
from services.allocation.letters import decisions as letters
from services.allocation.letters.issuing import Letterhead
from services.allocation.models import Agreement, Offer, Seeker, Vacancy
from services.allocation.rules.bans import BAN_TEXTS
from services.allocation.rules.law import ban_law_on
from services.allocation.rules.lists import list_year_in_force
from services.allocation.rules.model import Channel, Reason
from services.allocation.rules.ranking import (
    EXCLUSIONS,
    TIE_BREAKERS,
    DwellingFacts,
    Ranking,
    SeekerStatus,
    rank,
)
from services.allocation.rules.statuses import (
    HELD,
    Consequence,
    DesignationSource,
    OfferStatus,
    VacancyEventKind,
    VacancyStatus,
)
from services.allocation.schemas import ReasonRead
from services.allocation.schemas.offers import (
    CandidatesRead,
    DeclineReasonRead,
    OfferCreate,
    OfferDeclineCreate,
    OfferRead,
    OfferWithdrawalCreate,
    RankedSeekerRead,
    RankingRulesRead,
)
from services.allocation.vacancies import event, rent_dkk
from services.kit.db import utcnow
from services.kit.errors import ValidationFailed

REPLY_AFTER_DEADLINE = "reply_after_deadline"


def reason_read(item: Reason) -> ReasonRead:
    return ReasonRead(code=item.code, text=item.text, paragraph=item.paragraph, params=item.param_dict())


def decline_reasons(config: AllocationConfig) -> list[DeclineReasonRead]:
    """The municipality's coded decline reasons, each with its consequence for the seeker."""
    return [
        DeclineReasonRead(code=code, **rule.model_dump()) for code, rule in config.decline_reasons.items()
    ]


def ranking_rules(config: AllocationConfig, *, today: date) -> RankingRulesRead:
    """The published order of candidates, the exclusions, the bans in force today and the decline reasons."""
    return RankingRulesRead(
        tie_breakers=[reason_read(t) for t in TIE_BREAKERS],
        exclusions=[reason_read(e) for e in EXCLUSIONS],
        bans=[
            {
                "paragraph": rule.paragraph,
                "designations": sorted(rule.designations),
                "items": [{"code": item.value, "text": BAN_TEXTS[item]} for item in rule.items],
            }
            for rule in ban_law_on(today).rules
        ],
        decline_reasons=decline_reasons(config),
    )


def _require_municipal(vacancy: Vacancy) -> None:
    if vacancy.channel != Channel.MUNICIPAL.value:
        raise StateConflict(
            f"Vacancy {vacancy.id} goes to {vacancy.channel}; only municipal vacancies are offered."
        )
    if vacancy.status not in HELD:
        raise StateConflict(f"Vacancy {vacancy.id} is {vacancy.status}; it can no longer be offered.")


async def _designations(session: AsyncSession, *, vacancy: Vacancy, today: date) -> published_lists.InForce:
    """The area's designations on the list in force on the offer date (DOMAIN § 3), the vacancy's letting
    agreement standing in, with a warning, while that list is not loaded."""
    agreement = await session.scalar(
        select(Agreement).where(Agreement.year == vacancy.year, Agreement.area_code == vacancy.area_code)
    )
    in_force = await published_lists.designations_on(
        session, area_code=vacancy.area_code, on=today, fallback=agreement
    )
    if in_force is None:
        return published_lists.InForce(frozenset(), list_year_in_force(today), DesignationSource.AGREEMENT)
    return in_force


async def ranking(
    session: AsyncSession, *, vacancy: Vacancy, today: date, ignore_offer: int | None = None
) -> tuple[Ranking, dict[int, Seeker], published_lists.InForce]:
    """Rank the active seekers for the vacancy on `today`, the offer date: the bans count their 6 months
    back from it; `ignore_offer` does not count as an offer awaiting reply."""
    in_force = await _designations(session, vacancy=vacancy, today=today)
    designations = in_force.designations
    people = {
        s.id: s for s in await session.scalars(select(Seeker).where(Seeker.status == SeekerStatus.ACTIVE))
    }
    pending = select(Offer.seeker_id).where(Offer.status == OfferStatus.PENDING)
    if ignore_offer is not None:
        pending = pending.where(Offer.id != ignore_offer)
    waiting = set(await session.scalars(pending))
    dwelling = DwellingFacts(
        area_code=vacancy.area_code,
        designations=designations,
        rooms=vacancy.rooms,
        monthly_rent_dkk=rent_dkk(vacancy),
        accessible=vacancy.accessible,
    )
    facts = [seeker_cases.facts(s, has_open_offer=s.id in waiting) for s in people.values()]
    return rank(facts, dwelling, today), people, in_force


def snapshot(result: Ranking) -> list[dict[str, Any]]:
    """The priority list as stored with an offer or a decision: every rank and every exclusion."""
    return [
        *({"seeker_id": c.seeker_id, "reference": c.reference, "rank": c.rank} for c in result.candidates),
        *(
            {
                "seeker_id": e.seeker_id,
                "reference": e.reference,
                "rank": None,
                "excluded": [r.code for r in e.reasons],
            }
            for e in result.excluded
        ),
    ]


async def candidates(session: AsyncSession, *, vacancy: Vacancy, today: date) -> CandidatesRead:
    _require_municipal(vacancy)
    result, people, in_force = await ranking(session, vacancy=vacancy, today=today)
    return CandidatesRead(
        vacancy_id=vacancy.id,
        area_code=vacancy.area_code,
        designations=sorted(in_force.designations),
        list_year=in_force.list_year,
        designations_source=in_force.source,
        warnings=[reason_read(w) for w in in_force.warnings],
        as_of=today,
        bans_checked=list(result.bans_checked),
        tie_breakers=[reason_read(t) for t in TIE_BREAKERS],
        candidates=[
            RankedSeekerRead(
                seeker_id=c.seeker_id,
                reference=c.reference,
                name=people[c.seeker_id].name,
                rank=c.rank,
                reasons=[reason_read(r) for r in c.reasons],
            )
            for c in result.candidates
        ],
        excluded=[
            RankedSeekerRead(
                seeker_id=e.seeker_id,
                reference=e.reference,
                name=people[e.seeker_id].name,
                rank=None,
                reasons=[reason_read(r) for r in e.reasons],
            )
            for e in result.excluded
        ],
    )


async def to_read(session: AsyncSession, *, offer: Offer) -> OfferRead:
    seeker = await session.get(Seeker, offer.seeker_id)
    return OfferRead(
        id=offer.id,
        vacancy_id=offer.vacancy_id,
        seeker_id=offer.seeker_id,
        seeker_reference=seeker.reference if seeker else "",
        seeker_name=seeker.name if seeker else "",
        status=offer.status,
        reply_by=offer.reply_by,
        priority_list=offer.priority_list,
        offered_by=offer.offered_by,
        offered_at=offer.offered_at,
        decline_reason=offer.decline_reason,
        consequence=offer.consequence,
        parked_until=offer.parked_until,
        decision_priority_list=offer.decision_priority_list,
        decided_by=offer.decided_by,
        decided_at=offer.decided_at,
        note=offer.note,
        withdrawal_reason=offer.withdrawal_reason,
    )


async def for_vacancy(session: AsyncSession, *, vacancy: Vacancy) -> list[OfferRead]:
    rows = await session.scalars(select(Offer).where(Offer.vacancy_id == vacancy.id).order_by(Offer.id))
    return [await to_read(session, offer=o) for o in rows]


async def for_seeker(session: AsyncSession, *, seeker: Seeker) -> list[OfferRead]:
    rows = await session.scalars(select(Offer).where(Offer.seeker_id == seeker.id).order_by(Offer.id))
    return [await to_read(session, offer=o) for o in rows]


async def make(
    session: AsyncSession,
    *,
    vacancy: Vacancy,
    body: OfferCreate,
    config: AllocationConfig,
    head: Letterhead,
    actor: str,
    today: date,
) -> Offer:
    """Offer the vacancy to one ranked seeker, with a reply deadline; one open offer per vacancy at a time.
    The offer's letter is issued with it."""
    _require_municipal(vacancy)
    if vacancy.status == VacancyStatus.OFFERED:
        raise StateConflict(f"Vacancy {vacancy.id} has an offer awaiting reply.")
    result, _, _ = await ranking(session, vacancy=vacancy, today=today)
    excluded = {e.seeker_id: e for e in result.excluded}
    if body.seeker_id in excluded:
        reasons = excluded[body.seeker_id].reasons
        raise ValidationFailed(
            "The seeker cannot be offered this vacancy: " + " ".join(r.text for r in reasons),
            errors=[{"loc": ["body", "seeker_id"], "msg": r.text, "code": r.code} for r in reasons],
        )
    if body.seeker_id not in {c.seeker_id for c in result.candidates}:
        raise ValidationFailed(
            f"No active housing seeker {body.seeker_id}.",
            errors=[{"loc": ["body", "seeker_id"], "msg": "unknown or inactive seeker"}],
        )
    reply_by = today + timedelta(days=body.reply_days or config.offer_reply_days)
    if vacancy.deadline is not None and reply_by > vacancy.deadline:
        raise ValidationFailed(
            f"The reply deadline {reply_by} would be after the vacancy's deadline {vacancy.deadline}, when "
            "the dwelling goes back to the housing organisation; give a shorter reply time.",
            errors=[
                {
                    "loc": ["body", "reply_days"],
                    "msg": f"reply by {reply_by} is after the vacancy's deadline {vacancy.deadline}",
                    "code": REPLY_AFTER_DEADLINE,
                }
            ],
        )
    offer = Offer(
        vacancy_id=vacancy.id,
        seeker_id=body.seeker_id,
        status=OfferStatus.PENDING,
        reply_by=reply_by,
        priority_list=snapshot(result),
        offered_by=actor,
        note=body.note,
    )
    session.add(offer)
    vacancy.status = VacancyStatus.OFFERED
    await session.flush()
    rank_of = next(c.rank for c in result.candidates if c.seeker_id == body.seeker_id)
    event(
        session,
        vacancy=vacancy,
        kind=VacancyEventKind.OFFERED,
        actor=actor,
        offer_id=offer.id,
        seeker_id=body.seeker_id,
        rank=rank_of,
    )
    await session.flush()
    metrics.DECISIONS.labels("offer").inc()
    await letters.municipal_offer(session, head=head, offer=offer, actor=actor, today=today)
    return offer


async def get(session: AsyncSession, *, offer_id: int) -> Offer:
    offer = await session.get(Offer, offer_id)
    if offer is None:
        raise OfferNotFound(f"No offer {offer_id}.")
    return offer


async def _decide(session: AsyncSession, *, offer: Offer, actor: str, today: date) -> Vacancy:
    if offer.status != OfferStatus.PENDING:
        raise StateConflict(f"Offer {offer.id} is {offer.status}; it was already decided.")
    vacancy = await session.get(Vacancy, offer.vacancy_id)
    assert vacancy is not None
    result, _, _ = await ranking(session, vacancy=vacancy, today=today, ignore_offer=offer.id)
    offer.decision_priority_list = snapshot(result)
    offer.decided_by = actor
    offer.decided_at = utcnow()
    return vacancy


async def accept(session: AsyncSession, *, offer: Offer, note: str, actor: str, today: date) -> Offer:
    vacancy = await _decide(session, offer=offer, actor=actor, today=today)
    offer.status = OfferStatus.ACCEPTED
    if note:
        offer.note = f"{offer.note}\n{note}".strip()
    event(
        session,
        vacancy=vacancy,
        kind=VacancyEventKind.ACCEPTED,
        actor=actor,
        offer_id=offer.id,
        seeker_id=offer.seeker_id,
    )
    await session.flush()
    return offer


def _apply_consequence(
    seeker: Seeker | None, offer: Offer, code: str, config: AllocationConfig, today: date
) -> None:
    rule = config.decline_reasons[code]
    offer.decline_reason = code
    offer.consequence = rule.consequence
    if seeker is None:
        return
    if rule.consequence is Consequence.PARKED and rule.park_days:
        until = today + timedelta(days=rule.park_days)
        offer.parked_until = until
        seeker.parked_until = max(seeker.parked_until or until, until)
    elif rule.consequence is Consequence.REMOVED:
        seeker.status = SeekerStatus.REMOVED


async def decline(
    session: AsyncSession,
    *,
    offer: Offer,
    body: OfferDeclineCreate,
    config: AllocationConfig,
    actor: str,
    today: date,
) -> Offer:
    """Record the coded reason and apply its configured consequence; the vacancy can be offered again."""
    if body.reason not in config.decline_reasons:
        raise ValidationFailed(
            f"Unknown decline reason {body.reason!r}.",
            errors=[{"loc": ["body", "reason"], "msg": "use a code from GET /v1/decline-reasons"}],
        )
    vacancy = await _decide(session, offer=offer, actor=actor, today=today)
    offer.status = OfferStatus.DECLINED
    if body.note:
        offer.note = f"{offer.note}\n{body.note}".strip()
    _apply_consequence(await session.get(Seeker, offer.seeker_id), offer, body.reason, config, today)
    if vacancy.status == VacancyStatus.OFFERED:
        vacancy.status = VacancyStatus.OPEN
    event(
        session,
        vacancy=vacancy,
        kind=VacancyEventKind.DECLINED,
        actor=actor,
        offer_id=offer.id,
        seeker_id=offer.seeker_id,
        reason=body.reason,
        consequence=offer.consequence,
    )
    await session.flush()
    return offer


async def withdraw(
    session: AsyncSession,
    *,
    offer: Offer,
    body: OfferWithdrawalCreate,
    head: Letterhead,
    actor: str,
    today: date,
) -> Offer:
    """The officer withdraws an offer awaiting reply or accepted but not yet let, with the reason and the
    hearing its letter states; the vacancy can be offered again, and the seeker's registration is kept."""
    if offer.status not in (OfferStatus.PENDING, OfferStatus.ACCEPTED):
        raise StateConflict(
            f"Offer {offer.id} is {offer.status}; only an open or accepted offer is withdrawn."
        )
    vacancy = await session.get(Vacancy, offer.vacancy_id)
    assert vacancy is not None
    if vacancy.status not in HELD:
        raise StateConflict(
            f"Vacancy {vacancy.id} is {vacancy.status}; its offer can no longer be withdrawn."
        )
    offer.status = OfferStatus.WITHDRAWN
    offer.decided_by = actor
    offer.decided_at = utcnow()
    offer.withdrawal_reason = body.reason.strip()
    offer.withdrawal_hearing = body.hearing.strip()
    vacancy.status = VacancyStatus.OPEN
    event(
        session,
        vacancy=vacancy,
        kind=VacancyEventKind.OFFER_WITHDRAWN,
        actor=actor,
        offer_id=offer.id,
        seeker_id=offer.seeker_id,
    )
    await session.flush()
    await letters.offer_withdrawal(session, head=head, offer=offer, actor=actor, today=today)
    return offer


NO_REPLY = "no_reply"


async def expire(session: AsyncSession, *, today: date, actor: str, config: AllocationConfig) -> list[int]:
    """Offers not answered by their reply date count as declined for `no_reply` (when configured)."""
    overdue = list(
        await session.scalars(
            select(Offer)
            .where(Offer.status == OfferStatus.PENDING, Offer.reply_by < today)
            .order_by(Offer.id)
        )
    )
    for offer in overdue:
        vacancy = await _decide(session, offer=offer, actor=actor, today=today)
        offer.status = OfferStatus.EXPIRED
        if NO_REPLY in config.decline_reasons:
            _apply_consequence(await session.get(Seeker, offer.seeker_id), offer, NO_REPLY, config, today)
        if vacancy.status == VacancyStatus.OFFERED:
            vacancy.status = VacancyStatus.OPEN
        event(
            session,
            vacancy=vacancy,
            kind=VacancyEventKind.OFFER_EXPIRED,
            actor=actor,
            offer_id=offer.id,
            seeker_id=offer.seeker_id,
        )
    await session.flush()
    return [o.id for o in overdue]

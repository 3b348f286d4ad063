"""Use cases of vacancies: number each one in its area-year and give it its channel, exactly, once.

Exactness under concurrent reports: the area-year's counter row and its agreement are locked (SELECT …
FOR NO KEY UPDATE on PostgreSQL; on SQLite the router serialises writers in the process) for the rest of
the transaction, so the next number and the channel are read and written by one report at a time, with
the agreement as it is then. Idempotency: `external_id` is unique in its organisation's id space; a report
that finds it stored when it takes the lock, or whose insert finds it taken (INSERT … ON CONFLICT DO
NOTHING, which waits for a report of the same id still in flight), answers with the vacancy already stored
and counts nothing.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from services.allocation import areas, metrics
from services.allocation import report_statements as sql
from services.allocation.access import area_scope
from services.allocation.config import AllocationConfig
from services.allocation.exceptions import (
    ExternalIdInUse,
    LettingRefused,
    StateConflict,
    VacancyNotFound,
    VacancyRefused,
)
from services.allocation.letters import decisions as letters
from services.allocation.letters.issuing import Letterhead
from services.allocation.models import (
    Area,
    Letting,
    Offer,
    Seeker,
    Vacancy,
    VacancyEvent,
)
from services.allocation.rules.agreements import applied_municipal_share
from services.allocation.rules.holding import days_held
from services.allocation.rules.law import quota_law_on
from services.allocation.rules.model import AgreementStatus, Channel
from services.allocation.rules.quota import WHOLE_BP, Tally, assign, pct_from_bp, share_from_bp
from services.allocation.rules.ranking import SeekerStatus
from services.allocation.rules.statuses import HELD, OfferStatus, VacancyEventKind, VacancyStatus
from services.allocation.rules.urgency import urgency
from services.allocation.schemas.vacancies import (
    LettingCreate,
    LettingRead,
    UrgencyRead,
    VacancyCreate,
    VacancyDetailRead,
    VacancyEventRead,
    VacancyOrder,
    VacancyPage,
    VacancyRead,
    VacancyReceiptRead,
    VacancyUrgencyPage,
    VacancyUrgentRead,
)
from services.kit.auth import Principal
from services.kit.db import utcnow

ORE_PER_KRONE = 100


def receipt(vacancy: Vacancy) -> VacancyReceiptRead:
    return VacancyReceiptRead(
        id=vacancy.id,
        external_id=vacancy.external_id,
        area_code=vacancy.area_code,
        year=vacancy.year,
        sequence=vacancy.sequence,
        channel=Channel(vacancy.channel),
        reason=vacancy.reason,
    )


def event(
    session: AsyncSession, *, vacancy: Vacancy, kind: VacancyEventKind, actor: str, **detail: object
) -> None:
    session.add(VacancyEvent(vacancy_id=vacancy.id, kind=kind, detail=detail, actor=actor))


def deadline_for(available_from: date, today: date, config: AllocationConfig) -> date:
    """The municipality holds a municipal vacancy this long from when it is both reported and free."""
    return max(available_from, today) + timedelta(days=config.vacancy_deadline_days)


# --- reporting -------------------------------------------------------------------------------------
# One report is two statements in the usual case (report_statements holds them): the area-year's counter
# and agreement, locked, with the area's organisation and any earlier report of the same external_id; then
# the vacancy with its counter and event – on SQLite, which cannot write in a WITH, three statements.


Keys = dict[str, object]  # the bound parameters that name the report's area-year and external_id


def _receipt_of(row: sql.AnyRow, external_id: str) -> VacancyReceiptRead:
    return VacancyReceiptRead(
        id=row.id,
        external_id=external_id,
        area_code=row.area_code,
        year=row.year,
        sequence=row.sequence,
        channel=Channel(row.channel),
        reason=row.reason,
    )


def _repeat(earlier: sql.AnyRow, body: VacancyCreate) -> VacancyReceiptRead:
    """The stored answer for a repeated report; another area's vacancy is a conflict, not a copy.

    The earlier vacancy was found in the id space of the reported area's organisation, whose area the
    caller may report for: in the same area it is the caller's own report.
    """
    if earlier.area_code != body.area_code:
        raise ExternalIdInUse(f"external_id {body.external_id!r} is already used for another vacancy.")
    return _receipt_of(earlier, body.external_id)


async def _checked_then_locked(
    conn: AsyncConnection, *, body: VacancyCreate, principal: Principal, keys: Keys
) -> sql.AnyRow | VacancyReceiptRead:
    """When LOCKED found nothing: refuse for what is missing (the area, the caller's right to it, the
    agreement), answer a repeated report, or else – only the counter was missing – create and lock it."""
    found = (await conn.execute(sql.AREA_AND_EARLIER, keys)).first()
    if found is None:
        raise VacancyRefused(
            f"Unknown area {body.area_code}: the allocation service has no such area.",
            errors=[{"loc": ["body", "area_code"], "msg": "unknown area"}],
        )
    areas.check_owner(body.area_code, found.housing_org, principal)
    if found.id is not None:
        return _repeat(found, body)
    if found.agreement_id is None:
        code, year = body.area_code, keys["at_year"]
        raise VacancyRefused(
            f"Area {code} has no letting agreement for {year} (the letting year of available_from), so "
            "the vacancy cannot be given a channel.",
            errors=[{"loc": ["body", "available_from"], "msg": f"no agreement for {code} in {year}"}],
        )
    zero = dict.fromkeys(sql.TALLY, 0)
    await conn.execute(
        sql.CREATE_COUNTER[conn.dialect.name], {"area_code": body.area_code, "year": keys["at_year"], **zero}
    )
    return (await conn.execute(sql.LOCKED, keys)).one()


async def _store(
    conn: AsyncConnection, *, keys: Keys, vacancy: dict[str, object], after: Tally, actor: str
) -> int | None:
    """Store the vacancy, count it and record the event; its id, or None when another report stored
    the same external_id first (then nothing is written)."""
    new = {f"new_{name}": value for name, value in vacancy.items()}
    new.update({f"new_{name}": getattr(after, name) for name in sql.TALLY})
    new.update(
        new_kind=VacancyEventKind.REPORTED.value,
        new_detail={"sequence": vacancy["sequence"], "channel": vacancy["channel"]},
        new_actor=actor,
        new_at=vacancy["created_at"],
    )
    if conn.dialect.name == "postgresql":
        vacancy_id: int | None = (await conn.execute(sql.WRITE, {**keys, **new})).scalar()
        return vacancy_id
    vacancy_id = (await conn.execute(sql.INSERT_VACANCY, new)).scalar()
    if vacancy_id is not None:
        await conn.execute(sql.COUNT, {**keys, **new})
        await conn.execute(sql.INSERT_EVENT, {**new, "new_vacancy_id": vacancy_id})
    return vacancy_id


async def report(
    session: AsyncSession, *, body: VacancyCreate, principal: Principal, config: AllocationConfig, today: date
) -> tuple[VacancyReceiptRead, bool]:
    """Number the vacancy in its area-year and give it its channel; (receipt, created)."""
    conn = await session.connection()
    year = body.available_from.year
    keys: Keys = {"at_area": body.area_code, "at_year": year, "at_external_id": body.external_id}
    locked = (await conn.execute(sql.LOCKED, keys)).first()
    if locked is None:
        checked = await _checked_then_locked(conn, body=body, principal=principal, keys=keys)
        if isinstance(checked, VacancyReceiptRead):
            return checked, False
        locked = checked
    # The caller's right to the area comes first: only then is anything said of the external_id, which
    # was looked up among the area's own organisation's ids only, so nothing is learnt of another's.
    areas.check_owner(body.area_code, locked.housing_org, principal)
    if locked.id is not None:
        return _repeat(locked, body), False
    # The share in force for this vacancy (ABL § 59 stk. 1-2): above 25 % only once the agreement is agreed,
    # as it is now that its row is locked (see report_statements.LOCKED).
    applied = applied_municipal_share(
        municipal_bp=locked.municipal_share_bp,
        agreed=locked.status == AgreementStatus.AGREED,
        law=quota_law_on(date(year, 1, 1)),
    )
    tally = Tally(locked.vacancies, locked.municipal, locked.flexible, locked.waiting_list)
    assignment = assign(
        tally,
        municipal_share=applied.share,
        flexible_share=share_from_bp(locked.flexible_share_bp),
    )
    reason_params = {**assignment.reason.param_dict(), "share_basis": applied.reason.code}
    reason_params.update(applied.reason.param_dict())
    municipal = assignment.channel is Channel.MUNICIPAL
    reason = f"{assignment.reason.text} {applied.reason.text}"
    ids_of = locked.housing_org or ""  # whose id space the external_id is in
    vacancy: dict[str, object] = {
        "external_id": body.external_id,
        "external_scope": ids_of,
        "area_code": body.area_code,
        "year": year,
        "sequence": assignment.sequence,
        "channel": assignment.channel.value,
        "reason": reason,
        "reason_code": assignment.reason.code,
        "reason_params": reason_params,
        "municipal_share_bp": int(applied.share * WHOLE_BP),
        "agreement_share_bp": locked.municipal_share_bp,
        "flexible_share_bp": locked.flexible_share_bp,
        "dwelling_ref": body.dwelling_ref,
        "rooms": body.rooms,
        "floor_area_m2": body.floor_area_m2,
        "monthly_rent_ore": int(body.monthly_rent_dkk * ORE_PER_KRONE),
        "accessible": body.accessible,
        "available_from": body.available_from,
        "status": VacancyStatus.OPEN.value,
        "deadline": deadline_for(body.available_from, today, config) if municipal else None,
        "reported_on": today,
        "reported_by": principal.subject,
        "reported_by_org": principal.housing_org,
        "created_at": utcnow(),
    }
    after = tally.after(assignment.channel)
    vacancy_id = await _store(conn, keys=keys, vacancy=vacancy, after=after, actor=principal.subject)
    if vacancy_id is None:
        # The same external_id, reported at the same moment, was stored first: answer with its vacancy.
        earlier = (await conn.execute(sql.EARLIER, {**keys, "at_scope": ids_of})).one()
        return _repeat(earlier, body), False
    created = VacancyReceiptRead(
        id=vacancy_id,
        external_id=body.external_id,
        area_code=body.area_code,
        year=year,
        sequence=assignment.sequence,
        channel=assignment.channel,
        reason=reason,
    )
    metrics.VACANCIES_REPORTED.labels(assignment.channel.value).inc()
    return created, True


# --- reading --------------------------------------------------------------------------------------


def held_days(vacancy: Vacancy, letting: Letting | None, today: date) -> int | None:
    """Days the municipality held a municipal vacancy (ABL § 59 stk. 1); None for the other channels."""
    if vacancy.channel != Channel.MUNICIPAL.value:
        return None
    ended: date | None = vacancy.returned_on
    if ended is None and letting is not None:
        ended = letting.let_on
    if ended is None and vacancy.status not in HELD:
        ended = today  # let without a letting row cannot happen; count to today rather than guess
    return days_held(
        available_from=vacancy.available_from, reported_on=vacancy.reported_on, ended_on=ended, today=today
    )


def to_read(vacancy: Vacancy, area: Area | None, letting: Letting | None, today: date) -> VacancyRead:
    return VacancyRead(**_read_fields(vacancy, area, letting, today))


def _read_fields(vacancy: Vacancy, area: Area | None, letting: Letting | None, today: date) -> dict[str, Any]:
    return dict(
        id=vacancy.id,
        external_id=vacancy.external_id,
        area_code=vacancy.area_code,
        year=vacancy.year,
        sequence=vacancy.sequence,
        channel=Channel(vacancy.channel),
        reason=vacancy.reason,
        area_name=area.name if area else vacancy.area_code,
        housing_org=area.housing_org if area else None,
        reason_code=vacancy.reason_code,
        reason_params=vacancy.reason_params,
        municipal_share_pct=float(pct_from_bp(vacancy.municipal_share_bp)),
        agreement_share_pct=float(pct_from_bp(vacancy.agreement_share_bp)),
        flexible_share_pct=float(pct_from_bp(vacancy.flexible_share_bp)),
        dwelling_ref=vacancy.dwelling_ref,
        rooms=vacancy.rooms,
        floor_area_m2=vacancy.floor_area_m2,
        monthly_rent_dkk=vacancy.monthly_rent_ore / ORE_PER_KRONE,
        accessible=vacancy.accessible,
        available_from=vacancy.available_from,
        status=vacancy.status,
        deadline=vacancy.deadline,
        reported_by=vacancy.reported_by,
        reported_by_org=vacancy.reported_by_org,
        created_at=vacancy.created_at,
        returned_at=vacancy.returned_at,
        reported_on=vacancy.reported_on,
        returned_on=vacancy.returned_on,
        days_held=held_days(vacancy, letting, today),
        letting=LettingRead.model_validate(letting) if letting else None,
    )


async def visible(session: AsyncSession, *, vacancy_id: int, principal: Principal) -> Vacancy:
    """The vacancy, if the principal may see it; another organisation's vacancy does not exist for it."""
    vacancy = await session.get(Vacancy, vacancy_id)
    if vacancy is not None:
        scope = area_scope(principal)
        area = await session.get(Area, vacancy.area_code)
        if scope is None or (area is not None and area.housing_org == scope):
            return vacancy
    raise VacancyNotFound(f"No vacancy {vacancy_id}.")


async def detail(session: AsyncSession, *, vacancy: Vacancy, today: date) -> VacancyDetailRead:
    area = await session.get(Area, vacancy.area_code)
    letting = await session.scalar(select(Letting).where(Letting.vacancy_id == vacancy.id))
    events = await session.scalars(
        select(VacancyEvent).where(VacancyEvent.vacancy_id == vacancy.id).order_by(VacancyEvent.id)
    )
    return VacancyDetailRead(
        **to_read(vacancy, area, letting, today).model_dump(),
        events=[VacancyEventRead.model_validate(e) for e in events],
    )


# The date that decides how urgent a vacancy is (rules/urgency.py, in SQL): a municipal vacancy waiting for
# an offer, its deadline; an offered one, the reply deadline of its offer awaiting reply (none once a seeker
# has accepted); every other, none.
_PENDING_REPLY_BY = (
    select(func.min(Offer.reply_by))
    .where(Offer.vacancy_id == Vacancy.id, Offer.status == OfferStatus.PENDING)
    .correlate(Vacancy)
    .scalar_subquery()
)
_MUNICIPAL = Vacancy.channel == Channel.MUNICIPAL.value
URGENT_BY = case(
    (_MUNICIPAL & (Vacancy.status == VacancyStatus.OPEN.value), Vacancy.deadline),
    (_MUNICIPAL & (Vacancy.status == VacancyStatus.OFFERED.value), _PENDING_REPLY_BY),
).label("urgent_by")


def _urgent_read(
    vacancy: Vacancy, area: Area, letting: Letting | None, urgent_by: date | None, today: date
) -> VacancyUrgentRead:
    # URGENT_BY is the reply deadline of the offer awaiting reply exactly when the vacancy is offered.
    reply_by = urgent_by if vacancy.status == VacancyStatus.OFFERED else None
    found = urgency(
        channel=vacancy.channel,
        status=vacancy.status,
        deadline=vacancy.deadline,
        reply_by=reply_by,
        today=today,
    )
    return VacancyUrgentRead(
        **_read_fields(vacancy, area, letting, today),
        urgency=UrgencyRead(basis=found.basis, by=found.by, days_left=found.days_left, overdue=found.overdue),
    )


async def page(
    session: AsyncSession,
    *,
    principal: Principal,
    year: int | None = None,
    area_code: str | None = None,
    channel: Channel | None = None,
    status: VacancyStatus | None = None,
    order: VacancyOrder = VacancyOrder.NEWEST,
    limit: int = 50,
    offset: int = 0,
    today: date,
) -> VacancyPage | VacancyUrgencyPage:
    """One page of the vacancies the principal may see, filtered; newest first, or most urgent first:
    by the date of rules/urgency.py, overdue first, those without one last, ties the earliest reported
    first, then by id – sorted and cut by the database."""
    query = select(Vacancy, Area).join(Area, Area.code == Vacancy.area_code)
    scope = area_scope(principal)
    if scope is not None:
        query = query.where(Area.housing_org == scope)
    if year is not None:
        query = query.where(Vacancy.year == year)
    if area_code:
        query = query.where(Vacancy.area_code == area_code)
    if channel is not None:
        query = query.where(Vacancy.channel == channel.value)
    if status is not None:
        query = query.where(Vacancy.status == status)
    total = await session.scalar(select(func.count()).select_from(query.subquery())) or 0
    if order is VacancyOrder.URGENCY:
        urgent = query.add_columns(URGENT_BY).order_by(
            URGENT_BY.asc().nulls_last(), Vacancy.reported_on, Vacancy.id
        )
        ranked = (await session.execute(urgent.limit(limit).offset(offset))).all()
        held = await _lettings_of(session, [v.id for v, _, _ in ranked])
        return VacancyUrgencyPage(
            order=VacancyOrder.URGENCY,
            as_of=today,
            total=total,
            limit=limit,
            offset=offset,
            items=[_urgent_read(v, area, held.get(v.id), by, today) for v, area, by in ranked],
        )
    newest = query.order_by(Vacancy.available_from.desc(), Vacancy.id.desc())
    rows = (await session.execute(newest.limit(limit).offset(offset))).all()
    lettings = await _lettings_of(session, [v.id for v, _ in rows])
    return VacancyPage(
        total=total,
        limit=limit,
        offset=offset,
        items=[to_read(v, area, lettings.get(v.id), today) for v, area in rows],
    )


async def _lettings_of(session: AsyncSession, ids: list[int]) -> dict[int, Letting]:
    found = await session.scalars(select(Letting).where(Letting.vacancy_id.in_(ids)))
    return {letting.vacancy_id: letting for letting in found}


# --- letting and return ---------------------------------------------------------------------------


def _accepted_offer() -> ColumnElement[bool]:
    """The vacancy (in a query of vacancies) has an offer a seeker accepted: the dwelling is promised."""
    return (
        select(Offer.id)
        .where(Offer.vacancy_id == Vacancy.id, Offer.status == OfferStatus.ACCEPTED)
        .correlate(Vacancy)
        .exists()
    )


async def _is_promised(session: AsyncSession, *, vacancy: Vacancy) -> bool:
    found = await session.scalar(
        select(Offer.id).where(Offer.vacancy_id == vacancy.id, Offer.status == OfferStatus.ACCEPTED).limit(1)
    )
    return found is not None


def is_overdue(vacancy: Vacancy, today: date) -> bool:
    """Past the municipality's deadline and still held by it (the accepted-offer check is separate)."""
    return (
        vacancy.channel == Channel.MUNICIPAL.value
        and vacancy.status in HELD
        and vacancy.deadline is not None
        and vacancy.deadline < today
    )


async def record_letting(
    session: AsyncSession,
    *,
    vacancy: Vacancy,
    body: LettingCreate,
    principal: Principal,
    today: date,
    head: Letterhead,
) -> LettingRead:
    """Record the letting with the channel actually used; a municipal vacancy is the municipality's until
    returned, and is let to the seeker who accepted its offer.

    A municipal vacancy past its deadline that nobody has accepted is the housing organisation's again,
    whether or not the periodic return has run yet: it is returned here, on the spot, and recorded so.
    """
    if vacancy.status == VacancyStatus.LET:
        raise StateConflict(f"Vacancy {vacancy.id} is already let.")
    if body.let_on < vacancy.available_from:
        # A lease cannot begin before the dwelling is free; the statistics' time to letting would go negative.
        raise LettingRefused(
            f"The lease cannot begin before the dwelling is free ({vacancy.available_from.isoformat()}).",
            errors=[
                {
                    "loc": ["body", "let_on"],
                    "msg": f"before available_from ({vacancy.available_from.isoformat()})",
                    "code": "before_available_from",
                }
            ],
        )
    if (
        body.channel is not Channel.MUNICIPAL
        and is_overdue(vacancy, today)
        and not await _is_promised(session, vacancy=vacancy)
    ):
        await _give_back(
            session,
            vacancy=vacancy,
            actor=principal.subject,
            now=utcnow(),
            today=today,
            when="letting",
            head=head,
        )
    held = vacancy.channel == Channel.MUNICIPAL and vacancy.status != VacancyStatus.RETURNED
    offer: Offer | None = None
    if body.channel is Channel.MUNICIPAL:
        if not held:
            raise StateConflict(
                "Only a municipal vacancy the municipality still holds can be let by municipal allocation."
            )
        offer = await session.scalar(
            select(Offer)
            .where(Offer.vacancy_id == vacancy.id, Offer.status == OfferStatus.ACCEPTED)
            .order_by(Offer.id.desc())
        )
        if offer is None or (body.seeker_id is not None and body.seeker_id != offer.seeker_id):
            raise StateConflict("A municipal letting needs the seeker who accepted the vacancy's offer.")
    elif held:
        raise StateConflict(
            "The vacancy is the municipality's to allocate until its deadline passes and it is returned "
            f"(deadline {vacancy.deadline})."
        )
    letting = Letting(
        vacancy_id=vacancy.id,
        area_code=vacancy.area_code,
        year=vacancy.year,
        channel=body.channel.value,
        assigned_channel=vacancy.channel,
        let_on=body.let_on,
        days_to_letting=(body.let_on - vacancy.available_from).days,
        seeker_id=offer.seeker_id if offer else None,
        offer_id=offer.id if offer else None,
        recorded_by=principal.subject,
    )
    session.add(letting)
    vacancy.status = VacancyStatus.LET
    if offer is not None:
        seeker = await session.get(Seeker, offer.seeker_id)
        if seeker is not None:
            seeker.status = SeekerStatus.HOUSED
    await session.flush()
    event(
        session,
        vacancy=vacancy,
        kind=VacancyEventKind.LET,
        actor=principal.subject,
        channel=body.channel.value,
        let_on=body.let_on.isoformat(),
    )
    await session.flush()
    return LettingRead.model_validate(letting)


async def lettings(
    session: AsyncSession, *, principal: Principal, year: int, area_code: str | None = None
) -> list[LettingRead]:
    query = select(Letting).join(Area, Area.code == Letting.area_code).where(Letting.year == year)
    scope = area_scope(principal)
    if scope is not None:
        query = query.where(Area.housing_org == scope)
    if area_code:
        query = query.where(Letting.area_code == area_code)
    return [LettingRead.model_validate(r) for r in await session.scalars(query.order_by(Letting.id))]


def rent_dkk(vacancy: Vacancy) -> Decimal:
    return Decimal(vacancy.monthly_rent_ore) / ORE_PER_KRONE


async def _give_back(
    session: AsyncSession,
    *,
    vacancy: Vacancy,
    actor: str,
    now: datetime,
    today: date,
    when: str,
    head: Letterhead,
) -> None:
    """Return the vacancy to the housing organisation; an offer still awaiting reply is withdrawn, and the
    seeker gets the withdrawal's letter."""
    pending = list(
        await session.scalars(
            select(Offer).where(Offer.vacancy_id == vacancy.id, Offer.status == OfferStatus.PENDING)
        )
    )
    for offer in pending:
        offer.status = OfferStatus.WITHDRAWN
        offer.decided_at = now
        offer.decided_by = actor
    vacancy.status = VacancyStatus.RETURNED
    vacancy.returned_at = now
    vacancy.returned_on = today  # the day the municipality stops carrying the rent (ABL § 59 stk. 1)
    event(
        session,
        vacancy=vacancy,
        kind=VacancyEventKind.RETURNED,
        actor=actor,
        deadline=vacancy.deadline.isoformat() if vacancy.deadline else None,
        to=vacancy.reported_by_org or "housing organisation",
        on=when,
    )
    await session.flush()
    for offer in pending:
        await letters.offer_withdrawal(session, head=head, offer=offer, actor=actor, today=today)


async def return_overdue(
    session: AsyncSession, *, today: date, actor: str, head: Letterhead
) -> list[Vacancy]:
    """Give back to the housing organisation every municipal vacancy not filled before its deadline.

    A vacancy whose offer a seeker has accepted is promised to that seeker and stays the municipality's
    until the letting is recorded, deadline or not.
    """
    overdue = list(
        await session.scalars(
            select(Vacancy)
            .where(
                Vacancy.channel == Channel.MUNICIPAL.value,
                Vacancy.status.in_(HELD),
                Vacancy.deadline < today,
                ~_accepted_offer(),
            )
            .order_by(Vacancy.id)
        )
    )
    now = utcnow()
    for vacancy in overdue:
        await _give_back(
            session, vacancy=vacancy, actor=actor, now=now, today=today, when="deadline", head=head
        )
    await session.flush()
    return overdue

"""Use cases of the yearly letting agreements (DOMAIN § 5.2): draft from the categorisation, read, change."""

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.allocation import areas, published_lists
from services.allocation.access import area_scope
from services.allocation.clients import CategorisationClient
from services.allocation.config import AllocationConfig
from services.allocation.exceptions import AgreementExists, AgreementNotFound, AgreementRefused, NotApproved
from services.allocation.models import Agreement, AgreementChange, Area, CombinedLettingDecision, QuotaCounter
from services.allocation.rules import agreements as rules
from services.allocation.rules import combined_letting
from services.allocation.rules.bans import applicable_bans
from services.allocation.rules.law import QuotaLaw, quota_law_on
from services.allocation.rules.model import (
    AgreementStatus,
    Category,
    Designation,
    LegalBasis,
    flexible_mandatory,
)
from services.allocation.rules.quota import WHOLE_BP, bp_from_pct, pct_from_bp
from services.allocation.rules.statuses import CategorisationStatus, SourceStatus
from services.allocation.schemas import ReasonRead
from services.allocation.schemas.agreements import (
    AgreementChangeRead,
    AgreementCreate,
    AgreementDraftRead,
    AgreementRead,
    AgreementUpdate,
    CriteriaGroup,
    TallyRead,
)
from services.kit.auth import Principal
from services.kit.db import utcnow


def law_for(year: int) -> QuotaLaw:
    """The quota law of a letting year is the one in force when the year begins."""
    try:
        return quota_law_on(date(year, 1, 1))
    except LookupError:
        raise AgreementRefused(f"No quota rule was in force in {year}; no agreement is possible.") from None


def default_shares(
    category: Category, config: AllocationConfig, designations: Sequence[Designation] = ()
) -> tuple[int, int]:
    """The category's default shares; in a designated area flexible letting is 100 % whatever the colour
    (ABL § 60 stk. 4 follows the national designation, DOMAIN § 5.2)."""
    defaults = config.category_defaults[category]
    flexible_bp = bp_from_pct(Decimal(str(defaults.flexible_share_pct)))
    return (
        bp_from_pct(Decimal(str(defaults.municipal_share_pct))),
        WHOLE_BP if flexible_mandatory(designations) else flexible_bp,
    )


def _groups(stored: Sequence[dict[str, Any]]) -> list[rules.CriteriaGroup]:
    return [
        rules.CriteriaGroup(
            code=str(g["code"]),
            share_bp=bp_from_pct(Decimal(str(g["share_pct"]))),
            conditions=tuple(
                rules.Condition(
                    str(c["code"]), Fraction(str(c["value"])) if c.get("value") is not None else None
                )
                for c in g.get("conditions", [])
            ),
        )
        for g in stored
    ]


def _stored_groups(groups: Sequence[CriteriaGroup]) -> list[dict[str, Any]]:
    return [g.model_dump(mode="json") for g in groups]


def _pct(bp: int) -> float:
    return float(pct_from_bp(bp))


async def _tally(session: AsyncSession, *, agreement: Agreement) -> TallyRead:
    counter = await session.get(QuotaCounter, (agreement.area_code, agreement.year))
    if counter is None:
        return TallyRead(vacancies=0, municipal=0, flexible=0, waiting_list=0)
    return TallyRead.model_validate(counter)


async def to_read(session: AsyncSession, *, agreement: Agreement, area: Area | None = None) -> AgreementRead:
    area = area or await session.get(Area, agreement.area_code)
    category = Category(agreement.category)
    designations = [Designation(d) for d in agreement.designations]
    law = law_for(agreement.year)
    agreed = agreement.status == AgreementStatus.AGREED
    applied = rules.applied_municipal_share(municipal_bp=agreement.municipal_share_bp, agreed=agreed, law=law)
    return AgreementRead(
        year=agreement.year,
        source_year=agreement.source_year,
        source_status=agreement.source_status,
        area_code=agreement.area_code,
        area_name=area.name if area else agreement.area_code,
        housing_org=area.housing_org if area else None,
        category=category,
        designations=designations,
        municipal_share_pct=_pct(agreement.municipal_share_bp),
        applied_municipal_share_pct=_pct(int(applied.share * WHOLE_BP)),
        flexible_share_pct=_pct(agreement.flexible_share_bp),
        rehousing_share_pct=_pct(agreement.rehousing_share_bp),
        flexible_mandatory=flexible_mandatory(designations),
        legal_basis=LegalBasis(agreement.legal_basis),
        status=AgreementStatus(agreement.status),
        flexible_criteria=[CriteriaGroup.model_validate(g) for g in agreement.flexible_criteria],
        flexible_period_from=agreement.flexible_period_from,
        flexible_period_to=agreement.flexible_period_to,
        combined_letting_ordered=agreement.combined_letting_ordered,
        combined_letting_extended=agreement.combined_letting_extended,
        note=agreement.note,
        bans=[paragraph for paragraph, _ in applicable_bans(designations, date(agreement.year, 1, 1))],
        warnings=[
            ReasonRead(code=w.code, text=w.text, paragraph=w.paragraph, params=w.param_dict())
            for w in rules.warnings(
                designations=designations,
                flexible_bp=agreement.flexible_share_bp,
                legal_basis=LegalBasis(agreement.legal_basis),
                agreed=agreed,
                municipal_bp=agreement.municipal_share_bp,
                groups=_groups(agreement.flexible_criteria),
                law=law,
            )
        ],
        tally=await _tally(session, agreement=agreement),
        agreed_by=agreement.agreed_by,
        agreed_at=agreement.agreed_at,
        created_by=agreement.created_by,
        created_at=agreement.created_at,
        updated_by=agreement.updated_by,
        updated_at=agreement.updated_at,
    )


async def find(session: AsyncSession, *, year: int, area_code: str) -> Agreement | None:
    return await session.scalar(
        select(Agreement).where(Agreement.year == year, Agreement.area_code == area_code)
    )


async def get(session: AsyncSession, *, year: int, area_code: str, principal: Principal) -> Agreement:
    """The agreement, when the principal may read the area's; 403 for another organisation's area."""
    area = await session.get(Area, area_code)
    if area is not None:
        areas.check_scope(area, principal)
    agreement = await find(session, year=year, area_code=area_code)
    if agreement is None:
        raise AgreementNotFound(f"No agreement for area {area_code} in letting year {year}.")
    return agreement


async def list_year(session: AsyncSession, *, year: int, principal: Principal) -> list[AgreementRead]:
    query = (
        select(Agreement, Area)
        .join(Area, Area.code == Agreement.area_code)
        .where(Agreement.year == year)
        .order_by(Agreement.area_code)
    )
    scope = area_scope(principal)
    if scope is not None:
        query = query.where(Area.housing_org == scope)
    rows = (await session.execute(query)).all()
    # The year's counters in one query: each agreement's tally then finds its counter in the session's
    # identity map instead of asking the database once per area (kept referenced until the reads are made).
    counters = list(await session.scalars(select(QuotaCounter).where(QuotaCounter.year == year)))
    reads = [await to_read(session, agreement=agreement, area=area) for agreement, area in rows]
    del counters
    return reads


async def years(session: AsyncSession) -> list[int]:
    return list(await session.scalars(select(Agreement.year).distinct().order_by(Agreement.year.desc())))


def _refuse(found: list[rules.Problem]) -> None:
    if found:
        raise AgreementRefused(
            " ".join(p.text for p in found),
            errors=[{"loc": ["body", p.field], "msg": p.text, "code": p.code} for p in found],
        )


def _period_of(agreement: Agreement) -> tuple[int, int] | None:
    start, end = agreement.flexible_period_from, agreement.flexible_period_to
    return (start, end) if start is not None and end is not None else None


async def _previous(session: AsyncSession, *, year: int, area_code: str) -> rules.Neighbour | None:
    """Last letting year's agreement of the area, as the period rule needs it."""
    previous = await find(session, year=year - 1, area_code=area_code)
    if previous is None:
        return None
    return rules.Neighbour(
        year=previous.year, period=_period_of(previous), criteria=previous.flexible_criteria
    )


async def _period_for(
    session: AsyncSession, *, year: int, area_code: str, designations: Sequence[Designation]
) -> tuple[tuple[int, int] | None, list[dict[str, Any]] | None]:
    """The flexible period of a (re)drafted agreement: last year's continued while it runs, with its
    criteria (None: no criteria carried over), a new one from this year in a newly listed area, none off
    the lists."""
    previous = await _previous(session, year=year, area_code=area_code)
    running = previous.period if previous is not None else None
    period = rules.flexible_period(designations=designations, year=year, previous=running)
    if previous is not None and period is not None and period == running:
        return period, [dict(g) for g in previous.criteria]
    return period, None


async def _combined_letting(session: AsyncSession, *, year: int, area_code: str) -> combined_letting.State:
    """What the area's § 51 b decisions give a new agreement of letting year `year`."""
    rows = await session.execute(
        select(CombinedLettingDecision.kind, CombinedLettingDecision.decided_on)
        .where(CombinedLettingDecision.area_code == area_code)
        .order_by(CombinedLettingDecision.decided_on, CombinedLettingDecision.id)
    )
    decisions = [combined_letting.Decision(combined_letting.DecisionKind(k), d) for k, d in rows.all()]
    return combined_letting.state_for_letting_year(decisions, year)


async def _new(
    session: AsyncSession,
    *,
    year: int,
    area_code: str,
    category: Category,
    designations: Sequence[Designation],
    source_year: int | None,
    source_status: SourceStatus,
    municipal_bp: int,
    flexible_bp: int,
    legal_basis: LegalBasis,
    actor: str,
    note: str = "",
) -> Agreement:
    """A draft agreement with the flexible period of a listed area continued from last year's."""
    period, criteria = await _period_for(session, year=year, area_code=area_code, designations=designations)
    combined = await _combined_letting(session, year=year, area_code=area_code)
    agreement = Agreement(
        year=year,
        area_code=area_code,
        source_year=source_year,
        source_status=source_status,
        category=category.value,
        designations=[d.value for d in designations],
        municipal_share_bp=municipal_bp,
        flexible_share_bp=flexible_bp,
        rehousing_share_bp=0,
        legal_basis=legal_basis.value,
        status=AgreementStatus.DRAFT.value,
        flexible_criteria=criteria or [],
        flexible_period_from=period[0] if period else None,
        flexible_period_to=period[1] if period else None,
        combined_letting_ordered=combined.ordered,
        combined_letting_extended=combined.extended,
        note=note,
        created_by=actor,
        updated_by=actor,
    )
    session.add(agreement)
    if await session.get(QuotaCounter, (area_code, year)) is None:
        session.add(
            QuotaCounter(area_code=area_code, year=year, vacancies=0, municipal=0, flexible=0, waiting_list=0)
        )
    await session.flush()
    return agreement


async def draft_from_categorisation(
    session: AsyncSession,
    *,
    year: int,
    source_year: int,
    client: CategorisationClient,
    authorization: str,
    config: AllocationConfig,
    actor: str,
    replace_drafts: bool = False,
) -> AgreementDraftRead:
    """Create the draft agreements of letting year `year` from the categorisation of `source_year`.

    Everything is read from the categorisation service before anything is written, so a failure there
    changes nothing. Existing agreements are kept; drafts are refreshed only when asked to.
    """
    items = await client.categorisation(source_year, authorization=authorization)
    if not items:
        raise NotApproved(f"The categorisation of list year {source_year} has no areas.")
    if any(item.status is not CategorisationStatus.APPROVED for item in items):
        raise NotApproved(
            f"The categorisation of list year {source_year} is not approved yet; agreements are drafted from "
            "an approved categorisation only."
        )
    names = await client.area_names(source_year, authorization=authorization)
    # The published list of `source_year` governs bans and applicant checks from 1 December (DOMAIN § 3).
    await published_lists.record(
        session, list_year=source_year, items=((i.area_code, i.designations) for i in items)
    )
    law = law_for(year)
    created, replaced, kept = [], [], []
    for item in sorted(items, key=lambda i: i.area_code):
        await areas.ensure_area(session, code=item.area_code, name=names.get(item.area_code))
        municipal_bp, flexible_bp = default_shares(item.category, config, item.designations)
        existing = await find(session, year=year, area_code=item.area_code)
        if existing is not None:
            if not (replace_drafts and existing.status == AgreementStatus.DRAFT):
                kept.append(item.area_code)
                continue
            before = snapshot(existing)
            existing.source_year = source_year
            existing.source_status = SourceStatus.APPROVED
            existing.category = item.category.value
            existing.designations = [d.value for d in item.designations]
            existing.municipal_share_bp = municipal_bp
            existing.flexible_share_bp = flexible_bp
            existing.legal_basis = rules.default_legal_basis(municipal_bp, law).value
            period, carried = await _period_for(
                session, year=year, area_code=item.area_code, designations=item.designations
            )
            if period != _period_of(existing):
                existing.flexible_period_from = period[0] if period else None
                existing.flexible_period_to = period[1] if period else None
            if carried is not None:
                existing.flexible_criteria = carried
            existing.updated_by = actor
            record_change(session, agreement=existing, before=before, actor=actor)
            replaced.append(item.area_code)
            continue
        await _new(
            session,
            year=year,
            area_code=item.area_code,
            category=item.category,
            designations=item.designations,
            source_year=source_year,
            source_status=SourceStatus.APPROVED,
            municipal_bp=municipal_bp,
            flexible_bp=flexible_bp,
            legal_basis=rules.default_legal_basis(municipal_bp, law),
            actor=actor,
        )
        created.append(item.area_code)
    await session.flush()
    return AgreementDraftRead(
        year=year,
        source_year=source_year,
        source_status=CategorisationStatus.APPROVED,
        created=created,
        replaced=replaced,
        kept=kept,
    )


async def create(
    session: AsyncSession, *, year: int, body: AgreementCreate, config: AllocationConfig, actor: str
) -> Agreement:
    """An agreement by hand, for an area the categorisation does not cover."""
    if await find(session, year=year, area_code=body.area_code) is not None:
        raise AgreementExists(f"Area {body.area_code} already has an agreement for {year}.")
    municipal_bp, flexible_bp = default_shares(body.category, config, body.designations)
    if body.municipal_share_pct is not None:
        municipal_bp = bp_from_pct(body.municipal_share_pct)
    if body.flexible_share_pct is not None:
        flexible_bp = bp_from_pct(body.flexible_share_pct)
    law = law_for(year)
    basis = body.legal_basis or rules.default_legal_basis(municipal_bp, law)
    _refuse(
        rules.problems(
            designations=body.designations,
            municipal_bp=municipal_bp,
            flexible_bp=flexible_bp,
            legal_basis=basis,
            groups=(),
            law=law,
        )
    )
    await areas.ensure_area(session, code=body.area_code)
    return await _new(
        session,
        year=year,
        area_code=body.area_code,
        category=body.category,
        designations=body.designations,
        source_year=None,
        source_status=SourceStatus.MANUAL,
        municipal_bp=municipal_bp,
        flexible_bp=flexible_bp,
        legal_basis=basis,
        actor=actor,
        note=body.note,
    )


TRACKED = (
    "municipal_share_bp",
    "flexible_share_bp",
    "rehousing_share_bp",
    "legal_basis",
    "status",
    "flexible_criteria",
    "flexible_period_from",
    "flexible_period_to",
    "combined_letting_ordered",
    "combined_letting_extended",
    "note",
    "category",
    "designations",
    "source_year",
)


def snapshot(agreement: Agreement) -> dict[str, Any]:
    return {name: getattr(agreement, name) for name in TRACKED}


def record_change(session: AsyncSession, *, agreement: Agreement, before: dict[str, Any], actor: str) -> None:
    after = snapshot(agreement)
    changes = {name: [before[name], after[name]] for name in TRACKED if before[name] != after[name]}
    if changes:
        session.add(AgreementChange(agreement_id=agreement.id, changes=changes, changed_by=actor))


async def update(
    session: AsyncSession, *, agreement: Agreement, body: AgreementUpdate, actor: str
) -> Agreement:
    """Change only the fields sent; refuse (422) anything the law or the arithmetic does not allow."""
    sent = body.model_fields_set
    for name in sent:
        if getattr(body, name) is None and name not in ("flexible_period_from", "flexible_period_to"):
            raise AgreementRefused(
                f"{name} cannot be empty.", errors=[{"loc": ["body", name], "msg": "may not be null"}]
            )
    municipal_bp = (
        bp_from_pct(body.municipal_share_pct)
        if "municipal_share_pct" in sent and body.municipal_share_pct is not None
        else agreement.municipal_share_bp
    )
    flexible_bp = (
        bp_from_pct(body.flexible_share_pct)
        if "flexible_share_pct" in sent and body.flexible_share_pct is not None
        else agreement.flexible_share_bp
    )
    rehousing_bp = (
        bp_from_pct(body.rehousing_share_pct)
        if "rehousing_share_pct" in sent and body.rehousing_share_pct is not None
        else agreement.rehousing_share_bp
    )
    basis = (
        body.legal_basis if "legal_basis" in sent and body.legal_basis else LegalBasis(agreement.legal_basis)
    )
    status = body.status if "status" in sent and body.status else AgreementStatus(agreement.status)
    designations = [Designation(d) for d in agreement.designations]
    groups = (
        _stored_groups(body.flexible_criteria)
        if "flexible_criteria" in sent and body.flexible_criteria is not None
        else agreement.flexible_criteria
    )
    found = rules.problems(
        designations=designations,
        municipal_bp=municipal_bp,
        flexible_bp=flexible_bp,
        legal_basis=basis,
        groups=_groups(groups),
        law=law_for(agreement.year),
        rehousing_bp=rehousing_bp,
        agreed=status is AgreementStatus.AGREED,
    )
    period_from = (
        body.flexible_period_from if "flexible_period_from" in sent else agreement.flexible_period_from
    )
    period_to = body.flexible_period_to if "flexible_period_to" in sent else agreement.flexible_period_to
    if (period_from is None) != (period_to is None):
        found.append(
            rules.Problem(
                "flexible_period_from" if period_from is None else "flexible_period_to",
                "period_incomplete",
                "The flexible period needs both its first and its last letting year.",
            )
        )
    else:
        found += rules.period_problems(
            designations=designations,
            year=agreement.year,
            period=(period_from, period_to) if period_from is not None and period_to is not None else None,
            criteria=groups,
            previous=await _previous(session, year=agreement.year, area_code=agreement.area_code),
        )
    _refuse(found)
    before = snapshot(agreement)
    agreement.municipal_share_bp = municipal_bp
    agreement.flexible_share_bp = flexible_bp
    agreement.rehousing_share_bp = rehousing_bp
    agreement.legal_basis = basis.value
    agreement.flexible_criteria = list(groups)
    agreement.flexible_period_from = period_from
    agreement.flexible_period_to = period_to
    for name in ("combined_letting_ordered", "combined_letting_extended", "note"):
        if name in sent:
            setattr(agreement, name, getattr(body, name))
    if "status" in sent and body.status is not None and body.status.value != agreement.status:
        agreement.status = body.status.value
        agreed = body.status is AgreementStatus.AGREED
        agreement.agreed_by = actor if agreed else None
        agreement.agreed_at = utcnow() if agreed else None
    agreement.updated_by = actor
    record_change(session, agreement=agreement, before=before, actor=actor)
    await session.flush()
    await session.refresh(agreement)
    return agreement


async def history(session: AsyncSession, *, agreement: Agreement) -> list[AgreementChangeRead]:
    rows = await session.scalars(
        select(AgreementChange)
        .where(AgreementChange.agreement_id == agreement.id)
        .order_by(AgreementChange.id)
    )
    return [AgreementChangeRead.model_validate(r) for r in rows]

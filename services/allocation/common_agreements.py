"""Use cases of the common letting agreement (fællesaftale, DOMAIN § 7, CONTRACT § 9): generate a housing
organisation's document of a letting year from the data, send it as a new version, record the agreement.

Today's document is generated, never typed in: the organisation's areas (its own table), each area's letting
agreement of the year (this service's), the categorisation of the list year and the area plans (read over
HTTP from the categorisation service with the caller's token). A version stores the whole document as it was
sent; the organisation's agreement is recorded on that version unchanged, and an agreed version is frozen
(the guard below). A housing organisation's client reads only what was sent to it.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import event, func, inspect, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.allocation.access import area_scope, reads_only_what_was_sent
from services.allocation.clients import AreaPlan, CategorisationClient, CategorisationItem
from services.allocation.exceptions import (
    CategorisationBadAnswer,
    CategorisationMissing,
    CategorisationRefused,
    CategorisationTimeout,
    CategorisationUnavailable,
    CommonAgreementNotFound,
    CommonAgreementRefused,
    HousingOrganisationNotFound,
    NotYourOrganisation,
    StateConflict,
)
from services.allocation.models import Agreement, Area, CommonAgreementVersion, HousingOrganisation
from services.allocation.rules import common_agreements as rules
from services.allocation.rules.model import (
    AgreementStatus,
    Designation,
    LegalBasis,
    Reason,
    flexible_mandatory,
    reason,
)
from services.allocation.rules.quota import pct_from_bp
from services.allocation.rules.statuses import CategorisationStatus, CommonAgreementStatus
from services.allocation.schemas import ReasonRead
from services.allocation.schemas.agreements import CriteriaGroup
from services.allocation.schemas.common_agreements import (
    AreaAgreementRead,
    AreaCategorisationRead,
    CommonAgreementAreaRead,
    CommonAgreementContent,
    CommonAgreementPlanRead,
    CommonAgreementRead,
    CommonAgreementSummaryRead,
    CommonAgreementVersionRead,
    OrganisationRef,
    PlanTargetRead,
)
from services.kit.auth import Principal
from services.kit.db import utcnow

# The categorisation service could not be asked: a stored version is still served, without `changed_since`.
UPSTREAM_FAILURES = (
    CategorisationUnavailable,
    CategorisationTimeout,
    CategorisationBadAnswer,
    CategorisationRefused,
)


@event.listens_for(CommonAgreementVersion, "before_update")
def _sent_versions_keep_their_document(
    _mapper: Any, _connection: Any, target: CommonAgreementVersion
) -> None:
    # DOMAIN § 7: what was sent is what is agreed, and an agreed version is kept unchanged.
    state = inspect(target)
    if state.attrs.document.history.has_changes():
        raise StateConflict(
            "A sent common agreement's document is never changed; send a new version instead."
        )
    status = state.attrs.status.history
    before = [*status.deleted, *status.unchanged] or [*state.attrs.status.load_history().unchanged]
    if before and before[0] == CommonAgreementStatus.AGREED:
        raise StateConflict("An agreed common agreement is never changed; send a new version instead.")


# --- whose agreement --------------------------------------------------------------------------------


async def organisation(session: AsyncSession, *, code: str, principal: Principal) -> HousingOrganisation:
    """The housing organisation, when the caller may read its agreement: 403 for another organisation's
    client (whether or not the code exists), 404 for an unknown code."""
    scope = area_scope(principal)
    if scope is not None and scope != code:
        raise NotYourOrganisation("You may read your own housing organisation's common agreement only.")
    found = await session.get(HousingOrganisation, code)
    if found is None:
        raise HousingOrganisationNotFound(f"No housing organisation {code}.")
    return found


# --- today's document -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Today:
    """Today's document of an organisation's year and what stops it from being sent."""

    content: CommonAgreementContent
    problems: list[Reason]


def _pct(bp: int) -> float:
    return float(pct_from_bp(bp))


def _agreement(agreement: Agreement) -> AreaAgreementRead:
    return AreaAgreementRead(
        source_year=agreement.source_year,
        municipal_share_pct=_pct(agreement.municipal_share_bp),
        flexible_share_pct=_pct(agreement.flexible_share_bp),
        rehousing_share_pct=_pct(agreement.rehousing_share_bp),
        flexible_mandatory=flexible_mandatory(Designation(d) for d in agreement.designations),
        flexible_criteria=[CriteriaGroup.model_validate(g) for g in agreement.flexible_criteria],
        flexible_period_from=agreement.flexible_period_from,
        flexible_period_to=agreement.flexible_period_to,
        legal_basis=LegalBasis(agreement.legal_basis),
        status=AgreementStatus(agreement.status),
        combined_letting_ordered=agreement.combined_letting_ordered,
        combined_letting_extended=agreement.combined_letting_extended,
        note=agreement.note,
    )


def _plan(plan: AreaPlan) -> CommonAgreementPlanRead:
    return CommonAgreementPlanRead(
        title=plan.title,
        area_codes=plan.area_codes,
        period_from=plan.period_from,
        period_to=plan.period_to,
        visions=plan.visions,
        requirements=plan.requirements,
        community=plan.community,
        targets=[PlanTargetRead.model_validate(t.model_dump()) for t in plan.targets],
    )


def approved(categorisation: Sequence[CategorisationItem] | None) -> bool:
    """The list year's categorisation is approved (the whole year is approved at once)."""
    return bool(categorisation) and all(
        i.status is CategorisationStatus.APPROVED for i in categorisation or ()
    )


def compose(
    *,
    year: int,
    organisation: HousingOrganisation,
    areas: Sequence[Area],
    agreements: dict[str, Agreement],
    list_year: int,
    categorisation: Sequence[CategorisationItem] | None,
    plans: Sequence[AreaPlan],
    now: datetime,
) -> CommonAgreementContent:
    """The document from its sources (the demo composes it from its own copy of the categorisation's)."""
    listed = {item.area_code: item for item in categorisation or ()}
    return CommonAgreementContent(
        year=year,
        organisation=OrganisationRef(code=organisation.code, name=organisation.name),
        categorisation_year=list_year,
        categorisation_approved=approved(categorisation),
        generated_at=now,
        areas=[
            CommonAgreementAreaRead(
                area_code=area.code,
                area_name=area.name,
                categorisation=AreaCategorisationRead(
                    category=listed[area.code].category,
                    designations=listed[area.code].designations,
                    status=listed[area.code].status,
                )
                if area.code in listed
                else None,
                agreement=_agreement(agreements[area.code]) if area.code in agreements else None,
            )
            for area in areas
        ],
        area_plans=[_plan(plan) for plan in plans],
    )


async def owned(session: AsyncSession, *, code: str) -> list[Area]:
    return list(await session.scalars(select(Area).where(Area.housing_org == code).order_by(Area.code)))


async def agreements_of(session: AsyncSession, *, year: int, areas: Sequence[Area]) -> dict[str, Agreement]:
    codes = [area.code for area in areas]
    if not codes:
        return {}
    rows = await session.scalars(
        select(Agreement).where(Agreement.year == year, Agreement.area_code.in_(codes))
    )
    return {agreement.area_code: agreement for agreement in rows}


async def today(
    session: AsyncSession,
    *,
    year: int,
    organisation: HousingOrganisation,
    client: CategorisationClient,
    authorization: str,
    now: datetime | None = None,
) -> Today:
    """Today's document, read from this service's tables and over HTTP from the categorisation service."""
    areas = await owned(session, code=organisation.code)
    agreements = await agreements_of(session, year=year, areas=areas)
    list_year = rules.categorisation_year(year, (a.source_year for a in agreements.values()))
    categorisation: list[CategorisationItem] | None
    try:
        categorisation = await client.categorisation(list_year, authorization=authorization)
    except CategorisationMissing:
        categorisation = None
    codes = [area.code for area in areas]
    plans = await client.area_plans(codes, year, authorization=authorization)
    content = compose(
        year=year,
        organisation=organisation,
        areas=areas,
        agreements=agreements,
        list_year=list_year,
        categorisation=categorisation,
        plans=plans,
        now=now or utcnow(),
    )
    problems = rules.send_problems(
        year=year,
        list_year=list_year,
        area_codes=codes,
        categorisation_found=bool(categorisation),
        categorisation_approved=content.categorisation_approved,
        without_agreement=[code for code in codes if code not in agreements],
    )
    return Today(content=content, problems=problems)


# --- stored versions --------------------------------------------------------------------------------


async def versions(session: AsyncSession, *, year: int, code: str) -> list[CommonAgreementVersion]:
    """Every stored version of the organisation's year, newest first."""
    rows = await session.scalars(
        select(CommonAgreementVersion)
        .where(CommonAgreementVersion.year == year, CommonAgreementVersion.housing_org == code)
        .order_by(CommonAgreementVersion.version.desc())
    )
    return list(rows)


def _stored(row: CommonAgreementVersion | None) -> rules.Stored | None:
    return None if row is None else rules.Stored(row.version, CommonAgreementStatus(row.status))


def _history(rows: Sequence[CommonAgreementVersion]) -> list[CommonAgreementVersionRead]:
    return [CommonAgreementVersionRead.model_validate(row) for row in rows]


def _reasons(found: Sequence[Reason]) -> list[ReasonRead]:
    return [ReasonRead(code=r.code, text=r.text, paragraph=r.paragraph, params=r.param_dict()) for r in found]


def stored_content(row: CommonAgreementVersion) -> CommonAgreementContent:
    return CommonAgreementContent.model_validate(row.document)


def as_read(
    row: CommonAgreementVersion,
    rows: Sequence[CommonAgreementVersion],
    *,
    changed_since: bool | None,
    problems: Sequence[Reason],
) -> CommonAgreementRead:
    """A stored version's frozen document with where it stands."""
    return CommonAgreementRead(
        **stored_content(row).model_dump(),
        version=row.version,
        latest_version=rows[0].version if rows else row.version,
        status=CommonAgreementStatus(row.status),
        sent_at=row.sent_at,
        sent_by=row.sent_by,
        agreed_at=row.agreed_at,
        agreed_by=row.agreed_by,
        versions=_history(rows),
        changed_since=changed_since,
        problems=_reasons(problems),
    )


def draft_read(found: Today, rows: Sequence[CommonAgreementVersion]) -> CommonAgreementRead:
    """Today's document as a draft: the version it will be when sent."""
    return CommonAgreementRead(
        **found.content.model_dump(),
        version=rules.next_version(_stored(rows[0] if rows else None)),
        latest_version=rows[0].version if rows else None,
        status=CommonAgreementStatus.DRAFT,
        sent_at=None,
        sent_by=None,
        agreed_at=None,
        agreed_by=None,
        versions=_history(rows),
        changed_since=False,
        problems=_reasons(found.problems),
    )


def _pick(
    rows: Sequence[CommonAgreementVersion], version: int | None, *, year: int
) -> CommonAgreementVersion | None:
    if version is None:
        return rows[0] if rows else None
    for row in rows:
        if row.version == version:
            return row
    raise CommonAgreementNotFound(f"The common agreement of {year} has no version {version}.")


async def _compared(
    session: AsyncSession,
    row: CommonAgreementVersion,
    rows: Sequence[CommonAgreementVersion],
    *,
    organisation: HousingOrganisation,
    client: CategorisationClient,
    authorization: str,
) -> CommonAgreementRead:
    """The stored version, compared with today's document when the categorisation service answers."""
    try:
        found = await today(
            session, year=row.year, organisation=organisation, client=client, authorization=authorization
        )
    except UPSTREAM_FAILURES as exc:
        unknown = reason("categorisation_unavailable", exc.detail)
        return as_read(row, rows, changed_since=None, problems=[unknown])
    changed = rules.changed(row.document, found.content.model_dump(mode="json"))
    return as_read(row, rows, changed_since=changed, problems=found.problems)


async def read(
    session: AsyncSession,
    *,
    year: int,
    organisation: HousingOrganisation,
    principal: Principal,
    client: CategorisationClient,
    authorization: str,
    version: int | None = None,
) -> CommonAgreementRead:
    """The newest stored version (or the one asked for), else today's draft; a housing organisation's
    client reads only what was sent to it."""
    rows = await versions(session, year=year, code=organisation.code)
    row = _pick(rows, version, year=year)
    if reads_only_what_was_sent(principal):
        if row is None:
            raise CommonAgreementNotFound(
                f"No common agreement for {year} has been sent to your organisation yet."
            )
        return as_read(row, rows, changed_since=None, problems=[])
    if row is None:
        found = await today(
            session, year=year, organisation=organisation, client=client, authorization=authorization
        )
        return draft_read(found, rows)
    return await _compared(
        session, row, rows, organisation=organisation, client=client, authorization=authorization
    )


@dataclass(frozen=True)
class Printable:
    """What the PDF renders: the document, its version number and where that version stands."""

    content: CommonAgreementContent
    version: int
    sent_at: datetime | None
    agreed_at: datetime | None

    @property
    def draft(self) -> bool:
        return self.sent_at is None


async def printable(
    session: AsyncSession,
    *,
    year: int,
    organisation: HousingOrganisation,
    principal: Principal,
    client: CategorisationClient,
    authorization: str,
    version: int | None = None,
) -> Printable:
    """A stored version's document as it was sent (never generated again), else today's draft."""
    rows = await versions(session, year=year, code=organisation.code)
    row = _pick(rows, version, year=year)
    if row is not None:
        return Printable(stored_content(row), row.version, row.sent_at, row.agreed_at)
    if reads_only_what_was_sent(principal):
        raise CommonAgreementNotFound(
            f"No common agreement for {year} has been sent to your organisation yet."
        )
    found = await today(
        session, year=year, organisation=organisation, client=client, authorization=authorization
    )
    return Printable(found.content, rules.next_version(None), None, None)


async def _lock(session: AsyncSession, organisation: HousingOrganisation) -> None:
    """Hold the organisation's row while its versions change (on SQLite, where there are no row locks, the
    process's write lock serialises the writers instead: dependencies.serialised)."""
    await session.execute(
        select(HousingOrganisation.code)
        .where(HousingOrganisation.code == organisation.code)
        .with_for_update()
    )


async def send(
    session: AsyncSession,
    *,
    year: int,
    organisation: HousingOrganisation,
    client: CategorisationClient,
    authorization: str,
    actor: str,
) -> CommonAgreementRead:
    """Store today's document as the next version, sent. Everything is read from the categorisation service
    before anything is written, so a failure there changes nothing."""
    now = utcnow()
    found = await today(
        session, year=year, organisation=organisation, client=client, authorization=authorization, now=now
    )
    if found.problems:
        raise CommonAgreementRefused(
            "The common agreement cannot be sent: " + " ".join(p.text for p in found.problems),
            errors=[{"loc": ["body", "status"], "msg": p.text, "code": p.code} for p in found.problems],
        )
    await _lock(session, organisation)
    rows = await versions(session, year=year, code=organisation.code)
    row = CommonAgreementVersion(
        year=year,
        housing_org=organisation.code,
        version=rules.next_version(_stored(rows[0] if rows else None)),
        status=CommonAgreementStatus.SENT.value,
        document=found.content.model_dump(mode="json"),
        sent_by=actor,
        sent_at=now,
    )
    session.add(row)
    await session.flush()
    return as_read(row, [row, *rows], changed_since=False, problems=[])


async def agree(
    session: AsyncSession,
    *,
    year: int,
    organisation: HousingOrganisation,
    client: CategorisationClient,
    authorization: str,
    actor: str,
) -> CommonAgreementRead:
    """Record that the organisation agreed to the version sent; its document stays exactly as sent."""
    await _lock(session, organisation)
    rows = await versions(session, year=year, code=organisation.code)
    latest = rows[0] if rows else None
    refusal = rules.agree_refusal(_stored(latest), year=year)
    if refusal is not None or latest is None:
        raise CommonAgreementRefused(refusal, errors=[{"loc": ["body", "status"], "msg": refusal}])
    latest.status = CommonAgreementStatus.AGREED.value
    latest.agreed_by = actor
    latest.agreed_at = utcnow()
    await session.flush()
    return await _compared(
        session, latest, rows, organisation=organisation, client=client, authorization=authorization
    )


# --- every organisation's at a glance ---------------------------------------------------------------


async def summaries(
    session: AsyncSession, *, year: int, principal: Principal
) -> list[CommonAgreementSummaryRead]:
    """One row per housing organisation the caller may see: its areas and its newest version of the year.
    Read from this service's tables only."""
    scope = area_scope(principal)
    query = select(HousingOrganisation).order_by(HousingOrganisation.code)
    if scope is not None:
        query = query.where(HousingOrganisation.code == scope)
    organisations = list(await session.scalars(query))
    owned_counts = await session.execute(
        select(Area.housing_org, func.count()).where(Area.housing_org.is_not(None)).group_by(Area.housing_org)
    )
    counts: dict[str | None, int] = {org: count for org, count in owned_counts}
    rows = await session.execute(
        select(
            CommonAgreementVersion.housing_org,
            CommonAgreementVersion.version,
            CommonAgreementVersion.status,
            CommonAgreementVersion.sent_at,
            CommonAgreementVersion.agreed_at,
        )
        .where(CommonAgreementVersion.year == year)
        .order_by(CommonAgreementVersion.version)
    )
    latest = {row.housing_org: row for row in rows}  # the newest version last, so it stays
    summaries = []
    for o in organisations:
        newest = latest.get(o.code)
        summaries.append(
            CommonAgreementSummaryRead(
                year=year,
                organisation=OrganisationRef(code=o.code, name=o.name),
                area_count=counts.get(o.code, 0),
                latest_version=newest.version if newest else None,
                status=CommonAgreementStatus(newest.status) if newest else CommonAgreementStatus.DRAFT,
                sent_at=newest.sent_at if newest else None,
                agreed_at=newest.agreed_at if newest else None,
            )
        )
    return summaries

"""§ 51 c dispensations as recorded decisions, and the yearly 1 July report (DOMAIN § 5.4).

Only a check refused under § 51 c can be dispensed from; one decision per check. No person is named: the
housing organisation's own reference (applicant_ref) is the only link to the applicant.
"""

from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.allocation import areas, metrics
from services.allocation.access import area_scope
from services.allocation.exceptions import ApplicantCheckNotFound, DispensationNotFound, StateConflict
from services.allocation.letters import decisions as letters
from services.allocation.letters.issuing import Letterhead
from services.allocation.models import ApplicantCheckRecord, Area, Dispensation
from services.allocation.rules.dispensations import (
    CONSIDERATION_TEXTS,
    Consideration,
    report_period,
    report_year_of,
)
from services.allocation.schemas import ReasonRead
from services.allocation.schemas.dispensations import (
    ApplicantCheckRecordRead,
    DispensationCreate,
    DispensationRead,
    DispensationReportAreaRead,
    DispensationReportRead,
    WeighedConsideration,
)
from services.kit import tables
from services.kit.auth import Principal

S51C_REFUSAL = "s51c_benefits"


def dispensable(check: ApplicantCheckRecord) -> bool:
    """Refused under § 51 c (stk. 4: "Kommunalbestyrelsen kan i helt særlige tilfælde dispensere")."""
    return not check.allowed and any(r.get("code") == S51C_REFUSAL for r in check.reasons)


async def get_check(session: AsyncSession, *, check_id: int, principal: Principal) -> ApplicantCheckRecord:
    check = await session.get(ApplicantCheckRecord, check_id)
    if check is None:
        raise ApplicantCheckNotFound(f"No applicant check {check_id}.")
    await areas.visible_area(session, code=check.area_code, principal=principal)
    return check


async def check_read(session: AsyncSession, *, check: ApplicantCheckRecord) -> ApplicantCheckRecordRead:
    decided = await session.scalar(select(Dispensation.id).where(Dispensation.check_id == check.id))
    return ApplicantCheckRecordRead(
        id=check.id,
        area_code=check.area_code,
        allowed=check.allowed,
        paragraphs=check.paragraphs,
        reasons=[ReasonRead.model_validate(r) for r in check.reasons],
        applicant_ref=check.applicant_ref,
        housing_org=check.housing_org,
        created_at=check.created_at,
        dispensation_possible=dispensable(check),
        dispensation_id=decided,
    )


def to_read(item: Dispensation) -> DispensationRead:
    return DispensationRead(
        id=item.id,
        check_id=item.check_id,
        area_code=item.area_code,
        housing_org=item.housing_org,
        applicant_ref=item.applicant_ref,
        considerations=[WeighedConsideration.model_validate(c) for c in item.considerations],
        granted=item.granted,
        justification=item.justification,
        decided_on=item.decided_on,
        report_year=report_year_of(item.decided_on),
        decided_by=item.decided_by,
        decided_at=item.decided_at,
    )


async def decide(
    session: AsyncSession,
    *,
    check: ApplicantCheckRecord,
    body: DispensationCreate,
    head: Letterhead,
    actor: str,
    today: date,
) -> Dispensation:
    """Record the decision and issue its letter."""
    if not dispensable(check):
        raise StateConflict(
            f"Applicant check {check.id} was not refused under § 51 c, so there is nothing to dispense from."
        )
    if await session.scalar(select(Dispensation.id).where(Dispensation.check_id == check.id)) is not None:
        raise StateConflict(f"Applicant check {check.id} already has a dispensation decision.")
    order = list(Consideration)
    weighed = sorted(body.considerations, key=lambda c: order.index(c.code))
    item = Dispensation(
        check_id=check.id,
        area_code=check.area_code,
        housing_org=check.housing_org,
        applicant_ref=check.applicant_ref,
        considerations=[c.model_dump(mode="json") for c in weighed],
        granted=body.granted,
        justification=body.justification.strip(),
        decided_on=today,
        decided_by=actor,
    )
    session.add(item)
    await session.flush()
    metrics.DECISIONS.labels("dispensation").inc()
    await letters.dispensation(session, head=head, item=item, actor=actor, today=today)
    return item


def _scoped(query: Select[Dispensation], principal: Principal) -> Select[Dispensation]:
    """A housing organisation reads the decisions of the areas it owns; the officer all of them."""
    scope = area_scope(principal)
    if scope is None:
        return query
    return query.where(Dispensation.area_code.in_(select(Area.code).where(Area.housing_org == scope)))


async def get(session: AsyncSession, *, dispensation_id: int, principal: Principal) -> Dispensation:
    item = await session.scalar(
        _scoped(select(Dispensation).where(Dispensation.id == dispensation_id), principal)
    )
    if item is None:
        raise DispensationNotFound(f"No dispensation {dispensation_id}.")
    return item


async def listing(
    session: AsyncSession, *, principal: Principal, report_year: int | None = None
) -> list[DispensationRead]:
    query = select(Dispensation).order_by(Dispensation.decided_on, Dispensation.id)
    if report_year is not None:
        period = report_period(report_year)
        query = query.where(Dispensation.decided_on.between(period.first_day, period.last_day))
    return [to_read(d) for d in await session.scalars(_scoped(query, principal))]


async def report(session: AsyncSession, *, report_year: int) -> DispensationReportRead:
    """The counts the municipality reports on 1 July `report_year` (ABL § 51 c stk. 4)."""
    period = report_period(report_year)
    rows = await session.execute(
        select(Dispensation.area_code, Dispensation.granted, func.count())
        .where(Dispensation.decided_on.between(period.first_day, period.last_day))
        .group_by(Dispensation.area_code, Dispensation.granted)
    )
    counts: dict[str, dict[bool, int]] = {}
    for area_code, granted, count in rows:
        counts.setdefault(area_code, {True: 0, False: 0})[bool(granted)] = count
    lines = [
        DispensationReportAreaRead(area_code=code, granted=c[True], refused=c[False])
        for code, c in sorted(counts.items())
    ]
    return DispensationReportRead(
        report_year=report_year,
        first_day=period.first_day,
        last_day=period.last_day,
        due_on=period.due_on,
        granted=sum(line.granted for line in lines),
        refused=sum(line.refused for line in lines),
        areas=lines,
    )


# --- exports (kit tables: Danish Excel CSV, machine CSV, XLSX) -----------------------------------

REPORT_COLUMNS = (
    tables.Column("report_year", "Indberetningsår", "Report year"),
    tables.Column("first_day", "Periode fra", "Period from"),
    tables.Column("last_day", "Periode til", "Period to"),
    tables.Column("area_code", "Område", "Area"),
    tables.Column("granted", "Dispensationer givet", "Dispensations granted"),
    tables.Column("refused", "Dispensationer afslået", "Dispensations refused"),
)
TOTAL_DA, TOTAL_EN = "I alt", "Total"


def report_table(result: DispensationReportRead, *, lang: tables.Language = "da") -> tables.Table:
    base = {"report_year": result.report_year, "first_day": result.first_day, "last_day": result.last_day}
    rows: list[dict[str, object]] = [
        {**base, "area_code": line.area_code, "granted": line.granted, "refused": line.refused}
        for line in result.areas
    ]
    total = TOTAL_DA if lang == "da" else TOTAL_EN
    rows.append({**base, "area_code": total, "granted": result.granted, "refused": result.refused})
    return tables.Table(columns=REPORT_COLUMNS, rows=rows)


CONSIDERATION_LABELS_DA = {
    Consideration.WORK_OR_EDUCATION: "Udsigt til arbejde eller uddannelse inden for kort tid",
    Consideration.PENSION_TRANSFER: "Nært forestående overgang til førtidspension eller folkepension",
    Consideration.DWELLING_OUTSIDE: "Ansøgerens udsigt til en bolig uden for området",
    Consideration.OTHER_HARDSHIP: "Andre særlige forhold, der ville gøre en afvisning uforholdsmæssigt hård",
}

DECISION_COLUMNS = (
    tables.Column("id", "Nr.", "No."),
    tables.Column("decided_on", "Afgjort den", "Decided on"),
    tables.Column("report_year", "Indberetningsår", "Report year"),
    tables.Column("area_code", "Område", "Area"),
    tables.Column("applicant_ref", "Boligorganisationens reference", "Housing organisation's reference"),
    tables.Column("granted", "Dispensation givet", "Dispensation granted"),
    *(
        column
        for c in Consideration
        for column in (
            tables.Column(f"{c.value}_applies", CONSIDERATION_LABELS_DA[c], CONSIDERATION_TEXTS[c]),
            tables.Column(
                f"{c.value}_note",
                f"{CONSIDERATION_LABELS_DA[c]}: bemærkning",
                f"{CONSIDERATION_TEXTS[c]}: note",
            ),
        )
    ),
    tables.Column("justification", "Begrundelse", "Justification"),
    tables.Column("decided_by", "Afgjort af", "Decided by"),
)


def decisions_table(items: list[DispensationRead]) -> tables.Table:
    rows = []
    for item in items:
        row: dict[str, object] = {
            "id": item.id,
            "decided_on": item.decided_on,
            "report_year": item.report_year,
            "area_code": item.area_code,
            "applicant_ref": item.applicant_ref,
            "granted": item.granted,
            "justification": item.justification,
            "decided_by": item.decided_by,
        }
        for c in item.considerations:
            row[f"{c.code.value}_applies"] = c.applies
            row[f"{c.code.value}_note"] = c.note
        rows.append(row)
    return tables.Table(columns=DECISION_COLUMNS, rows=rows)

"""Use cases of the § 51 b decisions: record one for an area, carry its effect into the area's agreements,
and list the decisions of a period for the report to the minister."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.allocation import agreements, published_lists
from services.allocation.exceptions import AreaNotFound, DecisionRefused
from services.allocation.models import Agreement, Area, CombinedLettingDecision
from services.allocation.rules import combined_letting as rules
from services.allocation.rules.model import Designation
from services.allocation.schemas.bookkeeping import (
    CombinedLettingDecisionCreate,
    CombinedLettingDecisionRead,
    CombinedLettingReportRead,
)
from services.kit import tables


def to_read(decision: CombinedLettingDecision, area: Area | None) -> CombinedLettingDecisionRead:
    return CombinedLettingDecisionRead(
        id=decision.id,
        area_code=decision.area_code,
        area_name=area.name if area else decision.area_code,
        kind=rules.DecisionKind(decision.kind),
        decided_on=decision.decided_on,
        decided_by=decision.decided_by,
        justification=decision.justification,
        recorded_by=decision.recorded_by,
        recorded_at=decision.recorded_at,
    )


async def of_area(session: AsyncSession, *, area_code: str) -> list[CombinedLettingDecision]:
    return list(
        await session.scalars(
            select(CombinedLettingDecision)
            .where(CombinedLettingDecision.area_code == area_code)
            .order_by(CombinedLettingDecision.decided_on, CombinedLettingDecision.id)
        )
    )


def as_rules(rows: list[CombinedLettingDecision]) -> list[rules.Decision]:
    return [rules.Decision(rules.DecisionKind(r.kind), r.decided_on) for r in rows]


async def record(
    session: AsyncSession, *, area_code: str, body: CombinedLettingDecisionCreate, actor: str, today: date
) -> CombinedLettingDecisionRead:
    """Record the decision, refused (422) when the law or the area's earlier decisions do not allow it, and
    set the flags of the area's agreements from the decision's letting year on."""
    area = await session.get(Area, area_code)
    if area is None:
        raise AreaNotFound(f"No area {area_code}.")
    earlier = await of_area(session, area_code=area_code)
    # The list in force on the decision's date decides (DOMAIN § 3); when it is not loaded, the agreement
    # drafted from it (or the decision year's) stands in.
    holding = await agreements.find(
        session, year=rules.list_letting_year(body.decided_on), area_code=area_code
    ) or await agreements.find(session, year=body.decided_on.year, area_code=area_code)
    in_force = await published_lists.designations_on(
        session, area_code=area_code, on=body.decided_on, fallback=holding
    )
    designated = None if in_force is None else Designation.COMBINED_LETTING_AREA in in_force.designations
    found = rules.problems(
        kind=rules.DecisionKind(body.kind),
        decided_on=body.decided_on,
        today=today,
        designated=designated,
        earlier=as_rules(earlier),
    )
    if found:
        raise DecisionRefused(
            " ".join(p.text for p in found),
            errors=[{"loc": ["body", p.field], "msg": p.text, "code": p.code} for p in found],
        )
    decision = CombinedLettingDecision(
        area_code=area_code,
        kind=body.kind,
        decided_on=body.decided_on,
        decided_by=body.decided_by,
        justification=body.justification,
        recorded_by=actor,
    )
    session.add(decision)
    await session.flush()
    await apply(session, area_code=area_code, from_year=body.decided_on.year, actor=actor)
    return to_read(decision, area)


async def apply(session: AsyncSession, *, area_code: str, from_year: int, actor: str) -> None:
    """Set `combined_letting_ordered` / `_extended` on the area's agreements of `from_year` and later, each
    recorded as a change of the agreement."""
    decisions = as_rules(await of_area(session, area_code=area_code))
    rows = await session.scalars(
        select(Agreement).where(Agreement.area_code == area_code, Agreement.year >= from_year)
    )
    for agreement in rows:
        state = rules.state_for_letting_year(decisions, agreement.year)
        before = agreements.snapshot(agreement)
        agreement.combined_letting_ordered = state.ordered
        agreement.combined_letting_extended = state.extended
        agreements.record_change(session, agreement=agreement, before=before, actor=actor)
    await session.flush()


async def period(
    session: AsyncSession, *, date_from: date, date_to: date, area_code: str | None = None
) -> list[CombinedLettingDecisionRead]:
    query = (
        select(CombinedLettingDecision, Area)
        .join(Area, Area.code == CombinedLettingDecision.area_code)
        .where(CombinedLettingDecision.decided_on >= date_from, CombinedLettingDecision.decided_on <= date_to)
        .order_by(CombinedLettingDecision.decided_on, CombinedLettingDecision.id)
    )
    if area_code:
        query = query.where(CombinedLettingDecision.area_code == area_code)
    return [to_read(d, a) for d, a in (await session.execute(query)).all()]


async def report(session: AsyncSession, *, date_from: date, date_to: date) -> CombinedLettingReportRead:
    """The decisions of a period, for the report to the minister; refused when the period ends first."""
    if date_to < date_from:
        raise DecisionRefused(
            "The period ends before it begins.",
            errors=[{"loc": ["query", "date_to"], "msg": "before date_from", "code": "period_order"}],
        )
    decisions = await period(session, date_from=date_from, date_to=date_to)
    return CombinedLettingReportRead(date_from=date_from, date_to=date_to, decisions=decisions)


KIND_LABELS = {
    rules.DecisionKind.ORDER: ("Påbud om kombineret udlejning", "Combined letting ordered"),
    rules.DecisionKind.EXTEND: ("Udvidelse (stk. 1, 2. pkt.)", "Extension (stk. 1, 2nd sentence)"),
    rules.DecisionKind.WITHDRAW: ("Ophævelse", "Withdrawn"),
}
REPORT_COLUMNS = (
    tables.Column("decided_on", "Beslutningsdato", "Decision date"),
    tables.Column("area_code", "Områdekode", "Area code"),
    tables.Column("area_name", "Boligområde", "Housing area"),
    tables.Column("kind", "Beslutning", "Decision"),
    tables.Column("kind_code", "Beslutningskode", "Decision code"),
    tables.Column("decided_by", "Besluttet af", "Decided by"),
    tables.Column("justification", "Begrundelse", "Justification"),
    tables.Column("paragraph", "Hjemmel", "Legal basis"),
)


def report_table(decisions: list[CombinedLettingDecisionRead], lang: tables.Language) -> tables.Table:
    """The report to the minister (ABL § 51 b): one row per decision, its kind worded in `lang`."""
    return tables.Table(
        columns=REPORT_COLUMNS,
        rows=[
            {
                "decided_on": d.decided_on,
                "area_code": d.area_code,
                "area_name": d.area_name,
                "kind": KIND_LABELS[d.kind][0 if lang == "da" else 1],
                "kind_code": d.kind,
                "decided_by": d.decided_by,
                "justification": d.justification,
                "paragraph": rules.PARAGRAPH,
            }
            for d in decisions
        ],
    )

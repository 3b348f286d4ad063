"""Demo area plans, initiatives and a steering dialogue on the demo areas (services/categorisation/demo.py).

Invented and marked "(demo)". The plan's targets sit on the demo figures' boundaries, so the evaluation
shows a target met and one missed in every year of its period; an initiative is in every status; the
2025 steering dialogue's decision names the letting agreement it changes. The initiatives serve the
configured municipality's own principles (none when it states none).
"""

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from services.categorisation.config import CategorisationConfig
from services.categorisation.plans import area_plans, dialogues, initiatives
from services.categorisation.plans.schemas import (
    AgreementLink,
    AreaPlanCreate,
    Decision,
    DialogueCreate,
    FollowUp,
    InitiativeCreate,
    InitiativeStatus,
    Milestone,
    Participant,
    Partner,
    PartnerKind,
    TargetCreate,
    TargetIndicator,
)
from services.categorisation.rules.targets import TargetComparator

DEMO_ACTOR = "demo-loader"
# The allocation service's demo organisations (services/allocation/demo.py): the owners of DEMO-09 and -10.
DEMO_ORG, SECOND_ORG = "demo-boligorganisation", "demo-boligselskabet-nord"


async def load(session: AsyncSession, *, config: CategorisationConfig) -> None:
    """One published plan with targets, five initiatives (one per status) and a steering dialogue."""
    plan = await area_plans.create_plan(
        session,
        body=AreaPlanCreate(
            title="Områdeplan for Skovbrynet og Åbakken (demo)",
            area_codes=["DEMO-09", "DEMO-10"],
            organisation_codes=[DEMO_ORG, SECOND_ORG],
            period_from=2022,
            period_to=2028,
            visions="Trygge, grønne boligområder, hvor flere er i job eller uddannelse. (demo)",
            requirements="Boligorganisationerne og kommunen følger målene op i styringsdialogen. (demo)",
            community="Fælles aktiviteter i de to områder, drevet af afdelingsbestyrelserne. (demo)",
            published=True,
        ),
        actor=DEMO_ACTOR,
    )
    # Skovbrynet sits on the local thresholds: "at most 25 %" is met, "below 50 %" basic schooling is not.
    for area_code, indicator, comparator, value in (
        ("DEMO-09", TargetIndicator.OUTSIDE_LABOUR_MARKET, TargetComparator.LE, 25.0),
        ("DEMO-09", TargetIndicator.BASIC_EDUCATION, TargetComparator.LT, 50.0),
        ("DEMO-10", TargetIndicator.INCOME, TargetComparator.GE, 70.0),
    ):
        await area_plans.add_target(
            session,
            plan=plan,
            body=TargetCreate(
                area_code=area_code, indicator=indicator, comparator=comparator, value=value, by_year=2028
            ),
            actor=DEMO_ACTOR,
        )
    principles = [p.code for p in config.principles]
    board = Partner(kind=PartnerKind.DEPARTMENT_BOARD, name="Afdelingsbestyrelsen i Skovbrynet (demo)")
    organisation = Partner(kind=PartnerKind.HOUSING_ORGANISATION, name="Demo Boligorganisation")
    for index, (title, status, start, end) in enumerate(
        (
            ("Lektiecafé i beboerhuset (demo)", InitiativeStatus.RUNNING, date(2023, 2, 1), None),
            ("Jobvejleder i området (demo)", InitiativeStatus.PLANNED, date(2026, 3, 1), date(2027, 12, 31)),
            ("Fælleshave (demo)", InitiativeStatus.IDEA, date(2026, 5, 1), None),
            ("Sommerferieaktiviteter (demo)", InitiativeStatus.ENDED, date(2022, 6, 1), date(2024, 8, 31)),
            ("Café for nye beboere (demo)", InitiativeStatus.STOPPED, date(2022, 9, 1), date(2023, 3, 31)),
        )
    ):
        await initiatives.create_initiative(
            session,
            body=InitiativeCreate(
                title=title,
                description="Et opdigtet tiltag til demonstration. (demo)",
                principles=principles[index % len(principles) : index % len(principles) + 1]
                if principles
                else [],
                area_codes=["DEMO-09"] if index % 2 == 0 else ["DEMO-09", "DEMO-10"],
                area_plan_id=plan.id,
                partners=[board, organisation] if index % 2 == 0 else [organisation],
                responsible_unit="Boligsocialt team (demo)",
                period_from=start,
                period_to=end,
                budget_dkk=None if status is InitiativeStatus.IDEA else 100_000 * (index + 1),
                status=status,
                milestones=[
                    Milestone(
                        title="Midtvejsevaluering", due_on=start.replace(year=start.year + 1), done=True
                    )
                ],
                evaluation_notes="",
            ),
            config=config,
            actor=DEMO_ACTOR,
        )
    await dialogues.create_dialogue(
        session,
        body=DialogueCreate(
            year=2025,
            organisation=DEMO_ORG,
            held_on=date(2025, 12, 10),
            participants=[
                Participant(organisation="Kommunen", role="boliganalytiker"),
                Participant(organisation="Kommunen", role="boligkonsulent"),
                Participant(organisation="Demo Boligorganisation", role="direktør"),
            ],
            agenda="\n".join(
                (
                    "1. Kategoriseringen 2025",
                    "2. Evaluering af områdeplanerne",
                    "3. Udlejningsaftalerne for 2026",
                )
            ),
            minutes="Kategoriseringen og evalueringen blev gennemgået. (demo)",
            decisions=[
                Decision(
                    text="Den kommunale anvisning i Skovbrynet (DEMO-09) fastholdes, og aftalen for 2026 "
                    "opdateres med de fleksible kriterier. (demo)",
                    agreement=AgreementLink(year=2026, area_code="DEMO-09"),
                )
            ],
            follow_ups=[
                FollowUp(text="Ny udlejningsaftale sendes", responsible="Boligsekretariatet", due_on=None)
            ],
        ),
        actor=DEMO_ACTOR,
    )

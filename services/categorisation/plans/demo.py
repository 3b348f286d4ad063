"""Demo area plans, initiatives and dialogues on the demo areas (services/categorisation/demo.py).

Invented and marked "(demo)". A municipality's demo set (PlansDemo) holds one published plan with its
targets, an initiative in every status and its dialogues; `load` writes any set the same way. The
initiatives serve the configured municipality's own principles, picked by position (none when it states
none), so a set never names a principle the configuration lacks.

The Gladsaxe-like set below: the plan's targets sit on the demo figures' boundaries, so the evaluation shows
a target met and one missed in every year of its period; the 2025 steering dialogue's decision names the
letting agreement it changes. Gentofte's set is in demo_gentofte.py.
"""

from datetime import date
from typing import NamedTuple

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
DESCRIPTION = "Et opdigtet tiltag til demonstration. (demo)"


class InitiativeDemo(NamedTuple):
    title: str
    status: InitiativeStatus
    start: date
    end: date | None
    area_codes: list[str]
    partners: list[Partner]
    budget_dkk: int | None
    principles: tuple[int, ...]  # positions in the configured principles (counted round)
    milestones: list[Milestone] | None = None  # None: a midway evaluation a year after the start, held


class PlansDemo(NamedTuple):
    plan: AreaPlanCreate
    targets: list[TargetCreate]
    initiatives: list[InitiativeDemo]
    responsible_unit: str
    dialogues: list[DialogueCreate]


def target(area: str, indicator: TargetIndicator, comparator: TargetComparator, value: float) -> TargetCreate:
    """A target of the demo plan, to be met by 2028 (its period's end)."""
    return TargetCreate(area_code=area, indicator=indicator, comparator=comparator, value=value, by_year=2028)


_BOARD = Partner(kind=PartnerKind.DEPARTMENT_BOARD, name="Afdelingsbestyrelsen i Skovbrynet (demo)")
_ORGANISATION = Partner(kind=PartnerKind.HOUSING_ORGANISATION, name="Demo Boligorganisation")

GLADSAXE = PlansDemo(
    plan=AreaPlanCreate(
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
    # Skovbrynet sits on the local thresholds: "at most 25 %" is met, "below 50 %" basic schooling is not.
    targets=[
        target("DEMO-09", TargetIndicator.OUTSIDE_LABOUR_MARKET, TargetComparator.LE, 25.0),
        target("DEMO-09", TargetIndicator.BASIC_EDUCATION, TargetComparator.LT, 50.0),
        target("DEMO-10", TargetIndicator.INCOME, TargetComparator.GE, 70.0),
    ],
    initiatives=[
        InitiativeDemo(
            "Lektiecafé i beboerhuset (demo)",
            InitiativeStatus.RUNNING,
            date(2023, 2, 1),
            None,
            ["DEMO-09"],
            [_BOARD, _ORGANISATION],
            100_000,
            (0,),
        ),
        InitiativeDemo(
            "Jobvejleder i området (demo)",
            InitiativeStatus.PLANNED,
            date(2026, 3, 1),
            date(2027, 12, 31),
            ["DEMO-09", "DEMO-10"],
            [_ORGANISATION],
            200_000,
            (1,),
        ),
        InitiativeDemo(
            "Fælleshave (demo)",
            InitiativeStatus.IDEA,
            date(2026, 5, 1),
            None,
            ["DEMO-09"],
            [_BOARD, _ORGANISATION],
            None,
            (2,),
        ),
        InitiativeDemo(
            "Sommerferieaktiviteter (demo)",
            InitiativeStatus.ENDED,
            date(2022, 6, 1),
            date(2024, 8, 31),
            ["DEMO-09", "DEMO-10"],
            [_ORGANISATION],
            400_000,
            (3,),
        ),
        InitiativeDemo(
            "Café for nye beboere (demo)",
            InitiativeStatus.STOPPED,
            date(2022, 9, 1),
            date(2023, 3, 31),
            ["DEMO-09"],
            [_BOARD, _ORGANISATION],
            500_000,
            (4,),
        ),
    ],
    responsible_unit="Boligsocialt team (demo)",
    dialogues=[
        DialogueCreate(
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
        )
    ],
)


def _principles(config: CategorisationConfig, positions: tuple[int, ...]) -> list[str]:
    codes = [p.code for p in config.principles]
    return list(dict.fromkeys(codes[p % len(codes)] for p in positions)) if codes else []


async def load(session: AsyncSession, *, config: CategorisationConfig, demo: PlansDemo = GLADSAXE) -> None:
    """The set's published plan with its targets, its initiatives and its dialogues."""
    plan = await area_plans.create_plan(session, body=demo.plan, actor=DEMO_ACTOR)
    for body in demo.targets:
        await area_plans.add_target(session, plan=plan, body=body, actor=DEMO_ACTOR)
    for item in demo.initiatives:
        milestones = item.milestones
        if milestones is None:
            due = item.start.replace(year=item.start.year + 1)
            milestones = [Milestone(title="Midtvejsevaluering", due_on=due, done=True)]
        await initiatives.create_initiative(
            session,
            body=InitiativeCreate(
                title=item.title,
                description=DESCRIPTION,
                principles=_principles(config, item.principles),
                area_codes=item.area_codes,
                area_plan_id=plan.id,
                partners=item.partners,
                responsible_unit=demo.responsible_unit,
                period_from=item.start,
                period_to=item.end,
                budget_dkk=item.budget_dkk,
                status=item.status,
                milestones=milestones,
                evaluation_notes="",
            ),
            config=config,
            actor=DEMO_ACTOR,
        )
    for dialogue in demo.dialogues:
        await dialogues.create_dialogue(session, body=dialogue, actor=DEMO_ACTOR)

"""Gentofte's demo plan, initiatives and dialogues on its small demo areas (categorisation/demo_gentofte.py).

Invented and marked "(demo)". The plan for Vangedelund and Hellerup Gårdhave has targets missed and met as
the figures move: Hellerup Gårdhave's share outside the labour market misses its target until 2024 and meets
it from 2025, its income from 2024; Vangedelund's basic schooling misses its target every year while its
share outside the labour market meets its own. The initiatives, one in every status, serve Gentofte's four
named principles (by position in its configuration: resident democracy, local engagement, new communities,
attractive housing areas) and are carried out by co-creation with the department boards and a local
association. A co-creation meeting in spring 2025 and the steering dialogue in December 2025, whose decision
changes Hellerup Gårdhave's letting agreement for 2026 now that it is green again.
"""

from datetime import date

from services.categorisation.plans.demo import DEMO_ORG, SECOND_ORG, InitiativeDemo, PlansDemo, target
from services.categorisation.plans.schemas import (
    AgreementLink,
    AreaPlanCreate,
    Decision,
    DialogueCreate,
    DialogueKind,
    FollowUp,
    InitiativeStatus,
    Milestone,
    Participant,
    Partner,
    PartnerKind,
    TargetIndicator,
)
from services.categorisation.rules.targets import TargetComparator

# The allocation demo's organisations (services/allocation/demo_gentofte.py) under Gentofte's names.
KYSTBANEN, VANGEDE = "Boligselskabet Kystbanen (demo)", "Boligforeningen Vangede (demo)"
# Positions of Gentofte's principles in its configuration (config/municipalities/gentofte.toml).
RESIDENT_DEMOCRACY, LOCAL_ENGAGEMENT, NEW_COMMUNITIES, ATTRACTIVE_AREAS = 0, 1, 2, 3

_BOARD_V = Partner(kind=PartnerKind.DEPARTMENT_BOARD, name="Afdelingsbestyrelsen i Vangedelund (demo)")
_BOARD_H = Partner(kind=PartnerKind.DEPARTMENT_BOARD, name="Afdelingsbestyrelsen i Hellerup Gårdhave (demo)")
_VANGEDE = Partner(kind=PartnerKind.HOUSING_ORGANISATION, name=VANGEDE)
_KYSTBANEN = Partner(kind=PartnerKind.HOUSING_ORGANISATION, name=KYSTBANEN)
_FORUM = Partner(kind=PartnerKind.ASSOCIATION, name="Vangede Lokalforum (demo)")
_PARKS = Partner(kind=PartnerKind.MUNICIPAL_UNIT, name="Park og Vej (demo)")
_JOBCENTRE = Partner(kind=PartnerKind.MUNICIPAL_UNIT, name="Jobcenter (demo)")

GENTOFTE = PlansDemo(
    plan=AreaPlanCreate(
        title="Områdeplan for Vangedelund og Hellerup Gårdhave (demo)",
        area_codes=["GEN-02", "GEN-05"],
        organisation_codes=[DEMO_ORG, SECOND_ORG],
        period_from=2022,
        period_to=2028,
        visions="Attraktive boligområder med plads til alle, hvor flere er i job eller uddannelse. (demo)",
        requirements="Boligorganisationerne og kommunen følger målene op i den årlige styringsdialog. (demo)",
        community="Nye fællesskaber i samskabelse med afdelingsbestyrelser og lokale foreninger. (demo)",
        published=True,
    ),
    targets=[
        target("GEN-02", TargetIndicator.OUTSIDE_LABOUR_MARKET, TargetComparator.LE, 30.0),
        target("GEN-02", TargetIndicator.BASIC_EDUCATION, TargetComparator.LT, 45.0),
        target("GEN-05", TargetIndicator.OUTSIDE_LABOUR_MARKET, TargetComparator.LE, 22.0),
        target("GEN-05", TargetIndicator.INCOME, TargetComparator.GE, 74.0),
    ],
    initiatives=[
        InitiativeDemo(
            "Beboerdemokratiets værksted (demo)",
            InitiativeStatus.RUNNING,
            date(2023, 3, 1),
            None,
            ["GEN-02", "GEN-05"],
            [_BOARD_V, _BOARD_H, _VANGEDE, _KYSTBANEN],
            80_000,
            (RESIDENT_DEMOCRACY,),
        ),
        InitiativeDemo(
            "Nabohjælp og frivillige (demo)",
            InitiativeStatus.PLANNED,
            date(2027, 2, 1),
            date(2028, 6, 30),
            ["GEN-02"],
            [_FORUM, _BOARD_V, _VANGEDE],
            60_000,
            (LOCAL_ENGAGEMENT,),
            [Milestone(title="Frivilliggruppen er samlet", due_on=date(2027, 5, 1), done=False)],
        ),
        InitiativeDemo(
            "Fællesspisning på tværs af afdelingerne (demo)",
            InitiativeStatus.IDEA,
            date(2027, 4, 1),
            None,
            ["GEN-02", "GEN-05"],
            [_BOARD_V, _BOARD_H],
            None,
            (NEW_COMMUNITIES,),
            [],
        ),
        InitiativeDemo(
            "Grønne gårdrum (demo)",
            InitiativeStatus.ENDED,
            date(2022, 4, 1),
            date(2024, 10, 31),
            ["GEN-05"],
            [_BOARD_H, _KYSTBANEN, _PARKS],
            250_000,
            (ATTRACTIVE_AREAS, NEW_COMMUNITIES),
        ),
        InitiativeDemo(
            "Jobcafé i fælleshuset (demo)",
            InitiativeStatus.STOPPED,
            date(2022, 9, 1),
            date(2023, 6, 30),
            ["GEN-05"],
            [_KYSTBANEN, _JOBCENTRE],
            120_000,
            (LOCAL_ENGAGEMENT,),
            [Milestone(title="Midtvejsevaluering", due_on=date(2023, 3, 1), done=True)],
        ),
    ],
    responsible_unit="Boligsocialt sekretariat (demo)",
    dialogues=[
        DialogueCreate(
            year=2025,
            organisation=SECOND_ORG,
            kind=DialogueKind.CO_CREATION,
            held_on=date(2025, 5, 20),
            participants=[
                Participant(organisation="Kommunen", role="boligsocial koordinator"),
                Participant(organisation="Afdelingsbestyrelsen i Vangedelund (demo)", role="formand"),
                Participant(
                    organisation="Afdelingsbestyrelsen i Hellerup Gårdhave (demo)", role="næstformand"
                ),
                Participant(organisation=VANGEDE, role="driftschef"),
                Participant(organisation="Vangede Lokalforum (demo)", role="frivillig"),
            ],
            agenda="\n".join(
                (
                    "1. Status på områdeplanen",
                    "2. Fællesspisning: idéer fra beboerne",
                    "3. Nabohjælp og frivillige",
                )
            ),
            minutes="Afdelingsbestyrelserne og foreningen fremlagde beboernes idéer. (demo)",
            decisions=[
                Decision(text="Fællesspisningen udvikles videre som idé til næste år. (demo)"),
            ],
            follow_ups=[
                FollowUp(
                    text="Idéoplæg om fællesspisning",
                    responsible="Afdelingsbestyrelsen i Vangedelund (demo)",
                    due_on=date(2025, 9, 1),
                )
            ],
        ),
        DialogueCreate(
            year=2025,
            organisation=DEMO_ORG,
            held_on=date(2025, 12, 9),
            participants=[
                Participant(organisation="Kommunen", role="boliganalytiker"),
                Participant(organisation="Kommunen", role="boligkonsulent"),
                Participant(organisation=KYSTBANEN, role="direktør"),
            ],
            agenda="\n".join(
                (
                    "1. Kategoriseringen 2025",
                    "2. Evaluering af områdeplanen",
                    "3. Udlejningsaftalerne for 2026",
                )
            ),
            minutes="Hellerup Gårdhave er grøn igen; målene for beskæftigelse og indkomst er nået. (demo)",
            decisions=[
                Decision(
                    text="Hellerup Gårdhave (GEN-05) er grøn på listen for 2025: i aftalen for 2026 ophører "
                    "den fleksible udlejning, og den kommunale anvisning fastholdes. (demo)",
                    agreement=AgreementLink(year=2026, area_code="GEN-05"),
                )
            ],
            follow_ups=[
                FollowUp(text="Ny udlejningsaftale sendes", responsible="Boligsekretariatet", due_on=None)
            ],
        ),
    ],
)

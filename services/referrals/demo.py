"""Demo data: fictitious concern reports and cases in every state of the workflow, and a year of closed
cases so that the managers' figures show something. Loaded once (idempotent), in development only.

Every person is invented and marked "(demo)". The CPR numbers are valid by the date rule but name birth
dates in the 2050s, so they cannot belong to anyone alive.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.kit.auth import Principal, Role
from services.kit.db import utcnow
from services.kit.municipality import load_municipality
from services.referrals import cases, decisions, intake, ladder, offer_referrals
from services.referrals.config import ReferralsConfig, ReferralsSettings
from services.referrals.crypto import Cipher
from services.referrals.models import Case, Offer
from services.referrals.rules.decisions import DecisionOutcome
from services.referrals.rules.workflow import CaseState, ReferralStatus
from services.referrals.schemas import (
    AssignmentUpdate,
    CareConsiderationCreate,
    Channel,
    ChildrenUpdate,
    ConcernReportCreate,
    ConsentCreate,
    DecisionCreate,
    DecisionReasonCreate,
    FollowUpCreate,
    JournalEntryCreate,
    ReferralCreate,
    ReferralStatusUpdate,
    TransitionCreate,
)

REFERENCE = "B-DEM0-{:04d}"
CASEWORKER = Principal(
    subject="user:caseworker", kind="user", name="Karen Sagsbehandler", roles=frozenset({Role.CASEWORKER})
)
S = CaseState

REASONS = {
    S.OUTREACH_PLANNED: "Opsøgende besøg aftalt på adressen.",
    S.OUTREACH_DONE: "Besøget er gennemført; borgeren tog imod os.",
    S.OUTREACH_NO_CONTACT: "Ingen åbnede; brev lagt i postkassen.",
    S.ADVICE_SUPPORT: "Rådgivning om økonomi og hjælp til kontakt med egen læge.",
    S.ASSESSMENT: "Vi vurderer sammen med borgeren, hvad der kan hjælpe.",
    S.REFERRED: "Borgeren vil gerne prøve tilbuddet.",
    S.CITIZEN_DECLINED: "Borgeren ønsker ikke hjælp nu; vi følger op.",
    S.NO_FURTHER_ACTION: "Borgeren klarer sig; ingen yderligere indsats.",
    S.CLOSED: "Sagen afsluttes.",
}
PATH = [S.OUTREACH_PLANNED, S.OUTREACH_DONE, S.ADVICE_SUPPORT, S.ASSESSMENT]
# No one at home the first time: a new visit, then on along DOMAIN § 6.4.
SECOND_VISIT = [S.OUTREACH_PLANNED, S.OUTREACH_NO_CONTACT, *PATH]


@dataclass
class DemoCase:
    name: str
    address: str
    cpr: str | None
    concern: str
    steps: list[CaseState]
    days_ago: int
    acute: bool = False
    children: str = "unknown"
    anonymous: bool = True
    channel: Channel = Channel.PUBLIC_FORM
    referral_levels: list[int] = field(default_factory=list)
    referral_statuses: list[ReferralStatus] = field(default_factory=list)
    extras: set[str] = field(default_factory=set)


SHOWCASE = [
    DemoCase(
        "Birthe Nielsen (demo)", "Solbakken 3, st. th., 2860 Søborg", "0302525101",
        "Min nabo har ikke været ude i flere uger, og der lugter fra lejligheden. Hun virker forvirret.",
        [], 1, acute=True, anonymous=False, extras={"follow_up"},
    ),
    DemoCase(
        "Jens Hansen (demo)", "Kildeparken 12, 2. tv., 2860 Søborg", None,
        "Jens drikker meget og har mistet sit arbejde. Han har talt om, at det hele er lige meget.",
        [], 9, children="yes", channel=Channel.PHONE,
    ),
    DemoCase(
        "Aisha Khan (demo)", "Engholm Allé 5, 1. mf., 2860 Søborg", "1506535202",
        "Aisha har fået huslejerestancer og har ikke åbnet sin post i lang tid.",
        [S.ASSIGNED], 8,
    ),
    DemoCase(
        "Per Olsen (demo)", "Bakkehuse 21, 2880 Bagsværd", "2209545303",
        "Per er blevet meget isoleret efter sin kones død og spiser næsten ikke.",
        [S.ASSIGNED, S.OUTREACH_PLANNED], 3, anonymous=False, channel=Channel.PHONE,
    ),
    DemoCase(
        "Lene Jørgensen (demo)", "Lyngvej 40, 3. th., 2860 Søborg", "0711565404",
        "Lene har voldsomme humørsvingninger og har truet naboerne.",
        [S.ASSIGNED, S.OUTREACH_PLANNED, S.OUTREACH_NO_CONTACT], 12,
    ),
    DemoCase(
        "Mohammed Ali (demo)", "Rosenhaven 8, 2860 Søborg", "3012575505",
        "Mohammed sover dårligt og har svært ved at passe sin lejlighed.",
        PATH[:2], 6, children="no",
    ),
    DemoCase(
        "Karin Madsen (demo)", "Møllegården 2, 2880 Bagsværd", "1804505606",
        "Karin har svært ved at komme ud af sengen og har aflyst alle aftaler.",
        PATH[:3], 15, anonymous=False, extras={"journal"},
    ),
    DemoCase(
        "Thomas Berg (demo)", "Skovbrynet 14, 2880 Bagsværd", "0905515707",
        "Thomas har gæld og taler om at miste sin bolig.",
        PATH, 20, children="yes", extras={"journal", "consent", "children"},
    ),
    DemoCase(
        "Susanne Lund (demo)", "Åbakken 6, 2860 Søborg", "2511555808",
        "Susanne har angst og går ikke længere på arbejde.",
        [*PATH, S.REFERRED], 35, referral_levels=[4, 2],
        referral_statuses=[ReferralStatus.ACCEPTED, ReferralStatus.DECLINED], extras={"consent"},
    ),
    DemoCase(
        "Ole Frederiksen (demo)", "Grønnevang 18, 2860 Søborg", "1402565909",
        "Ole har et stort alkoholforbrug og er faldet flere gange.",
        [*PATH, S.CITIZEN_DECLINED], 28,
    ),
    DemoCase(
        "Maja Christensen (demo)", "Nordlys 4, 2880 Bagsværd", "2808526010",
        "Maja virker ensom, men fortæller selv, at hun har det godt.",
        [*PATH, S.NO_FURTHER_ACTION], 40, children="no", anonymous=False,
    ),
    DemoCase(
        "Henrik Sørensen (demo)", "Solbakken 11, 2860 Søborg", "0104546111",
        "Henrik har mistet overblikket over sin økonomi og sin medicin.",
        [*PATH, S.REFERRED, S.CLOSED], 70, children="no", referral_levels=[3],
        referral_statuses=[ReferralStatus.ENDED], extras={"journal", "children"},
    ),
]  # fmt: skip

FIRST_NAMES = [
    "Anna",
    "Bo",
    "Camilla",
    "Dan",
    "Eva",
    "Frank",
    "Gitte",
    "Hans",
    "Ida",
    "Jonas",
    "Kirsten",
    "Lars",
]
HISTORY_OUTCOMES = [
    S.REFERRED,
    S.NO_FURTHER_ACTION,
    S.REFERRED,
    S.CITIZEN_DECLINED,
    S.REFERRED,
    S.NO_FURTHER_ACTION,
]


def history_cases() -> list[DemoCase]:
    """Six months of closed cases, several a month, so that no figure for managers is suppressed."""
    made = []
    for index in range(36):
        outcome = HISTORY_OUTCOMES[index % len(HISTORY_OUTCOMES)]
        levels = [2 + index % 4] if outcome is S.REFERRED else []
        made.append(
            DemoCase(
                f"{FIRST_NAMES[index % len(FIRST_NAMES)]} Historiksen {index + 1} (demo)",
                f"Demovej {index + 1}, 2860 Søborg",
                f"{1 + index % 28:02d}{1 + index % 12:02d}5{index % 8}5{index % 10}{(index * 7) % 100:02d}",
                "En ældre bekymring, som er afsluttet (demo).",
                [*(SECOND_VISIT if index % 2 else PATH), outcome, S.CLOSED],
                60 + index * 5,
                children="no",
                referral_levels=levels,
                referral_statuses=[ReferralStatus.ENDED] if levels else [],
                extras={"children"},
            )
        )
    return made


def _report(demo: DemoCase) -> ConcernReportCreate:
    reporter: dict[str, Any] = {"anonymous": demo.anonymous, "relation": "nabo"}
    if not demo.anonymous:
        reporter |= {"name": "Rikke Reporter (demo)", "phone": "12 34 56 78", "relation": "pårørende"}
    return ConcernReportCreate.model_validate(
        {
            "citizen": {"name": demo.name, "address": demo.address, "cpr": demo.cpr},
            "concern": demo.concern,
            "acute_danger": demo.acute,
            "children_in_household": demo.children,
            "reporter": reporter,
        }
    )


async def _walk(
    session: AsyncSession,
    *,
    demo: DemoCase,
    number: int,
    cipher: Cipher,
    config: ReferralsConfig,
    municipality: str,
    offers_by_level: dict[int, int],
    now: datetime,
) -> None:
    moment = now - timedelta(days=demo.days_ago)
    case, receipt = await intake.submit(
        session,
        cipher=cipher,
        config=config,
        body=_report(demo),
        channel=demo.channel,
        received_by=CASEWORKER.subject if demo.channel is Channel.PHONE else None,
        received_by_name=CASEWORKER.name if demo.channel is Channel.PHONE else None,
        now=moment,
    )
    case.reference = REFERENCE.format(number)
    await session.flush()
    case = await cases.load_case(session, case_id=case.id)
    if "follow_up" in demo.extras:
        body = FollowUpCreate(
            reference=case.reference,
            follow_up_code=receipt.follow_up_code,
            information="Hun har nu heller ikke hentet sin medicin på apoteket.",
        )
        await intake.follow_up(
            session, cipher=cipher, config=config, body=body, now=moment + timedelta(hours=5)
        )
    steps = list(demo.steps)
    if steps:
        moment += timedelta(hours=3)
        assignment = AssignmentUpdate(assignee=CASEWORKER.subject, assignee_name=CASEWORKER.name)
        cases.assign(case, body=assignment, principal=CASEWORKER, cipher=cipher, now=moment)
        if steps[0] is S.ASSIGNED:
            steps.pop(0)
    for index, state in enumerate(steps):
        moment += timedelta(hours=20 + index)
        if state is S.ASSESSMENT:
            await _extras(session, case=case, demo=demo, cipher=cipher, now=moment)
        referral_ids = []
        if state is S.REFERRED:
            referral_ids = await _propose(
                session, case=case, demo=demo, cipher=cipher, offers_by_level=offers_by_level, now=moment
            )
        if state is S.CLOSED and case.follow_up_date is not None:
            # A declined case closes at its follow-up, not before.
            moment = max(moment, datetime.combine(case.follow_up_date, time(10), tzinfo=UTC))
        if state is S.CLOSED and case.children_in_household is None:
            no_children = ChildrenUpdate(children_in_household="no")
            cases.answer_children(case, body=no_children, principal=CASEWORKER, cipher=cipher, now=moment)
        follow_up = (moment + timedelta(days=14)).date() if state is S.CITIZEN_DECLINED else None
        # A declined case closes with the answer on the duty of care and the coercion rules (DOMAIN § 6.4).
        care = CARE_CONSIDERED if state is S.CLOSED and case.state == S.CITIZEN_DECLINED else None
        cases.transition(
            case,
            body=TransitionCreate(
                to=state, reason=REASONS[state], follow_up_date=follow_up, care_consideration=care
            ),
            principal=CASEWORKER,
            cipher=cipher,
            today=moment.date(),
            now=moment,
        )
        await _settle(
            session,
            case,
            referral_ids,
            demo,
            cipher=cipher,
            config=config,
            municipality=municipality,
            now=moment + timedelta(days=2),
        )
    await session.flush()


async def _extras(
    session: AsyncSession, *, case: Case, demo: DemoCase, cipher: Cipher, now: datetime
) -> None:
    if "journal" in demo.extras:
        first = await cases.add_journal_entry(
            session,
            case=case,
            body=JournalEntryCreate(text="Borgeren fortalte, at hun bor sammen med sin søster."),
            principal=CASEWORKER,
            cipher=cipher,
            now=now,
        )
        await cases.add_journal_entry(
            session,
            case=case,
            body=JournalEntryCreate(
                text="Rettelse: det er borgerens kusine, ikke søster.", corrects=first.id
            ),
            principal=CASEWORKER,
            cipher=cipher,
            now=now + timedelta(minutes=30),
        )
    if "consent" in demo.extras:
        body = ConsentCreate(scope="Kontakt med egen læge om behandling (demo).", given_on=now.date())
        await cases.add_consent(
            session, case=case, body=body, principal=CASEWORKER, cipher=cipher, now=now, today=now.date()
        )
    if "children" in demo.extras:
        answer = ChildrenUpdate(
            children_in_household="yes" if demo.children == "yes" else "no",
            notification="not_needed" if demo.children == "yes" else None,
            note="Børnene bor hos den anden forælder; ingen underretning."
            if demo.children == "yes"
            else None,
        )
        cases.answer_children(case, body=answer, principal=CASEWORKER, cipher=cipher, now=now)


async def _propose(
    session: AsyncSession,
    *,
    case: Case,
    demo: DemoCase,
    cipher: Cipher,
    offers_by_level: dict[int, int],
    now: datetime,
) -> list[int]:
    made = []
    for level in demo.referral_levels:
        body = ReferralCreate(offer_id=offers_by_level[level], note="Tilbuddet passer til borgerens ønsker.")
        referral = await offer_referrals.propose(
            session, case=case, body=body, principal=CASEWORKER, cipher=cipher, now=now
        )
        made.append(referral.id)
    return made


ROUTES = {
    ReferralStatus.PROPOSED: [],
    ReferralStatus.ACCEPTED: [ReferralStatus.ACCEPTED],
    ReferralStatus.DECLINED: [ReferralStatus.DECLINED],
    ReferralStatus.STARTED: [ReferralStatus.ACCEPTED, ReferralStatus.STARTED],
    ReferralStatus.ENDED: [ReferralStatus.ACCEPTED, ReferralStatus.STARTED, ReferralStatus.ENDED],
}


async def _settle(
    session: AsyncSession,
    case: Case,
    referral_ids: list[int],
    demo: DemoCase,
    *,
    cipher: Cipher,
    config: ReferralsConfig,
    municipality: str,
    now: datetime,
) -> None:
    """Move each referral on to its demo status, once the case is referred; an offer that needs an
    assessment is granted by a decision (with its letter) before it starts."""
    for referral_id, final in zip(referral_ids, demo.referral_statuses, strict=False):
        for status in ROUTES[final]:
            referral = next(r for r in case.referrals if r.id == referral_id)
            if status is ReferralStatus.STARTED and referral.offer.needs_assessment:
                await decisions.decide(
                    session,
                    case=case,
                    referral_id=referral_id,
                    body=GRANTED,
                    config=config,
                    municipality=municipality,
                    channel="print",
                    principal=CASEWORKER,
                    cipher=cipher,
                    today=now.date(),
                    now=now,
                )
            body = ReferralStatusUpdate(status=status)
            offer_referrals.advance(case, referral_id, body=body, principal=CASEWORKER, now=now)


CARE_CONSIDERED = CareConsiderationCreate(
    duty_of_care_considered=True,
    coercion_rules_considered=True,
    conclusion="Borgeren er ikke i fare og klarer sig selv; intet grundlag for at gribe ind (demo).",
)
GRANTED = DecisionCreate(
    outcome=DecisionOutcome.GRANTED,
    decision="Du får støtte to gange om ugen i de næste seks måneder (demo).",
    reasons=[DecisionReasonCreate(text="Du har brug for støtte til at klare hverdagen i dit hjem (demo).")],
    facts=["Samtalen med dig ved vores besøg (demo)."],
    hearing="Vi har kun brugt oplysninger, som du selv har givet os (demo).",
)


async def load(session: AsyncSession, settings: ReferralsSettings, cipher: Cipher) -> int:
    """Seed the ladder, then create the demo cases once; returns how many cases were created."""
    config = load_municipality(settings).section("referrals", ReferralsConfig)
    municipality = load_municipality(settings)
    await ladder.seed(
        session,
        provider=municipality.name,
        contact_name=config.single_entry_name,
        contact_phone=config.single_entry_phone,
        place=ladder.place(config),
    )
    if await session.scalar(select(Case.id).where(Case.reference == REFERENCE.format(1))) is not None:
        return 0
    offers_by_level: dict[int, int] = {}
    for offer in await session.scalars(
        select(Offer).where(Offer.active.is_(True)).order_by(Offer.level, Offer.id)
    ):
        offers_by_level.setdefault(offer.level, offer.id)
    now = utcnow()
    every = [*SHOWCASE, *history_cases()]
    for number, demo in enumerate(every, start=1):
        await _walk(
            session,
            demo=demo,
            number=number,
            cipher=cipher,
            config=config,
            municipality=municipality.name,
            offers_by_level=offers_by_level,
            now=now,
        )
    return len(every)

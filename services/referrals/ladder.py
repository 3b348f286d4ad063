"""The ladder of offers (tilbudstrappen) for adults 18+, seeded from DOMAIN § 6.5, lightest level first.

The seed runs once, into an empty catalogue; after that the administrator keeps the catalogue. The legal
basis of each offer is data with a validity date, so a change in the law is a new basis, not an edit.
Offers name the municipality's single entry as contact until the administrator sets the real one.
"""

from datetime import date
from typing import NamedTuple

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.kit.db import utcnow
from services.referrals.models import LadderLevel, Offer, OfferLegalBasis

SEL = "Serviceloven"
ABL = "Almenboligloven"
SERVICE_ACT = date(1998, 7, 1)  # lov om social service, in force 1 July 1998
EARLY_SUPPORT = date(2018, 1, 1)  # SEL §§ 82 a-c, in force 1 January 2018
HOUSING_ACT = date(1997, 1, 1)  # lov om almene boliger, in force 1 January 1997
SEED_ACTOR = "seed:ladder"

LEVELS: list[tuple[int, str, str]] = [
    (
        1,
        "Borgerdrevne tilbud og civilsamfundsinitiativer",
        "Citizen-driven offers and civil-society initiatives",
    ),
    (
        2,
        "Forebyggende indsatser, rådgivning og åbne tilbud",
        "Preventive initiatives, advice and open offers",
    ),
    (3, "Tidsbegrænset individuel støtte (SEL § 82 b)", "Time-limited individual support (SEL § 82 b)"),
    (4, "Gruppebaseret støtte (SEL § 82 a)", "Group-based support (SEL § 82 a)"),
    (5, "Hjemmevejledning på hverdage kl. 8-16 (SEL § 85)", "Home guidance on weekdays 8-16 (SEL § 85)"),
    (
        6,
        "Fleksibel støtte i eget hjem alle årets dage; botilbudslignende støtte i eget hjem (SEL § 85)",
        "Flexible support at home every day of the year; residential-like support at home (SEL § 85)",
    ),
    (7, "Midlertidigt botilbud (SEL § 107)", "Temporary residential offer (SEL § 107)"),
    (
        8,
        "Længerevarende botilbud (SEL § 108; ABL § 105 bolig med støtte)",
        "Long-term residential offer (SEL § 108; ABL § 105 housing with support)",
    ),
    (
        9,
        "Visiterede aktivitets- og samværstilbud (SEL § 104) og beskyttet beskæftigelse (SEL § 103)",
        "Assessed activity and social-contact offers (SEL § 104) and sheltered employment (SEL § 103)",
    ),
]


class SeedOffer(NamedTuple):
    code: str
    level: int
    name_da: str
    name_en: str
    description_da: str
    description_en: str
    target_da: str
    target_en: str
    needs_assessment: bool
    bases: tuple[tuple[str, str, date], ...]
    min_age: int | None = 18
    max_age: int | None = None
    capacity: tuple[int, int] | None = None


ADULTS_DA, ADULTS_EN = "Voksne over 18 år.", "Adults over 18."
OFFERS = [
    SeedOffer(
        "civilsamfund",
        1,
        "Borgerdrevne tilbud og frivillige foreninger",
        "Citizen-driven offers and voluntary associations",
        "Fællesskaber, netværk og frivillige tilbud i lokalområdet; enheden hjælper med at finde det rette.",
        "Communities, networks and voluntary offers nearby; the single entry helps find the right one.",
        ADULTS_DA,
        ADULTS_EN,
        False,
        ((SEL, "§ 18", SERVICE_ACT),),
    ),
    SeedOffer(
        "headspace",
        1,
        "headspace",
        "headspace",
        "Gratis og anonym rådgivning til unge, drevet af en frivillig organisation.",
        "Free, anonymous counselling for young people, run by a voluntary organisation.",
        "Unge 12-25 år.",
        "Young people aged 12-25.",
        False,
        ((SEL, "§ 18", SERVICE_ACT),),
        12,
        25,
    ),
    SeedOffer(
        "raadgivning",
        2,
        "Rådgivning og vejledning",
        "Advice and guidance",
        "Gratis rådgivning om den konkrete årsag til henvendelsen og støtte til kontakt med myndigheder.",
        "Free advice on the concrete reason for the report and support in contacting authorities.",
        ADULTS_DA,
        ADULTS_EN,
        False,
        ((SEL, "§ 10", SERVICE_ACT),),
    ),
    SeedOffer(
        "psykologisk-ungeraadgivning",
        2,
        "Psykologisk ungerådgivning",
        "Psychological youth counselling",
        "Korte samtaleforløb med en psykolog.",
        "Short courses of talks with a psychologist.",
        "Unge 18-30 år.",
        "Young people aged 18-30.",
        False,
        ((SEL, "§ 12", SERVICE_ACT),),
        18,
        30,
    ),
    SeedOffer(
        "akuttilbud",
        2,
        "Kommunens akuttilbud",
        "The municipality's acute offer",
        "Krisesamtaler og om nødvendigt en enkelt overnatning.",
        "Crisis talks and, if needed, a single overnight stay.",
        "Voksne i akut psykisk eller social krise.",
        "Adults in an acute mental or social crisis.",
        False,
        ((SEL, "§ 82 c", EARLY_SUPPORT),),
        18,
        None,
        (2, 4),
    ),
    SeedOffer(
        "besoegsven-stoettekontakt",
        2,
        "Omsorgsbesøg og støtte- og kontaktperson",
        "Care visits and a support contact person",
        "Opsøgende besøg og en fast kontaktperson gennem Råd & Indsats.",
        "Outreach visits and a regular contact person through the single entry.",
        "Voksne med behov for kontakt og støtte.",
        "Adults who need contact and support.",
        False,
        ((SEL, "§ 99", SERVICE_ACT),),
    ),
    SeedOffer(
        "forebyggende-hjemmebesoeg",
        2,
        "Forebyggende hjemmebesøg",
        "Preventive home visits",
        "Samtale i hjemmet om trivsel, helbred og hverdagsliv.",
        "A talk at home about well-being, health and daily life.",
        "Ældre borgere.",
        "Older citizens.",
        False,
        ((SEL, "§ 79 a", SERVICE_ACT),),
        65,
    ),
    SeedOffer(
        "rusmiddelcenter",
        2,
        "Rusmiddelcenter",
        "Substance-abuse centre",
        "Rådgivning og behandling for misbrug af alkohol og stoffer.",
        "Advice and treatment for alcohol and drug misuse.",
        ADULTS_DA,
        ADULTS_EN,
        False,
        ((SEL, "§ 101", SERVICE_ACT),),
    ),
    SeedOffer(
        "individuel-stoette",
        3,
        "Tidsbegrænset individuel støtte",
        "Time-limited individual support",
        "Individuel socialpædagogisk støtte i en afgrænset periode.",
        "Individual socio-pedagogical support for a limited period.",
        "Voksne med begyndende sociale eller psykiske vanskeligheder.",
        "Adults with emerging social or mental difficulties.",
        False,
        ((SEL, "§ 82 b", EARLY_SUPPORT),),
        18,
        None,
        (6, 20),
    ),
    SeedOffer(
        "udskrivningsmentor",
        3,
        "Udskrivningsmentor",
        "Discharge mentor",
        "En mentor i overgangen fra psykiatrisk indlæggelse til eget hjem.",
        "A mentor in the move from a psychiatric admission back home.",
        "Voksne udskrevet fra psykiatrien.",
        "Adults discharged from psychiatric care.",
        False,
        ((SEL, "§ 82 b", EARLY_SUPPORT),),
    ),
    SeedOffer(
        "gruppeforloeb",
        4,
        "Gruppebaseret støtte",
        "Group-based support",
        "Gruppeforløb om fx angst, ensomhed eller hverdagsmestring.",
        "Group courses on, e.g., anxiety, loneliness or coping with daily life.",
        ADULTS_DA,
        ADULTS_EN,
        False,
        ((SEL, "§ 82 a", EARLY_SUPPORT),),
        18,
        None,
        (8, 24),
    ),
    SeedOffer(
        "hjemmevejledning",
        5,
        "Hjemmevejledning på hverdage",
        "Home guidance on weekdays",
        "Socialpædagogisk støtte i eget hjem på hverdage kl. 8-16.",
        "Socio-pedagogical support in one's own home on weekdays, 8-16.",
        "Voksne med nedsat fysisk eller psykisk funktionsevne eller særlige sociale problemer.",
        "Adults with reduced physical or mental function or special social problems.",
        True,
        ((SEL, "§ 85", SERVICE_ACT),),
    ),
    SeedOffer(
        "fleksibel-stoette",
        6,
        "Fleksibel støtte i eget hjem",
        "Flexible support at home",
        "Støtte i eget hjem alle årets dage, også botilbudslignende støtte.",
        "Support in one's own home every day of the year, including residential-like support.",
        "Voksne med et betydeligt støttebehov.",
        "Adults with a considerable need for support.",
        True,
        ((SEL, "§ 85", SERVICE_ACT),),
    ),
    SeedOffer(
        "midlertidigt-botilbud",
        7,
        "Midlertidigt botilbud",
        "Temporary residential offer",
        "Midlertidigt ophold med støtte, fx efter indlæggelse.",
        "A temporary stay with support, e.g. after an admission.",
        "Voksne med betydeligt og varigt nedsat funktionsevne eller særlige sociale problemer.",
        "Adults with considerably and permanently reduced function or special social problems.",
        True,
        ((SEL, "§ 107", SERVICE_ACT),),
        18,
        None,
        (1, 12),
    ),
    SeedOffer(
        "laengerevarende-botilbud",
        8,
        "Længerevarende botilbud og bolig med støtte",
        "Long-term residential offer and housing with support",
        "Længerevarende botilbud eller almen bolig med tilknyttet støtte.",
        "A long-term residential offer, or social housing with support attached.",
        "Voksne med betydeligt og varigt nedsat funktionsevne.",
        "Adults with considerably and permanently reduced function.",
        True,
        ((SEL, "§ 108", SERVICE_ACT), (ABL, "§ 105", HOUSING_ACT)),
        18,
        None,
        (0, 30),
    ),
    SeedOffer(
        "aktivitet-samvaer",
        9,
        "Aktivitets- og samværstilbud",
        "Activity and social-contact offers",
        "Visiterede tilbud om aktivitet og samvær, herunder et socialt samværstilbud.",
        "Assessed offers of activity and social contact, including a social-contact offer.",
        ADULTS_DA,
        ADULTS_EN,
        True,
        ((SEL, "§ 104", SERVICE_ACT),),
    ),
    SeedOffer(
        "beskyttet-beskaeftigelse",
        9,
        "Beskyttet beskæftigelse",
        "Sheltered employment",
        "Beskæftigelse for borgere, der ikke kan arbejde på almindelige vilkår.",
        "Work for citizens who cannot work on ordinary terms.",
        "Voksne under folkepensionsalderen.",
        "Adults below the state pension age.",
        True,
        ((SEL, "§ 103", SERVICE_ACT),),
    ),
]


async def seed(session: AsyncSession, *, provider: str, contact_name: str, contact_phone: str) -> int:
    """Create missing levels, and the offers when the catalogue is empty; returns how many offers."""
    existing = set(await session.scalars(select(LadderLevel.level)))
    for level, name_da, name_en in LEVELS:
        if level not in existing:
            session.add(LadderLevel(level=level, name_da=name_da, name_en=name_en))
    await session.flush()
    if await session.scalar(select(func.count()).select_from(Offer)):
        return 0
    now = utcnow()
    for seed_offer in OFFERS:
        offer = Offer(
            code=seed_offer.code,
            level=seed_offer.level,
            name_da=seed_offer.name_da,
            name_en=seed_offer.name_en,
            description_da=seed_offer.description_da,
            description_en=seed_offer.description_en,
            target_group_da=seed_offer.target_da,
            target_group_en=seed_offer.target_en,
            min_age=seed_offer.min_age,
            max_age=seed_offer.max_age,
            needs_assessment=seed_offer.needs_assessment,
            provider=provider,
            contact_name=contact_name,
            contact_phone=contact_phone,
            capacity_available=seed_offer.capacity[0] if seed_offer.capacity else None,
            capacity_maximum=seed_offer.capacity[1] if seed_offer.capacity else None,
            capacity_updated_at=now if seed_offer.capacity else None,
            active=True,
            updated_by=SEED_ACTOR,
            updated_at=now,
        )
        offer.legal_bases = [
            OfferLegalBasis(law=law, paragraph=paragraph, valid_from=valid_from)
            for law, paragraph, valid_from in seed_offer.bases
        ]
        session.add(offer)
    await session.flush()
    return len(OFFERS)


async def seed_once(session: AsyncSession, *, provider: str, contact_name: str, contact_phone: str) -> int:
    """seed() in its own transaction; another process seeding at the same moment is not an error."""
    try:
        created = await seed(
            session, provider=provider, contact_name=contact_name, contact_phone=contact_phone
        )
        await session.commit()
    except IntegrityError:
        await session.rollback()
        return 0
    return created

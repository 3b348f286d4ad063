"""The ladder of offers (tilbudstrappen) for adults 18+, seeded from DOMAIN § 6.5, lightest level first.

The seed runs at every start and only adds what is missing (see seed()); the administrator keeps the
catalogue. The legal basis of each offer is data with a validity date, so a change in the law is a new
basis, not an edit. Offers name the municipality's single entry (from its configuration) as contact until
the administrator sets the real one.
"""

from datetime import date
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from services.kit.db import utcnow
from services.referrals.config import NamedOffer, ReferralsConfig
from services.referrals.models import LadderLevel, Offer, OfferLegalBasis

SEL = "Serviceloven"
ABL = "Almenboligloven"
SUL = "Sundhedsloven"
ELDER = "Ældreloven"
# Lov om social service as renumbered by the structural reform (lov nr. 573 af 24. juni 2005), in force
# 1 January 2007: the paragraph numbers cited here date from then (before, home help was § 71, not § 83).
SERVICE_ACT = date(2007, 1, 1)
EARLY_SUPPORT = date(2018, 1, 1)  # SEL §§ 82 a-c, in force 1 January 2018
HOUSING_ACT = date(1997, 1, 1)  # lov om almene boliger, in force 1 January 1997
HEALTH_ACT = date(2007, 1, 1)  # sundhedsloven (lov nr. 546 af 24. juni 2005), in force 1 January 2007
# Preventive home visits moved into serviceloven as § 79 a on 1 July 2010 (the separate act was repealed).
HOME_VISITS = date(2010, 7, 1)
# Ældreloven (lov nr. 1651 af 30. december 2024) took over elder care on 1 July 2025; the consequential act
# (lov nr. 1703 af 30. december 2024) repealed SEL § 79 a, so its last day in force was 30 June 2025.
# SEL §§ 83, 83 a, 84 and 86 stay for everyone the ældrelov does not cover (SEL § 2, stk. 5).
ELDER_ACT = date(2025, 7, 1)
BEFORE_ELDER_ACT = date(2025, 6, 30)
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


class Basis(NamedTuple):
    """A legal basis with its validity: `valid_to` is the last day it was in force."""

    law: str
    paragraph: str
    valid_from: date
    valid_to: date | None = None


class SeedOffer(NamedTuple):
    """One offer of DOMAIN § 6.5. `{entry}` in a text is the municipality's single entry (its config)."""

    code: str
    level: int
    name_da: str
    name_en: str
    description_da: str
    description_en: str
    target_da: str
    target_en: str
    needs_assessment: bool
    bases: tuple[Basis, ...]
    min_age: int | None = 18
    max_age: int | None = None
    # Where it happens: "entry" at the single entry, "area" in the configured outreach area, else none known.
    location: str | None = None
    # A place the municipality names (a NamedOffer of its configuration): its own name and address.
    place_name: str | None = None
    place_address: str | None = None


ADULTS_DA, ADULTS_EN = "Voksne over 18 år.", "Adults over 18."
AT_ENTRY, IN_AREA = "entry", "area"
OFFERS = [
    # --- 1. citizen-driven offers and civil society -----------------------------------------------------
    SeedOffer(
        "civilsamfund",
        1,
        "Borgerdrevne tilbud og frivillige foreninger",
        "Citizen-driven offers and voluntary associations",
        "Fællesskaber, netværk og frivillige tilbud i lokalområdet; {entry} hjælper med at finde det rette.",
        "Communities, networks and voluntary offers nearby; {entry} helps find the right one.",
        ADULTS_DA,
        ADULTS_EN,
        False,
        (Basis(SEL, "§ 18", SERVICE_ACT),),
    ),
    # --- 2. preventive initiatives, advice and open offers -----------------------------------------------
    # headspace is among the municipal initiatives DOMAIN § 6.5 lists beside the ladder: an open,
    # anonymous counselling offer, so a preventive one (level 2), not a civil-society offer (level 1).
    SeedOffer(
        "headspace",
        2,
        "headspace",
        "headspace",
        "Gratis og anonym rådgivning til unge, drevet af en frivillig organisation.",
        "Free, anonymous counselling for young people, run by a voluntary organisation.",
        "Unge 12-25 år.",
        "Young people aged 12-25.",
        False,
        (Basis(SEL, "§ 18", SERVICE_ACT),),
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
        (Basis(SEL, "§ 10", SERVICE_ACT),),
        location=AT_ENTRY,
    ),
    SeedOffer(
        "ungeraadgivning",
        2,
        "Ungerådgivning",
        "Youth counselling",
        "Gratis rådgivning og samtaler for unge, også uden forældrenes viden.",
        "Free advice and talks for young people, also without their parents knowing.",
        "Unge 15-18 år.",
        "Young people aged 15-18.",
        False,
        (Basis(SEL, "§ 10", SERVICE_ACT),),
        15,
        18,
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
        (Basis(SEL, "§ 12", SERVICE_ACT),),
        18,
        30,
    ),
    SeedOffer(
        "samvaerstilbud",
        2,
        "Socialt samværstilbud",
        "Social-contact offer",
        "Et åbent sted at være sammen med andre, uden visitation.",
        "An open place to spend time with others, without an assessment.",
        "Voksne, der er ensomme eller har brug for et fællesskab.",
        "Adults who are lonely or need a community.",
        False,
        (Basis(SEL, "§ 104", SERVICE_ACT),),
    ),
    SeedOffer(
        "aabne-faellesskaber",
        2,
        "Åbne fællesskabstilbud",
        "Open community offers",
        "Åbne aktiviteter og fællesskaber, hvor man kan møde op uden aftale.",
        "Open activities and communities where anyone may come without an appointment.",
        ADULTS_DA,
        ADULTS_EN,
        False,
        (Basis(SEL, "§ 104", SERVICE_ACT),),
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
        (Basis(SEL, "§ 82 c", EARLY_SUPPORT),),
    ),
    SeedOffer(
        "opsoegende-omraade",
        2,
        "Opsøgende indsats i boligområdet",
        "Outreach in a named area",
        "Medarbejdere, der er til stede i området og tager kontakt til borgere, der ikke selv søger hjælp.",
        "Staff present in the area who approach citizens who do not seek help themselves.",
        "Voksne i området, der er socialt udsatte.",
        "Socially vulnerable adults in the area.",
        False,
        (Basis(SEL, "§ 99", SERVICE_ACT),),
        location=IN_AREA,
    ),
    SeedOffer(
        "besoegsven-stoettekontakt",
        2,
        "Omsorgsbesøg og støtte- og kontaktperson",
        "Care visits and a support contact person",
        "Opsøgende besøg og en fast kontaktperson gennem {entry}.",
        "Outreach visits and a regular contact person through {entry}.",
        "Voksne med behov for kontakt og støtte.",
        "Adults who need contact and support.",
        False,
        (Basis(SEL, "§ 99", SERVICE_ACT),),
        location=AT_ENTRY,
    ),
    SeedOffer(
        "fogedsager",
        2,
        "Støtte i fogedsager",
        "Support in bailiff cases",
        "Rådgivning og støtte, når en udsættelse af boligen eller en anden fogedsag truer.",
        "Advice and support when an eviction or another bailiff case is coming.",
        "Voksne, der er truet af udsættelse eller har en sag i fogedretten.",
        "Adults facing eviction or a case in the bailiff's court.",
        False,
        (Basis(SEL, "§ 10", SERVICE_ACT),),
        location=AT_ENTRY,
    ),
    SeedOffer(
        "raadgivning-samtaler",
        2,
        "Rådgivningssamtaler",
        "Counselling",
        "Samtaler med en rådgiver om personlige eller sociale problemer.",
        "Talks with a counsellor about personal or social problems.",
        "Voksne med nedsat funktionsevne eller særlige sociale problemer.",
        "Adults with reduced function or special social problems.",
        False,
        (Basis(SEL, "§ 12", SERVICE_ACT),),
        location=AT_ENTRY,
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
        (
            # SEL § 79 a was repealed on 1 July 2025; the visits continue under ældreloven, whose paragraph
            # the administrator adds as a new basis (it is not stated here until confirmed).
            Basis(SEL, "§ 79 a", HOME_VISITS, BEFORE_ELDER_ACT),
        ),
        65,
    ),
    SeedOffer(
        "brobyggere",
        2,
        "Brobyggere for modtagere af hjemmehjælp",
        "Bridge builders for home-help recipients",
        "En brobygger hjælper modtagere af hjemmehjælp ud i fællesskaber og aktiviteter.",
        "A bridge builder helps home-help recipients into communities and activities.",
        "Voksne, der modtager hjemmehjælp.",
        "Adults who receive home help.",
        False,
        (Basis(SEL, "§ 79", SERVICE_ACT),),
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
        (
            # Drug treatment is SEL § 101; alcohol treatment is sundhedsloven § 141.
            Basis(SEL, "§ 101", SERVICE_ACT),
            Basis(SUL, "§ 141", HEALTH_ACT),
        ),
    ),
    # --- 3. time-limited individual support (SEL § 82 b) ------------------------------------------------
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
        (Basis(SEL, "§ 82 b", EARLY_SUPPORT),),
    ),
    SeedOffer(
        "socialpaedagogisk-traening-tidsbegraenset",
        3,
        "Tidsbegrænset socialpædagogisk træning",
        "Time-limited socio-pedagogical training",
        "Træning i hverdagens færdigheder i et afgrænset forløb.",
        "Training in everyday skills in a course of limited length.",
        "Voksne med begyndende sociale eller psykiske vanskeligheder.",
        "Adults with emerging social or mental difficulties.",
        False,
        (Basis(SEL, "§ 82 b", EARLY_SUPPORT),),
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
        (Basis(SEL, "§ 82 b", EARLY_SUPPORT),),
    ),
    # --- 4. group-based support (SEL § 82 a) ------------------------------------------------------------
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
        (Basis(SEL, "§ 82 a", EARLY_SUPPORT),),
    ),
    SeedOffer(
        "gruppetraening",
        4,
        "Gruppetræning",
        "Group training",
        "Socialpædagogisk træning sammen med andre i en gruppe.",
        "Socio-pedagogical training together with others in a group.",
        ADULTS_DA,
        ADULTS_EN,
        False,
        (Basis(SEL, "§ 82 a", EARLY_SUPPORT),),
    ),
    # --- 5. home guidance on weekdays (SEL § 85) --------------------------------------------------------
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
        (Basis(SEL, "§ 85", SERVICE_ACT),),
    ),
    SeedOffer(
        "socialpaedagogisk-traening-laengerevarende",
        5,
        "Længerevarende socialpædagogisk træning",
        "Long-term socio-pedagogical training",
        "Socialpædagogisk træning og støtte over længere tid.",
        "Socio-pedagogical training and support over a longer time.",
        "Voksne med nedsat fysisk eller psykisk funktionsevne eller særlige sociale problemer.",
        "Adults with reduced physical or mental function or special social problems.",
        True,
        (Basis(SEL, "§ 85", SERVICE_ACT),),
    ),
    SeedOffer(
        "hjemmehjaelp",
        5,
        "Hjemmehjælp, herunder særlig rengøring",
        "Home help, including special cleaning",
        "Personlig og praktisk hjælp i hjemmet, også særlig rengøring, når hjemmet er blevet uoverskueligt.",
        "Personal and practical help at home, including special cleaning when the home has got out of hand.",
        "Voksne, der ikke selv kan klare personlige eller praktiske opgaver i hjemmet.",
        "Adults who cannot manage personal or practical tasks at home themselves.",
        True,
        (
            # SEL § 83 stays for those the ældrelov does not cover; for those it does, personal and
            # practical help is ældreloven § 10 (helhedspleje) from 1 July 2025 (SEL § 2, stk. 5).
            Basis(SEL, "§ 83", SERVICE_ACT),
            Basis(ELDER, "§ 10", ELDER_ACT),
        ),
    ),
    # --- 6. flexible support at home (SEL § 85) ---------------------------------------------------------
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
        (Basis(SEL, "§ 85", SERVICE_ACT),),
    ),
    # --- 7. and 8. residential offers -------------------------------------------------------------------
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
        (Basis(SEL, "§ 107", SERVICE_ACT),),
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
        (Basis(SEL, "§ 108", SERVICE_ACT), Basis(ABL, "§ 105", HOUSING_ACT)),
    ),
    # --- 9. assessed activity and social-contact offers, sheltered employment ---------------------------
    SeedOffer(
        "aktivitet-samvaer",
        9,
        "Visiterede aktivitets- og samværstilbud",
        "Assessed activity and social-contact offers",
        "Visiterede tilbud om aktivitet og samvær.",
        "Assessed offers of activity and social contact.",
        ADULTS_DA,
        ADULTS_EN,
        True,
        (Basis(SEL, "§ 104", SERVICE_ACT),),
    ),
    SeedOffer(
        "demens-dagtilbud",
        9,
        "Dagtilbud for borgere med demens",
        "Dementia day care",
        "Visiteret dagtilbud med aktiviteter og omsorg for borgere med demens; aflastning for de pårørende.",
        "Assessed day care with activities and care for citizens with dementia; respite for their relatives.",
        "Voksne med en demenssygdom.",
        "Adults with dementia.",
        True,
        (Basis(SEL, "§ 84", SERVICE_ACT),),
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
        (Basis(SEL, "§ 103", SERVICE_ACT),),
    ),
]


class Place(NamedTuple):
    """Where the municipality's configuration says offers happen (ReferralsConfig)."""

    entry_name: str
    entry_address: str | None = None
    outreach_area: str | None = None
    named_offers: tuple[NamedOffer, ...] = ()


def place(config: ReferralsConfig) -> Place:
    return Place(
        config.single_entry_name,
        config.single_entry_address,
        config.outreach_area,
        tuple(config.named_offers),
    )


def named_seed_offers(place: Place) -> list[SeedOffer]:
    """The municipality's named places as offers: each one of a ladder offer (`like`), under its own name.

    Level, legal bases, target group, ages and visitation are the ladder offer's, so the configuration
    adds a name and an address and nothing else.
    """
    by_code = {offer.code: offer for offer in OFFERS}
    return [
        by_code[named.like]._replace(
            code=named.code,
            name_da=named.name,
            name_en=named.name,
            location=None,
            place_name=named.name,
            place_address=named.address,
        )
        for named in place.named_offers
    ]


def _texts(seed_offer: SeedOffer, entry: str, place: Place) -> dict[str, object]:
    """The fields the seed owns and keeps current while no administrator has edited the offer."""
    location_name, address = None, None
    if seed_offer.location == AT_ENTRY:
        location_name, address = place.entry_name, place.entry_address
    elif seed_offer.location == IN_AREA and place.outreach_area:
        location_name = place.outreach_area
    elif seed_offer.place_name:
        location_name, address = seed_offer.place_name, seed_offer.place_address
    return {
        "name_da": seed_offer.name_da,
        "name_en": seed_offer.name_en,
        "description_da": seed_offer.description_da.format(entry=entry),
        "description_en": seed_offer.description_en.format(entry=entry),
        "target_group_da": seed_offer.target_da,
        "target_group_en": seed_offer.target_en,
        "location_name": location_name,
        "address": address,
    }


async def seed(
    session: AsyncSession,
    *,
    provider: str,
    contact_name: str,
    contact_phone: str,
    place: Place | None = None,
) -> int:
    """Create missing levels and missing offers; returns how many offers were created.

    Idempotent for a catalogue in use: an offer is found by its code, so a database seeded by an older
    ladder gets the offers added since, and an offer the administrator has deactivated is not re-created.
    An offer nobody but the seed has touched (`updated_by` is still the seed) gets its texts, level,
    contact and place brought up to date with this ladder and the configuration, and no capacity (the seed
    gives none: a figure is published only once an administrator or a system has entered it); one an
    administrator (or a system reporting capacity) has changed is left exactly as it is. Legal bases of
    existing offers are carried forward by the referrals migrations, not here.
    """
    place = place or Place(entry_name=contact_name)
    existing = set(await session.scalars(select(LadderLevel.level)))
    for level, name_da, name_en in LEVELS:
        if level not in existing:
            session.add(LadderLevel(level=level, name_da=name_da, name_en=name_en))
    await session.flush()
    offers = {offer.code: offer for offer in await session.scalars(select(Offer))}
    now = utcnow()
    created = 0
    for seed_offer in [*OFFERS, *named_seed_offers(place)]:
        texts = _texts(seed_offer, contact_name, place)
        offer = offers.get(seed_offer.code)
        if offer is not None:
            if offer.updated_by == SEED_ACTOR:
                for name, value in texts.items():
                    setattr(offer, name, value)
                offer.level = seed_offer.level
                offer.provider, offer.contact_name = provider, contact_name
                offer.contact_phone = contact_phone
                # The seed gives no capacity; a figure on an offer only the seed has touched was invented
                # by an older seed, and nobody entered it.
                offer.capacity_available = offer.capacity_maximum = offer.capacity_updated_at = None
            continue
        offer = Offer(
            code=seed_offer.code,
            level=seed_offer.level,
            **texts,
            min_age=seed_offer.min_age,
            max_age=seed_offer.max_age,
            needs_assessment=seed_offer.needs_assessment,
            provider=provider,
            contact_name=contact_name,
            contact_phone=contact_phone,
            active=True,
            updated_by=SEED_ACTOR,
            updated_at=now,
        )
        offer.legal_bases = [
            OfferLegalBasis(
                law=basis.law, paragraph=basis.paragraph, valid_from=basis.valid_from, valid_to=basis.valid_to
            )
            for basis in seed_offer.bases
        ]
        session.add(offer)
        created += 1
    await session.flush()
    return created


async def seed_once(
    session: AsyncSession,
    *,
    provider: str,
    contact_name: str,
    contact_phone: str,
    place: Place | None = None,
) -> int:
    """seed() in its own transaction; another process seeding at the same moment is not an error."""
    try:
        created = await seed(
            session, provider=provider, contact_name=contact_name, contact_phone=contact_phone, place=place
        )
        await session.commit()
    except IntegrityError:
        await session.rollback()
        return 0
    return created

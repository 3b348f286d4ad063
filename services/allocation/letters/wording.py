"""What each decision letter states, in Danish and in English, from the decision as it was recorded.

A letter names the rules applied and the facts relied on (forvaltningsloven § 24) and says where the facts
came from and whether the person was heard on them (§ 19). The texts are written from the records alone
(never from the configuration of today, save the municipality's own texts recorded with the decision), so
a correction issued later says the same about the same decision.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal

from services.allocation.config import AllocationConfig
from services.allocation.models import (
    AcuteApplication,
    ApplicantCheckRecord,
    Dispensation,
    Offer,
    Seeker,
    Vacancy,
)
from services.allocation.rules.dispensations import Consideration
from services.allocation.rules.statuses import Consequence
from services.kit.letters import Language, Reason

ORE_PER_KRONE = Decimal(100)
NO_HEARING_DA = "Der har derfor ikke været partshøring (forvaltningsloven § 19)."
NO_HEARING_EN = "There was therefore no hearing (section 19 of the Public Administration Act)."
ABL_59 = {"da": "Almenboligloven § 59, stk. 1", "en": "Social Housing Act, section 59(1)"}
ABL_59_TEXT = {
    "da": "Kommunen kan anvise ledige almene familieboliger til løsning af påtrængende boligsociale opgaver.",
    "en": "The municipality may allocate vacant social family dwellings to solve pressing social housing "
    "needs.",
}


@dataclass(frozen=True)
class Body:
    """A letter's own part, in one language; issuing adds the letterhead and the complaint guidance."""

    subject: str
    decision: str
    reasons: tuple[Reason, ...]
    facts: tuple[str, ...]
    hearing: str
    recipient: str | None = None
    extra: tuple[tuple[str, str], ...] = field(default=())


def day(value: date, language: Language) -> str:
    """7. december 2026 / 7 December 2026, as the letter's date is written (kit/letters.py)."""
    return format_date(value, format="long", locale="da" if language == "da" else "en_GB")


def _kroner(ore: int, language: Language) -> str:
    amount = format_decimal(Decimal(ore) / ORE_PER_KRONE, locale="da" if language == "da" else "en_GB")
    return f"{amount} kr." if language == "da" else f"DKK {amount}"


def _rooms(count: int, language: Language) -> str:
    if language == "da":
        return f"{count} værelse" if count == 1 else f"{count} værelser"
    return f"{count} room" if count == 1 else f"{count} rooms"


def _pick(language: Language, da: str, en: str) -> str:
    return da if language == "da" else en


# --- acute housing (DOMAIN § 5.6) -----------------------------------------------------------------


def _answer(value: Any, language: Language) -> str:
    if value is None:
        return _pick(language, "ikke oplyst", "not stated")
    if isinstance(value, bool):
        return _pick(language, "ja", "yes") if value else _pick(language, "nej", "no")
    return _pick(language, f"{value} oplyst", f"{value} stated")


def acute_housing(application: AcuteApplication, language: Language) -> Body:
    """The decision criterion by criterion: each is a reason (the municipality's criterion, met or not and
    why), each answer of the application a fact."""
    criteria = application.criteria
    text, why = ("text_da", "why_da") if language == "da" else ("text_en", "why_en")
    unmet = sum(1 for c in criteria if not c["met"])
    if application.eligible:
        decision = _pick(
            language,
            "Du opfylder kommunens kriterier for akut boliganvisning. Kommunen anviser dig en bolig, når der "
            "er en ledig bolig, der passer til din situation.",
            "You meet the municipality's criteria for acute housing. The municipality will allocate you a "
            "dwelling when a vacant one suits your situation.",
        )
    else:
        decision = _pick(
            language,
            f"Du får afslag på akut boliganvisning, fordi {unmet} af kommunens {len(criteria)} kriterier "
            "ikke er opfyldt.",
            f"Your application for acute housing is refused, because {unmet} of the municipality's "
            f"{len(criteria)} criteria are not met.",
        )
    general = Reason(
        ABL_59[language],
        ABL_59_TEXT[language]
        + _pick(
            language,
            " Kommunen anviser en akutbolig, når alle kommunens kriterier for akut boliganvisning er "
            "opfyldt.",
            " The municipality allocates acute housing when every one of its criteria for acute housing is "
            "met.",
        ),
    )
    per_criterion = tuple(
        Reason(_pick(language, f"Kriterium {n}", f"Criterion {n}") + f": {c[text].rstrip('.')}", c[why])
        for n, c in enumerate(criteria, start=1)
    )
    facts = tuple(f"{c[text].rstrip('.')}: {_answer(c['answer'], language)}" for c in criteria)
    hearing = _pick(
        language,
        "Afgørelsen bygger alene på de oplysninger, du selv har givet i din ansøgning. Vi har ikke brugt "
        "oplysninger om dig fra andre. " + NO_HEARING_DA,
        "The decision rests only on the information you gave in your application. We have not used "
        "information about you from anyone else. " + NO_HEARING_EN,
    )
    return Body(
        subject=_pick(language, "Afgørelse om akut boliganvisning", "Decision on acute housing"),
        decision=decision,
        reasons=(general, *per_criterion),
        facts=(
            _pick(language, "Dine svar i ansøgningen", "Your answers in the application")
            + f" ({application.reference}):",
            *facts,
        ),
        hearing=hearing,
        recipient=application.applicant_name or None,
    )


# --- a municipal offer and its withdrawal (DOMAIN § 5.5) -----------------------------------------


@dataclass(frozen=True)
class OfferFacts:
    """An offer with what its letters name: the dwelling, its area's name, the seeker, and the day of the
    offer (its letter's date: the service's day, which the offer's timestamp need not be)."""

    offer: Offer
    vacancy: Vacancy
    seeker: Seeker
    area_name: str
    offered_on: date


def _dwelling(facts: OfferFacts, language: Language) -> str:
    vacancy = facts.vacancy
    area = f"{facts.area_name} ({vacancy.area_code})"
    size = format_decimal(vacancy.floor_area_m2, locale="da" if language == "da" else "en_GB")
    return _pick(
        language,
        f"boligen {vacancy.dwelling_ref} i {area}: {_rooms(vacancy.rooms, language)}, {size} m², husleje "
        f"{_kroner(vacancy.monthly_rent_ore, language)} om måneden, ledig fra "
        f"{day(vacancy.available_from, language)}",
        f"the dwelling {vacancy.dwelling_ref} in {area}: {_rooms(vacancy.rooms, language)}, {size} m², "
        f"rent {_kroner(vacancy.monthly_rent_ore, language)} a month, available from "
        f"{day(vacancy.available_from, language)}",
    )


def _rank(offer: Offer) -> tuple[int | None, int]:
    """The seeker's rank on the priority list kept with the offer, and how many were ranked."""
    ranked = [entry for entry in offer.priority_list if entry.get("rank") is not None]
    mine = next((e["rank"] for e in ranked if e.get("seeker_id") == offer.seeker_id), None)
    return mine, len(ranked)


def _late_reply(config: AllocationConfig, language: Language) -> str:
    """What not replying means, by the municipality's configured consequence of `no_reply` (offers.expire)."""
    rule = config.decline_reasons.get("no_reply")
    if rule is None:
        return _pick(
            language, " Svarer du ikke, bortfalder tilbuddet.", " If you do not reply, the offer lapses."
        )
    declined = _pick(
        language,
        " Svarer du ikke, regnes tilbuddet som afslået",
        " If you do not reply, the offer counts as declined",
    )
    if rule.consequence == Consequence.PARKED and rule.park_days:
        return declined + _pick(
            language,
            f", og du får ikke nye tilbud i {rule.park_days} dage.",
            f", and you get no new offers for {rule.park_days} days.",
        )
    if rule.consequence == Consequence.REMOVED:
        return declined + _pick(
            language,
            ", og du tages af listen over boligsøgende.",
            ", and you are taken off the list of housing seekers.",
        )
    return declined + "."


def municipal_offer(facts: OfferFacts, config: AllocationConfig, language: Language) -> Body:
    """The offer: the dwelling, the reply deadline, why this seeker (the published order, the bans)."""
    offer, offered_on = facts.offer, facts.offered_on
    rank, ranked = _rank(offer)
    late = _late_reply(config, language)
    reply = _pick(
        language,
        f"Du skal svare senest {day(offer.reply_by, language)}.",
        f"Please reply by {day(offer.reply_by, language)}.",
    )
    order = Reason(
        _pick(language, "Kommunens offentliggjorte rækkefølge", "The municipality's published order"),
        _pick(
            language,
            (
                f"Du var nr. {rank} af {ranked} boligsøgende, der kunne komme i betragtning til boligen. "
                if rank
                else ""
            )
            + "Rækkefølgen er: hastegrad, ønske om området, den bedste pasform på antal værelser og "
            "anciennitet.",
            (
                f"You were no. {rank} of {ranked} housing seekers who could be considered for the dwelling. "
                if rank
                else ""
            )
            + "The order is: urgency, a wish for the area, the closest fit in rooms, and seniority.",
        ),
    )
    bans = Reason(
        _pick(language, "Almenboligloven § 59, stk. 6 og 7", "Social Housing Act, section 59(6) and (7)"),
        _pick(
            language,
            "Kommunen har kontrolleret, at ingen af lovens forbud mod kommunal anvisning til boliger i "
            "området gælder for din husstand på tilbudsdagen.",
            "The municipality has checked that none of the law's bans on municipal allocation to dwellings "
            "in the area applies to your household on the day of the offer.",
        ),
    )
    return Body(
        subject=_pick(
            language, "Tilbud om bolig ved kommunal anvisning", "Offer of a dwelling by municipal allocation"
        ),
        decision=_pick(language, "Kommunen tilbyder dig at leje ", "The municipality offers you to rent ")
        + _dwelling(facts, language)
        + ".",
        extra=((_pick(language, "Svarfrist", "Reply by"), reply + late),),
        reasons=(Reason(ABL_59[language], ABL_59_TEXT[language]), bans, order),
        facts=(
            _pick(language, "Boligen: ", "The dwelling: ") + _dwelling(facts, language) + ".",
            _pick(
                language,
                f"Din opskrivning til kommunal boliganvisning ({facts.seeker.reference}) den "
                f"{day(facts.seeker.registered_on, language)}.",
                f"Your registration for municipal allocation ({facts.seeker.reference}) on "
                f"{day(facts.seeker.registered_on, language)}.",
            ),
            _pick(
                language,
                f"Prioriteringslisten for boligen den {day(offered_on, language)}.",
                f"The priority list for the dwelling on {day(offered_on, language)}.",
            ),
        ),
        hearing=_pick(
            language,
            "Tilbuddet går dig ikke imod. Det bygger på de oplysninger, du gav, da du blev skrevet op til "
            "kommunal boliganvisning, og på boligorganisationens oplysninger om boligen. " + NO_HEARING_DA,
            "The offer is not against you. It rests on the information you gave when you registered for "
            "municipal allocation, and on the housing organisation's information about the dwelling. "
            + NO_HEARING_EN,
        ),
        recipient=facts.seeker.name or None,
    )


def offer_withdrawal(facts: OfferFacts, language: Language) -> Body:
    """The withdrawal: the officer's reason and hearing, or the vacancy's deadline having passed."""
    offer, vacancy, offered_on = facts.offer, facts.vacancy, facts.offered_on
    if offer.withdrawal_reason is not None:
        reason = Reason(ABL_59[language], offer.withdrawal_reason)
        grounds = [
            _pick(language, "Kommunens begrundelse: ", "The municipality's reason: ")
            + offer.withdrawal_reason
        ]
        hearing = offer.withdrawal_hearing or ""
    else:
        deadline = day(vacancy.deadline, language) if vacancy.deadline else "–"
        returned = day(vacancy.returned_on, language) if vacancy.returned_on else "–"
        reason = Reason(
            ABL_59[language],
            _pick(
                language,
                "Kommunen anviser kun boligen, indtil fristen for kommunal anvisning udløber. Fristen udløb "
                f"den {deadline}, uden at tilbuddet var taget imod, og boligen er givet tilbage til "
                "boligorganisationen, som udlejer den på anden måde.",
                "The municipality allocates the dwelling only until the deadline for municipal allocation. "
                f"The deadline passed on {deadline} without the offer being accepted, and the dwelling went "
                "back to the housing organisation, which lets it another way.",
            ),
        )
        grounds = [
            _pick(
                language,
                "Fristen for kommunal anvisning af boligen: ",
                "The deadline for municipal allocation of the dwelling: ",
            )
            + deadline
            + ".",
            _pick(
                language,
                "Boligen blev givet tilbage til boligorganisationen den ",
                "The dwelling went back to the housing organisation on ",
            )
            + returned
            + ".",
        ]
        hearing = _pick(
            language,
            "Afgørelsen bygger alene på boligens frist og dens status hos kommunen, ikke på oplysninger om "
            "dig. " + NO_HEARING_DA,
            "The decision rests only on the dwelling's deadline and its status with the municipality, not on "
            "information about you. " + NO_HEARING_EN,
        )
    return Body(
        subject=_pick(language, "Tilbud om bolig trækkes tilbage", "Offer of a dwelling withdrawn"),
        decision=_pick(
            language,
            f"Kommunen trækker tilbuddet af {day(offered_on, language)} om at leje "
            f"{_dwelling(facts, language)} tilbage. Det har ingen betydning for din opskrivning til kommunal "
            "boliganvisning.",
            f"The municipality withdraws its offer of {day(offered_on, language)} to rent "
            f"{_dwelling(facts, language)}. Your registration for municipal allocation is not affected.",
        ),
        reasons=(reason,),
        facts=(
            _pick(
                language,
                f"Tilbuddet af {day(offered_on, language)} med svarfrist {day(offer.reply_by, language)}.",
                f"The offer of {day(offered_on, language)} with reply by {day(offer.reply_by, language)}.",
            ),
            *grounds,
        ),
        hearing=hearing,
        recipient=facts.seeker.name or None,
    )


# --- § 51 c dispensations (DOMAIN § 5.4) -----------------------------------------------------------

BENEFITS = {
    "da": {
        "kontanthjaelp": "kontanthjælp",
        "uddannelseshjaelp": "uddannelseshjælp",
        "selvforsoergelses_hjemrejseydelse": "selvforsørgelses- og hjemrejseydelse",
        "overgangsydelse": "overgangsydelse",
    },
    "en": {
        "kontanthjaelp": "cash benefit (kontanthjælp)",
        "uddannelseshjaelp": "education benefit (uddannelseshjælp)",
        "selvforsoergelses_hjemrejseydelse": "self-support and return benefit "
        "(selvforsørgelses- og hjemrejseydelse)",
        "overgangsydelse": "transition benefit (overgangsydelse)",
    },
}
CONSIDERATIONS = {
    "da": {
        Consideration.WORK_OR_EDUCATION: "Udsigt til arbejde eller uddannelse inden for kort tid",
        Consideration.PENSION_TRANSFER: "Nært forestående overgang til førtidspension eller folkepension",
        Consideration.DWELLING_OUTSIDE: "Udsigt til en bolig uden for området",
        Consideration.OTHER_HARDSHIP: "Andre særlige forhold, der ville gøre en afvisning uforholdsmæssigt "
        "hård",
    },
    "en": {
        Consideration.WORK_OR_EDUCATION: "Prospect of work or education within a short period",
        Consideration.PENSION_TRANSFER: "Imminent transfer to førtidspension or folkepension",
        Consideration.DWELLING_OUTSIDE: "Prospect of a dwelling outside the area",
        Consideration.OTHER_HARDSHIP: "Other special circumstances that would make refusal "
        "disproportionately hard",
    },
}


def _refused_benefits(check: ApplicantCheckRecord, language: Language) -> str:
    names = BENEFITS[language]
    found: list[str] = []
    for item in check.reasons:
        if item.get("code") == "s51c_benefits":
            for code in str(item.get("params", {}).get("benefits", "")).split(", "):
                if code and names.get(code, code) not in found:
                    found.append(names.get(code, code))
    return _pick(language, " eller ", " or ").join(found) or _pick(language, "en af ydelserne", "one of them")


def dispensation(item: Dispensation, check: ApplicantCheckRecord, area_name: str, language: Language) -> Body:
    """The decision on a check refused under § 51 c: the rule, each of the four considerations with the
    officer's note, and the justification."""
    area = f"{area_name} ({item.area_code})"
    if item.granted:
        decision = _pick(
            language,
            f"Kommunen giver dispensation. Boligorganisationen skal derfor ikke afvise dig som lejer af en "
            f"bolig i {area} på grund af de ydelser, du modtager.",
            f"The municipality grants a dispensation. The housing organisation therefore need not reject you "
            f"as a tenant of a dwelling in {area} because of the benefits you receive.",
        )
        hearing = _pick(
            language,
            "Afgørelsen går dig ikke imod. " + NO_HEARING_DA,
            "The decision is not against you. " + NO_HEARING_EN,
        )
    else:
        decision = _pick(
            language,
            f"Kommunen giver ikke dispensation. Boligorganisationen skal derfor afvise dig som lejer af en "
            f"bolig i {area}.",
            f"The municipality does not grant a dispensation. The housing organisation must therefore reject "
            f"you as a tenant of a dwelling in {area}.",
        )
        hearing = _pick(
            language,
            "Afgørelsen bygger på de oplysninger om ydelser, som boligorganisationen gav kommunen ud fra din "
            "boligansøgning, og på kommunens vurdering af de fire hensyn ovenfor. Vi har ikke brugt andre "
            "oplysninger om dig. " + NO_HEARING_DA,
            "The decision rests on the information about benefits that the housing organisation gave the "
            "municipality from your housing application, and on the municipality's weighing of the four "
            "considerations above. We have not used other information about you. " + NO_HEARING_EN,
        )
    rule = Reason(
        _pick(language, "Almenboligloven § 51 c", "Social Housing Act, section 51 c"),
        _pick(
            language,
            f"I et omdannelsesområde skal boligorganisationen afvise en boligsøgende, der modtager "
            f"{_refused_benefits(check, language)}. Kommunen kan kun dispensere i helt særlige tilfælde "
            "(stk. 4).",
            f"In a transformation area the housing organisation must reject a housing seeker who receives "
            f"{_refused_benefits(check, language)}. The municipality may dispense only in very special "
            "cases (subsection 4).",
        ),
    )
    labels = CONSIDERATIONS[language]
    weighed = tuple(
        Reason(
            _pick(
                language,
                "Bekendtgørelse om udlejning af almene boliger § 37",
                "Executive order on letting social housing, section 37",
            )
            + f", nr. {n}: {labels[Consideration(c['code'])]}",
            (
                _pick(language, "Taler for dispensation: ", "Speaks for a dispensation: ")
                if c["applies"]
                else _pick(language, "Taler ikke for dispensation: ", "Does not speak for a dispensation: ")
            )
            + c["note"],
        )
        for n, c in enumerate(item.considerations, start=1)
    )
    overall = Reason(
        _pick(language, "Kommunens samlede vurdering", "The municipality's overall assessment"),
        item.justification,
    )
    facts = [
        _pick(
            language,
            f"Boligorganisationens ansøgertjek af {day(check.created_at.date(), language)} for {area}: "
            "afvist efter almenboligloven § 51 c.",
            f"The housing organisation's applicant check of {day(check.created_at.date(), language)} for "
            f"{area}: rejected under section 51 c of the Social Housing Act.",
        ),
    ]
    if item.applicant_ref:
        facts.append(
            _pick(language, "Boligorganisationens reference: ", "The housing organisation's reference: ")
            + item.applicant_ref
        )
    return Body(
        subject=_pick(
            language,
            "Afgørelse om dispensation efter almenboligloven § 51 c",
            "Decision on a dispensation under section 51 c of the Social Housing Act",
        ),
        decision=decision,
        reasons=(rule, *weighed, overall),
        facts=tuple(facts),
        hearing=hearing,
    )

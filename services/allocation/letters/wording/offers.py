"""The letters of a municipal offer and of its withdrawal (DOMAIN § 5.5)."""

from dataclasses import dataclass
from datetime import date

from babel.numbers import format_decimal

from services.allocation.config import AllocationConfig
from services.allocation.letters.wording import (
    ABL_59,
    ABL_59_TEXT,
    NO_HEARING_DA,
    NO_HEARING_EN,
    Body,
    day,
    kroner,
    pick,
    rooms,
)
from services.allocation.models import Offer, Seeker, Vacancy
from services.allocation.rules.statuses import Consequence
from services.kit.letters import Language, Reason


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
    return pick(
        language,
        f"boligen {vacancy.dwelling_ref} i {area}: {rooms(vacancy.rooms, language)}, {size} m², husleje "
        f"{kroner(vacancy.monthly_rent_ore, language)} om måneden, ledig fra "
        f"{day(vacancy.available_from, language)}",
        f"the dwelling {vacancy.dwelling_ref} in {area}: {rooms(vacancy.rooms, language)}, {size} m², "
        f"rent {kroner(vacancy.monthly_rent_ore, language)} a month, available from "
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
        return pick(
            language, " Svarer du ikke, bortfalder tilbuddet.", " If you do not reply, the offer lapses."
        )
    declined = pick(
        language,
        " Svarer du ikke, regnes tilbuddet som afslået",
        " If you do not reply, the offer counts as declined",
    )
    if rule.consequence == Consequence.PARKED and rule.park_days:
        return declined + pick(
            language,
            f", og du får ikke nye tilbud i {rule.park_days} dage.",
            f", and you get no new offers for {rule.park_days} days.",
        )
    if rule.consequence == Consequence.REMOVED:
        return declined + pick(
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
    reply = pick(
        language,
        f"Du skal svare senest {day(offer.reply_by, language)}.",
        f"Please reply by {day(offer.reply_by, language)}.",
    )
    order = Reason(
        pick(language, "Kommunens offentliggjorte rækkefølge", "The municipality's published order"),
        pick(
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
        pick(language, "Almenboligloven § 59, stk. 6 og 7", "Social Housing Act, section 59(6) and (7)"),
        pick(
            language,
            "Kommunen har kontrolleret, at ingen af lovens forbud mod kommunal anvisning til boliger i "
            "området gælder for din husstand på tilbudsdagen.",
            "The municipality has checked that none of the law's bans on municipal allocation to dwellings "
            "in the area applies to your household on the day of the offer.",
        ),
    )
    return Body(
        subject=pick(
            language, "Tilbud om bolig ved kommunal anvisning", "Offer of a dwelling by municipal allocation"
        ),
        decision=pick(language, "Kommunen tilbyder dig at leje ", "The municipality offers you to rent ")
        + _dwelling(facts, language)
        + ".",
        extra=((pick(language, "Svarfrist", "Reply by"), reply + late),),
        reasons=(Reason(ABL_59[language], ABL_59_TEXT[language]), bans, order),
        facts=(
            pick(language, "Boligen: ", "The dwelling: ") + _dwelling(facts, language) + ".",
            pick(
                language,
                f"Din opskrivning til kommunal boliganvisning ({facts.seeker.reference}) den "
                f"{day(facts.seeker.registered_on, language)}.",
                f"Your registration for municipal allocation ({facts.seeker.reference}) on "
                f"{day(facts.seeker.registered_on, language)}.",
            ),
            pick(
                language,
                f"Prioriteringslisten for boligen den {day(offered_on, language)}.",
                f"The priority list for the dwelling on {day(offered_on, language)}.",
            ),
        ),
        hearing=pick(
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
            pick(language, "Kommunens begrundelse: ", "The municipality's reason: ") + offer.withdrawal_reason
        ]
        hearing = offer.withdrawal_hearing or ""
    else:
        deadline = day(vacancy.deadline, language) if vacancy.deadline else "–"
        returned = day(vacancy.returned_on, language) if vacancy.returned_on else "–"
        reason = Reason(
            ABL_59[language],
            pick(
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
            pick(
                language,
                "Fristen for kommunal anvisning af boligen: ",
                "The deadline for municipal allocation of the dwelling: ",
            )
            + deadline
            + ".",
            pick(
                language,
                "Boligen blev givet tilbage til boligorganisationen den ",
                "The dwelling went back to the housing organisation on ",
            )
            + returned
            + ".",
        ]
        hearing = pick(
            language,
            "Afgørelsen bygger alene på boligens frist og dens status hos kommunen, ikke på oplysninger om "
            "dig. " + NO_HEARING_DA,
            "The decision rests only on the dwelling's deadline and its status with the municipality, not on "
            "information about you. " + NO_HEARING_EN,
        )
    return Body(
        subject=pick(language, "Tilbud om bolig trækkes tilbage", "Offer of a dwelling withdrawn"),
        decision=pick(
            language,
            f"Kommunen trækker tilbuddet af {day(offered_on, language)} om at leje "
            f"{_dwelling(facts, language)} tilbage. Det har ingen betydning for din opskrivning til kommunal "
            "boliganvisning.",
            f"The municipality withdraws its offer of {day(offered_on, language)} to rent "
            f"{_dwelling(facts, language)}. Your registration for municipal allocation is not affected.",
        ),
        reasons=(reason,),
        facts=(
            pick(
                language,
                f"Tilbuddet af {day(offered_on, language)} med svarfrist {day(offer.reply_by, language)}.",
                f"The offer of {day(offered_on, language)} with reply by {day(offer.reply_by, language)}.",
            ),
            *grounds,
        ),
        hearing=hearing,
        recipient=facts.seeker.name or None,
    )

"""The letter of a § 51 c dispensation decision (DOMAIN § 5.4): the rule, the four considerations as
weighed, the justification."""

from services.allocation.letters.wording import (
    NO_HEARING_DA,
    NO_HEARING_EN,
    Body,
    day,
    pick,
)
from services.allocation.models import ApplicantCheckRecord, Dispensation
from services.allocation.rules.dispensations import Consideration
from services.kit.letters import Language, Reason

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
    return pick(language, " eller ", " or ").join(found) or pick(language, "en af ydelserne", "one of them")


def dispensation(item: Dispensation, check: ApplicantCheckRecord, area_name: str, language: Language) -> Body:
    """The decision on a check refused under § 51 c: the rule, each of the four considerations with the
    officer's note, and the justification."""
    area = f"{area_name} ({item.area_code})"
    if item.granted:
        decision = pick(
            language,
            f"Kommunen giver dispensation. Boligorganisationen skal derfor ikke afvise dig som lejer af en "
            f"bolig i {area} på grund af de ydelser, du modtager.",
            f"The municipality grants a dispensation. The housing organisation therefore need not reject you "
            f"as a tenant of a dwelling in {area} because of the benefits you receive.",
        )
        hearing = pick(
            language,
            "Afgørelsen går dig ikke imod. " + NO_HEARING_DA,
            "The decision is not against you. " + NO_HEARING_EN,
        )
    else:
        decision = pick(
            language,
            f"Kommunen giver ikke dispensation. Boligorganisationen skal derfor afvise dig som lejer af en "
            f"bolig i {area}.",
            f"The municipality does not grant a dispensation. The housing organisation must therefore reject "
            f"you as a tenant of a dwelling in {area}.",
        )
        hearing = pick(
            language,
            "Afgørelsen bygger på de oplysninger om ydelser, som boligorganisationen gav kommunen ud fra din "
            "boligansøgning, og på kommunens vurdering af de fire hensyn ovenfor. Vi har ikke brugt andre "
            "oplysninger om dig. " + NO_HEARING_DA,
            "The decision rests on the information about benefits that the housing organisation gave the "
            "municipality from your housing application, and on the municipality's weighing of the four "
            "considerations above. We have not used other information about you. " + NO_HEARING_EN,
        )
    rule = Reason(
        pick(language, "Almenboligloven § 51 c", "Social Housing Act, section 51 c"),
        pick(
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
            pick(
                language,
                "Bekendtgørelse om udlejning af almene boliger § 37",
                "Executive order on letting social housing, section 37",
            )
            + f", nr. {n}: {labels[Consideration(c['code'])]}",
            (
                pick(language, "Taler for dispensation: ", "Speaks for a dispensation: ")
                if c["applies"]
                else pick(language, "Taler ikke for dispensation: ", "Does not speak for a dispensation: ")
            )
            + c["note"],
        )
        for n, c in enumerate(item.considerations, start=1)
    )
    overall = Reason(
        pick(language, "Kommunens samlede vurdering", "The municipality's overall assessment"),
        item.justification,
    )
    facts = [
        pick(
            language,
            f"Boligorganisationens ansøgertjek af {day(check.created_at.date(), language)} for {area}: "
            "afvist efter almenboligloven § 51 c.",
            f"The housing organisation's applicant check of {day(check.created_at.date(), language)} for "
            f"{area}: rejected under section 51 c of the Social Housing Act.",
        ),
    ]
    if item.applicant_ref:
        facts.append(
            pick(language, "Boligorganisationens reference: ", "The housing organisation's reference: ")
            + item.applicant_ref
        )
    return Body(
        subject=pick(
            language,
            "Afgørelse om dispensation efter almenboligloven § 51 c",
            "Decision on a dispensation under section 51 c of the Social Housing Act",
        ),
        decision=decision,
        reasons=(rule, *weighed, overall),
        facts=tuple(facts),
        hearing=hearing,
    )

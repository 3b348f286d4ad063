"""Texts chosen by code on the letting and allocation pages, marked for the message catalogue.

English msgids, translated in the templates with `_()`; Danish in web/translations/da/…/allocation.po.
Reasons the allocation service computed are shown from their code and parameters, so the page never
recomputes a rule, it only words it.
"""

from gateway.labels import N_

NAV_LABEL = N_("Letting and allocation")

SECTIONS = (
    ("/udlejning", N_("Overview")),
    ("/udlejning/aftaler", N_("Agreements")),
    ("/udlejning/ledige", N_("Vacancies")),
    ("/udlejning/boligsoegende", N_("Housing seekers")),
    ("/udlejning/akut", N_("Acute housing")),
    ("/udlejning/dispensationer", N_("Dispensations")),
    ("/udlejning/statistik", N_("Statistics")),
)

CHANNELS = {
    "waiting_list": N_("Waiting list"),
    "flexible": N_("Flexible letting"),
    "municipal": N_("Municipal allocation"),
    "other": N_("Other (rehousing, transfer)"),
}

LEGAL_BASES = {
    "imposed": N_("Imposed (ABL § 59, stk. 1)"),
    "agreement": N_("Voluntary agreement (ABL § 59, stk. 2)"),
}

AGREEMENT_STATUSES = {"draft": N_("Draft"), "agreed": N_("Agreed")}

SOURCE_STATUSES = {
    "approved": N_("approved categorisation"),
    "proposed": N_("proposed categorisation"),
    "manual": N_("set by hand"),
}

VACANCY_STATUSES = {
    "open": N_("Vacant"),
    "offered": N_("Offered"),
    "let": N_("Let"),
    "returned": N_("Returned to the housing organisation"),
}

OFFER_STATUSES = {
    "pending": N_("Awaiting reply"),
    "accepted": N_("Accepted"),
    "declined": N_("Declined"),
    "expired": N_("Not answered in time"),
    "withdrawn": N_("Withdrawn"),
}

CONSEQUENCES = {
    "none": N_("No consequence"),
    "parked": N_("Parked"),
    "removed": N_("Removed from the list"),
}

URGENCIES = {"acute": N_("Acute"), "high": N_("High"), "normal": N_("Ordinary")}

SEEKER_REASONS = {
    "social": N_("Social reasons"),
    "health": N_("Health"),
    "institution_release": N_("Release from an institution"),
    "homelessness": N_("Homelessness"),
    "acute": N_("Acute housing need"),
}

SEEKER_STATUSES = {"active": N_("Active"), "housed": N_("Housed"), "removed": N_("Removed")}

BENEFITS = {
    "kontanthjaelp": N_("Cash benefit (kontanthjælp)"),
    "uddannelseshjaelp": N_("Education benefit (uddannelseshjælp)"),
    "selvforsoergelses_hjemrejseydelse": N_(
        "Self-support and return benefit (selvforsørgelses- og hjemrejseydelse)"
    ),
    "overgangsydelse": N_("Transition benefit (overgangsydelse)"),
    "foertidspension": N_("Early retirement pension (førtidspension)"),
    "dagpenge": N_("Unemployment benefit (dagpenge)"),
    "sygedagpenge": N_("Sickness benefit (sygedagpenge)"),
    "ressourceforloebsydelse": N_("Resource programme benefit (ressourceforløbsydelse)"),
}

# --- the facts of ABL § 59 stk. 6-7, about any member of the household --------------------------
# Items 1-3 are periods: their END date is kept (never the offence), and the ban lapses 6 months after it.
DATED_FACTS = {
    "released_from_prison": N_("Released from prison after a conviction"),
    "released_from_youth_placement": N_("Under 18: released from a placement after a conviction"),
    "tenancy_terminated": N_("Tenancy terminated for gross misconduct"),
}
DATED_FACT_DATES = {
    "released_from_prison": N_("Date of release"),
    "released_from_youth_placement": N_("Date the placement ended"),
    "tenancy_terminated": N_("Date of the termination"),
}
# Item 4 stays a yes/no fact.
HOUSEHOLD_FACTS = {
    "non_eu_citizen": N_("A member is not a citizen of an EU/EEA country or Switzerland"),
    "non_eu_citizen_is_student": N_("…and that member is a student (the exception)"),
}
# Item 5 (stk. 6) and stk. 7 nr. 5 name these four benefits.
BAN_BENEFITS = ("kontanthjaelp", "uddannelseshjaelp", "selvforsoergelses_hjemrejseydelse", "overgangsydelse")
# What the officer completes before an offer, by ban item (the service's `item` parameter).
DATE_TO_COMPLETE = {
    "released_from_prison": N_("the release from prison"),
    "released_from_youth_placement": N_("the end of the placement"),
    "tenancy_terminated": N_("the termination of the tenancy"),
    "passive_benefits_6_months": N_("the period of benefits"),
    "integration_benefits_6_months": N_("the period of benefits"),
}
# The applicant check (ABL § 51 b, § 51 c): who besides the applicant counts.
PARTNER_RELATIONS = {
    "spouse": N_("Spouse"),
    "cohabitant_2_years": N_("Cohabitant for at least 2 years (counts as a spouse)"),
    "cohabitant_under_2_years": N_("Cohabitant for less than 2 years (not counted)"),
}
PERSONS = {"applicant": N_("The applicant"), "partner": N_("The spouse or cohabitant")}
# § 51 c dispensations (bekendtgørelse om udlejning af almene boliger § 37): the four considerations.
CONSIDERATIONS = {
    "work_or_education": N_("Prospect of work or education within a short period"),
    "pension_transfer": N_("Imminent transfer to førtidspension or folkepension"),
    "dwelling_outside": N_("The applicant's prospect of a dwelling outside the area"),
    "other_hardship": N_("Other special circumstances that would make refusal disproportionately hard"),
}
LIST_WARNINGS = {
    "list_not_loaded": N_(
        "The list of %(list_year)s is in force but not loaded; the designations of the letting agreement for "
        "%(agreement_year)s were used instead."
    ),
    "area_not_on_list": N_(
        "The area is not on the list of %(list_year)s, which is in force; the designations of the letting "
        "agreement for %(agreement_year)s were used instead."
    ),
}

EVENTS = {
    "reported": N_("Reported"),
    "offered": N_("Offered to a seeker"),
    "accepted": N_("Offer accepted"),
    "declined": N_("Offer declined"),
    "offer_expired": N_("Offer not answered in time"),
    "returned": N_("Returned to the housing organisation"),
    "let": N_("Let"),
}

# Why the vacancy went to its channel (the quota rule, DOMAIN § 5.3), from the service's parameters.
VACANCY_REASONS = {
    "quota_municipal": N_(
        "Vacancy no. %(sequence)s of the area's letting year: floor(%(sequence)s × %(share)s) = %(due)s "
        "municipal vacancies are due and %(before)s were given, so this one goes to municipal allocation."
    ),
    "quota_flexible": N_(
        "Vacancy no. %(sequence)s of the area's letting year: floor(%(sequence)s × %(share)s) = %(due)s "
        "municipal vacancies are due and %(before)s were given, so this one is not municipal. Of the "
        "%(others)s other vacancies floor(%(others)s × %(flexible_share)s) = %(flexible_due)s are due to "
        "flexible letting and %(flexible_before)s were given, so this one goes to flexible letting."
    ),
    "quota_waiting_list": N_(
        "Vacancy no. %(sequence)s of the area's letting year: floor(%(sequence)s × %(share)s) = %(due)s "
        "municipal vacancies are due and %(before)s were given, so this one is not municipal. Of the "
        "%(others)s other vacancies floor(%(others)s × %(flexible_share)s) = %(flexible_due)s are due to "
        "flexible letting and %(flexible_before)s were given, so this one goes to the waiting list."
    ),
}

# Reasons for a rank or an exclusion, keyed by the service's codes; %(...)s are its parameters.
RANKING_REASONS = {
    "urgency": N_("Urgency: %(urgency)s."),
    "area_wish": N_("Wished for this area, or named no area."),
    "no_area_wish": N_("Wished for other areas than this one."),
    "rooms_fit": N_("Needs %(needed)s rooms; the dwelling has %(rooms)s."),
    "seniority": N_("Registered since %(since)s."),
    "bans_clear": N_("None of the bans of %(paragraphs)s applies to the household."),
    "removed": N_("Not active on the list."),
    "parked": N_("Parked after declining an offer, until %(until)s."),
    "open_offer": N_("Has an offer awaiting reply."),
    "too_few_rooms": N_("The dwelling has %(rooms)s rooms; the household needs at least %(needed)s."),
    "rent_above_limit": N_("The rent of %(rent)s kr. is above the household's limit of %(limit)s kr."),
    "not_accessible": N_("Needs an accessible dwelling; this one is not known to be."),
    "ban_released_from_prison": N_(
        "No municipal allocation here: a member was convicted and released from prison in the last 6 months."
    ),
    "ban_released_from_youth_placement": N_(
        "No municipal allocation here: a member under 18 was convicted and released from a placement in the "
        "last 6 months."
    ),
    "ban_tenancy_terminated": N_(
        "No municipal allocation here: a member had a tenancy terminated for gross misconduct in the last 6 "
        "months."
    ),
    "ban_not_eu_citizen": N_(
        "No municipal allocation here: a member is not a citizen of an EU/EEA country or Switzerland."
    ),
    "ban_passive_benefits_6_months": N_(
        "No municipal allocation here: 6 consecutive months of kontanthjælp, uddannelseshjælp, "
        "selvforsørgelses- og hjemrejseydelse or overgangsydelse."
    ),
    "ban_integration_benefits_6_months": N_(
        "No municipal allocation here: 6 consecutive months of selvforsørgelses- og hjemrejseydelse or "
        "overgangsydelse."
    ),
    "ban_date_unknown": N_("Complete the date of %(what)s before an offer."),
}

TIE_BREAKERS = {
    "urgency": N_("Urgency: acute before high before ordinary."),
    "area_wish": N_("Seekers who wished for the area (or named no area) before those who wished others."),
    "rooms_fit": N_("The closest fit: the fewest rooms beyond what the household needs."),
    "seniority": N_("Seniority: the earliest registration as a housing seeker first."),
    "reference": N_("Last, the seeker's reference, so that the order is always the same."),
}

WARNINGS = {
    "flexible_mandatory": N_(
        "Flexible letting is mandatory in areas on the national lists: the flexible share must be 100 % "
        "of the non-municipal vacancies (ABL § 60, stk. 4)."
    ),
    "criteria_employment_education": N_(
        "The area is on a national list: the agreement can be agreed only with at least one criteria "
        "group of employment or education criteria (ABL § 60, stk. 4)."
    ),
    "share_capped": N_(
        "Until the agreement is agreed, vacancies are assigned at %(applied)s, not %(share)s: a share above "
        "25 %% takes effect only once the housing organisation has agreed (ABL § 59, stk. 1-2)."
    ),
    "agreement_pending": N_(
        "The municipal share rests on a voluntary agreement; mark the agreement as agreed once the housing "
        "organisation has accepted it (ABL § 59, stk. 2)."
    ),
}

ALERTS = {
    "behind": N_("The forecast fulfilment is under the alert limit."),
    "returned": N_("Municipal vacancies were returned unfilled."),
    "overdue": N_("Municipal vacancies are past their deadline."),
}

AGREEMENT_ERRORS = {
    "imposed_above_limit": N_(
        "The municipality may impose at most every 4th vacancy (25 %, ABL § 59, stk. 1). A larger share "
        "needs a voluntary agreement with the housing organisation (ABL § 59, stk. 2): choose that legal "
        "basis or lower the share."
    ),
    "groups_total": N_("The shares of the flexible criteria groups must add up to 100 %."),
    "groups_duplicate": N_("Each group of flexible criteria needs its own code."),
    "forbidden_condition": N_("Citizenship or origin may never be a criterion of flexible letting."),
    "share_range": N_("A share lies between 0 and 100 %."),
    "number": N_("Write a number with at most two decimals."),
    "period": N_("The flexible period needs both years, and it must include the letting year."),
    "invalid": N_("The value is not allowed."),
}

NOTICES = {
    "saved": N_("The agreement is saved."),
    "reported": N_("The vacancy is reported."),
    "offered": N_("The offer is made. The priority list is kept with it."),
    "accepted": N_("The seeker accepted the offer. Record the letting when the lease is signed."),
    "declined": N_("The decline is recorded with its consequence. The vacancy can be offered again."),
    "let": N_("The letting is recorded."),
    "seeker_created": N_("The housing seeker is registered."),
    "seeker_saved": N_("The housing seeker is saved."),
    "note_saved": N_("The note is saved."),
    "decision_recorded": N_("The § 51 b decision is recorded, and the area's agreements follow it."),
    "dispensation_saved": N_("The dispensation decision is recorded."),
}

ERRORS = {
    "categorisation_down": N_(
        "The categorisation service is not answering, so no agreements could be drafted. Nothing was "
        "changed; try again later."
    ),
    "not_approved": N_(
        "The categorisation of that list year is not approved yet, or does not exist. Agreements are drafted "
        "from an approved categorisation only."
    ),
    "state": N_("That is not possible in the vacancy's or offer's current state."),
    "offer_refused": N_("The seeker cannot be offered this vacancy."),
    "invalid": N_("Some fields are missing or invalid."),
    "unknown_area": N_("The area is unknown, or it has no agreement for the letting year of the date."),
}

CRITERIA_CONDITIONS = {
    "single_hours_per_week_min": N_("Single: at least this many hours of work a week"),
    "couple_one_full_time_or_both_hours_min": N_("Couple: one full-time, or both at least this many hours"),
    "employed_months_min": N_("Employed for at least this many months"),
    "full_time_student": N_("Full-time student"),
    "age_min": N_("At least this age"),
    "resident_of_municipality": N_("Lives in the municipality"),
}


# --- statutory bookkeeping: the share applied, § 51 b decisions, days held ---------------------------

# Which municipal share a vacancy was assigned at, and why (ABL § 59 stk. 1-2, DOMAIN § 5.2).
SHARE_REASONS = {
    "share_imposed": N_(
        "The agreement's municipal share of %(agreement_share)s was applied: the municipality may impose up "
        "to 25 %% (ABL § 59, stk. 1)."
    ),
    "share_agreed": N_(
        "The agreement's municipal share of %(agreement_share)s was applied: it rests on a voluntary "
        "agreement the housing organisation has agreed to (ABL § 59, stk. 2)."
    ),
    "share_capped": N_(
        "The agreement's %(agreement_share)s rests on a voluntary agreement not yet agreed, so "
        "%(applied_share)s (ABL § 59, stk. 1) was applied."
    ),
}

DECISION_KINDS = {
    "order": N_("Order combined letting (§ 51 b, stk. 1)"),
    "extend": N_(
        "Extend to førtidspension, dagpenge, sygedagpenge and ressourceforløbsydelse (stk. 1, 2nd sentence)"
    ),
    "withdraw": N_("Withdraw the decision"),
}

DECISION_ERRORS = {
    "required": N_("Fill in this field."),
    "not_combined_letting_area": N_(
        "Only an area on the list of combined-letting areas in force on the decision's date may be ordered "
        "combined letting (ABL § 51 b)."
    ),
    "designation_unknown": N_(
        "The area has no letting agreement holding the list in force on that date, so it is not known to "
        "be a combined-letting area."
    ),
    "not_ordered": N_("There is no order of combined letting in force to extend or withdraw."),
    "already_ordered": N_("Combined letting is already ordered in the area."),
    "already_extended": N_("The order is already extended."),
    "decision_in_future": N_("A decision is recorded once it is made: the date cannot be after today."),
    "decision_before_latest": N_("The date cannot be before the area's latest § 51 b decision."),
    "invalid": N_("The value is not allowed."),
}

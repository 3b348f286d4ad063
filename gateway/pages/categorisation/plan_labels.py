"""Texts of the area plan, initiative and dialogue pages chosen by code (English msgids, Danish in plans.po).

Their templates get this module as `plan_labels`, beside the categorisation pages' `labels`.
"""

from gateway.labels import N_

# A target's indicator by its housing-data column (CONTRACT § 8), as the categorisation names the criterion.
INDICATORS = {
    "outside_labour_market_pct": N_("Outside the labour market or education, ages 18–64 (%)"),
    "convicted_pct": N_("Convicted under the criminal code, weapons or drugs acts, ages 18+ (%)"),
    "basic_education_pct": N_("Only basic schooling, ages 30–59 (%)"),
    "income_pct_of_region": N_("Average gross income, % of the region's"),
}
INDICATOR_SHORT = {
    "outside_labour_market_pct": N_("Outside the labour market"),
    "convicted_pct": N_("Convicted"),
    "basic_education_pct": N_("Only basic schooling"),
    "income_pct_of_region": N_("Income, % of the region's"),
}
COMPARATORS = {
    "<": N_("below"),
    "<=": N_("at most"),
    ">": N_("above"),
    ">=": N_("at least"),
}
# A target's verdict in a year (the words, not the colour, carry it).
VERDICTS = {
    "met": N_("Target met"),
    "not_met": N_("Target not met"),
    "no_data": N_("No data"),
}
INITIATIVE_STATUSES = {
    "idea": N_("Idea"),
    "planned": N_("Planned"),
    "running": N_("Running"),
    "ended": N_("Ended"),
    "stopped": N_("Stopped"),
}
PARTNER_KINDS = {
    "housing_organisation": N_("Housing organisation"),
    "department_board": N_("Department board"),
    "association": N_("Association"),
    "municipal_unit": N_("Municipal unit"),
}
DIALOGUE_KINDS = {
    "steering": N_("Steering dialogue"),
    "co_creation": N_("Co-creation meeting"),
}
# Where a housing organisation's common letting agreement stands (the allocation service's statuses).
COMMON_AGREEMENT_STATUSES = {"draft": N_("Draft"), "sent": N_("Sent"), "agreed": N_("Agreed")}
NOTICES = {
    "plan_saved": N_("The area plan is saved."),
    "target_saved": N_("The target is saved."),
    "target_removed": N_("The target is removed."),
    "initiative_saved": N_("The initiative is saved."),
    "dialogue_saved": N_("The dialogue is saved."),
}
# The lines of a steering dialogue's prefilled agenda, written into the record in the page's language.
AGENDA = {
    "categorisation": N_("1. The categorisation %(year)s"),
    "no_categorisation": N_("No categorisation of the organisation's areas that year."),
    "proposed": N_("(proposed, not yet approved)"),
    "evaluation": N_("2. Evaluation of the area plans"),
    "plan": N_("%(plan)s: %(met)s of %(targets)s targets met"),
    "no_plan": N_("No area plan for the organisation's areas."),
    "agreements": N_("3. The letting agreements for %(year)s"),
    "other": N_("4. Any other business"),
}
# The texts of field errors, by code: the pages' own checks and the service's refusals.
ERRORS = {
    "required": N_("Fill in this field."),
    "choose": N_("Choose at least one."),
    "year": N_("Write a year with four digits."),
    "number": N_("Write a number, e.g. 40 or 39,5."),
    "whole_number": N_("Write a whole number of kroner, without dots or spaces."),
    "date": N_("Write a date as dd-mm-åååå or choose it in the calendar."),
    "period": N_("The end must not be before the start."),
    "unknown_area": N_("No housing figures have been loaded for this area."),
    "target_outside": N_(
        "A target of the plan lies outside these areas or years: change or remove it first."
    ),
    "org_code": N_("Use lower-case letters, digits, dots, hyphens and underscores, separated by commas."),
    "too_long": N_("The text is too long."),
    "invalid": N_("Check this field."),
}

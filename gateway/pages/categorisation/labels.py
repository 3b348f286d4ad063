"""Texts of the categorisation pages chosen by code, marked for the message catalogue (English msgids).

The categorisation pages give this module to their templates as `labels`, in place of `gateway.labels`:
it holds the texts only these pages use, and names the categories and designations, which the allocation
pages read too and which therefore stay in `gateway.labels`.
"""

from gateway import labels
from gateway.labels import N_

CATEGORIES = labels.CATEGORIES
DESIGNATIONS = labels.DESIGNATIONS

CATEGORY_MEANINGS = {
    "red": N_("On the national list: vulnerable area, parallel society or transformation area."),
    "pink": N_("On the national list as a prevention area."),
    "yellow": N_("Meets the municipality's local criteria."),
    "green": N_("Neither red, pink nor yellow."),
}


CRITERIA_LISTS = {
    "size": N_("Size (ABL § 61 a, stk. 3)"),
    "vulnerable": N_("Vulnerable area (ABL § 61 a, stk. 1)"),
    "parallel_society": N_("Parallel society (ABL § 61 a, stk. 2)"),
    "transformation": N_("Transformation area (ABL § 61 a, stk. 4)"),
    "prevention": N_("Prevention area (ABL § 61 b)"),
    "combined_letting": N_("Combined letting (ABL § 51 b)"),
    "local": N_("Local criteria (yellow)"),
    "official": N_("The ministry's published list"),
}

INDICATORS = {
    "residents": N_("Residents"),
    "outside_labour_market": N_("Outside the labour market or education, ages 18–64 (%)"),
    "convicted": N_("Convicted under the criminal code, weapons or drugs acts, ages 18+ (%)"),
    "basic_education": N_("Only basic schooling, ages 30–59 (%)"),
    "income": N_("Average gross income, % of the region's"),
    "non_western": N_("Immigrants and descendants from non-western countries (%)"),
    "parallel_society_years": N_("Consecutive years as a parallel society"),
    "vulnerable_area": N_("Vulnerable area"),
    "parallel_society": N_("Parallel society"),
    "transformation_area": N_("Transformation area"),
    "prevention_area": N_("Prevention area"),
    "combined_letting_area": N_("Combined letting"),
}

COMPARATORS = {
    "gt": N_("above"),
    "ge": N_("at least"),
    "lt": N_("below"),
    "listed": N_("listed"),
}

PHASES = {
    "update": N_("Update: housing data"),
    "dialogue": N_("Dialogue: categorisation"),
    "agreement": N_("Agreement: steering dialogue"),
    "implementation": N_("Implementation: letting"),
}

THRESHOLD_FIELDS = {
    "outside_labour_market_pct_above": N_("Outside the labour market, above (%)"),
    "convicted_multiple_at_least": N_("Convicted, at least (× national average)"),
    "basic_education_pct_above": N_("Only basic schooling, above (%)"),
    "income_pct_of_region_below": N_("Income, below (% of the region)"),
    "criteria_needed": N_("Criteria needed for yellow"),
}

# The ministry's published lists and what decided an area's designations of each (DOMAIN § 3).
PUBLISHED_LISTS = {
    "national": N_("The national lists (ABL § 61 a, stk. 5, and § 61 b)"),
    "combined_letting": N_("Combined letting (ABL § 51 b)"),
}
DECIDED_BY = {
    "official_list": N_("The ministry's published list decides"),
    "data": N_("Computed from the housing data: no official list is loaded for the year"),
}
DESIGNATION_SOURCES = {
    "official_list": N_("official list"),
    "data": N_("computed"),
}

SOURCES = {
    "data": N_("Housing data"),
    "official_list": N_("Official list"),
    "data+official_list": N_("Housing data and official list"),
}

CRITERION_NOTES = {
    "period_incomplete": N_("Period incomplete: the year before is missing, so this year alone is used."),
    "national_missing": N_("The national average share convicted is missing for the period."),
    "year_unknown": N_("A year in the period has neither housing data nor an official list."),
    "below_min_residents": N_("Fewer residents than the rule applies to."),
}

CATEGORISATION_NOTICES = {
    "override_saved": N_("The category after the dialogue is saved. The computed category is still shown."),
    "parameters_saved": N_("The national figures are saved."),
    "thresholds_saved": N_("The new local thresholds are saved as a new version."),
    "approved": N_("The year is approved. The snapshot is frozen."),
}

CATEGORISATION_ERRORS = {
    "justification_short": N_("Write a justification of at least 10 characters."),
    "number": N_("Write a number."),
    "range": N_("The value is outside the allowed range."),
    "reason_required": N_("Say why the thresholds change."),
    "revision_reason": N_("The year is already approved: write why it is revised (at least 10 characters)."),
    "not_ready": N_(
        "The year cannot be approved yet: set the national average share convicted and load data."
    ),
}

# The upload's refusals the service does not word itself (its cell problems come as Danish and English text).
UPLOAD_PROBLEMS = {
    "too_large": N_("The file is too large: at most 25 MB. Save it without formatting, or split it by year."),
    "rejected": N_("The file was rejected. Check that it is a housing-data file or an official list."),
}

# The columns of the housing-data file (CONTRACT § 4) and what each holds.
FILE_COLUMNS = {
    "year": N_("The list year: residents are counted at 1 January of it"),
    "area_code": N_("The area's stable code"),
    "area_name": N_("The area's name"),
    "municipality_code": N_("Municipality code, e.g. 159"),
    "region_code": N_("Region code, 1081–1085"),
    "residents": N_("Residents, a whole number"),
    "outside_labour_market_pct": N_("Outside the labour market or education, ages 18–64 (%)"),
    "convicted_pct": N_("Convicted under the criminal code, weapons or drugs acts, ages 18+ (%)"),
    "basic_education_pct": N_("Only basic schooling, ages 30–59 (%)"),
    "income_pct_of_region": N_("Average gross income, % of the region's"),
    "non_western_pct": N_("Immigrants and descendants from non-western countries (%)"),
}
